package org.reflexscope.policy.support;

import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;

/** Hand-built microscope states for tests. */
public final class States {
    private States() {
    }

    /** At {@code (x, y, z)}, 10X objective, 0.5 µm pixels, 256×256 image, 1000 ms frame interval. */
    public static MicroscopeState.Builder at(double x, double y, double z) {
        return MicroscopeState.builder().setPosition(x, y, z).optPreset(MicroscopeControl.OBJECTIVE_GROUP, "10X")
                .optPreset(MicroscopeControl.CHANNEL_GROUP, "GFP").optPixelSizeUm(0.5).optImageSize(256, 256)
                .optFrameIntervalMs(1000).optExposureMs(10);
    }
}
