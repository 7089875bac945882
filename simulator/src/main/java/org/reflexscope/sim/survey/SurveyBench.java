package org.reflexscope.sim.survey;

import java.util.List;
import java.util.Map;
import org.reflexscope.policy.survey.SurveyClock;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.Scenario;

/**
 * The simulated guided-survey bench: a 256² camera over a {@link SurveySlide} of 1.5 × 1.5 mm (nuclei of radius
 * 5 µm on a 40 µm lattice, 1 % rare: 3× brighter and 1.2× larger), a {@value #SURVEY_OBJECTIVE} survey objective
 * (1 µm/px, a 256 µm field) and a {@value #VISIT_OBJECTIVE} visit objective (0.2 µm/px, a 51.2 µm field) whose field
 * centre lies {@value #VISIT_OFFSET_X_UM}, {@value #VISIT_OFFSET_Y_UM} µm off the survey objective's and whose focal
 * plane is {@value #VISIT_PARFOCAL_UM} µm higher. No drift, virtual clock: positions are exact, time is priced.
 */
public final class SurveyBench {
    public static final String SURVEY_OBJECTIVE = "10X";
    public static final String VISIT_OBJECTIVE = "50X";
    /** The visit objective's true XY offset (µm); a calibration knows it only approximately. */
    public static final double VISIT_OFFSET_X_UM = 14;
    public static final double VISIT_OFFSET_Y_UM = -9;
    public static final double VISIT_PARFOCAL_UM = 1.0;
    /** Half the side of the square slide, µm (centred on the stage origin). */
    public static final double HALF_SIDE_UM = 750;
    /** Exposure of every frame, ms. */
    public static final double EXPOSURE_MS = 20;

    private final Scenario scenario;
    private final SurveySlide slide;

    private SurveyBench(Scenario scenario, SurveySlide slide) {
        this.scenario = scenario;
        this.slide = slide;
    }

    private SurveyBench(long seed, double rareFraction) {
        this.scenario = Scenario.defaults().with("name", "survey-slide")
                .with("description", "A 1.5 mm slide with a rare bright phenotype, surveyed at 10X, visited at 50X")
                .with("seed", seed)
                .with("camera.width", 256).with("camera.height", 256).with("camera.exposureMs", EXPOSURE_MS)
                .with("drift.focusRateUmPerMin", 0.0).with("drift.wanderAmplitudeUm", 0.0)
                .with("optics.objectives", List.of(
                        Map.of("name", SURVEY_OBJECTIVE, "pixelSizeUm", 1.0, "na", 0.3, "parfocalOffsetUm", 0.0),
                        Map.of("name", VISIT_OBJECTIVE, "pixelSizeUm", 0.2, "na", 0.9,
                                "parfocalOffsetUm", VISIT_PARFOCAL_UM, "offsetXUm", VISIT_OFFSET_X_UM,
                                "offsetYUm", VISIT_OFFSET_Y_UM)))
                .with("optics.objective", SURVEY_OBJECTIVE);
        this.slide = new SurveySlide(0, 0, 2 * HALF_SIDE_UM, 2 * HALF_SIDE_UM, 40, 5, 3000, rareFraction, 3.0, 1.2,
                seed);
    }

    /** The bench with 1 % rare cells. */
    public static SurveyBench of(long seed) {
        return new SurveyBench(seed, 0.01);
    }

    /** The bench with {@code rareFraction} rare cells. */
    public static SurveyBench of(long seed, double rareFraction) {
        return new SurveyBench(seed, rareFraction);
    }

    /**
     * This bench with its slide tilted ({@link SurveySlide#tilted}): the cells' height changes by
     * {@code slopeXUmPerMm} µm per mm along x and {@code slopeYUmPerMm} along y, so that one focus no longer fits
     * the whole slide.
     */
    public SurveyBench tilted(double slopeXUmPerMm, double slopeYUmPerMm) {
        return new SurveyBench(scenario, slide.tilted(slopeXUmPerMm / 1000, slopeYUmPerMm / 1000));
    }

    public Scenario scenario() {
        return scenario;
    }

    public SurveySlide slide() {
        return slide;
    }

    /** A fresh virtual microscope over the slide (virtual clock, live trace off). */
    public VirtualMicroscope microscope() {
        return VirtualMicroscope.builder(scenario).optSpecimen(slide).optRecordTrace(false).build();
    }

    /**
     * A survey clock on {@code scope}'s virtual time: now is the simulated time of the next live frame plus the
     * waits so far, and a wait returns at once (the survey prices it in its cost; the bench's slide does not change
     * with time). The microscope's virtual time does not advance during an acquisition, so each wait is the whole
     * interval. Not thread-safe.
     */
    public static SurveyClock clock(VirtualMicroscope scope) {
        return new SurveyClock() {
            private double waitedMs;

            @Override
            public double nowMs() {
                return scope.timeMs() + waitedMs;
            }

            @Override
            public void waitMs(double ms) {
                waitedMs += ms;
            }
        };
    }

    /** Field width (µm) of {@code objective} on this bench's camera. */
    public double fieldWidthUm(String objective) {
        return scenario.camera().width() * scenario.optics().objectives().stream()
                .filter(o -> o.name().equals(objective)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No objective " + objective)).pixelSizeUm();
    }
}
