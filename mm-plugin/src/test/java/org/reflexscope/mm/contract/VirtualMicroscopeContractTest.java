package org.reflexscope.mm.contract;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.sim.VirtualMicroscope;

/** The contracts on the simulator's virtual microscope. */
class VirtualMicroscopeContractTest {
    @Nested
    class AsFrameSource extends FrameSourceContract {
        @Override
        protected FrameSource newSource(long frames) {
            return Adapters.virtualMicroscope(frames);
        }
    }

    @Nested
    class AsMicroscopeControl extends MicroscopeControlContract {
        private VirtualMicroscope vm;

        @Override
        protected MicroscopeControl microscope() {
            vm = Adapters.virtualMicroscope(0);
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
