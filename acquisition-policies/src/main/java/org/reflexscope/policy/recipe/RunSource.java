package org.reflexscope.policy.recipe;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a run's frames come from, as a description each front-end resolves: a simulated scenario (built-in name or
 * file) and seed, a recorded file replayed, or a Micro-Manager core (an installation and configuration, or the one
 * Studio has loaded). Immutable.
 */
public final class RunSource {
    /** The kinds of source. */
    public enum Kind {
        /** The virtual microscope playing a scenario. */
        SIMULATED,
        /** A recorded stack or dataset replayed as the sample. */
        REPLAY,
        /** A real microscope through Micro-Manager's core. */
        MICRO_MANAGER;

        /** The name in recipe files: {@code simulated}, {@code replay}, {@code micro-manager}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Kind fromJsonName(String s) {
            for (Kind k : values()) {
                if (k.jsonName().equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown source kind '" + s + "' in the recipe: expected simulated, "
                    + "replay or micro-manager");
        }
    }

    /** The scenario {@code reflex run} plays when none is given. */
    public static final String DEFAULT_SCENARIO = "mixed";

    private final Kind kind;
    private final String location;
    private final Long seed;
    private final String config;
    private final String objectiveGroup;

    private RunSource(Kind kind, String location, Long seed, String config, String objectiveGroup) {
        this.kind = kind;
        this.location = Objects.requireNonNull(location, "location");
        this.seed = seed;
        this.config = Objects.requireNonNull(config, "config");
        this.objectiveGroup = Objects.requireNonNull(objectiveGroup, "objectiveGroup");
    }

    /** A scenario, built-in name or file; {@code seed} null keeps the scenario's own. */
    public static RunSource simulated(String scenario, Long seed) {
        return new RunSource(Kind.SIMULATED, scenario, seed, "", "");
    }

    /** A recorded TIFF/OME-TIFF stack or NDTiff dataset. */
    public static RunSource replay(String file) {
        return new RunSource(Kind.REPLAY, file, null, "", "");
    }

    /**
     * A Micro-Manager core: {@code home} the installation folder and {@code config} its configuration file (both
     * {@code ""} for the core Studio has loaded), {@code objectiveGroup} the group that switches objectives
     * ({@code ""}: the group whose presets select the pixel-size calibrations).
     */
    public static RunSource microManager(String home, String config, String objectiveGroup) {
        return new RunSource(Kind.MICRO_MANAGER, home, null, config, objectiveGroup);
    }

    public Kind kind() {
        return kind;
    }

    /** The scenario (simulated), the file (replay) or the installation folder (Micro-Manager). */
    public String location() {
        return location;
    }

    /** The seed that overrides the scenario's, or null. */
    public Long seed() {
        return seed;
    }

    /** The Micro-Manager configuration file ({@code ""} otherwise or for Studio's). */
    public String config() {
        return config;
    }

    /** The Micro-Manager objective group ({@code ""}: the pixel-size group). */
    public String objectiveGroup() {
        return objectiveGroup;
    }

    /** The same source with {@code seed} (simulated sources only take one). */
    public RunSource withSeed(Long v) {
        return new RunSource(kind, location, v, config, objectiveGroup);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RunSource)) {
            return false;
        }
        RunSource s = (RunSource) o;
        return kind == s.kind && location.equals(s.location) && Objects.equals(seed, s.seed)
                && config.equals(s.config) && objectiveGroup.equals(s.objectiveGroup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, location, seed, config, objectiveGroup);
    }

    @Override
    public String toString() {
        return kind.jsonName() + " " + location + (seed != null ? " seed " + seed : "")
                + (config.isEmpty() ? "" : " config " + config);
    }
}
