package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import mmcorej.CMMCore;
import org.junit.jupiter.api.Test;

/**
 * On a real core with the demo configuration: camera properties set for a session and put back, and every kind of
 * wrong name or value refused with the camera's own allowed values, before anything is set.
 */
class CameraPropertyOverridesTest {

    private static Map<String, String> ordered(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    @Test
    void setsTheDemoCamerasBeadModeAndPutsTheFormerValuesBack() throws Exception {
        try (MmCoreSession mm = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG)) {
            CMMCore core = mm.core();
            String cam = core.getCameraDevice();
            String mode = core.getProperty(cam, "Mode");
            String density = core.getProperty(cam, "BeadDensity");
            assertThat(mode).isNotEqualTo("Fluorescent Beads");
            try (CameraPropertyOverrides set = CameraPropertyOverrides.apply(core,
                    ordered("Mode", "Fluorescent Beads", "BeadDensity", "20"))) {
                assertThat(set.camera()).isEqualTo(cam);
                assertThat(set.applied()).containsExactly(Map.entry("Mode", "Fluorescent Beads"),
                        Map.entry("BeadDensity", "20"));
                assertThat(core.getProperty(cam, "Mode")).isEqualTo("Fluorescent Beads");
                assertThat(Double.parseDouble(core.getProperty(cam, "BeadDensity"))).isEqualTo(20.0);
            }
            assertThat(core.getProperty(cam, "Mode")).isEqualTo(mode);
            assertThat(core.getProperty(cam, "BeadDensity")).isEqualTo(density);
        }
    }

    @Test
    void aWrongNameOrValueIsRefusedNamingWhatTheCameraAcceptsAndNothingIsSet() throws Exception {
        try (MmCoreSession mm = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG)) {
            CMMCore core = mm.core();
            String cam = core.getCameraDevice();
            String density = core.getProperty(cam, "BeadDensity");
            // the first entry is valid: it must not be set when a later one is refused
            assertThatThrownBy(() -> CameraPropertyOverrides.apply(core, ordered("BeadDensity", "30", "Mode",
                    "Beads"))).isInstanceOf(MmCoreSessionException.class)
                    .hasMessageContaining("Mode").hasMessageContaining("'Beads'")
                    .hasMessageContaining("Fluorescent Beads").hasMessageContaining("Artificial Waves");
            assertThat(core.getProperty(cam, "BeadDensity")).isEqualTo(density);
            assertThatThrownBy(() -> CameraPropertyOverrides.apply(core, ordered("BeadDensty", "30")))
                    .hasMessageContaining("no property 'BeadDensty'").hasMessageContaining("BeadDensity")
                    .hasMessageNotContaining("CameraName");
            assertThatThrownBy(() -> CameraPropertyOverrides.apply(core, ordered("BeadDensity", "5000")))
                    .hasMessageContaining("BeadDensity must lie in [10.0, 500.0], got 5000");
            assertThatThrownBy(() -> CameraPropertyOverrides.apply(core, ordered("BeadSize", "big")))
                    .hasMessageContaining("BeadSize takes a number in [1.0, 10.0], got 'big'");
            assertThatThrownBy(() -> CameraPropertyOverrides.apply(core, ordered("CameraName", "x")))
                    .hasMessageContaining("read-only");
        }
    }
}
