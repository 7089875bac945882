package org.reflexscope.sim;

import java.util.ArrayList;
import java.util.List;
import org.reflexscope.sim.render.RenderView;
import org.reflexscope.sim.score.FrameRecord;
import org.reflexscope.sim.score.HiResRecord;
import org.reflexscope.sim.score.RunTrace;
import org.reflexscope.sim.truth.GroundTruth;

/**
 * What the {@link VirtualMicroscope} saw, for scoring: one {@link FrameRecord} per live frame (its field, the true
 * focal plane and target) and one {@link HiResRecord} per acquisition. Live frames are recorded from the producer
 * thread, acquisitions from the hardware thread, {@link #trace} read from any thread.
 */
final class TraceRecorder {
    private final GroundTruth truth;
    private final double[] targetScratch = new double[2];
    private final Object traceLock = new Object();
    private final List<FrameRecord> frameRecords = new ArrayList<>();
    private final List<HiResRecord> hiResRecords = new ArrayList<>();

    TraceRecorder(GroundTruth truth) {
        this.truth = truth;
    }

    /** Records the live frame {@code v} describes (producer thread). */
    void recordFrame(RenderView v) {
        FrameRecord.Builder b = FrameRecord.builder().setFrame(v.frameKey, v.timeMs)
                .setStage(v.stageXUm, v.stageYUm, v.stageZUm)
                .optField(v.originXUm(), v.originYUm(), v.originXUm() + v.width * v.pixelSizeUm(),
                        v.originYUm() + v.height * v.pixelSizeUm())
                .optFocalPlaneUm(truth.focalPlaneUm(v.timeMs, v.objective.name()))
                .optDoseMs(v.exposureMs * v.illumination);
        if (truth.targetPosition(v.timeMs, targetScratch)) {
            b.optTarget(targetScratch[0], targetScratch[1]);
        }
        FrameRecord r = b.build();
        synchronized (traceLock) {
            frameRecords.add(r);
        }
    }

    /** Records a high-resolution acquisition. */
    void recordHiRes(HiResRecord record) {
        synchronized (traceLock) {
            hiResRecords.add(record);
        }
    }

    /** The trace so far, with the true events and {@code framesLost}. */
    RunTrace trace(long framesLost) {
        RunTrace.Builder b = RunTrace.builder().optEvents(truth.events()).optFramesLost(framesLost);
        synchronized (traceLock) {
            frameRecords.forEach(b::addFrame);
            hiResRecords.forEach(b::addHiRes);
        }
        return b.build();
    }
}
