package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mmcorej.CMMCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSource.FillResult;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.session.RunLimit;
import org.reflexscope.policy.session.SmartAcquisition;

/**
 * On a real core with the DemoCamera: the run clock and loss accounting across camera sequences. The core restarts
 * image numbers and elapsed times at every sequence, other clients may stop the camera, and its buffer may
 * overflow; the frame source must keep one run.
 */
class MmCoreSequenceTest {
    private static MmCoreSession session;
    private static CMMCore core;

    @BeforeAll
    static void loadDemoConfig() throws Exception {
        session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
        core = session.core();
        core.setProperty("Camera", "PixelType", "8bit");
    }

    @AfterAll
    static void unload() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void anotherClientStoppingTheCameraEndsTheRunWithNothingLost() throws Exception {
        core.setExposure(10);
        try (MmCoreFrameSource source = session.frameSourceBuilder().build()) {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            source.start();
            List<Long> numbers = new ArrayList<>();
            while (numbers.size() < 70) {
                assertThat(source.fill(slot, 10, TimeUnit.SECONDS)).isEqualTo(FillResult.FRAME);
                numbers.add(slot.imageNumber());
            }
            core.stopSequenceAcquisition();   // as Studio's Stop, or another program on the core, would
            FillResult r;
            while ((r = source.fill(slot, 10, TimeUnit.SECONDS)) == FillResult.FRAME) {
                numbers.add(slot.imageNumber());
            }
            assertThat(r).isEqualTo(FillResult.END_OF_STREAM);
            assertThat(source.framesLostUpstream()).as("no frame the camera produced was lost").isZero();
            assertThat(source.endedOutsideReflex()).contains("stopped outside Reflex");
            for (int i = 0; i < numbers.size(); i++) {
                assertThat(numbers.get(i)).isEqualTo(i);
            }
            Thread.sleep(200);
            assertThat(core.isSequenceRunning()).as("Reflex does not restart the camera").isFalse();
        }
    }

    @Test
    void anOverflowEndsTheRunAndCountsTheFrameTheCameraCouldNotInsert() throws Exception {
        long footprintMb = core.getCircularBufferMemoryFootprint();
        core.setExposure(2);
        core.setCircularBufferMemoryFootprint(2);   // 8 frames of 512 x 512 x 8 bit
        try (MmCoreFrameSource source = session.frameSourceBuilder().build()) {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            source.start();
            Thread.sleep(1000);   // nobody pops: the buffer fills and overflows
            long frames = 0;
            FillResult r;
            while ((r = source.fill(slot, 10, TimeUnit.SECONDS)) == FillResult.FRAME) {
                assertThat(slot.imageNumber()).isEqualTo(frames++);
            }
            assertThat(r).isEqualTo(FillResult.END_OF_STREAM);
            assertThat(source.bufferOverflows()).isEqualTo(1);
            assertThat(source.framesLostUpstream()).as("the frame that did not fit, not the unused sequence")
                    .isEqualTo(1);
            assertThat(source.endedOutsideReflex()).contains("overflowed");
            assertThat(frames).as("frames that were in the buffer are delivered").isBetween(1L, 16L);
            assertThat(core.isSequenceRunning()).as("stop-on-overflow: the camera stays stopped").isFalse();
        } finally {
            core.setCircularBufferMemoryFootprint(footprintMb);
            core.setExposure(10);
        }
    }

    /**
     * Pauses for z-stacks (as for high-resolution acquisitions) restart the camera's sequence, and its clock; the
     * frames' camera time stays on the run's clock: increasing, never ahead of the wall clock, and behind it by no
     * more than a frame interval and the time to pop.
     */
    @Test
    void cameraTimeFollowsTheWallClockAcrossPausesForSnaps() throws Exception {
        core.setExposure(20);
        ExecutorService hardware = Executors.newSingleThreadExecutor();
        try (MmCoreFrameSource source = session.frameSourceBuilder().build()) {
            MmCoreMicroscope scope = session.microscope(source);
            FrameSlot slot = new FrameSlot(source.maxFormat());
            long t0 = System.nanoTime();
            source.start();
            List<Future<?>> stacks = new ArrayList<>();
            double previous = -1;
            double worstBehindMs = 0;
            long expected = 0;
            while (expected < 150) {
                assertThat(source.fill(slot, 10, TimeUnit.SECONDS)).isEqualTo(FillResult.FRAME);
                double wallMs = (System.nanoTime() - t0) / 1e6;
                assertThat(slot.imageNumber()).isEqualTo(expected);
                assertThat(slot.cameraTimeMs()).isGreaterThan(previous).isLessThanOrEqualTo(wallMs);
                worstBehindMs = Math.max(worstBehindMs, wallMs - slot.cameraTimeMs());
                previous = slot.cameraTimeMs();
                if (++expected % 40 == 0) {
                    stacks.add(hardware.submit(() -> scope.acquire(AcquisitionRequest.zStack(-1, 1, 1))));
                }
            }
            for (Future<?> f : stacks) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isNotNull();
            }
            assertThat(stacks).hasSize(3);
            double intervalMs = 20;
            // 50 ms for the pop itself: the producer thread may wait that long for a core on a loaded machine
            assertThat(worstBehindMs).as("camera time lags the pop by at most a frame interval and 50 ms")
                    .isLessThan(intervalMs + 50);
            System.out.printf("run clock: worst lag behind the wall clock %.1f ms over %d frames%n", worstBehindMs,
                    expected);
        } finally {
            hardware.shutdownNow();
            core.setExposure(10);
        }
    }

    /**
     * {@code RunLimit.duration} ends a run that pauses three times for z-stacks when a frame taken at the limit
     * arrives: within one frame interval (and the time to pop) of the limit on the wall clock.
     */
    @Test
    void durationLimitHoldsAcrossPausesForSnaps() throws Exception {
        core.setExposure(20);
        FrameAnalyzer none = slot -> AnalysisResult.builder(slot.sequence(), slot.metadata())
                .optFrameSize(slot.width(), slot.height())
                .optTimestamps(slot.cameraNanos(), slot.publishedNanos(), System.nanoTime()).build();
        SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(-50, 50).optMaxZStepUm(5).build();
        MmCoreFrameSource camera = session.frameSourceBuilder().build();
        PopTimes source = new PopTimes(camera);
        try (SmartAcquisition run = SmartAcquisition.builder(source, session.microscope(camera), envelope)
                .setAnalyzer(none).addPolicy(new StackEvery(20, 3)).optLimit(RunLimit.duration(2.0)).build()) {
            run.start();
            assertThat(run.awaitEnd(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run.status().engine().toString()).contains("executed=3");
            assertThat(run.status().framesLost()).isZero();
        }
        double spanMs = (source.last - source.first) / 1e6;
        System.out.printf("--duration 2s with 3 z-stacks: the frame ending the run arrived %.1f ms after the first"
                + "%n", spanMs);
        // Pop times, not camera times: the first frame may be popped up to a frame interval after it was taken,
        // which shortens the measured span by as much.
        assertThat(spanMs).as("the run ends within one frame interval (20 ms) and 50 ms to pop of its 2 s")
                .isBetween(2000.0 - 20, 2000 + 20 + 50.0);
        core.setExposure(10);
    }

    /** A frame source that notes when its first and latest frames arrived. */
    private static final class PopTimes implements FrameSource {
        private final FrameSource delegate;
        volatile long first;
        volatile long last;

        PopTimes(FrameSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public FrameFormat maxFormat() {
            return delegate.maxFormat();
        }

        @Override
        public void start() throws FrameSourceException {
            delegate.start();
        }

        @Override
        public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit)
                throws FrameSourceException, InterruptedException {
            FillResult r = delegate.fill(slot, timeout, unit);
            if (r == FillResult.FRAME) {
                last = System.nanoTime();
                if (first == 0) {
                    first = last;
                }
            }
            return r;
        }

        @Override
        public void stop() {
            delegate.stop();
        }

        @Override
        public long framesLostUpstream() {
            return delegate.framesLostUpstream();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Proposes a small z-stack every {@code every} results, {@code times} times. */
    private static final class StackEvery implements AcquisitionPolicy {
        private final int every;
        private int left;
        private int seen;

        StackEvery(int every, int times) {
            this.every = every;
            this.left = times;
        }

        @Override
        public String name() {
            return "stack";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public Optional<Proposal> propose(AnalysisResult result, MicroscopeState state, long nowNanos) {
            if (left == 0 || ++seen % every != 0) {
                return Optional.empty();
            }
            left--;
            return Optional.of(Proposal.builder("stack", 1, HardwarePlan.of("z-stack",
                    Acquire.of(AcquisitionRequest.zStack(-1, 1, 1)))).build());
        }
    }
}
