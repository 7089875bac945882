package org.reflexscope.mm.contract;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.sim.VirtualMicroscope;

/** The contracts on a replay of real images (the MitoCheck H2B time-lapse in ../shared/data). */
class ReplayContractTest {
    @Nested
    class AsFrameSource extends FrameSourceContract {
        @Override
        protected FrameSource newSource(long frames) throws Exception {
            return Adapters.replay(frames);
        }
    }

    @Nested
    class AsMicroscopeControl extends MicroscopeControlContract {
        private VirtualMicroscope vm;

        @Override
        protected MicroscopeControl microscope() throws Exception {
            vm = Adapters.replay(0);
            return vm;
        }

        @AfterEach
        void close() {
            if (vm != null) {
                vm.close();
            }
        }
    }
}
