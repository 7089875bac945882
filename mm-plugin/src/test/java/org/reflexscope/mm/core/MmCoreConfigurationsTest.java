package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource.FillResult;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;

/**
 * On a real core: configurations as users have them. The objective group is found by what its presets do (they
 * select the pixel-size calibrations), whatever it is called, and a configuration without one still runs.
 */
class MmCoreConfigurationsTest {
    @TempDir
    Path dir;

    /** The demo configuration with its lines rewritten by {@code edit} (a line mapped to null is left out). */
    private Path demoConfig(java.util.function.UnaryOperator<String> edit) throws Exception {
        Path home = RealCore.homeOrSkip();
        List<String> lines = Files.readAllLines(home.resolve(MicroManagerInstallation.DEMO_CONFIG),
                StandardCharsets.UTF_8).stream().map(edit).filter(l -> l != null).collect(Collectors.toList());
        Path cfg = dir.resolve("edited.cfg");
        Files.write(cfg, lines, StandardCharsets.UTF_8);
        return cfg;
    }

    @Test
    void theDemoObjectiveGroupIsFoundWithItsPixelSizesAndTheHighestMagnification() throws Exception {
        try (MmCoreSession mm = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG)) {
            assertThat(mm.objectiveGroup().name()).isEqualTo("Objective");
            assertThat(mm.objectiveGroup().pixelSizes()).isEqualTo(Map.of("10X", 1.0, "20X", 0.5, "40X", 0.25));
            assertThat(mm.objectiveGroup().highestMagnification()).isEqualTo("40X");
        }
    }

    @Test
    void anObjectiveGroupUnderAnotherNameIsFoundAndSwitched() throws Exception {
        Path cfg = demoConfig(l -> l.replace("ConfigGroup,Objective,", "ConfigGroup,Nosepiece,"));
        try (MmCoreSession mm = MmCoreSession.open(RealCore.homeOrSkip(), cfg.toString())) {
            assertThat(mm.objectiveGroup().name()).isEqualTo("Nosepiece");
            assertThat(mm.objectiveGroup().highestMagnification()).isEqualTo("40X");
            MmCoreMicroscope scope = mm.microscope(null);
            assertThat(scope.presets(MicroscopeControl.OBJECTIVE_GROUP)).containsExactlyInAnyOrder("10X", "20X",
                    "40X");
            scope.setPreset(MicroscopeControl.OBJECTIVE_GROUP, "40X");
            assertThat(scope.state().preset(MicroscopeControl.OBJECTIVE_GROUP)).isEqualTo("40X");
            assertThat(scope.state().pixelSizeUm()).isEqualTo(0.25);
            assertThat(mm.core().getCurrentConfig("Nosepiece")).isEqualTo("40X");
        }
    }

    @Test
    void aConfigurationWithoutAnObjectiveGroupHasNoObjectivesToSwitch() throws Exception {
        Path cfg = demoConfig(l -> l.startsWith("ConfigGroup,Objective,") ? null : l);
        try (MmCoreSession mm = MmCoreSession.open(RealCore.homeOrSkip(), cfg.toString())) {
            assertThat(mm.objectiveGroup().exists()).isFalse();
            MmCoreMicroscope scope = mm.microscope(null);
            assertThat(scope.presets(MicroscopeControl.OBJECTIVE_GROUP)).isEmpty();
            assertThat(scope.state().preset(MicroscopeControl.OBJECTIVE_GROUP)).isEmpty();
            assertThatThrownBy(() -> scope.setPreset(MicroscopeControl.OBJECTIVE_GROUP, "40X"))
                    .isInstanceOf(HardwareException.class).hasMessageContaining("no objective group");
            assertThatThrownBy(() -> mm.useObjectiveGroup("Objective")).isInstanceOf(MmCoreSessionException.class)
                    .hasMessageContaining("Channel");
        }
    }

    /** A focus drive unloaded mid-run (as if unplugged): moving it fails with a clear error, frames keep coming. */
    @Test
    void aFocusDriveRemovedMidRunFailsItsMovesAndTheStreamGoesOn() throws Exception {
        try (MmCoreSession mm = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
                MmCoreFrameSource source = mm.frameSourceBuilder().build()) {
            mm.core().setExposure(10);
            MmCoreMicroscope scope = mm.microscope(source);
            FrameSlot slot = new FrameSlot(source.maxFormat());
            source.start();
            assertThat(source.fill(slot, 10, TimeUnit.SECONDS))
                    .isEqualTo(FillResult.FRAME);
            mm.core().unloadDevice("Z");
            assertThatThrownBy(() -> scope.moveZ(5)).isInstanceOf(HardwareException.class)
                    .hasMessageContaining("focus");
            for (int i = 0; i < 10; i++) {
                assertThat(source.fill(slot, 10, TimeUnit.SECONDS))
                        .isEqualTo(FillResult.FRAME);
            }
            assertThat(source.framesLostUpstream()).isZero();
        }
    }

    @Test
    void theFocusDrivesTravelIsWhatItsPositionPropertyAllows() throws Exception {
        try (MmCoreSession mm = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG)) {
            double[] travel = mm.focusTravelUm();
                        String focus = mm.core().getFocusDevice();
            if (mm.core().hasPropertyLimits(focus, "Position")) {
                assertThat(travel).containsExactly(mm.core().getPropertyLowerLimit(focus, "Position"),
                        mm.core().getPropertyUpperLimit(focus, "Position"));
            } else {
                assertThat(travel).isNull();
            }
        }
    }
}
