package org.reflexscope.mm.panel;

import org.reflexscope.core.analysis.CameraModel;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.policy.hardware.MicroscopeControl;

/**
 * The frame source and microscope control of one run: a Micro-Manager core's camera and devices, or a virtual
 * microscope. A source runs once, so a backend opens a new rig for each run and closes it afterwards.
 */
public interface Rig extends AutoCloseable {
    FrameSource source();

    MicroscopeControl microscope();

    /**
     * Makes configuration group {@code group} the objective group of this rig ({@code ""}: the one the rig finds
     * itself). A rig without configuration groups accepts only {@code ""} and
     * {@link MicroscopeControl#OBJECTIVE_GROUP}.
     *
     * @throws BackendException if there is no such group (the message names the groups there are)
     */
    default void useObjectiveGroup(String group) throws BackendException {
        if (!group.isEmpty() && !group.equals(MicroscopeControl.OBJECTIVE_GROUP)) {
            throw new BackendException("This microscope has no configuration group '" + group + "': leave the "
                    + "objective group empty or name " + MicroscopeControl.OBJECTIVE_GROUP + ".");
        }
    }

    /**
     * The camera's gain, offset and read noise as the rig states them (a camera's unambiguous metadata), the rest to
     * be measured from the frames. Default: all measured ({@link CameraModel#measured()}).
     */
    default CameraModel camera() {
        return CameraModel.measured();
    }

    /** The objective preset with the smallest pixel size, or {@code ""} when the rig cannot tell. */
    default String highestMagnification() {
        return "";
    }

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
