package org.reflexscope.mm.panel;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.reflexscope.core.analysis.CameraModel;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.mm.core.MmCoreFrameSource;
import org.reflexscope.mm.core.MmCoreMicroscope;
import org.reflexscope.mm.core.MmCoreSession;
import org.reflexscope.mm.core.MmCoreSessionException;
import org.reflexscope.policy.hardware.MicroscopeControl;

/**
 * The plugin's {@link ReflexBackendFactory}: a {@link PipelineBackend} whose rigs stream the core camera
 * ({@link MmCoreFrameSource}, sequence mode) and command the core's devices ({@link MmCoreMicroscope}); run
 * folders go to {@code ~/Reflex/runs} (or the {@code reflex.runs.dir} system property).
 */
public final class MmCoreBackendFactory implements ReflexBackendFactory {
    /** System property naming the folder for run folders. */
    public static final String RUNS_DIR_PROPERTY = "reflex.runs.dir";

    @Override
    public ReflexBackend create(MmCoreSession session) {
        String dir = System.getProperty(RUNS_DIR_PROPERTY);
        Path runs = dir != null ? Paths.get(dir) : Paths.get(System.getProperty("user.home"), "Reflex", "runs");
        return new PipelineBackend(() -> rig(session), runs);
    }

    /** A rig over {@code session}: a new frame source and a microscope that pauses it around snaps. */
    public static Rig rig(MmCoreSession session) throws BackendException {
        return rig(session, 0);
    }

    /** As {@link #rig(MmCoreSession)}, streaming {@code frameCount} frames and then ending (0 = until stopped). */
    public static Rig rig(MmCoreSession session, long frameCount) throws BackendException {
        MmCoreFrameSource source;
        try {
            source = session.frameSourceBuilder().optFrameCount(frameCount).build();
        } catch (FrameSourceException e) {
            throw new BackendException(e.getMessage(), e);
        }
        MmCoreMicroscope microscope = session.microscope(source);
        CameraModel camera = session.cameraNoise().model();
        return new Rig() {
            @Override
            public CameraModel camera() {
                return camera;
            }

            @Override
            public FrameSource source() {
                return source;
            }

            @Override
            public MicroscopeControl microscope() {
                return microscope;
            }

            @Override
            public void useObjectiveGroup(String group) throws BackendException {
                if (group.isEmpty()) {
                    session.useDetectedObjectiveGroup();
                    return;
                }
                try {
                    session.useObjectiveGroup(group);
                } catch (MmCoreSessionException e) {
                    throw new BackendException(e.getMessage(), e);
                }
            }

            @Override
            public String highestMagnification() {
                return session.objectiveGroup().highestMagnification();
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }
}
