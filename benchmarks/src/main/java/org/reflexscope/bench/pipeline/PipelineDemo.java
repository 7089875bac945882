package org.reflexscope.bench.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.metrics.LatencySummary;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.pipeline.DataLossAlarm;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.core.pipeline.PipelineEvents;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.core.source.FrameSource;

/**
 * Shows the frame ring at work without a microscope: a synthetic 512² 16-bit camera at 200 fps for 3 s, recorded
 * losslessly to NDTiff while a deliberately slow analyzer (20 ms per frame) skips frames, then the dataset is read
 * back and checked. Prints the counters, the latency per hop and the dataset folder.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.reflexscope.bench.pipeline.PipelineDemo [folder]}
 * (default: a new folder in the system temp folder).
 */
public final class PipelineDemo {
    private PipelineDemo() {
    }

    /** A camera stand-in: {@code frames} frames at a fixed interval, with a moving bright square. */
    private static final class SyntheticCamera implements FrameSource {
        private final FrameFormat format = FrameFormat.of(512, 512, PixelType.GRAY16);
        private final int frames;
        private final long intervalNanos;
        private long next;
        private long due;
        private volatile boolean stopped;

        SyntheticCamera(int frames, double fps) {
            this.frames = frames;
            this.intervalNanos = (long) (1e9 / fps);
        }

        @Override
        public FrameFormat maxFormat() {
            return format;
        }

        @Override
        public void start() {
            due = System.nanoTime();
        }

        @Override
        public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) {
            if (stopped || next >= frames) {
                return FillResult.END_OF_STREAM;
            }
            due += intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            slot.setSize(512, 512);
            short[] p = slot.shorts();
            int cx = (int) (next * 2 % 480);
            for (int y = 0; y < 512; y++) {
                for (int x = 0; x < 512; x++) {
                    boolean inside = x >= cx && x < cx + 32 && y >= 240 && y < 272;
                    p[y * 512 + x] = (short) (inside ? 3000 : 100 + ((x * 7 + y * 13 + next) & 63));
                }
            }
            slot.setImageNumber(next).setCameraNanos(System.nanoTime()).setCameraTimeMs(next * intervalNanos / 1e6)
                    .setExposureMs(intervalNanos / 1e6).setStage(0, 0, 10).setPixelSizeUm(0.65);
            next++;
            return FillResult.FRAME;
        }

        @Override
        public void stop() {
            stopped = true;
        }

        @Override
        public void close() {
            stopped = true;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("reflex-demo").resolve("raw");
        LatencyRecorder latency = new LatencyRecorder(TimeUnit.MILLISECONDS.toNanos(10));
        PipelineEvents alarms = new PipelineEvents() {
            @Override
            public void onDataLoss(DataLossAlarm alarm) {
                System.out.println("ALARM " + alarm);
            }
        };
        SyntheticCamera camera = new SyntheticCamera(600, 200);
        PipelineMetrics m;
        try (NdTiffRecorder raw = NdTiffRecorder.create(dir);
                FramePipeline p = FramePipeline.builder(camera).addRecorder("ndtiff", raw)
                        .optAnalyzer(slot -> {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                            return AnalysisResult.builder(slot.sequence(), slot.metadata()).build();
                        }, r -> { })
                        .optEvents(alarms).optLatencyRecorder(latency).build()) {
            p.start();
            if (!p.awaitEndOfStream(2, TimeUnit.MINUTES)) {
                System.out.println("The run did not end within 2 minutes; stopping it.");
            }
            p.stop();
            m = p.metrics();
        }
        System.out.println(m);
        for (LatencySummary s : latency.summaries().values()) {
            System.out.println("latency " + s);
        }
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(dir)) {
            System.out.printf(Locale.ROOT, "NDTiff dataset %s: %d images read back (published %d, analysed %d,"
                    + " skipped %d)%n", dir, r.size(), m.published(), m.analysed(), m.skipped());
        }
    }
}
