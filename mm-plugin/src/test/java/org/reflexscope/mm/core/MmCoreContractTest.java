package org.reflexscope.mm.core;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.mm.contract.FrameSourceContract;
import org.reflexscope.mm.contract.MicroscopeControlContract;
import org.reflexscope.policy.hardware.MicroscopeControl;

/** The contracts on Micro-Manager's core with the demo configuration (DemoCamera, 10 ms exposure, 8 and 16 bit). */
class MmCoreContractTest {
    private static MmCoreSession session;

    @BeforeAll
    static void loadDemoConfig() throws Exception {
        session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
        session.core().setProperty("Camera", "PixelType", "8bit");
        session.core().setExposure(10);
    }

    @AfterAll
    static void unload() {
        if (session != null) {
            session.close();
        }
    }

    @Nested
    class AsFrameSource extends FrameSourceContract {
        @Override
        protected FrameSource newSource(long frames) throws Exception {
            return session.frameSourceBuilder().optFrameCount(frames).build();
        }
    }

    /** The DemoCamera at 16 bit (12-bit depth), the frame source contract again. */
    @Nested
    class AsSixteenBitFrameSource extends FrameSourceContract {
        @Override
        protected FrameSource newSource(long frames) throws Exception {
            session.core().setProperty("Camera", "PixelType", "16bit");
            session.core().setProperty("Camera", "BitDepth", "12");
            return session.frameSourceBuilder().optFrameCount(frames).build();
        }

        @AfterEach
        void eightBitAgain() throws Exception {
            session.core().setProperty("Camera", "PixelType", "8bit");
        }
    }

    @Nested
    class AsMicroscopeControl extends MicroscopeControlContract {
        @Override
        protected MicroscopeControl microscope() {
            return session.microscope(null);
        }
    }
}
