package org.reflexscope.policy.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;

class SignalMonitorTest {
    private long seq;

    private AnalysisResult frame(double saturated, int detections) {
        seq++;
        AnalysisResult.Builder b = AnalysisResult.builder(seq, FrameMetadata.builder().optImageNumber(seq)
                .optCameraTimeMs(seq * 100.0).build()).optScore(AnalysisResult.SATURATION_SCORE, saturated);
        for (int i = 0; i < detections; i++) {
            b.addDetection(Detection.builder(10 + i, 10).build());
        }
        return b.build();
    }

    @Test
    void saturationIsAlarmedOncePerEpisodeWithWhatToDo() {
        List<SignalAlarm> seen = new ArrayList<>();
        SignalMonitor m = SignalMonitor.builder().optSink(seen::add).build();
        for (int i = 0; i < 50; i++) {
            m.onResult(frame(0.02, 3));
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).kind()).isEqualTo(SignalAlarm.Kind.SATURATION);
        assertThat(seen.get(0).frameSequence()).isEqualTo(1);
        assertThat(seen.get(0).message()).contains("2.00%").contains("Shorten the exposure or reduce the light");
        // a few clean frames do not end the episode; ten do, and saturation after that is a new episode
        for (int i = 0; i < 5; i++) {
            m.onResult(frame(0, 3));
        }
        m.onResult(frame(0.02, 3));
        assertThat(seen).hasSize(1);
        for (int i = 0; i < SignalMonitor.DEFAULT_CLEAR_FRAMES; i++) {
            m.onResult(frame(0, 3));
        }
        m.onResult(frame(0.02, 3));
        assertThat(seen).hasSize(2);
        assertThat(m.alarms()).isEqualTo(seen);
        assertThat(m.saturatedFrames()).isEqualTo(52);
    }

    @Test
    void aFewClippedPixelsBelowTheLimitAreNotSaturation() {
        SignalMonitor m = SignalMonitor.builder().build();
        for (int i = 0; i < 20; i++) {
            m.onResult(frame(SignalMonitor.DEFAULT_SATURATED_FRACTION / 2, 3));
        }
        assertThat(m.alarms()).isEmpty();
    }

    @Test
    void framesWithoutDetectionsAreAlarmedAfterARunNamingThePoliciesThatNeedThem() {
        SignalMonitor m = SignalMonitor.builder().addDetectionUser("track").addDetectionUser("highres").build();
        for (int i = 0; i < SignalMonitor.DEFAULT_EMPTY_FRAMES - 1; i++) {
            m.onResult(frame(0, 0));
        }
        m.onResult(frame(0, 2));
        for (int i = 0; i < SignalMonitor.DEFAULT_EMPTY_FRAMES - 1; i++) {
            m.onResult(frame(0, 0));
        }
        assertThat(m.alarms()).as("never five empty frames in a row yet").isEmpty();
        for (int i = 0; i < 100; i++) {
            m.onResult(frame(0, 0));
        }
        assertThat(m.alarms()).hasSize(1);
        SignalAlarm a = m.alarms().get(0);
        assertThat(a.kind()).isEqualTo(SignalAlarm.Kind.NO_DETECTIONS);
        assertThat(a.frameSequence()).isEqualTo(10);
        assertThat(a.message()).contains("too little light or contrast").contains("track, highres need detections")
                .contains("Raise the exposure or the light");
    }

    /** A frame with the chain's structure and threshold scores and one detection of {@code contrast}. */
    private AnalysisResult signal(double structure, double contrast) {
        seq++;
        return AnalysisResult.builder(seq, FrameMetadata.builder().optImageNumber(seq).optCameraTimeMs(seq * 100.0)
                .build()).optScore(AnalysisResult.STRUCTURE_SCORE, structure)
                .optScore(AnalysisResult.DETECTION_THRESHOLD_SCORE, 0.5)
                .addDetection(Detection.builder(10, 10).optScore(0.5 * contrast).build()).build();
    }

    @Test
    void framesOfNoiseAloneAreAlarmedOnceNamingThePoliciesHeldAndWhatToDo() {
        SignalMonitor m = SignalMonitor.builder().optFocusUser("refocus", SignalChecks.DEFAULT_MIN_STRUCTURE)
                .optTrackUser("track", SignalChecks.DEFAULT_MIN_TRACK_CONTRAST).build();
        for (int i = 0; i < 40; i++) {
            m.onResult(signal(1.05, 1.4));
        }
        assertThat(m.alarms()).hasSize(1);
        SignalAlarm a = m.alarms().get(0);
        assertThat(a.kind()).isEqualTo(SignalAlarm.Kind.TOO_LITTLE_SIGNAL);
        assertThat(a.frameSequence()).isEqualTo(SignalMonitor.DEFAULT_EMPTY_FRAMES);
        assertThat(a.message()).contains("nothing but noise").contains("structure 1.05")
                .contains("refocus and track hold still").contains("Raise the light or the exposure")
                .contains("bin the camera");
    }

    @Test
    void objectsTooFaintToTrackAreAlarmedOnlyWhereATrackerRuns() {
        SignalMonitor tracking = SignalMonitor.builder().optFocusUser("refocus", SignalChecks.DEFAULT_MIN_STRUCTURE)
                .optTrackUser("track", SignalChecks.DEFAULT_MIN_TRACK_CONTRAST).build();
        SignalMonitor focusOnly = SignalMonitor.builder()
                .optFocusUser("refocus", SignalChecks.DEFAULT_MIN_STRUCTURE).build();
        for (int i = 0; i < 40; i++) {
            AnalysisResult r = signal(1.6, 1.5);
            tracking.onResult(r);
            focusOnly.onResult(r);
        }
        assertThat(tracking.alarms()).hasSize(1);
        assertThat(tracking.alarms().get(0).message()).contains("stands 1.5x above the detection threshold")
                .contains("track needs 2.0x").contains("track holds still");
        assertThat(focusOnly.alarms()).as("structure enough for focus, no tracker").isEmpty();
    }

    @Test
    void enoughSignalRaisesNothing() {
        SignalMonitor m = SignalMonitor.builder().optFocusUser("refocus", SignalChecks.DEFAULT_MIN_STRUCTURE)
                .optTrackUser("track", SignalChecks.DEFAULT_MIN_TRACK_CONTRAST).build();
        for (int i = 0; i < 40; i++) {
            m.onResult(signal(5, 19));
        }
        assertThat(m.alarms()).isEmpty();
    }

    @Test
    void framesOfNoiseAloneWithoutDetectionsAreOneAlarmNotTwo() {
        SignalMonitor m = SignalMonitor.builder().optFocusUser("refocus", SignalChecks.DEFAULT_MIN_STRUCTURE)
                .addDetectionUser("hires").build();
        for (int i = 0; i < 40; i++) {
            seq++;
            m.onResult(AnalysisResult.builder(seq, FrameMetadata.builder().optImageNumber(seq).build())
                    .optScore(AnalysisResult.STRUCTURE_SCORE, 1.01).build());
        }
        assertThat(m.alarms()).extracting(SignalAlarm::kind).containsExactly(SignalAlarm.Kind.TOO_LITTLE_SIGNAL);
        // detections missing on frames with signal are still alarmed
        SignalMonitor n = SignalMonitor.builder().optFocusUser("refocus", SignalChecks.DEFAULT_MIN_STRUCTURE)
                .addDetectionUser("hires").build();
        for (int i = 0; i < 40; i++) {
            seq++;
            n.onResult(AnalysisResult.builder(seq, FrameMetadata.builder().optImageNumber(seq).build())
                    .optScore(AnalysisResult.STRUCTURE_SCORE, 3).build());
        }
        assertThat(n.alarms()).extracting(SignalAlarm::kind).containsExactly(SignalAlarm.Kind.NO_DETECTIONS);
    }
}
