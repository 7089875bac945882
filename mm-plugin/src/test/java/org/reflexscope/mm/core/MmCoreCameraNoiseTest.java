package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import mmcorej.CMMCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.CameraModel;
import org.reflexscope.core.analysis.NoiseLevelFunction;

/**
 * The camera's noise properties on a real core with the demo configuration (enabled by {@code -Dreflex.mm.home}, see
 * {@link RealCore}): the DemoCamera states its read noise in electrons and its photon conversion factor (electrons per
 * count), which are used; its {@code Gain} and {@code Offset} are unitless settings, which are not. The frames the
 * DemoCamera takes in its {@code Noise} mode show the gain the property gives.
 */
class MmCoreCameraNoiseTest {
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

    @AfterEach
    void restore() throws Exception {
        CMMCore core = session.core();
        core.setProperty("Camera", "Photon Conversion Factor", "1");
        core.setProperty("Camera", "ReadNoise (electrons)", "2.5");
        core.setProperty("Camera", "Mode", "Artificial Waves");
    }

    @Test
    void readsWhatTheCameraStatesWithUnitsAndIgnoresUnitlessSettings() throws Exception {
        MmCoreCameraNoise noise = session.cameraNoise();
        CameraModel m = noise.model();
        assertThat(m.gain()).as("%s", noise).isEqualTo(1.0);
        assertThat(m.gainValue().source()).isEqualTo(CameraModel.Source.CAMERA_METADATA);
        assertThat(m.gainValue().detail()).contains("Camera-Photon Conversion Factor = 1");
        assertThat(m.readNoise()).isEqualTo(2.5);
        assertThat(m.readNoiseValue().source()).isEqualTo(CameraModel.Source.CAMERA_METADATA);
        assertThat(m.readNoiseValue().detail()).contains("Camera-ReadNoise (electrons) = 2.5");
        assertThat(m.isOffsetPerFrame()).as("no offset property with a unit: measured per frame").isTrue();
        assertThat(noise.ignored()).anySatisfy(s -> assertThat(s).startsWith("'Gain' = 0"))
                .anySatisfy(s -> assertThat(s).startsWith("'Offset' = 0"));
        assertThat(noise.used()).hasSize(2);

        session.core().setProperty("Camera", "Photon Conversion Factor", "0.5");
        session.core().setProperty("Camera", "ReadNoise (electrons)", "7");
        session.core().setProperty("Camera", "Gain", "3");
        MmCoreCameraNoise changed = session.cameraNoise();
        assertThat(changed.model().gain()).as("0.5 e-/count is 2 counts/e-, whatever Gain says").isEqualTo(2.0);
        assertThat(changed.model().readNoise()).isEqualTo(7.0);
        session.core().setProperty("Camera", "Gain", "0");
    }

    /**
     * Photon transfer on the DemoCamera's own frames ({@code Noise} mode, 16-bit, three photon fluxes, a pair of
     * frames each): the variance grows by the gain the photon conversion factor states (2 counts/e- for 0.5), within
     * 5 %, so the property means what it is read as.
     */
    @Test
    void theFramesShowTheGainThePhotonConversionFactorStates() throws Exception {
        CMMCore core = session.core();
        core.setProperty("Camera", "PixelType", "16bit");
        core.setProperty("Camera", "Mode", "Noise");
        core.setProperty("Camera", "Photon Conversion Factor", "0.5");
        core.setExposure(10);
        NoiseLevelFunction nlf = new NoiseLevelFunction();
        int w = (int) core.getImageWidth();
        int h = (int) core.getImageHeight();
        for (String flux : new String[] {"50", "300", "1500"}) {
            core.setProperty("Camera", "Photon Flux", flux);
            nlf.addPair(snap(core), snap(core), w, h);
        }
        NoiseLevelFunction.Fit fit = nlf.fit();
        double stated = session.cameraNoise().model().gain();
        System.out.printf("DemoCamera photon transfer: gain %.4f counts/e- (property states %.4f); %s%n",
                fit.cameraGain(1), stated, fit);
        assertThat(fit.ok()).as("%s", fit).isTrue();
        assertThat(fit.cameraGain(1)).isCloseTo(stated, within(0.05 * stated));
        core.setProperty("Camera", "Photon Flux", "50");
    }

    private static float[] snap(CMMCore core) throws Exception {
        core.snapImage();
        short[] s = (short[]) core.getImage();
        float[] f = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            f[i] = s[i] & 0xFFFF;
        }
        return f;
    }
}
