package org.reflexscope.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.StageLimitException;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.RunTrace;
import org.reflexscope.sim.score.Score;
import org.reflexscope.sim.score.Scorer;
import org.reflexscope.sim.support.Frames;
import org.reflexscope.sim.truth.GroundTruth;
import org.reflexscope.sim.truth.TrueEvent;
import org.reflexscope.sim.truth.TrueObject;

class GroundTruthAndAcquisitionTest {

    @Test
    void rareDivisionsHasAtLeastTenSpreadOutDivisionsWithALongVisiblePrecursor() {
        Scenario s = Scenario.builtIn("rare-divisions");
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            GroundTruth truth = scope.groundTruth();
            List<TrueEvent> events = truth.events();
            assertThat(events).hasSizeGreaterThanOrEqualTo(10);
            double previousSplit = Double.NEGATIVE_INFINITY;
            for (TrueEvent e : events) {
                assertThat(e.onsetMs()).isGreaterThanOrEqualTo(0);
                assertThat(e.timeMs()).isLessThanOrEqualTo(s.durationS() * 1000);
                assertThat(e.timeMs() - e.onsetMs()).isEqualTo(30_000.0);
                assertThat(e.timeMs() - previousSplit).as("splits at least 15 s apart").isGreaterThanOrEqualTo(15_000);
                previousSplit = e.timeMs();
                TrueObject during = truth.objects((e.onsetMs() + e.timeMs()) / 2).stream()
                        .filter(o -> o.id().equals(e.id())).findFirst().orElseThrow();
                assertThat(during.phase()).isEqualTo(TrueObject.Phase.PRECURSOR);
                List<String> after = truth.objects(e.timeMs() + 1).stream().map(TrueObject::id)
                        .filter(id -> id.startsWith(e.id() + ".")).collect(Collectors.toList());
                assertThat(after).containsExactlyInAnyOrder(e.id() + ".a", e.id() + ".b");
            }
        }
    }

    @Test
    void rareDivisionsPlacesItsCellsAsAMonolayerWithoutOverlap() {
        Scenario s = Scenario.builtIn("rare-divisions");
        assertThat(s.specimen().cells().overlap()).isFalse();
        assertThat(closestPairOverlap(s)).as("no two cells closer than the sum of their radii").isLessThanOrEqualTo(0);
        assertThat(closestPairOverlap(s.with("specimen.cells.overlap", true)))
                .as("placed independently, some cells of this seed overlap").isGreaterThan(0);
        Scenario crowded = s.with("specimen.cells.count", 2000);
        assertThatThrownBy(() -> VirtualMicroscope.of(crowded).close()).hasMessageContaining("without overlap")
                .hasMessageContaining("specimen.cells.count").hasMessageContaining("specimen.cells.overlap");
    }

    /** The largest overlap (sum of radii minus centre distance, µm) of two cells at t = 0; ≤ 0 when none overlap. */
    private static double closestPairOverlap(Scenario s) {
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            List<TrueObject> cells = scope.groundTruth().objects(0);
            double worst = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < cells.size(); i++) {
                for (int j = i + 1; j < cells.size(); j++) {
                    TrueObject a = cells.get(i);
                    TrueObject b = cells.get(j);
                    worst = Math.max(worst, a.radiusUm() + b.radiusUm() - Math.hypot(a.xUm() - b.xUm(),
                            a.yUm() - b.yUm()));
                }
            }
            return worst;
        }
    }

    @Test
    void frequentDivisionsClusterAndAGapSettingSpreadsThem() {
        Scenario s = Scenario.builtIn("frequent-divisions");
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            assertThat(minSplitGapMs(scope.groundTruth().events())).isLessThan(1000);
        }
        try (VirtualMicroscope scope = VirtualMicroscope.of(s.with("specimen.divisions.minGapS", 2.5))) {
            List<TrueEvent> events = scope.groundTruth().events();
            assertThat(events).hasSize(12);
            assertThat(minSplitGapMs(events)).isGreaterThanOrEqualTo(2500);
        }
        assertThatThrownBy(() -> s.with("specimen.divisions.minGapS", 3.0)).hasMessageContaining("minGapS")
                .hasMessageContaining("fewer divisions");
    }

    private static double minSplitGapMs(List<TrueEvent> events) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 1; i < events.size(); i++) {
            min = Math.min(min, events.get(i).timeMs() - events.get(i - 1).timeMs());
        }
        return min;
    }

    @Test
    void focalPlaneDriftsAtTheScenarioRate() {
        Scenario s = Scenario.builtIn("drifting-focus-beads").with("drift.wanderAmplitudeUm", 0.0)
                .with("drift.focusRateUmPerMin", 1.5);
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            assertThat(scope.groundTruth().focalPlaneUm(0)).isEqualTo(0.0);
            assertThat(scope.groundTruth().focalPlaneUm(120_000)).isCloseTo(3.0, within(1e-9));
        }
    }

    @Test
    void movingCellTargetMovesAndTheTraceRecordsTrackingError() throws Exception {
        Scenario s = Scenario.builtIn("moving-cell").with("camera.width", 64).with("camera.height", 64);
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            assertThat(scope.groundTruth().targetId()).isEqualTo("cell-0");
            TrueObject start = scope.groundTruth().target(0).orElseThrow();
            TrueObject later = scope.groundTruth().target(60_000).orElseThrow();
            assertThat(Math.hypot(later.xUm() - start.xUm(), later.yUm() - start.yUm())).isGreaterThan(15.0);
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            for (int i = 0; i < 3; i++) {
                Frames.next(scope, slot);
            }
            RunTrace trace = scope.trace();
            assertThat(trace.frames()).hasSize(3);
            assertThat(trace.frames().get(0).trackingErrorUm()).isCloseTo(0.0, within(1e-9));
            assertThat(trace.frames().get(2).targetXUm()).isNotEqualTo(trace.frames().get(0).targetXUm());
        }
    }

    @Test
    void zStackAcquisitionRendersEachPlaneAndIsRecordedAsHiRes() throws Exception {
        Scenario s = Scenario.builtIn("drifting-focus-beads").with("camera.width", 64).with("camera.height", 64);
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            Frames.next(scope, slot);
            scope.setPreset("Objective", "40X");
            scope.moveZ(1.0);
            double doseBefore = scope.lightDoseMs();
            AcquiredStack stack = scope.acquire(AcquisitionRequest.zStack(-1, 1, 0.5).withExposureMs(5));
            assertThat(stack.frames()).hasSize(5);
            for (int i = 0; i < 5; i++) {
                Frame f = stack.frames().get(i);
                assertThat(f.metadata().stageZUm()).isCloseTo(i * 0.5, within(1e-9));
                assertThat(f.metadata().objective()).isEqualTo("40X");
                assertThat(f.metadata().exposureMs()).isEqualTo(5.0);
            }
            assertThat(scope.state().zUm()).isEqualTo(1.0);
            assertThat(scope.lightDoseMs() - doseBefore).isEqualTo(25.0);
            RunTrace trace = scope.trace();
            assertThat(trace.hiRes()).hasSize(1);
            assertThat(trace.hiRes().get(0).maxXUm() - trace.hiRes().get(0).minXUm()).isEqualTo(64 * 0.25);
            assertThatThrownBy(() -> scope.acquire(AcquisitionRequest.zStack(0, 500, 100)))
                    .isInstanceOf(StageLimitException.class);
            Score score = Scorer.builder().build().score(trace);
            assertThat(score.framesRecorded()).isEqualTo(1);
            assertThat(score.lightDoseMs()).isEqualTo(20.0 + 25.0);
        }
    }

    @Test
    void photobleachingHalvesTheSignalAfterTheHalfDose() throws Exception {
        Scenario s = Scenario.defaults().with("camera.width", 64).with("camera.height", 64)
                .with("camera.readNoiseE", 0.0).with("camera.backgroundPhotonsPerPixelPerMs", 0.0)
                .with("camera.offsetAdu", 0.0).with("specimen.beads.count", 0).with("specimen.cells.count", 3)
                .with("specimen.cells.photonsPerMs", 2000.0).with("bleaching.halfDoseMs", 200.0)
                .with("camera.exposureMs", 20.0).with("drift.focusRateUmPerMin", 0.0)
                .with("drift.wanderAmplitudeUm", 0.0);
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            double first = Frames.mean(Frames.next(scope, slot));
            double previous = first;
            for (int i = 1; i < 10; i++) {
                double m = Frames.mean(Frames.next(scope, slot));
                assertThat(m).isLessThan(previous);
                previous = m;
            }
            double eleventh = Frames.mean(Frames.next(scope, slot));
            assertThat(eleventh / first).as("10 frames x 20 ms = one half dose").isCloseTo(0.5, within(0.02));
        }
    }
}
