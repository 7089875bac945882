package org.reflexscope.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.core.pipeline.Recorder;
import org.reflexscope.core.support.ScriptedFrameSource;

class NdTiffRecorderTest {
    @TempDir
    Path tmp;

    /** Keeps an immutable copy of every frame, to compare with what was read back. */
    private static final class Keeper implements Recorder {
        final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
        final List<long[]> stamps = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void record(FrameSlot slot) {
            frames.add(slot.toFrame());
            stamps.add(new long[] {slot.sequence(), slot.cameraNanos(), slot.publishedNanos()});
        }
    }

    private void recordsAndReadsBackIdentically(PixelType type) throws Exception {
        int n = 25;
        ScriptedFrameSource source = new ScriptedFrameSource(FrameFormat.of(40, 30, type), n);
        Path dir = tmp.resolve("run-" + type);
        Keeper keeper = new Keeper();
        try (NdTiffRecorder nd = NdTiffRecorder.create(dir);
                FramePipeline p = FramePipeline.builder(source).optRingSize(8).addRecorder("ndtiff", nd)
                        .addRecorder("keeper", keeper).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.metrics().recorders().get(0).handled()).isEqualTo(n);
            assertThat(p.metrics().recorders().get(0).failed()).isZero();
        }
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(dir)) {
            assertThat(r.size()).isEqualTo(n);
            List<RecordedFrame> back = r.readAll();
            for (int k = 0; k < n; k++) {
                RecordedFrame rf = back.get(k);
                assertThat(rf.axes()).isEqualTo(Map.of("time", k));
                assertThat(rf.frame()).isEqualTo(keeper.frames.get(k));
                assertThat(rf.sequence()).isEqualTo(keeper.stamps.get(k)[0]);
                assertThat(rf.cameraNanos()).isEqualTo(keeper.stamps.get(k)[1]);
                assertThat(rf.publishedNanos()).isEqualTo(keeper.stamps.get(k)[2]);
            }
            assertThat(r.summaryMetadata()).containsEntry("PixelType", type.name())
                    .containsEntry("Software", "Reflex");
        }
    }

    @Test
    void aSixteenBitRecordingReadsBackWithIdenticalPixelsAndMetadata() throws Exception {
        recordsAndReadsBackIdentically(PixelType.GRAY16);
    }

    @Test
    void anEightBitRecordingReadsBackWithIdenticalPixelsAndMetadata() throws Exception {
        recordsAndReadsBackIdentically(PixelType.GRAY8);
    }

    private static FrameSlot slot(int capacityW, int capacityH, int w, int h, long k, SplittableRandom rnd) {
        FrameSlot s = new FrameSlot(FrameFormat.of(capacityW, capacityH, PixelType.GRAY16));
        s.setSize(w, h);
        short[] p = s.shorts();
        for (int i = 0; i < w * h; i++) {
            p[i] = (short) rnd.nextInt(65536);
        }
        s.setSequence(k);
        s.setImageNumber(100 + k).setCameraNanos(1_000 + k).setExposureMs(3.5).setStage(1.5, Double.NaN, -2.25)
                .setChannel("DAPI").setBinning(2).setRoiOffset(10, 20);
        s.setPublishedNanos(2_000 + k);
        s.tags().put("Event", "burst-" + (k / 3));
        s.tags().put("Trigger", "detector");
        return s;
    }

    @Test
    void aDatasetOfUnknownLengthGrowsInBurstsWithChangingRoiAndReadsBackCompletely() throws Exception {
        Path dir = tmp.resolve("event-driven");
        SplittableRandom rnd = new SplittableRandom(42);
        List<Frame> written = new ArrayList<>();
        try (NdTiffRecorder nd = NdTiffRecorder.create(dir, Map.of("Run", "unknown-length"))) {
            // Bursts of 3 full frames, then 4 frames of a smaller ROI, then 2 full frames: nobody knew the length.
            int[][] sizes = {{48, 32}, {48, 32}, {48, 32}, {20, 12}, {20, 12}, {20, 12}, {20, 12}, {48, 32},
                {48, 32}};
            for (int k = 0; k < sizes.length; k++) {
                FrameSlot s = slot(48, 32, sizes[k][0], sizes[k][1], k, rnd);
                nd.record(s);
                written.add(s.toFrame());
                // The slot is reused by the ring right after record(): scribble over it to prove NDTiff got a copy.
                java.util.Arrays.fill(s.shorts(), (short) 7);
            }
            assertThat(nd.framesRecorded()).isEqualTo(sizes.length);
            nd.finish();
        }
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(dir)) {
            assertThat(r.size()).isEqualTo(written.size());
            for (int k = 0; k < written.size(); k++) {
                RecordedFrame rf = r.read("time", k);
                assertThat(rf.frame()).isEqualTo(written.get(k));
                assertThat(rf.frame().metadata().stageYUm()).isNaN();
                assertThat(rf.frame().metadata().tags()).containsEntry("Event", "burst-" + (k / 3));
                assertThat(rf.sequence()).isEqualTo(k);
            }
            assertThat(r.summaryMetadata()).containsEntry("Run", "unknown-length");
            assertThatThrownBy(() -> r.read("time", 99)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no image at {time=99}").hasMessageContaining("holds 9 image(s)");
        }
    }

    @Test
    void aZStackIsWrittenAsItsOwnDatasetAlongTheZAxis() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Frame> stack = new ArrayList<>();
        for (int z = 0; z < 6; z++) {
            byte[] px = new byte[30 * 20];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) rnd.nextInt(256);
            }
            stack.add(Frame.wrap(FrameFormat.of(30, 20, PixelType.GRAY8), px,
                    FrameMetadata.builder().optStage(0, 0, 50 + 0.5 * z).optPixelSizeUm(0.1).build()));
        }
        Path dir = NdTiffRecorder.writeStack(tmp.resolve("hires-z"), MicroManagerKeys.AXIS_Z, stack,
                Map.of("z-step_um", "0.5"));
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(dir)) {
            assertThat(r.axes()).hasSize(6).allMatch(a -> a.keySet().equals(java.util.Set.of("z")));
            for (int z = 0; z < 6; z++) {
                RecordedFrame rf = r.read("z", z);
                assertThat(rf.frame()).isEqualTo(stack.get(z));
                assertThat(rf.sequence()).isEqualTo(-1);
            }
            assertThat(r.summaryMetadata()).containsEntry("z-step_um", "0.5").containsEntry("PixelSize_um", "0.1");
        }
    }

    @Test
    void badTargetsAndUnsupportedFramesGiveClearErrors() throws Exception {
        Path full = tmp.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("other.txt"), "keep me");
        assertThatThrownBy(() -> NdTiffRecorder.create(full)).isInstanceOf(IOException.class)
                .hasMessageContaining("not empty").hasMessageContaining("new folder");
        try (NdTiffRecorder nd = NdTiffRecorder.create(tmp.resolve("float"))) {
            FrameSlot f = new FrameSlot(FrameFormat.of(4, 4, PixelType.GRAY32F));
            assertThatThrownBy(() -> nd.record(f)).isInstanceOf(IOException.class)
                    .hasMessageContaining("8- and 16-bit");
        }
        assertThatThrownBy(() -> NdTiffDatasetReader.open(tmp.resolve("float")))
                .isInstanceOf(IOException.class).hasMessageContaining("no NDTiff.index");
        try (NdTiffRecorder nd = NdTiffRecorder.create(tmp.resolve("mixed"))) {
            nd.record(slot(8, 8, 8, 8, 0, new SplittableRandom(1)));
            FrameSlot eight = new FrameSlot(FrameFormat.of(8, 8, PixelType.GRAY8));
            assertThatThrownBy(() -> nd.record(eight)).isInstanceOf(IOException.class)
                    .hasMessageContaining("holds GRAY16 images");
        }
    }
}
