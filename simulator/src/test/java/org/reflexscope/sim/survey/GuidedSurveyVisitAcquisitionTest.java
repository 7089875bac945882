package org.reflexscope.sim.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitSettings;
import org.reflexscope.policy.survey.record.SurveyRecording;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.CameraSettings;

/**
 * Each visit in two channel presets and a three-point time-lapse 2 s apart on top of the 5-plane z-stack, on the
 * simulated slide (seed 17): every visit's dataset holds 2 × 5 × 3 images at axes channel, z and time, each in its
 * channel; the channel preset is restored; the waits are priced in the cost. The simulator renders every channel
 * preset the same (it has no spectral model): this checks the mechanics, not the pictures.
 */
class GuidedSurveyVisitAcquisitionTest {

    @Test
    void theEnvelopeRefusesVisitsInAChannelItDoesNotAllow(@TempDir Path dir) throws Exception {
        SurveyBench bench = SurveyBench.of(17);
        CameraSettings cam = bench.scenario().camera();
        try (VirtualMicroscope scope = bench.microscope();
                AnalysisChain tiles = AnalysisChain.builder().optBinning(1)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build()) {
            VisitSettings visit = VisitSettings.of(SurveyBench.SURVEY_OBJECTIVE, SurveyBench.VISIT_OBJECTIVE)
                    .withRecentre(false, 0.3).withChannels(List.of("DAPI"));
            double h = SurveyBench.HALF_SIDE_UM;
            double f = bench.fieldWidthUm(SurveyBench.SURVEY_OBJECTIVE);
            SurveyResult r = GuidedSurvey.builder(scope, GuidedSurveyOnSimulatorTest.envelope(), tiles, visit)
                    .optRule(GuidedSurveyOnSimulatorTest.RULE).optBudget(2).build()
                    .run(org.reflexscope.policy.survey.SurveyPlan.grid(-h, -h, 0, 0, f, f, 0.1));
            assertThat(r.visits()).isNotEmpty().allMatch(v -> v.outcome() == Visit.Outcome.REFUSED
                    && v.reason().contains("preset 'DAPI' of group 'Channel' is not allowed"));
            assertThat(scope.trace().hiRes()).noneMatch(a -> "survey-visit".equals(a.name()));
        }
    }

    @Test
    void visitsAcquireEveryChannelPlaneAndTimePointAndRecordThemAsAxes(@TempDir Path dir) throws Exception {
        SurveyBench bench = SurveyBench.of(17);
        CameraSettings cam = bench.scenario().camera();
        List<String> channels = List.of("DAPI", "GFP");
        SurveyResult result;
        MicroscopeState before;
        MicroscopeState after;
        SurveyScore score;
        double h = SurveyBench.HALF_SIDE_UM;
        double f = bench.fieldWidthUm(SurveyBench.SURVEY_OBJECTIVE);
        org.reflexscope.policy.survey.SurveyPlan plan =
                org.reflexscope.policy.survey.SurveyPlan.grid(-h, -h, 0, 0, f, f, 0.1);
        try (VirtualMicroscope scope = bench.microscope();
                SurveyRecording recording = new SurveyRecording(dir, Map.of(), 1.0, plan);
                AnalysisChain tiles = AnalysisChain.builder().optBinning(1)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build();
                AnalysisChain looks = AnalysisChain.builder().optBinning(4)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build()) {
            before = scope.state();
            VisitSettings visit = VisitSettings.of(SurveyBench.SURVEY_OBJECTIVE, SurveyBench.VISIT_OBJECTIVE)
                    .withOffsetUm(GuidedSurveyOnSimulatorTest.CAL_OFFSET_X_UM,
                            GuidedSurveyOnSimulatorTest.CAL_OFFSET_Y_UM)
                    .withParfocalOffsetUm(SurveyBench.VISIT_PARFOCAL_UM).withRecentre(true, 0.3)
                    .withAcquisition(GuidedSurveyOnSimulatorTest.STACK).withChannels(channels)
                    .withTimeLapse(3, 2000);
            SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(-50, 50)
                    .optXYBoundsUm(-2000, -2000, 2000, 2000)
                    .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, SurveyBench.SURVEY_OBJECTIVE,
                            SurveyBench.VISIT_OBJECTIVE)
                    .optAllowedPresets(MicroscopeControl.CHANNEL_GROUP, channels.toArray(new String[0])).build();
            result = GuidedSurvey.builder(scope, envelope, tiles, visit)
                    .optLookAnalyzer(looks).optRule(GuidedSurveyOnSimulatorTest.RULE).optBudget(3)
                    .optListener(recording).optClock(SurveyBench.clock(scope))
                    .build().run(plan);
            recording.finish(result);
            after = scope.state();
            score = SurveyScore.of(bench.slide().rareCells(), scope.trace().hiRes(), "survey-visit", 0.1);
        }
        List<Visit> made = result.visits();
        System.out.println("visits with channels and time-lapse: " + made + ", " + result.cost() + ", waits "
                + result.cost().waitMs() + " ms");
        assertThat(made).isNotEmpty().allMatch(v -> v.outcome() == Visit.Outcome.CENTRED)
                .allMatch(v -> v.frames() == 2 * 5 * 3);
        // the score counts visits, not their 6 acquisitions (2 channels x 3 time points) each
        assertThat(score.visits()).isEqualTo(made.size());
        assertThat(score.falseVisits()).isZero();
        for (Visit v : made) {
            try (NdTiffDatasetReader d = NdTiffDatasetReader.open(dir.resolve("visits").resolve("target-"
                    + v.target().id()))) {
                assertThat(d.summaryMetadata()).containsEntry("ChNames", "[\"DAPI\",\"GFP\"]");
                Set<Map<String, Integer>> axes = new HashSet<>(d.axes());
                assertThat(axes).hasSize(30);
                for (int c = 0; c < 2; c++) {
                    for (int z = 0; z < 5; z++) {
                        for (int t = 0; t < 3; t++) {
                            Map<String, Integer> a = new TreeMap<>(Map.of("channel", c, "z", z, "time", t));
                            assertThat(axes).contains(a);
                            RecordedFrame img = d.read(a);
                            assertThat(img.frame().metadata().channel()).isEqualTo(channels.get(c));
                        }
                    }
                }
                // the planes of one time point and channel are 1 µm apart
                double z0 = d.read(new TreeMap<>(Map.of("channel", 1, "z", 0, "time", 2))).frame().metadata()
                        .stageZUm();
                double z4 = d.read(new TreeMap<>(Map.of("channel", 1, "z", 4, "time", 2))).frame().metadata()
                        .stageZUm();
                assertThat(z4 - z0).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        // the channel preset and Z are what they were; the light is the look and 30 frames per visit
        assertThat(after.preset(MicroscopeControl.CHANNEL_GROUP))
                .isEqualTo(before.preset(MicroscopeControl.CHANNEL_GROUP));
        assertThat(after.zUm()).isEqualTo(before.zUm());
        assertThat(result.cost().frames()).isEqualTo(result.plan().tiles().size() + 31L * made.size());
        // two waits per visit, each the 2 s interval (the bench's virtual clock does not advance while acquiring)
        assertThat(result.cost().waitMs()).isEqualTo(made.size() * 2 * 2000.0);
    }
}
