package org.reflexscope.mm.panel;

import org.reflexscope.core.source.FrameSource;
import org.reflexscope.policy.hardware.MicroscopeControl;

/**
 * The frame source and microscope control of one run: a Micro-Manager core's camera and devices, or a virtual
 * microscope. A source runs once, so a backend opens a new rig for each run and closes it afterwards.
 */
public interface Rig extends AutoCloseable {
    FrameSource source();

    MicroscopeControl microscope();

    /** Releases the rig (closes the source; leaves a core loaded by someone else alone). */
    @Override
    void close();

    /** Opens rigs. */
    @FunctionalInterface
    interface Provider {
        /** A new rig, ready to start. @throws BackendException naming what is missing (no camera, RGB...) */
        Rig open() throws BackendException;
    }
}
