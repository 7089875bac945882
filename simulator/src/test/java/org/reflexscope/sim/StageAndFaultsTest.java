package org.reflexscope.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource.FillResult;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.DeviceTimeoutException;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.hardware.StageLimitException;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.stage.StageAxis;
import org.reflexscope.sim.support.Frames;

class StageAndFaultsTest {

    private static Scenario small() {
        return Scenario.defaults().with("camera.width", 32).with("camera.height", 32)
                .with("stage.zMinUm", -50.0).with("stage.zMaxUm", 50.0)
                .with("stage.xMinUm", -1000.0).with("stage.xMaxUm", 1000.0);
    }

    @Test
    void movesOutsideTheTravelAreRejectedAndNothingMoves() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.of(small())) {
            scope.moveZ(10);
            scope.moveXY(5, 6);
            MicroscopeState before = scope.state();
            assertThatThrownBy(() -> scope.moveZ(50.5)).isInstanceOf(StageLimitException.class)
                    .hasMessageContaining("[-50.0, 50.0]");
            assertThatThrownBy(() -> scope.moveZ(Double.NaN)).isInstanceOf(StageLimitException.class);
            assertThatThrownBy(() -> scope.moveXY(1000.1, 0)).isInstanceOf(StageLimitException.class)
                    .satisfies(e -> assertThat(((StageLimitException) e).device()).isEqualTo("XY"));
            MicroscopeState after = scope.state();
            assertThat(after.zUm()).isEqualTo(before.zUm()).isEqualTo(10);
            assertThat(after.xUm()).isEqualTo(5);
            assertThat(after.yUm()).isEqualTo(6);
        }
    }

    @Test
    void movesShowInTheNextFramesMetadata() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.of(small())) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            Frames.next(scope, slot);
            scope.moveZ(-3.5);
            scope.moveXY(12, -7);
            Frames.next(scope, slot);
            assertThat(slot.stageZUm()).isEqualTo(-3.5);
            assertThat(slot.stageXUm()).isEqualTo(12);
            assertThat(slot.stageYUm()).isEqualTo(-7);
        }
    }

    @Test
    void injectedStageFaultsSurfaceAsTypedExceptionsAndNothingMoves() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.of(small())) {
            scope.faults().failNextMoves(StageAxis.Z, FaultInjector.Kind.TIMEOUT, 1)
                    .failNextMoves(StageAxis.XY, FaultInjector.Kind.ERROR, 2);
            assertThatThrownBy(() -> scope.moveZ(1)).isInstanceOf(DeviceTimeoutException.class)
                    .satisfies(e -> assertThat(((DeviceTimeoutException) e).device()).isEqualTo("Z"));
            assertThat(scope.state().zUm()).isEqualTo(0);
            scope.moveZ(1);
            assertThat(scope.state().zUm()).isEqualTo(1);
            assertThatThrownBy(() -> scope.moveXY(1, 1)).isInstanceOf(DeviceErrorException.class);
            assertThatThrownBy(() -> scope.moveXY(1, 1)).isInstanceOf(DeviceErrorException.class);
            scope.moveXY(1, 1);
            assertThat(scope.state().xUm()).isEqualTo(1);
        }
    }

    @Test
    void unknownPresetsAndGroupsListWhatIsAvailable() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.of(small())) {
            assertThatThrownBy(() -> scope.setPreset("Objective", "63X")).isInstanceOf(DeviceErrorException.class)
                    .hasMessageContaining("[10X, 20X, 40X]");
            assertThatThrownBy(() -> scope.presets("Filter")).isInstanceOf(DeviceErrorException.class)
                    .hasMessageContaining("Objective");
            assertThatThrownBy(() -> scope.setExposureMs(-1)).isInstanceOf(DeviceErrorException.class);
            scope.setPreset("Channel", "DAPI");
            assertThat(scope.state().preset("Channel")).isEqualTo("DAPI");
        }
    }

    @Test
    void droppedFramesLeaveImageNumberGapsAndAreCounted() throws Exception {
        Scenario dropFive = small().with("faults.dropImageNumbers", java.util.List.of(5));
        try (VirtualMicroscope scope = VirtualMicroscope.of(dropFive)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            assertThat(Frames.next(scope, slot).metadata().imageNumber()).isEqualTo(0);
            scope.faults().dropNextFrames(3);
            assertThat(Frames.next(scope, slot).metadata().imageNumber()).isEqualTo(4);
            assertThat(Frames.next(scope, slot).metadata().imageNumber()).isEqualTo(6);
            assertThat(scope.framesLostUpstream()).isEqualTo(4);
            assertThat(slot.cameraTimeMs()).isEqualTo(6 * 50.0);
            assertThat(scope.trace().framesLost()).isEqualTo(4);
        }
    }

    @Test
    void frozenCameraTimesOutUntilUnfrozen() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.of(small())) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            scope.faults().freezeCamera();
            assertThat(scope.fill(slot, 20, TimeUnit.MILLISECONDS)).isEqualTo(FillResult.TIMEOUT);
            scope.faults().unfreezeCamera();
            assertThat(scope.fill(slot, 20, TimeUnit.MILLISECONDS)).isEqualTo(FillResult.FRAME);
        }
    }

    @Test
    void scriptedFreezeStopsDeliveryAtItsImageNumber() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.of(small().with("faults.freezeAtImageNumber", 2))) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            Frames.next(scope, slot);
            Frames.next(scope, slot);
            assertThat(scope.fill(slot, 10, TimeUnit.MILLISECONDS)).isEqualTo(FillResult.TIMEOUT);
        }
    }

    @Test
    void stopReleasesABlockedFillPromptly() throws Exception {
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try (VirtualMicroscope scope = VirtualMicroscope.of(small())) {
            scope.start();
            scope.faults().freezeCamera();
            CountDownLatch entered = new CountDownLatch(1);
            Future<FillResult> result = producer.submit(() -> {
                entered.countDown();
                return scope.fill(new FrameSlot(scope.maxFormat()), 60, TimeUnit.SECONDS);
            });
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            scope.stop();
            assertThat(result.get(10, TimeUnit.SECONDS)).isIn(FillResult.END_OF_STREAM, FillResult.FRAME);
            assertThat(scope.fill(new FrameSlot(scope.maxFormat()), 1, TimeUnit.SECONDS))
                    .isEqualTo(FillResult.END_OF_STREAM);
        } finally {
            producer.shutdownNow();
        }
    }

    @Test
    void fillBeforeStartOrAfterCloseIsAnError() {
        VirtualMicroscope scope = VirtualMicroscope.of(small());
        FrameSlot slot = new FrameSlot(scope.maxFormat());
        assertThatThrownBy(() -> scope.fill(slot, 1, TimeUnit.SECONDS)).isInstanceOf(FrameSourceException.class)
                .hasMessageContaining("start()");
        scope.close();
        assertThatThrownBy(scope::start).isInstanceOf(FrameSourceException.class).hasMessageContaining("closed");
    }

    @Test
    void frameLimitEndsTheStream() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.builder(small()).optFrameLimit(2).build()) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            Frames.next(scope, slot);
            Frames.next(scope, slot);
            assertThat(scope.fill(slot, 1, TimeUnit.SECONDS)).isEqualTo(FillResult.END_OF_STREAM);
        }
    }

    @Test
    void realTimeClockReportsTimeoutWhenTheNextFrameIsNotYetDue() throws Exception {
        Scenario slow = small().with("camera.frameIntervalMs", 60000.0);
        try (VirtualMicroscope scope = VirtualMicroscope.builder(slow).optClock(ClockMode.REAL_TIME).build()) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            assertThat(scope.fill(slot, 10, TimeUnit.SECONDS)).isEqualTo(FillResult.FRAME);
            assertThat(scope.fill(slot, 5, TimeUnit.MILLISECONDS)).isEqualTo(FillResult.TIMEOUT);
        }
    }

    @Test
    void slowReaderOverflowsAFiniteCameraBufferAndTheLossIsCounted() throws Exception {
        Scenario fast = small().with("camera.frameIntervalMs", 1.0).with("camera.exposureMs", 1.0)
                .with("camera.bufferFrames", 4);
        try (VirtualMicroscope scope = VirtualMicroscope.builder(fast).optClock(ClockMode.REAL_TIME).build()) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            // Not synchronisation: the reader is made late on purpose; a loaded machine only makes it later.
            Thread.sleep(300);
            Frames.next(scope, slot);
            assertThat(scope.framesLostUpstream()).isGreaterThanOrEqualTo(250);
            assertThat(slot.imageNumber()).isEqualTo(scope.framesLostUpstream());
        }
    }
}
