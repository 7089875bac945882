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
}
