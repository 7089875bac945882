package org.reflexscope.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.support.SizeLimitedTmpfs;

/**
 * The NDTiff recorder under pressure and faults: pooled arrays are not reused before NDTiff wrote them, and a real
 * full disk (a size-limited tmpfs) stops recording with one clear error instead of passing silently or hanging.
 */
class NdTiffRecorderFaultsTest {
    private static final int W = 96;
    private static final int H = 64;

    @TempDir
    Path tmp;

    /** Frame {@code k}'s pixels: a sequence only {@code k} gives. */
    private static void fill(short[] px, int n, long k) {
        SplittableRandom rnd = new SplittableRandom(1_000 + k);
        for (int i = 0; i < n; i++) {
            px[i] = (short) rnd.nextInt(65536);
        }
    }

    private static FrameSlot slot(int capacityW, int capacityH) {
        FrameSlot s = new FrameSlot(FrameFormat.of(capacityW, capacityH, PixelType.GRAY16));
        s.setSize(W, H);
        return s;
    }

    private static void next(FrameSlot s, long k) {
        fill(s.shorts(), W * H, k);
        s.setSequence(k);
        s.setImageNumber(k);
    }

    @Test
    void framesSmallerThanTheirSlotAreCopiedIntoArraysReusedOnlyAfterNdTiffWroteThem() throws Exception {
        int n = 400;
        Path dir = tmp.resolve("roi");
        FrameSlot s = slot(W + 32, H + 32);
        try (NdTiffRecorder nd = NdTiffRecorder.create(dir)) {
            for (int k = 0; k < n; k++) {
                next(s, k);
                nd.record(s);
            }
            nd.finish();
        }
        short[] expected = new short[W * H];
        int corrupted = 0;
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(dir)) {
            assertThat(r.size()).isEqualTo(n);
            for (int k = 0; k < n; k++) {
                fill(expected, W * H, k);
                RecordedFrame f = r.read("time", k);
                if (!java.util.Arrays.equals((short[]) f.frame().pixels(), expected)) {
                    corrupted++;
                }
            }
        }
        assertThat(corrupted).as("frames read back with other pixels than recorded").isZero();
    }

    /** Records into a 1 MiB tmpfs until the disk is full; returns the error and checks what follows. */
    private void aFullDiskStopsRecordingWithOneClearError(FrameSlot s, boolean straight) throws Exception {
        try (SizeLimitedTmpfs fs = SizeLimitedTmpfs.mount(tmp, 1024)) {
            Path dir = fs.root().resolve("run");
            NdTiffRecorder nd = NdTiffRecorder.create(dir);
            IOException first = null;
            int k = 0;
            for (; k < 200 && first == null; k++) {
                next(s, k);
                try {
                    nd.record(s);
                } catch (IOException e) {
                    first = e;
                }
            }
            assertThat(first).as("a 1 MiB disk cannot hold 200 frames of 12 KiB").isNotNull();
            assertThat(first.getMessage()).contains(": No space left on device; recording stopped with")
                    .contains(dir.toString()).doesNotContain("\n").doesNotContain("Exception");
            if (straight) {
                // each record() returned only after NDTiff wrote its frame: all but the failed one are on disk
                assertThat(first.getMessage()).endsWith("recording stopped with " + (k - 1) + " image(s) on disk");
            }
            assertThat(k).as("the failure surfaces within a few frames of the disk filling up").isBetween(50, 100);
            next(s, k);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> nd.record(s)).isInstanceOf(IOException.class)
                    .hasMessage(first.getMessage());
            assertThatThrownBy(nd::finish).isInstanceOf(IOException.class).hasMessage(first.getMessage());
            assertThat(nd.stopReason()).contains(first.getMessage());
            assertThatCode(nd::close).as("close does not throw what finish threw").doesNotThrowAnyException();
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to give up after the failure").isLessThan(5);
        }
    }

    @Test
    void aFullDiskStopsRecordingFramesWrittenStraightFromTheSlot() throws Exception {
        aFullDiskStopsRecordingWithOneClearError(slot(W, H), true);
    }

    @Test
    void aFullDiskStopsRecordingFramesCopiedIntoPooledArrays() throws Exception {
        aFullDiskStopsRecordingWithOneClearError(slot(W + 8, H), false);
    }

    @Test
    void withAFreeSpaceReserveRecordingStopsBeforeTheDiskIsFullAndTheDatasetStaysWhole() throws Exception {
        try (SizeLimitedTmpfs fs = SizeLimitedTmpfs.mount(tmp, 2048)) {
            Path dir = fs.root().resolve("run");
            long reserve = 1024 * 1024;
            FrameSlot s = slot(W, H);
            int recorded = 0;
            IOException stop = null;
            try (NdTiffRecorder nd = NdTiffRecorder.create(dir, Collections.emptyMap(), reserve)) {
                for (int k = 0; k < 200 && stop == null; k++) {
                    next(s, k);
                    try {
                        nd.record(s);
                        recorded++;
                    } catch (IOException e) {
                        stop = e;
                    }
                }
                assertThat(stop).as("2 MiB minus a 1 MiB reserve cannot hold 200 frames of 12 KiB").isNotNull();
                assertThat(stop.getMessage()).startsWith("Recording stopped: the disk holding " + dir)
                        .contains("1.0 MiB are kept").contains(recorded + " image(s) are in the recording");
                java.util.regex.Matcher free = java.util.regex.Pattern.compile("has (\\d+\\.\\d) MiB free")
                        .matcher(stop.getMessage());
                assertThat(free.find()).isTrue();
                assertThat(Double.parseDouble(free.group(1))).as("MiB free when recording stopped")
                        .isBetween(0.9, 1.1);
                assertThat(nd.stopReason()).contains(stop.getMessage());
                assertThatThrownBy(() -> nd.record(s)).hasMessage(stop.getMessage());
                nd.finish();
            }
            assertThat(java.nio.file.Files.getFileStore(fs.root()).getUsableSpace()).as("bytes left free")
                    .isGreaterThan(reserve / 2);
            short[] expected = new short[W * H];
            try (NdTiffDatasetReader r = NdTiffDatasetReader.open(dir)) {
                assertThat(r.size()).isEqualTo(recorded).isGreaterThan(40);
                for (int k = 0; k < recorded; k++) {
                    fill(expected, W * H, k);
                    assertThat((short[]) r.read("time", k).frame().pixels()).isEqualTo(expected);
                }
            }
        }
    }

    /** Open files of this process under {@code dir} (Linux: /proc/self/fd). */
    private static long openFilesUnder(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).startsWith(dir);
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void closeWithoutFinishLeavesAFinishedDatasetThatPlainNdTiffStorageOpensAndReleasesItsFiles() throws Exception {
        Path dir = tmp.resolve("closed");
        FrameSlot s = slot(W, H);
        NdTiffRecorder nd = NdTiffRecorder.create(dir);
        for (int k = 0; k < 5; k++) {
            next(s, k);
            nd.record(s);
        }
        assertThat(openFilesUnder(dir)).as("files open while recording").isPositive();
        nd.close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (openFilesUnder(dir) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // NDTiffStorage closes its files on a thread of its own
        }
        assertThat(openFilesUnder(dir)).as("files still open after close").isZero();
        // no recovery involved: NDTiffStorage itself opens what finishing left (its index trimmed to its entries)
        org.micromanager.ndtiffstorage.NDTiffStorage plain = new org.micromanager.ndtiffstorage.NDTiffStorage(
                dir.toString());
        try {
            assertThat(plain.getAxesSet()).hasSize(5);
        } finally {
            plain.close();
        }
        byte[] index = java.nio.file.Files.readAllBytes(dir.resolve(NdTiffIndexRecovery.INDEX));
        assertThat(NdTiffIndexRecovery.trim(dir)).isEqualTo(5);
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve(NdTiffIndexRecovery.INDEX)))
                .as("recovery leaves a finished index byte for byte as it was").isEqualTo(index);
    }

    @Test
    void aFreeSpaceReserveMustNotBeNegativeAndZeroMeansNone() throws Exception {
        assertThatThrownBy(() -> NdTiffRecorder.create(tmp.resolve("neg"), Collections.emptyMap(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        try (NdTiffRecorder nd = NdTiffRecorder.create(tmp.resolve("none"), Collections.emptyMap(), 0)) {
            FrameSlot s = slot(W, H);
            next(s, 0);
            nd.record(s);
            assertThat(nd.stopReason()).isEmpty();
        }
    }

    @Test
    void pooledArraysFollowRoiAndPixelTypeChangesWithoutMixingFrames() throws Exception {
        Path dir = tmp.resolve("roi8");
        int[][] sizes = {{20, 12}, {20, 12}, {30, 12}, {30, 12}, {20, 14}, {20, 12}, {30, 12}, {20, 12}, {20, 12},
            {30, 12}};
        java.util.List<byte[]> written = new java.util.ArrayList<>();
        FrameSlot s = new FrameSlot(FrameFormat.of(48, 32, PixelType.GRAY8));
        try (NdTiffRecorder nd = NdTiffRecorder.create(dir)) {
            for (int k = 0; k < sizes.length; k++) {
                s.setSize(sizes[k][0], sizes[k][1]);
                SplittableRandom rnd = new SplittableRandom(k);
                byte[] px = new byte[sizes[k][0] * sizes[k][1]];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) rnd.nextInt(256);
                    s.bytes()[i] = px[i];
                }
                s.setSequence(k);
                nd.record(s);
                written.add(px);
            }
            nd.finish();
        }
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(dir)) {
            for (int k = 0; k < sizes.length; k++) {
                assertThat((byte[]) r.read("time", k).frame().pixels()).as("frame %d", k).isEqualTo(written.get(k));
            }
        }
    }
}
