package org.reflexscope.policy.support;

import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;

/** Hand-built analysis results for tests. */
public final class Results {
    private Results() {
    }

    /** A result of frame {@code seq} stamped now, with the given focus score and detections. */
    public static AnalysisResult.Builder fresh(long seq, double focus, Detection... detections) {
        long now = System.nanoTime();
        return at(seq, now, focus, detections);
    }

    /** A result of frame {@code seq} whose camera, publish and analysis times are {@code nanos}. */
    public static AnalysisResult.Builder at(long seq, long nanos, double focus, Detection... detections) {
        AnalysisResult.Builder b = AnalysisResult.builder(seq, FrameMetadata.builder().optImageNumber(seq)
                .optCameraTimeMs(seq * 10.0).build()).optFrameSize(512, 512).optTimestamps(nanos, nanos, nanos);
        if (!Double.isNaN(focus)) {
            b.optFocus(focus, "test");
        }
        for (Detection d : detections) {
            b.addDetection(d);
        }
        return b;
    }
}
