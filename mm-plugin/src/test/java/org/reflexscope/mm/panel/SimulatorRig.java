package org.reflexscope.mm.panel;

import org.reflexscope.core.source.FrameSource;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;

/** Rigs over the simulator's virtual microscope, for backend and GUI tests. */
final class SimulatorRig implements Rig {
    private final VirtualMicroscope vm;

    private SimulatorRig(VirtualMicroscope vm) {
        this.vm = vm;
    }

    /** Rigs playing the built-in {@code drifting-focus-beads} scenario for {@code frames} frames, on {@code clock}. */
    static Rig.Provider provider(long frames, ClockMode clock) {
        return () -> new SimulatorRig(VirtualMicroscope.builder(Scenario.builtIn("drifting-focus-beads").with("seed", 7))
                .optClock(clock).optFrameLimit(frames).build());
    }

    @Override
    public FrameSource source() {
        return vm;
    }

    @Override
    public MicroscopeControl microscope() {
        return vm;
    }

    VirtualMicroscope virtualMicroscope() {
        return vm;
    }

    @Override
    public void close() {
        vm.close();
    }
}
