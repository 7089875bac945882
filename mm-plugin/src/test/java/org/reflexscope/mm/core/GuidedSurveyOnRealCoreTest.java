package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.SelectionRule;
import org.reflexscope.policy.survey.SurveyListener;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.SurveyTile;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitSettings;

/**
 * A guided survey on a real Micro-Manager core with the demo configuration: a 3 × 3 tile region at 10X, each tile
 * analysed by the default analysis chain, then visits at 40X with a re-centring look. The demo camera's pictures
 * carry no real objects, so this checks the mechanics, not what is found: every tile recorded with its stage
 * position, every visit inside the envelope, the objective and Z restored. Enabled by {@code -Dreflex.mm.home}
 * ({@link RealCore}), like {@link MmCoreDemoConfigTest}.
 */
class GuidedSurveyOnRealCoreTest {

    @Test
    void surveysThreeByThreeTilesVisitsInsideTheEnvelopeAndRestoresTheObjective(@TempDir Path dir)
            throws Exception {
        try (MmCoreSession session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
                AnalysisChain tiles = AnalysisChain.builder().optBinning(2).build();
                AnalysisChain looks = AnalysisChain.builder().optBinning(4).build()) {
            MmCoreMicroscope scope = session.microscope(null);
            scope.setPreset(MicroscopeControl.OBJECTIVE_GROUP, "10X");
            MicroscopeState start = scope.state();
            double field = start.imageWidth() * start.pixelSizeUm();
            SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(start.zUm() - 50, start.zUm() + 50)
                    .optXYBoundsUm(-2000, -2000, 2000, 2000).optMaxXYStepUm(1500)
                    .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "40X").build();
            SurveyPlan plan = SurveyPlan.grid(-1.3 * field, -1.3 * field, 1.3 * field, 1.3 * field, field, field, 0.1);
            assertThat(plan.rows()).isEqualTo(3);
            assertThat(plan.columns()).isEqualTo(3);
            List<Frame> recorded = new ArrayList<>();
            List<Frame> visitFrames = new ArrayList<>();
            SurveyResult result = GuidedSurvey.builder(scope, envelope, tiles,
                    VisitSettings.of("10X", "40X").withRecentre(true, 0.3)).optLookAnalyzer(looks)
                    .optRule(SelectionRule.any()).optBudget(2).optListener(new SurveyListener() {
                        @Override
                        public void onTile(SurveyTile tile, Frame frame, AnalysisResult r) {
                            recorded.add(frame);
                        }

                        @Override
                        public void onVisit(Visit v, AcquiredStack stack) {
                            visitFrames.addAll(stack.frames());
                        }
                    }).build().run(plan);

            System.out.println("Real-core survey: " + result.targets().size() + " targets, visits " + result.visits()
                    + ", " + result.cost());
            NdTiffRecorder.writeStack(dir.resolve("tiles"), "position", recorded, java.util.Map.of());
            try (NdTiffDatasetReader reader = NdTiffDatasetReader.open(dir.resolve("tiles"))) {
                assertThat(reader.size()).isEqualTo(9);
                for (SurveyTile t : plan.tiles()) {
                    FrameMetadata m = reader.read("position", t.index()).frame().metadata();
                    assertThat(m.stageXUm()).isCloseTo(t.xUm(), within(0.1));
                    assertThat(m.stageYUm()).isCloseTo(t.yUm(), within(0.1));
                    assertThat(m.pixelSizeUm()).isEqualTo(1.0);
                }
            }
            assertThat(result.visits()).as("targets found: %s", result.targets().size()).hasSize(2);
            for (Visit v : result.visits()) {
                assertThat(v.outcome()).isNotEqualTo(Visit.Outcome.REFUSED);
                assertThat(v.stageXUm()).isBetween(envelope.xMinUm(), envelope.xMaxUm());
                assertThat(v.stageYUm()).isBetween(envelope.yMinUm(), envelope.yMaxUm());
            }
            assertThat(visitFrames).isNotEmpty().allMatch(f -> f.metadata().pixelSizeUm() == 0.25);
            MicroscopeState end = scope.state();
            assertThat(end.preset(MicroscopeControl.OBJECTIVE_GROUP)).isEqualTo("10X");
            assertThat(end.zUm()).isCloseTo(start.zUm(), within(0.1));
        }
    }
}
