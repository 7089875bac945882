package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareAutofocus;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.core.focus.FocusMeasure;
import org.reflexscope.policy.survey.FocusMode;
import org.reflexscope.policy.survey.FocusScan;
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
 * focused by the configuration's autofocus device (DAutoFocus) and analysed by the default analysis chain, then
 * visits at 40X with a re-centring look, each in two presets of the {@code Channel} group at two time points. The
 * demo camera's pictures carry no real objects, so this checks the mechanics, not what is found: every tile
 * recorded with its stage position, every command (and the Z the autofocus device left) inside the envelope, the
 * objective, channel and Z restored; and that a device focus outside the envelope is undone. Enabled by {@code -Dreflex.mm.home}
 * ({@link RealCore}), like {@link MmCoreDemoConfigTest}.
 */
class GuidedSurveyOnRealCoreTest {

    private static final List<String> CHANNELS = List.of("FITC", "Rhodamine");

    /** Every position and preset the survey commanded, and the Z each device focus left (the real core's). */
    static final class Commands implements MicroscopeControl, HardwareAutofocus {
        final MicroscopeControl scope;
        final HardwareAutofocus device;
        final List<double[]> xy = new ArrayList<>();
        final List<Double> z = new ArrayList<>();
        final List<String> presets = new ArrayList<>();
        int focusCalls;

        Commands(MicroscopeControl scope, HardwareAutofocus device) {
            this.scope = scope;
            this.device = device;
        }

        @Override
        public MicroscopeState state() throws HardwareException {
            return scope.state();
        }

        @Override
        public void moveZ(double zUm) throws HardwareException {
            z.add(zUm);
            scope.moveZ(zUm);
        }

        @Override
        public void moveXY(double xUm, double yUm) throws HardwareException {
            xy.add(new double[] {xUm, yUm});
            scope.moveXY(xUm, yUm);
        }

        @Override
        public void setPreset(String group, String preset) throws HardwareException {
            presets.add(group + "=" + preset);
            scope.setPreset(group, preset);
        }

        @Override
        public List<String> presets(String group) throws HardwareException {
            return scope.presets(group);
        }

        @Override
        public void setExposureMs(double exposureMs) throws HardwareException {
            scope.setExposureMs(exposureMs);
        }

        @Override
        public void setFrameIntervalMs(double intervalMs) throws HardwareException {
            scope.setFrameIntervalMs(intervalMs);
        }

        @Override
        public AcquiredStack acquire(AcquisitionRequest request) throws HardwareException {
            if (!request.channel().isEmpty()) {
                presets.add(MicroscopeControl.CHANNEL_GROUP + "=" + request.channel());
            }
            AcquiredStack s = scope.acquire(request);
            s.frames().forEach(f -> z.add(f.metadata().stageZUm()));
            return s;
        }

        @Override
        public String name() {
            return device.name();
        }

        @Override
        public void fullFocus() throws HardwareException {
            focusCalls++;
            device.fullFocus();
            z.add(scope.state().zUm());
        }
    }

    @Test
    void surveysThreeByThreeTilesVisitsInsideTheEnvelopeAndRestoresTheObjective(@TempDir Path dir)
            throws Exception {
        try (MmCoreSession session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
                AnalysisChain tiles = AnalysisChain.builder().optBinning(2).build();
                AnalysisChain looks = AnalysisChain.builder().optBinning(4).build()) {
            MmCoreMicroscope real = session.microscope(null);
            real.setPreset(MicroscopeControl.OBJECTIVE_GROUP, "10X");
            assertThat(session.core().getChannelGroup()).isEqualTo(MicroscopeControl.CHANNEL_GROUP);
            assertThat(real.presets(MicroscopeControl.CHANNEL_GROUP)).containsAll(CHANNELS);
            Commands scope = new Commands(real, MmCoreAutofocus.of(session, null));
            assertThat(scope.name()).isEqualTo("Autofocus");
            MicroscopeState start = scope.state();
            String channel0 = start.preset(MicroscopeControl.CHANNEL_GROUP);
            assertThat(channel0).isNotEmpty().isNotIn(CHANNELS);
            double field = start.imageWidth() * start.pixelSizeUm();
            SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(start.zUm() - 50, start.zUm() + 50)
                    .optXYBoundsUm(-2000, -2000, 2000, 2000).optMaxXYStepUm(1500)
                    .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "40X")
                    .optAllowedPresets(MicroscopeControl.CHANNEL_GROUP, CHANNELS.toArray(new String[0])).build();
            SurveyPlan plan = SurveyPlan.grid(-1.3 * field, -1.3 * field, 1.3 * field, 1.3 * field, field, field, 0.1);
            assertThat(plan.rows()).isEqualTo(3);
            assertThat(plan.columns()).isEqualTo(3);
            List<Frame> recorded = new ArrayList<>();
            List<Frame> visitFrames = new ArrayList<>();
            SurveyResult result = GuidedSurvey.builder(scope, envelope, tiles,
                    VisitSettings.of("10X", "40X").withRecentre(true, 0.3).withChannels(CHANNELS)
                            .withTimeLapse(2, 300)).optLookAnalyzer(looks)
                    .optAutofocusDevice(scope).optRule(SelectionRule.any()).optBudget(2)
                    .optListener(new SurveyListener() {
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
            // each visit: 2 channels x 2 time points, in the channel asked
            assertThat(result.visits()).allMatch(v -> v.frames() == 4);
            assertThat(visitFrames).hasSize(8);
            assertThat(visitFrames.stream().map(f -> f.metadata().channel())).containsExactly("FITC", "Rhodamine",
                    "FITC", "Rhodamine", "FITC", "Rhodamine", "FITC", "Rhodamine");
            // the autofocus device ran at every tile; DAutoFocus leaves Z where it is
            assertThat(scope.focusCalls).isEqualTo(9);
            assertThat(result.focusFailures()).isEmpty();
            // every commanded position, and every Z the device left or a frame was taken at, inside the envelope
            assertThat(scope.xy).isNotEmpty().allSatisfy(p -> {
                assertThat(p[0]).isBetween(envelope.xMinUm(), envelope.xMaxUm());
                assertThat(p[1]).isBetween(envelope.yMinUm(), envelope.yMaxUm());
            });
            assertThat(scope.z).isNotEmpty().allSatisfy(zUm -> assertThat(zUm).isBetween(envelope.zMinUm(),
                    envelope.zMaxUm()));
            assertThat(scope.presets).allMatch(p -> List.of("Objective=10X", "Objective=40X", "Channel=FITC",
                    "Channel=Rhodamine").contains(p));
            System.out.println("Real-core commands: " + scope.xy.size() + " XY moves, " + scope.z.size() + " Z values, "
                    + scope.presets + ", " + scope.focusCalls + " device focus calls");
            MicroscopeState end = real.state();
            assertThat(end.preset(MicroscopeControl.OBJECTIVE_GROUP)).isEqualTo("10X");
            assertThat(end.preset(MicroscopeControl.CHANNEL_GROUP)).isEqualTo(channel0);
            assertThat(end.zUm()).isCloseTo(start.zUm(), within(0.1));
        }
    }

    @Test
    void aDeviceFocusOutsideTheEnvelopeIsUndoneAndTheSurveyGoesOn() throws Exception {
        try (MmCoreSession session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
                AnalysisChain tiles = AnalysisChain.builder().optBinning(2).build()) {
            MmCoreMicroscope real = session.microscope(null);
            real.setPreset(MicroscopeControl.OBJECTIVE_GROUP, "10X");
            MicroscopeState start = real.state();
            // DAutoFocus never moves Z, so a device that does is played by the real core's focus drive: 80 µm up,
            // beyond the envelope's 50
            HardwareAutofocus rogue = new HardwareAutofocus() {
                @Override
                public String name() {
                    return "rogue";
                }

                @Override
                public void fullFocus() throws HardwareException {
                    real.moveZ(start.zUm() + 80);
                }
            };
            double field = start.imageWidth() * start.pixelSizeUm();
            SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(start.zUm() - 50, start.zUm() + 50)
                    .optXYBoundsUm(-2000, -2000, 2000, 2000).optMaxXYStepUm(1500)
                    .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "40X").build();
            List<Double> tileZ = new ArrayList<>();
            SurveyResult result = GuidedSurvey.builder(real, envelope, tiles,
                    VisitSettings.of("10X", "40X").withRecentre(false, 0.3)).optAutofocusDevice(rogue)
                    .optBudget(0).optListener(new SurveyListener() {
                        @Override
                        public void onTile(SurveyTile tile, Frame frame, AnalysisResult r) {
                            tileZ.add(frame.metadata().stageZUm());
                        }
                    }).build().run(SurveyPlan.grid(-field, -field, field, field, field, field, 0.1));
            assertThat(result.focusFailures()).hasSize(result.plan().tiles().size())
                    .allMatch(f -> f.contains("rogue") && f.contains("refuses"));
            assertThat(tileZ).hasSize(result.plan().tiles().size())
                    .allSatisfy(z -> assertThat(z).isCloseTo(start.zUm(), within(0.1)));
            assertThat(real.state().zUm()).isCloseTo(start.zUm(), within(0.1));
        }
    }

    /**
     * The DemoCamera's picture is brightest and most contrasted at Z = 0 and fades symmetrically away from it
     * (variance / mean of its pixels 1008 at 0, 868 at ±2, 729 at ±4, 589 at ±8 µm, measured at 10X): a focus to
     * find. From Z = 3 µm, Reflex's Z scan at every tile finds it, and so does a focus map through scans at the
     * corners and centre.
     */
    @ParameterizedTest
    @EnumSource(value = FocusMode.class, names = {"SCAN", "MAP"})
    void aZScanAtEveryTileOrAFocusMapFindsTheDemoCamerasFocus(FocusMode mode) throws Exception {
        try (MmCoreSession session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
                AnalysisChain tiles = AnalysisChain.builder().optBinning(2).build()) {
            MmCoreMicroscope real = session.microscope(null);
            real.setPreset(MicroscopeControl.OBJECTIVE_GROUP, "10X");
            real.moveZ(3);
            Commands scope = new Commands(real, MmCoreAutofocus.of(session, null));
            MicroscopeState start = scope.state();
            double field = start.imageWidth() * start.pixelSizeUm();
            SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(-20, 20)
                    .optXYBoundsUm(-2000, -2000, 2000, 2000).optMaxXYStepUm(1500)
                    .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "40X").build();
            List<Double> tileZ = new ArrayList<>();
            FocusScan scan = new FocusScan(6, 1, FocusMeasure.normalizedVariance());
            GuidedSurvey.Builder b = GuidedSurvey.builder(scope, envelope, tiles,
                    VisitSettings.of("10X", "40X").withRecentre(false, 0.3));
            if (mode == FocusMode.SCAN) {
                b.optFocusPerTile(scan);
            } else {
                b.optFocusMap(scan);
            }
            SurveyResult result = b.optBudget(0)
                    .optListener(new SurveyListener() {
                        @Override
                        public void onTile(SurveyTile tile, Frame frame, AnalysisResult r) {
                            tileZ.add(frame.metadata().stageZUm());
                        }
                    }).build().run(SurveyPlan.grid(-field, -field, field, field, field, field, 0.1));
            System.out.println("Real-core " + mode + " from Z = 3: tiles at " + tileZ + ", " + result.cost()
                    + result.focusMap().map(m -> ", " + m).orElse(""));
            assertThat(result.focusFailures()).isEmpty();
            // within one scan step of the demo's focus (measured: -0.5 and 0.0 µm, alternating: the parabola through
            // the best plane and its neighbours on the demo's flat top)
            assertThat(tileZ).hasSize(result.plan().tiles().size())
                    .allSatisfy(z -> assertThat(z).isCloseTo(0, within(1.0)));
            assertThat(scope.z).isNotEmpty().allSatisfy(z -> assertThat(z).isBetween(-20.0, 20.0));
            // the scan's planes: 13 a tile, or 13 at each of the map's 5 points, on top of each tile's snap
            int tilesN = result.plan().tiles().size();
            assertThat(result.cost().frames()).isEqualTo(mode == FocusMode.SCAN ? tilesN * 14L : 5 * 13L + tilesN);
            assertThat(result.focusMap().isPresent()).isEqualTo(mode == FocusMode.MAP);
            assertThat(real.state().zUm()).isCloseTo(3, within(0.1));
        }
    }
}
