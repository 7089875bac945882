package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource.FillResult;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.DeviceTimeoutException;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.hardware.StageLimitException;

class MmCoreMicroscopeTest {
    private final DemoCore core = new DemoCore();
    private final MmCoreMicroscope scope = MmCoreMicroscope.builder().setCoreApi(core).optTimeoutMs(7000).build();

    @Test
    void movesReadBackThroughState() throws Exception {
        scope.moveZ(42.25);
        scope.moveXY(100.004, -250.0);
        MicroscopeState s = scope.state();
        assertThat(s.zUm()).isEqualTo(42.25);
        assertThat(s.xUm()).isCloseTo(100.004, within(0.01));
        assertThat(s.yUm()).isCloseTo(-250.0, within(0.01));
        assertThat(s.preset("Objective")).isEqualTo("10X");
        assertThat(s.preset("Channel")).isEqualTo("DAPI");
        assertThat(s.imageWidth()).isEqualTo(64);
    }

    @Test
    void pixelSizeFollowsTheObjective() throws Exception {
        double[][] expected = {{1.0}, {0.5}, {0.25}};
        String[] objectives = {"10X", "20X", "40X"};
        for (int i = 0; i < objectives.length; i++) {
            scope.setPreset("Objective", objectives[i]);
            MicroscopeState s = scope.state();
            assertThat(s.pixelSizeUm()).isEqualTo(expected[i][0]);
            assertThat(s.calibration().pixelSizeUm()).isCloseTo(expected[i][0], within(1e-12));
            assertThat(s.preset("Objective")).isEqualTo(objectives[i]);
        }
        assertThat(scope.presets("Objective")).containsExactly("10X", "20X", "40X");
    }

    @Test
    void unknownPresetsAndGroupsListWhatExists() {
        assertThatThrownBy(() -> scope.setPreset("Objective", "63X")).isInstanceOf(DeviceErrorException.class)
                .hasMessageContaining("'63X'").hasMessageContaining("[10X, 20X, 40X]");
        assertThatThrownBy(() -> scope.setPreset("Filters", "A")).isInstanceOf(DeviceErrorException.class)
                .hasMessageContaining("[Objective, Channel]");
    }

    @Test
    void aPresetThatDoesNotTakeIsReported() {
        core.stuckGroup = "Channel";
        assertThatThrownBy(() -> scope.setPreset("Channel", "FITC")).isInstanceOf(DeviceErrorException.class)
                .hasMessageContaining("did not take").hasMessageContaining("'DAPI'");
    }

    @Test
    void aMoveReturnsOnlyOnceTheStageReportsIdle() throws Exception {
        core.busyPollsLeft = 5;
        scope.moveZ(12.5);
        assertThat(core.busyPollsLeft).as("every busy report was waited out").isZero();
        assertThat(core.busyPolls).isGreaterThanOrEqualTo(6);
        assertThat(scope.state().zUm()).isEqualTo(12.5);
    }

    @Test
    void aStageBusyPastTheTimeoutIsADeviceTimeout() {
        core.hangingDevice = "Z";
        MmCoreMicroscope quick = MmCoreMicroscope.builder().setCoreApi(core).optTimeoutMs(150).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.moveZ(5)).isInstanceOfSatisfying(DeviceTimeoutException.class, e -> {
            assertThat(e.device()).isEqualTo("Z");
            assertThat(e.timeoutMs()).isEqualTo(150);
            assertThat(e.getMessage()).contains("Device 'Z'").contains("still busy after 150 ms");
        });
        assertThat(System.nanoTime() - start).as("it waited its own deadline, not the core's")
                .isGreaterThanOrEqualTo(150_000_000L);
    }

    @Test
    void targetsOutsideTheTravelBecomeStageLimitErrors() {
        assertThatThrownBy(() -> scope.moveZ(DemoCore.Z_MAX + 1)).isInstanceOfSatisfying(StageLimitException.class,
                e -> assertThat(e.device()).isEqualTo("Z"));
    }

    @Test
    void otherCoreErrorsBecomeDeviceErrorsNamingTheDevice() {
        core.failingDevice = "XY";
        assertThatThrownBy(() -> scope.moveXY(1, 2)).isInstanceOfSatisfying(DeviceErrorException.class, e -> {
            assertThat(e.device()).isEqualTo("XY");
            assertThat(e.getMessage()).contains("Serial port not responding");
            assertThat(e.getCause()).isNotNull();
        });
    }

    @Test
    void zStackSnapsEachPlaneAndRestoresZChannelAndExposure() throws Exception {
        scope.moveZ(100);
        AcquiredStack stack = scope.acquire(AcquisitionRequest.zStack(-2, 2, 1).withChannel("FITC")
                .withExposureMs(50));
        assertThat(stack.frames()).hasSize(5);
        List<Float> planes = new ArrayList<>();
        for (Frame f : stack.frames()) {
            planes.add(f.valueAt(3, 3));
        }
        assertThat(planes).containsExactly(98f, 99f, 100f, 101f, 102f);
        assertThat(stack.frames().get(0).metadata().channel()).isEqualTo("FITC");
        assertThat(stack.frames().get(0).metadata().exposureMs()).isEqualTo(50.0);
        MicroscopeState after = scope.state();
        assertThat(after.zUm()).isEqualTo(100.0);
        assertThat(after.preset("Channel")).isEqualTo("DAPI");
        assertThat(after.exposureMs()).isEqualTo(10.0);
        assertThat(stack.state().zUm()).isEqualTo(100.0);
    }

    @Test
    void aFailedStackStillRestoresTheMicroscope() throws Exception {
        scope.moveZ(DemoCore.Z_MAX - 1);
        assertThatThrownBy(() -> scope.acquire(AcquisitionRequest.zStack(0, 3, 1).withExposureMs(30)))
                .isInstanceOf(StageLimitException.class);
        assertThat(scope.state().zUm()).isEqualTo(DemoCore.Z_MAX - 1);
        assertThat(scope.state().exposureMs()).isEqualTo(10.0);
    }

    @Test
    void acquiringWhileStreamingPausesTheStreamWithoutLosingFrames() throws Exception {
        MmCoreFrameSource source = MmCoreFrameSource.builder().setCoreApi(core).optPollMicros(10)
                .optSequenceLength(50).build();
        MmCoreMicroscope shared = MmCoreMicroscope.builder().setCoreApi(core).optStream(source).build();
        List<Long> numbers = new ArrayList<>();
        CountDownLatch streaming = new CountDownLatch(5);
        CountDownLatch afterBurst = new CountDownLatch(5);
        java.util.concurrent.atomic.AtomicBoolean burstDone = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicReference<Throwable> producerError = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            try {
                FillResult r;
                while ((r = source.fill(slot, 5, TimeUnit.SECONDS)) != FillResult.END_OF_STREAM) {
                    if (r == FillResult.FRAME) {
                        synchronized (numbers) {
                            numbers.add(slot.imageNumber());
                        }
                        streaming.countDown();
                        if (burstDone.get()) {
                            afterBurst.countDown();
                        }
                    }
                }
            } catch (Exception e) {
                producerError.set(e);
            }
        }, "test-producer");
        source.start();
        producer.start();
        assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
        AcquiredStack burst = shared.acquire(AcquisitionRequest.burst(3));
        assertThat(burst.frames()).hasSize(3);
        burstDone.set(true);
        assertThat(afterBurst.await(10, TimeUnit.SECONDS)).as("the stream resumed after the burst").isTrue();
        source.stop();
        producer.join(10_000);
        assertThat(producerError.get()).isNull();
        assertThat(source.framesLostUpstream()).isZero();
        assertThat(core.commands).contains("snap");
        synchronized (numbers) {
            for (int i = 1; i < numbers.size(); i++) {
                assertThat(numbers.get(i)).isEqualTo(numbers.get(i - 1) + 1);
            }
        }
    }

    @Test
    void binningUsesTheAdaptersValueAndRoiChangesTheImage() throws Exception {
        scope.setBinning(2);
        assertThat(scope.state().pixelSizeUm()).isEqualTo(2.0);
        assertThatThrownBy(() -> scope.setBinning(3)).isInstanceOf(DeviceErrorException.class)
                .hasMessageContaining("[1, 2, 4]");
        scope.setRoi(8, 8, 32, 16);
        assertThat(scope.state().imageWidth()).isEqualTo(32);
        scope.clearRoi();
        assertThat(scope.state().imageHeight()).isEqualTo(48);
    }

    @Test
    void frameIntervalReachesTheStream() throws Exception {
        MmCoreFrameSource source = MmCoreFrameSource.builder().setCoreApi(core).build();
        MmCoreMicroscope shared = MmCoreMicroscope.builder().setCoreApi(core).optStream(source).build();
        shared.setFrameIntervalMs(25);
        assertThat(source.intervalMs()).isEqualTo(25.0);
        assertThat(shared.state().frameIntervalMs()).isEqualTo(25.0);
    }
}
