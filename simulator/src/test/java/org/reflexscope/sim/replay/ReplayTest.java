package org.reflexscope.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import ij.process.ShortProcessor;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.source.FrameSource.FillResult;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.support.Frames;

class ReplayTest {


    /** A 48×40 hyperstack, 2 time points × 3 z planes; pixel (x, y) of plane (t, z) is 10000t + 1000z + x + 50y. */
    private static Path writeHyperstack(Path dir) {
        int w = 48;
        int h = 40;
        ImageStack stack = new ImageStack(w, h);
        for (int t = 0; t < 2; t++) {
            for (int z = 0; z < 3; z++) {
                short[] p = new short[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        p[y * w + x] = (short) (10000 * t + 1000 * z + x + 50 * y);
                    }
                }
                stack.addSlice(new ShortProcessor(w, h, p, null));
            }
        }
        ImagePlus imp = new ImagePlus("replay", stack);
        imp.setDimensions(1, 3, 2);
        imp.setOpenAsHyperStack(true);
        imp.getCalibration().pixelWidth = 1.0;
        imp.getCalibration().pixelHeight = 1.0;
        imp.getCalibration().pixelDepth = 2.0;
        imp.getCalibration().setUnit("micron");
        imp.getCalibration().frameInterval = 0.5;
        imp.getCalibration().setTimeUnit("s");
        Path file = dir.resolve("stack.tif");
        assertThat(new FileSaver(imp).saveAsTiffStack(file.toString())).isTrue();
        return file;
    }

    private static VirtualMicroscope scopeOver(ReplayStack stack, int w, int h) {
        Scenario s = Scenario.defaults().with("camera.width", w).with("camera.height", h)
                .with("camera.frameIntervalMs", 250.0).with("specimen.beads.count", 0);
        return VirtualMicroscope.builder(s).optRenderer(ReplayRenderer.builder(stack).build()).build();
    }

    @Test
    void hyperstackOpensWithItsDimensionsAndCalibration(@TempDir Path dir) {
        ReplayStack stack = ReplayStack.open(writeHyperstack(dir));
        assertThat(stack.width()).isEqualTo(48);
        assertThat(stack.height()).isEqualTo(40);
        assertThat(stack.zPlanes()).isEqualTo(3);
        assertThat(stack.timePoints()).isEqualTo(2);
        assertThat(stack.zStepUm()).isEqualTo(2.0);
        assertThat(stack.frameIntervalMs()).isEqualTo(500.0);
        assertThat(stack.pixelType()).isEqualTo(PixelType.GRAY16);
    }

    @Test
    void focusSelectsThePlaneAndInterpolatesBetweenPlanes(@TempDir Path dir) throws Exception {
        ReplayStack stack = ReplayStack.open(writeHyperstack(dir));
        try (VirtualMicroscope scope = scopeOver(stack, 48, 40)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            Frame middle = Frames.next(scope, slot);
            assertThat(middle.valueAt(0, 0)).isEqualTo(1000f);
            assertThat(middle.valueAt(3, 2)).isEqualTo(1000f + 3 + 100);
            scope.moveZ(2.0);
            assertThat(Frames.next(scope, slot).valueAt(0, 0)).isEqualTo(2000f);
            scope.moveZ(-1.0);
            assertThat(Frames.next(scope, slot).valueAt(0, 0)).isEqualTo(10000f + 500f);
            scope.moveZ(-50.0);
            assertThat(Frames.next(scope, slot).valueAt(0, 0)).isEqualTo(10000f);
            assertThat(scope.fill(slot, 1, TimeUnit.SECONDS)).isEqualTo(FillResult.END_OF_STREAM);
        }
    }

    @Test
    void panningTheStageCropsTheRecordedField(@TempDir Path dir) throws Exception {
        ReplayStack stack = ReplayStack.open(writeHyperstack(dir));
        try (VirtualMicroscope scope = scopeOver(stack, 16, 12)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            Frame centred = Frames.next(scope, slot);
            int left = (48 - 16) / 2;
            int top = (40 - 12) / 2;
            assertThat(centred.valueAt(0, 0)).isEqualTo(1000f + left + 50 * top);
            scope.moveXY(5, -3);
            Frame panned = Frames.next(scope, slot);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 16; x++) {
                    assertThat(panned.valueAt(x, y)).isEqualTo(1000f + (left + 5 + x) + 50 * (top - 3 + y));
                }
            }
        }
    }

    @Test
    void theViewStopsAtTheRecordedFieldsEdgeInsteadOfInventingPixels(@TempDir Path dir) throws Exception {
        ReplayStack stack = ReplayStack.open(writeHyperstack(dir));
        try (VirtualMicroscope scope = scopeOver(stack, 16, 12)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            Frames.next(scope, slot);
            scope.moveXY(100, 100);
            Frame corner = Frames.next(scope, slot);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 16; x++) {
                    assertThat(corner.valueAt(x, y)).as("pixel %d,%d", x, y)
                            .isEqualTo(1000f + (48 - 16 + x) + 50 * (40 - 12 + y));
                }
            }
        }
        try (VirtualMicroscope scope = scopeOver(stack, 48, 40)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            Frames.next(scope, slot);
            scope.moveXY(-7, 4);
            assertThat(Frames.next(scope, slot).valueAt(0, 0)).as("a camera as large as the recording shows all of it")
                    .isEqualTo(1000f);
        }
    }

    @Test
    void aSingleTimePointZStackReplaysForAsLongAsTheRunAsks(@TempDir Path dir) throws Exception {
        ReplayStack one = ReplayStack.of(8, 8, 1, 3, new float[][] {new float[64], new float[64], new float[64]},
                1, 1, Double.NaN, PixelType.GRAY16);
        try (VirtualMicroscope scope = scopeOver(one, 8, 8)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            for (int i = 0; i < 40; i++) {
                Frames.next(scope, slot);
            }
        }
    }

    /** A single image is a fixed sample too: `-n 20` replays it 20 times (it was one frame, whatever was asked). */
    @Test
    void aSingleImageReplaysForAsLongAsTheRunAsks() throws Exception {
        ReplayStack one = ReplayStack.of(8, 8, 1, 1, new float[][] {new float[64]}, 1, 1, Double.NaN,
                PixelType.GRAY16);
        assertThat(ReplayRenderer.builder(one).build().endTimeMs()).isInfinite();
        try (VirtualMicroscope scope = scopeOver(one, 8, 8)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            for (int i = 0; i < 20; i++) {
                Frames.next(scope, slot);
            }
        }
    }

    @Test
    void aPrintResolutionIsNoPixelSize(@TempDir Path dir) {
        ImagePlus imp = new ImagePlus("dpi", new ShortProcessor(8, 8));
        imp.getCalibration().pixelWidth = 1 / 72.0;
        imp.getCalibration().pixelHeight = 1 / 72.0;
        imp.getCalibration().setUnit("inch");
        Path file = dir.resolve("dpi.tif");
        assertThat(new FileSaver(imp).saveAsTiff(file.toString())).isTrue();
        ReplayStack stack = ReplayStack.open(file);
        assertThat(stack.pixelSizeKnown()).isFalse();
        assertThat(stack.pixelSizeUm()).isEqualTo(1.0);
        assertThat(ReplayStack.open(writeHyperstack(dir)).pixelSizeKnown()).isTrue();
    }

    @Test
    void omeTiffDimensionOrderIsHonoured(@TempDir Path dir) throws Exception {
        int w = 8;
        int h = 6;
        int nz = 2;
        int nt = 3;
        ImageStack stack = new ImageStack(w, h);
        for (int z = 0; z < nz; z++) {
            for (int t = 0; t < nt; t++) {
                short[] p = new short[w * h];
                java.util.Arrays.fill(p, (short) (100 * t + 10 * z + 1));
                stack.addSlice(new ShortProcessor(w, h, p, null));
            }
        }
        ImagePlus imp = new ImagePlus("ome", stack);
        FileInfo fi = imp.getFileInfo();
        fi.description = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OME xmlns=\"http://www.openmicroscopy.org/"
                + "Schemas/OME/2016-06\"><Image ID=\"Image:0\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYTZC\" "
                + "Type=\"uint16\" SizeX=\"8\" SizeY=\"6\" SizeZ=\"2\" SizeC=\"1\" SizeT=\"3\" PhysicalSizeX=\"0.5\" "
                + "PhysicalSizeZ=\"1.5\" TimeIncrement=\"250\" TimeIncrementUnit=\"ms\"/></Image></OME>";
        Path file = dir.resolve("data.ome.tif");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            new TiffEncoder(fi).write(out);
        }
        ReplayStack replay = ReplayStack.open(file);
        assertThat(replay.zPlanes()).isEqualTo(2);
        assertThat(replay.timePoints()).isEqualTo(3);
        assertThat(replay.pixelSizeUm()).isEqualTo(0.5);
        assertThat(replay.zStepUm()).isEqualTo(1.5);
        assertThat(replay.frameIntervalMs()).isEqualTo(250.0);
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                assertThat(replay.plane(t, z)[0]).isEqualTo(100f * t + 10f * z + 1f);
            }
        }
    }

    /**
     * An OME-TIFF whose planes state uneven DeltaT (0, 0.2, 2.2, 2.4 s) replays each time point at its own time: a
     * camera as fast as the recording delivers all four at those times, a slower one skips what it cannot see.
     */
    @Test
    void omePlaneTimesSpaceTheReplayedFrames(@TempDir Path dir) throws Exception {
        double[] deltaS = {0, 0.2, 2.2, 2.4};
        StringBuilder planes = new StringBuilder();
        for (int t = 0; t < deltaS.length; t++) {
            planes.append("<Plane TheZ=\"0\" TheC=\"0\" TheT=\"").append(t).append("\" DeltaT=\"")
                    .append(deltaS[t] + 7.0).append("\" DeltaTUnit=\"s\"/>");
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OME xmlns=\"http://www.openmicroscopy.org/"
                + "Schemas/OME/2016-06\"><Image ID=\"Image:0\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYZCT\" "
                + "Type=\"uint16\" SizeX=\"8\" SizeY=\"6\" SizeZ=\"1\" SizeC=\"1\" SizeT=\"4\" "
                + "PhysicalSizeX=\"0.5\">" + planes + "</Pixels></Image></OME>";
        ReplayStack stack = ReplayStack.open(write(dir.resolve("uneven.ome.tif"), shorts(4), xml));
        assertThat(stack.timePointTimesMs()).containsExactly(new double[] {0, 200, 2200, 2400},
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(stack.frameIntervalMs()).isEqualTo(800.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(framesAt(stack, 100.0)).containsExactly("t0@0", "t1@200", "t2@2200", "t3@2400");
        assertThat(framesAt(stack, 250.0)).containsExactly("t0@0", "t2@2200");

        ReplayStack even = ReplayStack.open(write(dir.resolve("even.tif"), shorts(4), null));
        assertThat(even.timePointTimesMs()).as("a plain TIFF states no per-frame times").isNull();
    }

    /** The frames a virtual camera of interval {@code intervalMs} delivers over {@code stack}: "t{time point}@{ms}". */
    private static java.util.List<String> framesAt(ReplayStack stack, double intervalMs) throws Exception {
        Scenario s = Scenario.defaults().with("camera.width", 8).with("camera.height", 8)
                .with("camera.frameIntervalMs", intervalMs).with("camera.exposureMs", 10.0)
                .with("specimen.beads.count", 0);
        java.util.List<String> out = new java.util.ArrayList<>();
        try (VirtualMicroscope scope = VirtualMicroscope.builder(s)
                .optRenderer(ReplayRenderer.builder(stack).build()).build()) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            while (scope.fill(slot, 1, TimeUnit.SECONDS) == FillResult.FRAME) {
                Frame f = slot.toFrame();
                out.add("t" + (Math.round(f.valueAt(4, 4)) - 100) + "@" + Math.round(f.metadata().cameraTimeMs()));
            }
        }
        return out;
    }

    @Test
    void missingOrUnreadableFilesAreExplained(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ReplayStack.open(dir.resolve("none.tif"))).isInstanceOf(ReplayException.class)
                .hasMessageContaining("does not exist");
        Path junk = dir.resolve("junk.tif");
        Files.writeString(junk, "not a tiff");
        assertThatThrownBy(() -> ReplayStack.open(junk)).isInstanceOf(ReplayException.class)
                .hasMessageContaining("TIFF");
    }

    /** A tiled TIFF (written by the JDK's TIFF writer) and a BigTIFF are refused naming their layout and the fix. */
    @Test
    void tiledTiffAndBigTiffAreNamedWithTheirFix(@TempDir Path dir) throws Exception {
        Path tiled = dir.resolve("tiled.tif");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 64,
                java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("tiff").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setTilingMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setTiling(32, 32, 0, 0);
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(
                tiled.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        assertThatThrownBy(() -> ReplayStack.open(tiled)).isInstanceOf(ReplayException.class)
                .hasMessageContaining("tiled TIFF").hasMessageContaining("tiffcp -s")
                .hasMessageContaining("File > Save As > Tiff");

        Path big = dir.resolve("big.tif");
        Files.write(big, bigTiff8x8());
        assertThatThrownBy(() -> ReplayStack.open(big)).isInstanceOf(ReplayException.class)
                .hasMessageContaining("BigTIFF").hasMessageContaining("classic TIFF")
                .hasMessageContaining("File > Save As > Tiff");
    }

    /** A complete little-endian BigTIFF holding one 8×8 16-bit grey image in one strip. */
    private static byte[] bigTiff8x8() {
        int[][] tags = {{256, 3, 8}, {257, 3, 8}, {258, 3, 16}, {259, 3, 1}, {262, 3, 1}, {273, 16, 0},
            {277, 3, 1}, {278, 3, 8}, {279, 16, 128}};
        int ifd = 16;
        int pixels = ifd + 8 + 20 * tags.length + 8;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(pixels + 128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 43).putShort((short) 8).putShort((short) 0)
                .putLong(ifd);
        b.putLong(tags.length);
        for (int[] t : tags) {
            b.putShort((short) t[0]).putShort((short) t[1]).putLong(1);
            b.putLong(t[0] == 273 ? pixels : t[2]);
        }
        b.putLong(0);
        for (int i = 0; i < 64; i++) {
            b.putShort((short) (100 + i));
        }
        return b.array();
    }

    /** Writes {@code stack} with TiffEncoder and the given description ({@code null}: none, a plain TIFF). */
    private static Path write(Path file, ImageStack stack, String description) throws Exception {
        FileInfo fi = new ImagePlus("x", stack).getFileInfo();
        fi.description = description;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            new TiffEncoder(fi).write(out);
        }
        return file;
    }

    private static ImageStack shorts(int planes) {
        ImageStack stack = new ImageStack(8, 6);
        for (int i = 0; i < planes; i++) {
            short[] p = new short[48];
            java.util.Arrays.fill(p, (short) (100 + i));
            stack.addSlice(new ShortProcessor(8, 6, p, null));
        }
        return stack;
    }

    @Test
    void aPlainMultiPageTiffIsATimeSeriesUnlessTheCallerSaysZ(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("plain.tif"), shorts(5), null);
        ReplayStack asTime = ReplayStack.open(file);
        assertThat(asTime.timePoints()).isEqualTo(5);
        assertThat(asTime.zPlanes()).isEqualTo(1);
        assertThat(asTime.plane(4, 0)[0]).isEqualTo(104f);
        ReplayStack asZ = ReplayStack.open(file, ReplayStack.StackAxis.Z, 0);
        assertThat(asZ.zPlanes()).isEqualTo(5);
        assertThat(asZ.plane(0, 3)[0]).isEqualTo(103f);
        assertThatThrownBy(() -> ReplayStack.open(file, ReplayStack.StackAxis.TIME, 1))
                .hasMessageContaining("no channel 1");
    }

    @Test
    void truncatedFilesAreRefusedNotReadAsZeros(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("t.tif"), shorts(10), null);
        byte[] all = Files.readAllBytes(file);
        for (int keep : new int[] {all.length / 2, 1024}) {
            Path cut = dir.resolve("cut-" + keep + ".tif");
            Files.write(cut, java.util.Arrays.copyOf(all, keep));
            assertThatThrownBy(() -> ReplayStack.open(cut)).as("cut to %d bytes", keep)
                    .isInstanceOf(ReplayException.class);
        }
        Path half = dir.resolve("cut-" + all.length / 2 + ".tif");
        assertThatThrownBy(() -> ReplayStack.open(half)).hasMessageContaining("truncated");
    }

    @Test
    void floatDataThatIsNoCameraCountsIsRefused(@TempDir Path dir) throws Exception {
        float[] fraction = new float[48];
        for (int i = 0; i < 48; i++) {
            fraction[i] = i / 48f;
        }
        ImageStack a = new ImageStack(8, 6);
        a.addSlice(new ij.process.FloatProcessor(8, 6, fraction));
        assertThatThrownBy(() -> ReplayStack.open(write(dir.resolve("norm.tif"), a, null)))
                .hasMessageContaining("0..1");
        float[] nan = new float[48];
        java.util.Arrays.fill(nan, 200f);
        nan[10] = Float.NaN;
        ImageStack b = new ImageStack(8, 6);
        b.addSlice(new ij.process.FloatProcessor(8, 6, nan));
        assertThatThrownBy(() -> ReplayStack.open(write(dir.resolve("nan.tif"), b, null)))
                .hasMessageContaining("NaN at pixel 2,1");
        float[] counts = new float[48];
        java.util.Arrays.fill(counts, 1234.4f);
        ImageStack c = new ImageStack(8, 6);
        c.addSlice(new ij.process.FloatProcessor(8, 6, counts));
        assertThat(ReplayStack.open(write(dir.resolve("counts.tif"), c, null)).plane(0, 0)[0]).isEqualTo(1234.4f);
    }

    @Test
    void aFolderOfSinglePlaneFilesIsATimeSeries(@TempDir Path dir) throws Exception {
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            ImageStack one = new ImageStack(8, 6);
            one.addSlice(shorts(3 - t).getProcessor(1));
            files.add(write(dir.resolve("T0000" + t + ".tif"), one, null));
        }
        ReplayStack series = ReplayStack.openSeries(files);
        assertThat(series.timePoints()).isEqualTo(3);
        assertThat(series.zPlanes()).isEqualTo(1);
        assertThat(series.plane(2, 0)[0]).isEqualTo(100f);
        ImageStack other = new ImageStack(4, 4);
        other.addSlice(new ShortProcessor(4, 4));
        files.add(write(dir.resolve("T00003.tif"), other, null));
        assertThatThrownBy(() -> ReplayStack.openSeries(files)).hasMessageContaining("T00003.tif is 4x4");
    }
}
