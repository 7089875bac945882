package org.reflexscope.mm.panel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.reflexscope.core.analysis.FrameBinner;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.policy.recipe.AnalysisBinning;
import org.reflexscope.policy.recipe.PolicySet;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.recipe.RunSource;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.refocus.RefocusSteps;

/**
 * What the user set in the panel for one run: model, analysis binning, ring size, low-latency waits, policies and
 * their parameters, safety envelope, dry run — the panel's form of a {@link RunRecipe} ({@link #toRecipe()}).
 * Immutable; built with {@link #builder()} (every field optional), checked with {@link #problems()}, persisted with
 * {@link #saveTo}/{@link #loadFrom}.
 *
 * <p>The defaults are the recipe's ({@link RunRecipe}, {@link PolicySet#PARAMETERS}), with one exception: a panel
 * starts in dry run, so that nothing moves until the user unticks it. Units: µm and ms. An unset Z limit is
 * {@code NaN}; live runs with a motion policy need both. An unset frame interval of the adaptive rate is
 * {@code NaN}: the camera's interval (fast) and ten times it (slow), as {@code reflex acquire}.
 *
 * <p>It is long because each of the panel's 24 fields has a field, an accessor, a builder method and a persistence
 * key; the logic is in {@link #problems()} and {@link #toRecipe()}.
 */
public final class RunSettings {
    static final String PREFIX = "reflex.";
    /** {@link #analysisBinning()} value meaning: choose from the camera's frame size. */
    public static final int AUTO_BINNING = 0;
    /** Emission wavelength for the depth of field when none is set, nm (as {@code reflex acquire}). */
    public static final double DEFAULT_EMISSION_NM = 520;

    private final String modelPath;
    private final int analysisBinning;
    private final int ringSlots;
    private final boolean lowLatencyWaits;
    private final boolean refocus;
    private final double refocusMaxStepUm;
    private final boolean track;
    private final double trackMaxStepUm;
    private final boolean trigger;
    private final int triggerMinDetections;
    private final int triggerBurstFrames;
    private final String triggerLabel;
    private final String hiResPreset;
    private final boolean adaptiveRate;
    private final double minIntervalMs;
    private final double maxIntervalMs;
    private final double zMinUm;
    private final double zMaxUm;
    private final double maxZStepUm;
    private final double maxXyStepUm;
    private final double minMoveIntervalMs;
    private final boolean dryRun;
    private final String runsFolder;
    private final String objectiveGroup;
    private final String objectiveApertures;
    private final double immersionIndex;
    private final double emissionNm;

    private RunSettings(Builder b) {
        modelPath = b.modelPath;
        analysisBinning = b.analysisBinning;
        ringSlots = b.ringSlots;
        lowLatencyWaits = b.lowLatencyWaits;
        refocus = b.refocus;
        refocusMaxStepUm = b.refocusMaxStepUm;
        track = b.track;
        trackMaxStepUm = b.trackMaxStepUm;
        trigger = b.trigger;
        triggerMinDetections = b.triggerMinDetections;
        triggerBurstFrames = b.triggerBurstFrames;
        triggerLabel = b.triggerLabel;
        hiResPreset = b.hiResPreset;
        adaptiveRate = b.adaptiveRate;
        minIntervalMs = b.minIntervalMs;
        maxIntervalMs = b.maxIntervalMs;
        zMinUm = b.zMinUm;
        zMaxUm = b.zMaxUm;
        maxZStepUm = b.maxZStepUm;
        maxXyStepUm = b.maxXyStepUm;
        minMoveIntervalMs = b.minMoveIntervalMs;
        dryRun = b.dryRun;
        runsFolder = b.runsFolder;
        objectiveGroup = b.objectiveGroup;
        objectiveApertures = b.objectiveApertures;
        immersionIndex = b.immersionIndex;
        emissionNm = b.emissionNm;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().optModelPath(modelPath).optAnalysisBinning(analysisBinning).optRingSlots(ringSlots)
                .optLowLatencyWaits(lowLatencyWaits).optRefocus(refocus, refocusMaxStepUm)
                .optTrack(track, trackMaxStepUm).optTrigger(trigger, triggerMinDetections, triggerBurstFrames)
                .optAdaptiveRate(adaptiveRate, minIntervalMs, maxIntervalMs).optZLimits(zMinUm, zMaxUm)
                .optMaxSteps(maxZStepUm, maxXyStepUm).optMinMoveIntervalMs(minMoveIntervalMs).optDryRun(dryRun)
                .optTriggerLabel(triggerLabel).optHiResPreset(hiResPreset).optRunsFolder(runsFolder)
                .optObjectiveGroup(objectiveGroup).optOptics(objectiveApertures, immersionIndex, emissionNm);
    }

    /**
     * What stops these settings from being run, one sentence each saying what to fix; empty when they may run.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        boolean zSet = Double.isFinite(zMinUm) && Double.isFinite(zMaxUm);
        if (movesHardware() && !dryRun && !zSet) {
            p.add("Set both Z limits before a live run: policies may not move the focus without them "
                    + "(use \"From current Z\", or run dry).");
        }
        if (zSet && zMinUm >= zMaxUm) {
            p.add("The lower Z limit (" + zMinUm + " µm) must be below the upper one (" + zMaxUm + " µm).");
        }
        if (Double.isFinite(zMinUm) != Double.isFinite(zMaxUm)) {
            p.add("Set both Z limits, or neither.");
        }
        if (analysisBinning < AUTO_BINNING || analysisBinning > 64) {
            p.add("The analysis binning must be auto or 1 to 64, got " + analysisBinning + ".");
        }
        if (!FramePipeline.isValidRingSize(ringSlots)) {
            p.add("The ring needs a power of two of at least 4 slots (e.g. 16, 64 or 256), got " + ringSlots + ".");
        }
        positive(p, maxZStepUm, "The maximum Z step");
        if (!Double.isNaN(maxXyStepUm)) {
            positive(p, maxXyStepUm, "The maximum XY step");
        }
        if (!(minMoveIntervalMs >= 0)) {
            p.add("The minimum interval between moves must be 0 ms or more.");
        }
        if (refocus) {
            positive(p, refocusMaxStepUm, "The refocus step");
        }
        if (track) {
            positive(p, trackMaxStepUm, "The tracking step");
        }
        if (trigger && (triggerMinDetections < 1 || triggerBurstFrames < 1)) {
            p.add("The trigger needs at least 1 detection and a burst of at least 1 frame.");
        }
        if (adaptiveRate && (minIntervalMs < 0 || maxIntervalMs < minIntervalMs)) {
            p.add("The adaptive frame rate needs 0 <= minimum interval <= maximum interval.");
        }
        opticsProblems(p);
        return p;
    }

    private void opticsProblems(List<String> p) {
        if (!(immersionIndex >= 1) || !Double.isFinite(immersionIndex)) {
            p.add("The immersion index must be a refractive index of 1 or more (1.0 air, 1.33 water, 1.515 oil), got "
                    + immersionIndex + ".");
            return;
        }
        if (!(emissionNm > 0) || !Double.isFinite(emissionNm)) {
            p.add("The emission wavelength must be greater than 0 nm, got " + emissionNm + ".");
        }
        for (String entry : apertureEntries()) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                p.add("Objective NA '" + entry + "' is not PRESET=NA: write e.g. 10X=0.3, 40X=0.75.");
                continue;
            }
            double na;
            try {
                na = Double.parseDouble(entry.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                p.add("Objective NA '" + entry + "': '" + entry.substring(eq + 1).trim() + "' is not a number.");
                continue;
            }
            if (!(na > 0 && na < immersionIndex)) {
                p.add("Objective NA '" + entry + "': a numerical aperture must be > 0 and below the immersion index "
                        + immersionIndex + (na >= immersionIndex ? " (an immersion objective? set the immersion "
                        + "index, e.g. 1.515 for oil)" : "") + ".");
            }
        }
    }

    private List<String> apertureEntries() {
        List<String> out = new ArrayList<>();
        for (String e : objectiveApertures.split(",")) {
            if (!e.trim().isEmpty()) {
                out.add(e.trim());
            }
        }
        return out;
    }

    /**
     * The objective NA per preset as the user wrote it, e.g. {@code "10X=0.3, 40X=0.75"} ({@code ""}: none), as
     * {@code reflex acquire --objective-na}: Micro-Manager does not know an objective's NA.
     */
    public String objectiveApertures() {
        return objectiveApertures;
    }

    /**
     * The objective NA of each preset in {@link #objectiveApertures()}, in the order written; entries that
     * {@link #problems()} refuses are left out.
     */
    public Map<String, Double> apertures() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String entry : apertureEntries()) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                double na = Double.parseDouble(entry.substring(eq + 1).trim());
                if (na > 0 && na < immersionIndex) {
                    out.put(entry.substring(0, eq).trim(), na);
                }
            } catch (NumberFormatException e) {
                // refused by problems()
            }
        }
        return out;
    }

    /** Refractive index of the immersion medium of the objectives in {@link #apertures()} (default 1.0, air). */
    public double immersionIndex() {
        return immersionIndex;
    }

    /** Emission wavelength for the depth of field, nm (default 520). */
    public double emissionNm() {
        return emissionNm;
    }

    /**
     * The total depth of field of objective {@code preset} at {@code pixelSizeUm} µm per pixel from its NA
     * ({@link RefocusSteps#depthOfFieldUm}), or {@code NaN} when no NA is set for it: refocus then keeps its fixed
     * steps.
     */
    public double depthOfFieldUm(String preset, double pixelSizeUm) {
        Double na = apertures().get(preset);
        if (na == null) {
            return Double.NaN;
        }
        return RefocusSteps.depthOfFieldUm(emissionNm, immersionIndex, na, pixelSizeUm > 0 ? pixelSizeUm : 0);
    }

    private static void positive(List<String> p, double v, String what) {
        if (!(v > 0)) {
            p.add(what + " must be greater than 0, got " + v + ".");
        }
    }

    /**
     * The run these settings describe, on the core Studio has loaded: every value the user set, the trigger as a
     * burst of {@link #triggerBurstFrames()} frames, parameters that repeat a default left out.
     */
    public RunRecipe toRecipe() {
        RunRecipe.Builder b = RunRecipe.builder().source(RunSource.microManager("", "", objectiveGroup))
                .model(modelPath).binning(analysisBinning == AUTO_BINNING ? null : analysisBinning)
                .ringSlots(ringSlots).consumerWait(consumerWait()).dryRun(dryRun)
                .zLimitsUm(Double.isFinite(zMinUm) && Double.isFinite(zMaxUm) ? new double[] {zMinUm, zMaxUm} : null)
                .maxZStepUm(maxZStepUm).maxXyStepUm(Double.isNaN(maxXyStepUm) ? null : maxXyStepUm)
                .minMoveIntervalMs(minMoveIntervalMs);
        List<String> policies = new ArrayList<>();
        if (trigger) {
            policies.add("hires");
            b.parameter("hires.acquire", "burst").parameter("hires.frames", Integer.toString(triggerBurstFrames))
                    .parameter("hires.consecutiveFrames", Integer.toString(triggerMinDetections))
                    .parameter("hires.label", triggerLabel);
            if (!hiResPreset.isEmpty()) {
                b.parameter("hires.objective", hiResPreset);
            }
        }
        if (refocus) {
            policies.add("refocus");
            if (refocusMaxStepUm != RefocusPolicy.DEFAULT_STEP_UM) {
                // left to the recipe otherwise, which derives it from the depth of field where that is known
                b.parameter("refocus.stepUm", Double.toString(refocusMaxStepUm));
            }
        }
        if (track) {
            policies.add("track");
            b.parameter("track.maxStepUm", Double.toString(trackMaxStepUm));
        }
        if (adaptiveRate) {
            policies.add("rate");
            if (!Double.isNaN(minIntervalMs)) {
                b.parameter("rate.fastMs", Double.toString(minIntervalMs));
            }
            if (!Double.isNaN(maxIntervalMs)) {
                b.parameter("rate.slowMs", Double.toString(maxIntervalMs));
            }
        }
        return b.policies(policies).build();
    }

    /** Whether an enabled policy moves the focus or the stage. */
    public boolean movesHardware() {
        return refocus || track || trigger;
    }

    /** The model file, or {@code ""} for the embedded default model. */
    public String modelPath() {
        return modelPath;
    }

    /** Analysis binning factor, or {@link #AUTO_BINNING} to choose it from the camera's frame size. */
    public int analysisBinning() {
        return analysisBinning;
    }

    /**
     * The binning for frames of {@code format}: the factor set, or for {@link #AUTO_BINNING} the largest of 1, 2,
     * 4, 8 that keeps the frame's shorter side at least {@link FrameBinner#DEFAULT_ANALYSIS_EDGE} analysed pixels
     * (a 2048² camera is analysed at 512², a 512² one unbinned).
     */
    public int analysisBinningFor(FrameFormat format) {
        return AnalysisBinning.forCamera(analysisBinning == AUTO_BINNING ? OptionalInt.empty()
                : OptionalInt.of(analysisBinning), format.width(), format.height());
    }

    /**
     * Ring buffer slots between the camera and the recorder and analyzer (a power of two ≥ 4; default
     * {@value FramePipeline#DEFAULT_RING_SIZE}). Memory is slots × the frame size; more slots ride out longer disk
     * stalls before a frame is lost.
     */
    public int ringSlots() {
        return ringSlots;
    }

    /**
     * Whether the recorder and the analyzer wait for frames on their own cores ({@link ConsumerWait#YIELDING}: the
     * shortest camera-to-decision latency where the computer has a free core per pipeline thread) instead of parked
     * ({@link ConsumerWait#BLOCKING}, the default: no CPU while idle).
     */
    public boolean lowLatencyWaits() {
        return lowLatencyWaits;
    }

    /** The ring consumers' wait that {@link #lowLatencyWaits()} stands for. */
    public ConsumerWait consumerWait() {
        return lowLatencyWaits ? ConsumerWait.YIELDING : ConsumerWait.BLOCKING;
    }

    public boolean refocus() {
        return refocus;
    }

    public double refocusMaxStepUm() {
        return refocusMaxStepUm;
    }

    public boolean track() {
        return track;
    }

    public double trackMaxStepUm() {
        return trackMaxStepUm;
    }

    public boolean trigger() {
        return trigger;
    }

    public int triggerMinDetections() {
        return triggerMinDetections;
    }

    public int triggerBurstFrames() {
        return triggerBurstFrames;
    }

    /**
     * The detection label that counts as an event for the trigger, as {@code reflex acquire}'s
     * {@code hires.label} (default {@code "dividing"}: the division scorer's label); {@code ""} counts any detection.
     */
    public String triggerLabel() {
        return triggerLabel;
    }

    /**
     * The objective preset the trigger switches to; {@code ""} (the default) means as {@code reflex acquire}: the
     * preset with the smallest pixel size when the microscope tells, else the last preset of the objective group
     * other than the current one.
     */
    public String hiResPreset() {
        return hiResPreset;
    }

    public boolean adaptiveRate() {
        return adaptiveRate;
    }

    public double minIntervalMs() {
        return minIntervalMs;
    }

    public double maxIntervalMs() {
        return maxIntervalMs;
    }

    public double zMinUm() {
        return zMinUm;
    }

    public double zMaxUm() {
        return zMaxUm;
    }

    public double maxZStepUm() {
        return maxZStepUm;
    }

    /**
     * Longest XY move, µm; {@code NaN} (the default) means as {@code reflex acquire}: 1.5 fields of view (at least
     * 10 µm) at the objective in use when the run starts.
     */
    public double maxXyStepUm() {
        return maxXyStepUm;
    }

    public double minMoveIntervalMs() {
        return minMoveIntervalMs;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** The folder that receives run folders; {@code ""} (the default) means {@code ~/Reflex/runs}. */
    public String runsFolder() {
        return runsFolder;
    }

    /**
     * The configuration group that switches objectives; {@code ""} (the default) means the group whose presets
     * select the pixel-size calibrations, as {@code reflex acquire --objective-group} leaves it.
     */
    public String objectiveGroup() {
        return objectiveGroup;
    }

    /** Writes every field to {@code store} under {@code reflex.*} keys. */
    public void saveTo(SettingsStore store) {
        store.put(PREFIX + "model", modelPath);
        store.put(PREFIX + "analysis.binning", analysisBinning == AUTO_BINNING ? "auto"
                : Integer.toString(analysisBinning));
        store.put(PREFIX + "ringSlots", Integer.toString(ringSlots));
        store.put(PREFIX + "lowLatencyWaits", Boolean.toString(lowLatencyWaits));
        store.put(PREFIX + "refocus", Boolean.toString(refocus));
        store.put(PREFIX + "refocus.maxStepUm", Double.toString(refocusMaxStepUm));
        store.put(PREFIX + "track", Boolean.toString(track));
        store.put(PREFIX + "track.maxStepUm", Double.toString(trackMaxStepUm));
        store.put(PREFIX + "trigger", Boolean.toString(trigger));
        store.put(PREFIX + "trigger.minDetections", Integer.toString(triggerMinDetections));
        store.put(PREFIX + "trigger.burstFrames", Integer.toString(triggerBurstFrames));
        store.put(PREFIX + "trigger.label", triggerLabel);
        store.put(PREFIX + "trigger.preset", hiResPreset);
        store.put(PREFIX + "adaptiveRate", Boolean.toString(adaptiveRate));
        store.put(PREFIX + "adaptiveRate.minIntervalMs", Double.toString(minIntervalMs));
        store.put(PREFIX + "adaptiveRate.maxIntervalMs", Double.toString(maxIntervalMs));
        store.put(PREFIX + "envelope.zMinUm", Double.toString(zMinUm));
        store.put(PREFIX + "envelope.zMaxUm", Double.toString(zMaxUm));
        store.put(PREFIX + "envelope.maxZStepUm", Double.toString(maxZStepUm));
        store.put(PREFIX + "envelope.maxXyStepUm", Double.toString(maxXyStepUm));
        store.put(PREFIX + "envelope.minMoveIntervalMs", Double.toString(minMoveIntervalMs));
        store.put(PREFIX + "dryRun", Boolean.toString(dryRun));
        store.put(PREFIX + "runsFolder", runsFolder);
        store.put(PREFIX + "objectiveGroup", objectiveGroup);
        store.put(PREFIX + "optics.objectiveNa", objectiveApertures);
        store.put(PREFIX + "optics.immersionIndex", Double.toString(immersionIndex));
        store.put(PREFIX + "optics.emissionNm", Double.toString(emissionNm));
    }

    /** Reads settings saved by {@link #saveTo}; absent or unreadable values take their defaults. */
    public static RunSettings loadFrom(SettingsStore store) {
        RunSettings d = builder().build();
        String binning = store.get(PREFIX + "analysis.binning", "auto").trim();
        return builder().optModelPath(store.get(PREFIX + "model", d.modelPath))
                .optAnalysisBinning(binning.equalsIgnoreCase("auto") ? AUTO_BINNING
                        : (int) num(store, "analysis.binning", d.analysisBinning))
                .optRingSlots((int) num(store, "ringSlots", d.ringSlots))
                .optLowLatencyWaits(bool(store, "lowLatencyWaits", d.lowLatencyWaits))
                .optRefocus(bool(store, "refocus", d.refocus), num(store, "refocus.maxStepUm", d.refocusMaxStepUm))
                .optTrack(bool(store, "track", d.track), num(store, "track.maxStepUm", d.trackMaxStepUm))
                .optTrigger(bool(store, "trigger", d.trigger),
                        (int) num(store, "trigger.minDetections", d.triggerMinDetections),
                        (int) num(store, "trigger.burstFrames", d.triggerBurstFrames))
                .optTriggerLabel(store.get(PREFIX + "trigger.label", d.triggerLabel))
                .optHiResPreset(store.get(PREFIX + "trigger.preset", d.hiResPreset))
                .optRunsFolder(store.get(PREFIX + "runsFolder", d.runsFolder))
                .optObjectiveGroup(store.get(PREFIX + "objectiveGroup", d.objectiveGroup))
                .optOptics(store.get(PREFIX + "optics.objectiveNa", d.objectiveApertures),
                        num(store, "optics.immersionIndex", d.immersionIndex),
                        num(store, "optics.emissionNm", d.emissionNm))
                .optAdaptiveRate(bool(store, "adaptiveRate", d.adaptiveRate),
                        num(store, "adaptiveRate.minIntervalMs", d.minIntervalMs),
                        num(store, "adaptiveRate.maxIntervalMs", d.maxIntervalMs))
                .optZLimits(num(store, "envelope.zMinUm", d.zMinUm), num(store, "envelope.zMaxUm", d.zMaxUm))
                .optMaxSteps(num(store, "envelope.maxZStepUm", d.maxZStepUm),
                        num(store, "envelope.maxXyStepUm", d.maxXyStepUm))
                .optMinMoveIntervalMs(num(store, "envelope.minMoveIntervalMs", d.minMoveIntervalMs))
                .optDryRun(bool(store, "dryRun", d.dryRun)).build();
    }

    private static boolean bool(SettingsStore s, String key, boolean fallback) {
        String v = s.get(PREFIX + key, null);
        if ("true".equalsIgnoreCase(v)) {
            return true;
        }
        return "false".equalsIgnoreCase(v) ? false : fallback;
    }

    private static double num(SettingsStore s, String key, double fallback) {
        String v = s.get(PREFIX + key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RunSettings)) {
            return false;
        }
        RunSettings s = (RunSettings) o;
        return modelPath.equals(s.modelPath) && analysisBinning == s.analysisBinning && ringSlots == s.ringSlots
                && lowLatencyWaits == s.lowLatencyWaits
                && refocus == s.refocus
                && same(refocusMaxStepUm, s.refocusMaxStepUm)
                && track == s.track && same(trackMaxStepUm, s.trackMaxStepUm) && trigger == s.trigger
                && triggerMinDetections == s.triggerMinDetections && triggerBurstFrames == s.triggerBurstFrames
                && triggerLabel.equals(s.triggerLabel) && hiResPreset.equals(s.hiResPreset)
                && runsFolder.equals(s.runsFolder) && objectiveGroup.equals(s.objectiveGroup)
                && objectiveApertures.equals(s.objectiveApertures) && same(immersionIndex, s.immersionIndex)
                && same(emissionNm, s.emissionNm)
                && adaptiveRate == s.adaptiveRate && same(minIntervalMs, s.minIntervalMs)
                && same(maxIntervalMs, s.maxIntervalMs) && same(zMinUm, s.zMinUm) && same(zMaxUm, s.zMaxUm)
                && same(maxZStepUm, s.maxZStepUm) && same(maxXyStepUm, s.maxXyStepUm)
                && same(minMoveIntervalMs, s.minMoveIntervalMs) && dryRun == s.dryRun;
    }

    private static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelPath, analysisBinning, ringSlots, lowLatencyWaits, refocus, refocusMaxStepUm, track, trackMaxStepUm,
                trigger, triggerMinDetections, triggerBurstFrames, adaptiveRate, minIntervalMs, maxIntervalMs, zMinUm,
                zMaxUm, maxZStepUm, maxXyStepUm, minMoveIntervalMs, dryRun, triggerLabel, hiResPreset, runsFolder,
                objectiveGroup, objectiveApertures, immersionIndex, emissionNm);
    }

    @Override
    public String toString() {
        return "RunSettings{model='" + modelPath + "', binning=" + (analysisBinning == AUTO_BINNING ? "auto"
                : Integer.toString(analysisBinning)) + ", ring=" + ringSlots + ", lowLatencyWaits=" + lowLatencyWaits + ", refocus=" + refocus + "/"
                + refocusMaxStepUm + " µm, track=" + track + "/" + trackMaxStepUm + " µm, trigger=" + trigger + "/"
                + triggerMinDetections + "x" + triggerBurstFrames + " label='" + triggerLabel + "' preset='" + hiResPreset
                + "', adaptiveRate=" + adaptiveRate + "/["
                + minIntervalMs + ", " + maxIntervalMs + "] ms, z=[" + zMinUm + ", " + zMaxUm + "] µm, maxStep z="
                + maxZStepUm + " xy=" + maxXyStepUm
                + " µm, minMoveInterval=" + minMoveIntervalMs + " ms, dryRun=" + dryRun + ", runs='" + runsFolder + "', objectiveGroup='" + objectiveGroup + "', objectiveNa='" + objectiveApertures + "' n=" + immersionIndex
                + " λ=" + emissionNm + " nm}";
    }

    /** Builder of {@link RunSettings}; all fields optional, the defaults the recipe's (see the class comment). */
    public static final class Builder {
        private String modelPath = "";
        private int analysisBinning = AUTO_BINNING;
        private int ringSlots = RunRecipe.DEFAULT_RING_SLOTS;
        private boolean lowLatencyWaits;
        // refocus is on: it is what auto enables on a real microscope (PolicySet.expandAuto)
        private boolean refocus = true;
        // the step refocus takes when the optics are unknown (its default is a share of the depth of field)
        private double refocusMaxStepUm = RefocusPolicy.DEFAULT_STEP_UM;
        private boolean track;
        private double trackMaxStepUm = Double.parseDouble(PolicySet.defaultValue("track.maxStepUm"));
        private boolean trigger;
        private int triggerMinDetections = Integer.parseInt(PolicySet.defaultValue("hires.consecutiveFrames"));
        private int triggerBurstFrames = Integer.parseInt(PolicySet.defaultValue("hires.frames"));
        private String triggerLabel = PolicySet.defaultValue("hires.label");
        private String hiResPreset = "";
        private String runsFolder = "";
        private String objectiveGroup = "";
        private String objectiveApertures = "";
        private double immersionIndex = 1.0;
        private double emissionNm = DEFAULT_EMISSION_NM;
        private boolean adaptiveRate;
        private double minIntervalMs = Double.NaN;
        private double maxIntervalMs = Double.NaN;
        private double zMinUm = Double.NaN;
        private double zMaxUm = Double.NaN;
        private double maxZStepUm = RunRecipe.DEFAULT_MAX_Z_STEP_UM;
        private double maxXyStepUm = Double.NaN;
        private double minMoveIntervalMs = RunRecipe.DEFAULT_MIN_MOVE_INTERVAL_MS;
        private boolean dryRun = true;

        private Builder() {
        }

        public Builder optModelPath(String v) {
            modelPath = Objects.requireNonNull(v, "modelPath").trim();
            return this;
        }

        /** Analysis binning factor 1–64, or {@link #AUTO_BINNING} (the default). */
        public Builder optAnalysisBinning(int v) {
            analysisBinning = v;
            return this;
        }

        /** Ring slots, a power of two ≥ 4 (default {@value FramePipeline#DEFAULT_RING_SIZE}). */
        public Builder optRingSlots(int v) {
            ringSlots = v;
            return this;
        }

        /** See {@link RunSettings#lowLatencyWaits()} (default false). */
        public Builder optLowLatencyWaits(boolean v) {
            lowLatencyWaits = v;
            return this;
        }

        public Builder optRefocus(boolean enabled, double maxStepUm) {
            refocus = enabled;
            refocusMaxStepUm = maxStepUm;
            return this;
        }

        public Builder optTrack(boolean enabled, double maxStepUm) {
            track = enabled;
            trackMaxStepUm = maxStepUm;
            return this;
        }

        public Builder optTrigger(boolean enabled, int minDetections, int burstFrames) {
            trigger = enabled;
            triggerMinDetections = minDetections;
            triggerBurstFrames = burstFrames;
            return this;
        }

        /** See {@link RunSettings#triggerLabel()}; {@code ""} = any detection. */
        public Builder optTriggerLabel(String v) {
            triggerLabel = Objects.requireNonNull(v, "triggerLabel").trim();
            return this;
        }

        /** See {@link RunSettings#hiResPreset()}; {@code ""} = as {@code reflex acquire} chooses. */
        public Builder optHiResPreset(String v) {
            hiResPreset = Objects.requireNonNull(v, "hiResPreset").trim();
            return this;
        }

        /** See {@link RunSettings#runsFolder()}; {@code ""} = {@code ~/Reflex/runs}. */
        public Builder optRunsFolder(String v) {
            runsFolder = Objects.requireNonNull(v, "runsFolder").trim();
            return this;
        }

        /** See {@link RunSettings#objectiveGroup()}; {@code ""} = the group that switches pixel sizes. */
        public Builder optObjectiveGroup(String v) {
            objectiveGroup = Objects.requireNonNull(v, "objectiveGroup").trim();
            return this;
        }

        /**
         * The objectives' optics: NA per preset as {@code "10X=0.3, 40X=0.75"} ({@code ""}: none, the default),
         * immersion index (default 1.0) and emission wavelength, nm (default 520); see
         * {@link RunSettings#depthOfFieldUm}.
         */
        public Builder optOptics(String apertures, double immersion, double emission) {
            objectiveApertures = Objects.requireNonNull(apertures, "apertures").trim();
            immersionIndex = immersion;
            emissionNm = emission;
            return this;
        }

        public Builder optAdaptiveRate(boolean enabled, double minMs, double maxMs) {
            adaptiveRate = enabled;
            minIntervalMs = minMs;
            maxIntervalMs = maxMs;
            return this;
        }

        public Builder optZLimits(double minUm, double maxUm) {
            zMinUm = minUm;
            zMaxUm = maxUm;
            return this;
        }

        public Builder optMaxSteps(double zUm, double xyUm) {
            maxZStepUm = zUm;
            maxXyStepUm = xyUm;
            return this;
        }

        public Builder optMinMoveIntervalMs(double v) {
            minMoveIntervalMs = v;
            return this;
        }

        public Builder optDryRun(boolean v) {
            dryRun = v;
            return this;
        }

        public RunSettings build() {
            return new RunSettings(this);
        }
    }
}
