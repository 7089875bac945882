package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.CameraModel;

/**
 * Which camera property names {@link MmCoreCameraNoise} takes, on cameras other than the DemoCamera (whose names
 * {@code MmCoreCameraNoiseTest} checks on the real core): a name must state its quantity and unit.
 */
class MmCoreCameraNoiseNamesTest {

    @Test
    void namesWithUnitsAreUsedAndUnitlessSettingsAreNot() {
        MmCoreCameraNoise n = read(Map.of("Gain (ADU/e-)", "0.46", "Offset (ADU)", "100", "Read Noise (e-)", "1.4",
                "EMGain", "300", "PreAmpGain", "2", "Gate/count", "5"));
        CameraModel m = n.model();
        assertThat(m.gain()).isEqualTo(0.46);
        assertThat(m.offset()).isEqualTo(100.0);
        assertThat(m.readNoise()).isEqualTo(1.4);
        assertThat(m.offsetValue().source()).isEqualTo(CameraModel.Source.CAMERA_METADATA);
        assertThat(n.ignored()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("'EMGain' = 300"))
                .anySatisfy(s -> assertThat(s).startsWith("'PreAmpGain' = 2"));
    }

    @Test
    void electronsPerCountIsInvertedAndBadValuesAreListed() {
        MmCoreCameraNoise n = read(Map.of("Conversion (e-/ADU)", "0.25", "ReadNoise (electrons)", "fast"));
        assertThat(n.model().gain()).isEqualTo(4.0);
        assertThat(n.model().isReadNoiseToEstimate()).isTrue();
        assertThat(n.ignored()).singleElement().asString().contains("'ReadNoise (electrons)': not a number");

        MmCoreCameraNoise zero = read(Map.of("Sensitivity (electrons per ADU)", "0"));
        assertThat(zero.model().isGainToEstimate()).as("1/0 is no gain").isTrue();
        assertThat(zero.ignored()).singleElement().asString().contains("gain must be > 0");
    }

    @Test
    void aCameraWithoutSuchPropertiesIsMeasured() {
        MmCoreCameraNoise n = read(Map.of("Exposure", "10", "Binning", "1"));
        assertThat(n.model().needsEstimate()).isTrue();
        assertThat(n.model().isOffsetPerFrame()).isTrue();
        assertThat(n.used()).isEmpty();
        assertThat(n.ignored()).isEmpty();
    }

    private static MmCoreCameraNoise read(Map<String, String> properties) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        MmCoreApi api = (MmCoreApi) Proxy.newProxyInstance(MmCoreApi.class.getClassLoader(),
                new Class<?>[] {MmCoreApi.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "cameraDevice":
                            return "Cam";
                        case "propertyNames":
                            return p.keySet().toArray(new String[0]);
                        case "property":
                            return p.get((String) args[1]);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        return MmCoreCameraNoise.read(api);
    }
}
