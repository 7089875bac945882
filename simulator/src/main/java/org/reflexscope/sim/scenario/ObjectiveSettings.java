package org.reflexscope.sim.scenario;

/**
 * One objective of the {@code Objective} group: its preset name, pixel size on the sensor, NA, parfocal offset and
 * XY offset (how far off the reference objective's axis its field centre lies; 0 unless a scenario sets it).
 */
public final class ObjectiveSettings {
    private final String name;
    private final double pixelSizeUm;
    private final double na;
    private final double parfocalOffsetUm;
    private final double offsetXUm;
    private final double offsetYUm;

    ObjectiveSettings() {
        this("10X", 1.0, 0.3, 0.0);
    }

    ObjectiveSettings(String name, double pixelSizeUm, double na, double parfocalOffsetUm) {
        this.name = name;
        this.pixelSizeUm = pixelSizeUm;
        this.na = na;
        this.parfocalOffsetUm = parfocalOffsetUm;
        this.offsetXUm = 0;
        this.offsetYUm = 0;
    }

    void validate(String field) {
        Check.notBlank(field + ".name", name);
        Check.range(field + ".pixelSizeUm", pixelSizeUm, 0.01, 100);
        Check.range(field + ".na", na, 0.01, 1.6);
        Check.range(field + ".parfocalOffsetUm", parfocalOffsetUm, -1000, 1000);
        Check.range(field + ".offsetXUm", offsetXUm, -1000, 1000);
        Check.range(field + ".offsetYUm", offsetYUm, -1000, 1000);
    }

    /** Preset name, e.g. {@code 20X}. */
    public String name() {
        return name;
    }

    /** Size in the sample of one unbinned camera pixel, µm. */
    public double pixelSizeUm() {
        return pixelSizeUm;
    }

    /** Numerical aperture: sets resolution, depth of field and how fast defocus blurs. */
    public double na() {
        return na;
    }

    /** Where this objective's focal plane lies relative to the reference objective's, µm of stage Z. */
    public double parfocalOffsetUm() {
        return parfocalOffsetUm;
    }

    /**
     * Sample X (µm) of this objective's field centre relative to the stage position, i.e. its lateral offset from
     * the reference objective: objectives are never perfectly co-aligned.
     */
    public double offsetXUm() {
        return offsetXUm;
    }

    /** Sample Y (µm) of this objective's field centre relative to the stage position; see {@link #offsetXUm()}. */
    public double offsetYUm() {
        return offsetYUm;
    }
}
