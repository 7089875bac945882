package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource.FillResult;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeState;

/**
 * Integration tests against a real Micro-Manager core with the demo configuration. Enabled by
 * {@code -Dreflex.mm.home=/path/to/Micro-Manager} (which also activates the {@code mm-real} profile, putting the
 * installation's own {@code plugins/Micro-Manager/MMCoreJ.jar} on the test classpath); skipped when no
 * installation is named, failed when the named one is missing (see {@link RealCore}).
 */
class MmCoreDemoConfigTest {
    private static MmCoreSession session;

    @BeforeAll
    static void loadDemoConfig() throws Exception {
        session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
    }

    @AfterAll
    static void unload() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void streamsFramesInOrderWithNothingLost() throws Exception {
        session.core().setProperty("Camera", "PixelType", "8bit");
        session.core().setExposure(5);
        int n = 200;
        try (MmCoreFrameSource source = session.frameSourceBuilder().optFrameCount(n).build()) {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            source.start();
            long expected = 0;
            FillResult r;
            while ((r = source.fill(slot, 10, TimeUnit.SECONDS)) == FillResult.FRAME) {
                assertThat(slot.imageNumber()).isEqualTo(expected++);
            }
            assertThat(r).isEqualTo(FillResult.END_OF_STREAM);
            assertThat(expected).isEqualTo(n);
            assertThat(source.framesLostUpstream()).isZero();
            assertThat(source.bufferOverflows()).isZero();
        }
    }

    /**
     * The DemoCamera's 8-bit counts stay below ~12 at 5 ms exposure; at 200 ms they reach the top of the range, but
     * only in focus: it dims the image with distance from Z = 0 (max 126 at Z = 12.5 µm, where
     * {@link #movesReadBack()} leaves the stage), so the test puts the focus there first.
     */
    @Test
    void eightBitPixelsAboveOneHundredTwentySevenReadUnsigned() throws Exception {
        session.microscope(null).moveZ(0);
        session.core().setProperty("Camera", "PixelType", "8bit");
        session.core().setExposure(200);
        int n = 8;
        try (MmCoreFrameSource source = session.frameSourceBuilder().optFrameCount(n).build()) {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            source.start();
            int frames = 0;
            int max = 0;
            int min = Integer.MAX_VALUE;
            while (source.fill(slot, 10, TimeUnit.SECONDS) == FillResult.FRAME) {
                frames++;
                for (int i = 0; i < slot.pixelCount(); i++) {
                    int v = (int) slot.valueAt(i);
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
            assertThat(frames).isEqualTo(n);
            assertThat(min).as("never negative").isGreaterThanOrEqualTo(0);
            assertThat(max).as("8-bit values above 127 read unsigned").isGreaterThan(127).isLessThanOrEqualTo(255);
        } finally {
            session.core().setExposure(10);
        }
    }

    @Test
    void sixteenBitTwelveBitDepthStaysInRange() throws Exception {
        session.core().setProperty("Camera", "PixelType", "16bit");
        session.core().setProperty("Camera", "BitDepth", "12");
        try (MmCoreFrameSource source = session.frameSourceBuilder().optFrameCount(20).build()) {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            source.start();
            int max = 0;
            while (source.fill(slot, 10, TimeUnit.SECONDS) == FillResult.FRAME) {
                for (int i = 0; i < slot.pixelCount(); i++) {
                    max = Math.max(max, (int) slot.valueAt(i));
                }
            }
            assertThat(max).isBetween(1, 4095);
            assertThat(source.framesLostUpstream()).isZero();
        } finally {
            session.core().setProperty("Camera", "PixelType", "8bit");
        }
    }

    @Test
    void movesReadBack() throws Exception {
        MmCoreMicroscope scope = session.microscope(null);
        scope.moveZ(12.5);
        scope.moveXY(123.4, -56.7);
        MicroscopeState s = scope.state();
        assertThat(s.zUm()).isEqualTo(12.5);
        assertThat(s.xUm()).isCloseTo(123.4, within(0.01));
        assertThat(s.yUm()).isCloseTo(-56.7, within(0.01));
    }

    @Test
    void pixelSizeFollowsTheObjective() throws Exception {
        MmCoreMicroscope scope = session.microscope(null);
        scope.setPreset("Objective", "10X");
        assertThat(scope.state().pixelSizeUm()).isEqualTo(1.0);
        scope.setPreset("Objective", "20X");
        assertThat(scope.state().pixelSizeUm()).isEqualTo(0.5);
        scope.setPreset("Objective", "40X");
        assertThat(scope.state().pixelSizeUm()).isEqualTo(0.25);
        scope.setPreset("Objective", "10X");
    }

    @Test
    void closedLoopRunsDryThenLiveWithRecordingAndNothingLost(@org.junit.jupiter.api.io.TempDir Path runs)
            throws Exception {
        session.core().setProperty("Camera", "PixelType", "8bit");
        session.core().setExposure(10);
        MmCoreMicroscope scope = session.microscope(null);
        scope.moveZ(0);
        // ~10 s each at the demo camera's ~90 fps at 10 ms exposure (a 2-core VM; fewer elsewhere is fine).
        long frames = 900;
        for (boolean dryRun : new boolean[] {true, false}) {
            try (org.reflexscope.mm.panel.PipelineBackend backend = new org.reflexscope.mm.panel.PipelineBackend(
                    () -> org.reflexscope.mm.panel.MmCoreBackendFactory.rig(session, frames), runs)) {
                backend.start(org.reflexscope.mm.panel.RunSettings.builder().optZLimits(-20, 20)
                        .optRefocus(true, 1.0).optDryRun(dryRun).build());
                assertThat(backend.awaitEnd(120, TimeUnit.SECONDS)).isTrue();
                org.reflexscope.mm.panel.RunStatus status = backend.status();
                assertThat(status.framesPublished()).isEqualTo(frames);
                assertThat(status.framesLost()).isZero();
                assertThat(status.alarms()).noneMatch(a -> a.startsWith("hardware failure"));
                Path folder = backend.runFolder();
                backend.stop();
                assertThat(java.nio.file.Files.readAllLines(folder.resolve("decisions.jsonl"))).isNotEmpty();
                assertThat(java.nio.file.Files.list(folder.resolve("raw")).count()).isPositive();
                // the panel's run states the camera: the DemoCamera's read noise and photon conversion factor
                String camera = java.nio.file.Files.readString(folder.resolve("camera.json"));
                assertThat(camera).contains("\"source\" : \"camera-metadata\"")
                        .contains("Camera-ReadNoise (electrons) = 2.5").contains("Camera-Photon Conversion Factor = 1");
                if (dryRun) {
                    assertThat(scope.state().zUm()).as("a dry run moves nothing").isEqualTo(0.0);
                } else {
                    assertThat(scope.state().zUm()).as("live moves stay inside the Z limits").isBetween(-20.0, 20.0);
                }
            }
        }
    }

    @Test
    void zStackRestoresFocus() throws Exception {
        MmCoreMicroscope scope = session.microscope(null);
        scope.moveZ(50);
        AcquiredStack stack = scope.acquire(AcquisitionRequest.zStack(-1, 1, 0.5));
        assertThat(stack.frames()).hasSize(5);
        assertThat(scope.state().zUm()).isEqualTo(50.0);
    }
}
