package org.reflexscope.policy.recipe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.refocus.RefocusSteps;
import org.reflexscope.policy.signal.SignalChecks;
import org.reflexscope.policy.signal.SignalMonitor;
import org.reflexscope.policy.track.TargetSelector;
import org.reflexscope.policy.track.TrackPolicy;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;

/**
 * The policies of a run, from {@code --policies} and {@code --set <policy>.<parameter>=<value>}, with defaults
 * derived from the microscope (frame interval, objectives). Every parameter a user can set is listed in
 * {@link #PARAMETERS}; an unknown one is an error naming the valid ones.
 *
 * <p>It is long because it holds the table of every parameter (meaning, unit, default, range) beside the code that
 * reads and checks each of them for the four policies, so that the table and what runs cannot drift apart.
 */
public final class PolicySet {
    /** Policy names accepted by {@code --policies}, in arbitration order (highest priority first). */
    public static final List<String> NAMES = List.of("hires", "refocus", "track", "rate");

    /** What each policy does, one line, by name. */
    public static final Map<String, String> PURPOSES;

    /**
     * Every parameter a user can set, by policy then name, with its meaning, unit, default and range: the one
     * place the defaults live ({@code reflex policies} prints it).
     */
    public static final Map<String, Map<String, PolicyParameter>> PARAMETERS;

    private static final double INF = Double.POSITIVE_INFINITY;

    static {
        Map<String, String> purposes = new LinkedHashMap<>();
        purposes.put("hires", "switch to the high-resolution objective and take a z-stack or burst when a cell "
                + "starts to divide");
        purposes.put("refocus", "keep the sample in focus: small hill-climb corrections, a full search when the "
                + "focus score drops");
        purposes.put("track", "keep one target cell in the centre of the field by moving the XY stage");
        purposes.put("rate", "image slowly while nothing happens and fast while an event is under way");
        PURPOSES = Collections.unmodifiableMap(purposes);
        List<PolicyParameter> all = List.of(
                PolicyParameter.number("refocus", "stepUm", "µm", RefocusPolicy.DEFAULT_STEP_UM, 0, false, INF, false,
                        "hill-climb step; keep it below the depth of field")
                        .derivedDefault("depth of field / 6 (0.5 µm when the optics are unknown)"),
                PolicyParameter.integer("refocus", "everyFrames", "frames", RefocusPolicy.DEFAULT_EVERY_FRAMES, 1,
                        "make a hold correction every this many analysed frames"),
                PolicyParameter.number("refocus", "dropFraction", "", RefocusPolicy.DEFAULT_DROP_FRACTION,
                        0, false, 1, false,
                        "start a full search when the focus score falls below this fraction of the best"),
                PolicyParameter.number("refocus", "searchRangeUm", "µm", RefocusPolicy.DEFAULT_SEARCH_RANGE_UM,
                        0, false, INF, false,
                        "half-range of a full search around the current Z")
                        .derivedDefault("5 x depth of field / 3 (5 µm when the optics are unknown)"),
                PolicyParameter.number("refocus", "coarseStepUm", "µm", RefocusPolicy.DEFAULT_COARSE_STEP_UM,
                        0, false, INF, false,
                        "coarse step of a full search")
                        .derivedDefault("depth of field / 3 (1 µm when the optics are unknown)"),
                PolicyParameter.number("refocus", "fineStepUm", "µm", RefocusPolicy.DEFAULT_FINE_STEP_UM,
                        0, false, INF, false,
                        "fine step of a full search; smaller than coarseStepUm")
                        .derivedDefault("depth of field / 6 (0.5 µm when the optics are unknown)"),
                PolicyParameter.integer("refocus", "warmupFrames", "frames", RefocusPolicy.DEFAULT_WARMUP_FRAMES, 0,
                        "analysed frames before a drop in focus score may start a search"),
                PolicyParameter.number("refocus", "maxSaturatedFraction", "",
                        RefocusPolicy.DEFAULT_MAX_SATURATED_FRACTION, 0, true, 1, true,
                        "frames with more of their pixels at the camera's largest value are not used for focus "
                        + "(1 = use every frame)"),
                PolicyParameter.number("refocus", "minStructure", "", SignalChecks.DEFAULT_MIN_STRUCTURE,
                        0, true, INF, false,
                        "frames whose structure (pixel spread over pixel noise, 1 = noise alone) is lower are not "
                        + "used for focus (0 = use every frame)"),
                PolicyParameter.choice("track", "selector", List.of("nearest_centre", "largest", "brightest",
                        "highest_score", "id"), "how to pick the target among the detections"),
                PolicyParameter.integer("track", "targetId", "", 0, 0, "detection id to follow (selector id)"),
                PolicyParameter.text("track", "label", "", "only follow detections with this label (\"\" = any)"),
                PolicyParameter.number("track", "gateUm", "µm", TrackPolicy.DEFAULT_GATE_UM, 0, false, INF, false,
                        "largest movement between analysed frames that still counts as the same target"),
                PolicyParameter.number("track", "deadbandUm", "µm", TrackPolicy.DEFAULT_DEADBAND_UM,
                        0, true, INF, false,
                        "no move while the target is this close to the centre"),
                PolicyParameter.number("track", "maxStepUm", "µm", TrackPolicy.DEFAULT_MAX_STEP_UM,
                        0, false, INF, false,
                        "longest move per decision"),
                PolicyParameter.integer("track", "lostAfterFrames", "frames", TrackPolicy.DEFAULT_LOST_AFTER_FRAMES, 1,
                        "analysed frames without a match before the target is dropped"),
                PolicyParameter.number("track", "minContrast", "", SignalChecks.DEFAULT_MIN_TRACK_CONTRAST,
                        0, true, INF, false,
                        "least contrast (score over the frame's detection threshold) of a detection that may be "
                        + "followed (0 = any)"),
                PolicyParameter.text("hires", "objective", "", "objective preset for the acquisition")
                        .derivedDefault("the finest objective other than the live one"),
                PolicyParameter.choice("hires", "acquire", List.of("zstack", "burst"),
                        "a z-stack around the focus, or a burst of frames"),
                PolicyParameter.integer("hires", "frames", "frames", 5, 1, "burst length (acquire burst)"),
                PolicyParameter.number("hires", "zRangeUm", "µm", 2, 0, true, INF, false,
                        "z-stack half range: the stack spans focus - range to focus + range"),
                PolicyParameter.number("hires", "zStepUm", "µm", 1, 0, false, INF, false, "z-stack step"),
                PolicyParameter.text("hires", "label", "dividing",
                        "detection label that counts as an event (\"\" = any detection)"),
                PolicyParameter.number("hires", "minScore", "", 0, 0, true, 1, true,
                        "least detection score that counts (scores run from 0 to 1)"),
                PolicyParameter.number("hires", "minElongation", "", 1.0, -INF, false, INF, false,
                        "least elongation (long / short axis) that counts; 1 = any shape"),
                PolicyParameter.integer("hires", "consecutiveFrames", "frames",
                        HighResTriggerPolicy.DEFAULT_CONSECUTIVE_FRAMES, 1,
                        "analysed frames in a row the criterion must hold before acquiring"),
                PolicyParameter.number("hires", "cooldownS", "s", HighResTriggerPolicy.DEFAULT_COOLDOWN_S,
                        0, true, INF, false,
                        "least time between two acquisitions"),
                PolicyParameter.integer("hires", "budget", "acquisitions", HighResTriggerPolicy.DEFAULT_BUDGET, 0,
                        "most acquisitions per run; once spent, later events are not captured"),
                PolicyParameter.choice("hires", "centre", List.of("true", "false"),
                        "centre the stage on the event before acquiring"),
                PolicyParameter.number("rate", "slowMs", "ms", 0, 0, false, INF, false,
                        "frame interval while nothing happens; more than fastMs")
                        .derivedDefault("10 x the camera's frame interval"),
                PolicyParameter.number("rate", "fastMs", "ms", 0, 0, true, INF, false,
                        "frame interval during an event").derivedDefault("the camera's frame interval"),
                PolicyParameter.number("rate", "lower", "", 0.3, 0, true, 1, true,
                        "event score at or below which fast imaging ends; less than upper (scores run from 0 to 1)"),
                // upper 0.5: the division scorer labels a cell "dividing" from probability 0.5, so every labelled
                // cell also switches to the fast rate, where the trigger gets its consecutive frames
                PolicyParameter.number("rate", "upper", "", 0.5, 0, true, 1, true,
                        "event score at or above which fast imaging starts (scores run from 0 to 1)"),
                PolicyParameter.number("rate", "minFastDwellS", "s", AdaptiveRatePolicy.DEFAULT_MIN_FAST_DWELL_S,
                        0, true, INF, false,
                        "least time in fast imaging once it started"),
                PolicyParameter.text("rate", "label", "",
                        "read the event score from detections with this label (\"\" = the frame's event score)"));
        Map<String, Map<String, PolicyParameter>> p = new LinkedHashMap<>();
        for (String name : NAMES) {
            p.put(name, new LinkedHashMap<>());
        }
        for (PolicyParameter x : all) {
            p.get(x.policy()).put(x.name(), x);
        }
        p.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        PARAMETERS = Collections.unmodifiableMap(p);
    }

    private final List<AcquisitionPolicy> policies;
    private final Map<String, String> resolved;

    private PolicySet(List<AcquisitionPolicy> policies, Map<String, String> resolved) {
        this.policies = Collections.unmodifiableList(policies);
        this.resolved = Collections.unmodifiableMap(resolved);
    }

    /**
     * Defaults the microscope and the sample suggest: the frame interval (the rate policy's), the objective
     * high-resolution triggers switch to, the live objective's depth of field, and what {@code auto} in the policy
     * selection enables.
     */
    public static final class Defaults {
        final double frameIntervalMs;
        final String hiResObjective;
        final double depthOfFieldUm;
        final boolean hasTarget;
        final boolean hasEvents;

        /** Defaults with the depth of field unknown (refocus then uses {@link RefocusSteps#UNKNOWN_OPTICS}). */
        public Defaults(double frameIntervalMs, String hiResObjective) {
            this(frameIntervalMs, hiResObjective, Double.NaN);
        }

        /**
         * Defaults for a sample that is not known in advance (a real microscope): {@code auto} enables refocus.
         *
         * @param frameIntervalMs the camera's normal interval: the fast rate, the slow one 10× it
         * @param hiResObjective the objective high-resolution triggers switch to ({@code ""} when there is none)
         * @param depthOfFieldUm the live objective's total depth of field, µm ({@code NaN} when unknown): refocus
         *     steps not set by the user scale with it ({@link RefocusSteps#forDepthOfField})
         */
        public Defaults(double frameIntervalMs, String hiResObjective, double depthOfFieldUm) {
            this(frameIntervalMs, hiResObjective, depthOfFieldUm, false, false);
        }

        private Defaults(double frameIntervalMs, String hiResObjective, double depthOfFieldUm, boolean hasTarget,
                boolean hasEvents) {
            this.frameIntervalMs = frameIntervalMs;
            this.hiResObjective = hiResObjective;
            this.depthOfFieldUm = depthOfFieldUm;
            this.hasTarget = hasTarget;
            this.hasEvents = hasEvents;
        }

        /**
         * The same defaults for a sample known to have a target to track ({@code hasTarget}) and events to
         * capture ({@code hasEvents}), as a simulated scenario states.
         */
        public Defaults withSample(boolean target, boolean events) {
            return new Defaults(frameIntervalMs, hiResObjective, depthOfFieldUm, target, events);
        }
    }

    /**
     * The policies {@code asked} names, with {@code auto} replaced by what the sample calls for: refocus always;
     * track when it has a target; hires and rate when it has events and a finer objective exists.
     */
    public static List<String> expandAuto(List<String> asked, Defaults d) {
        List<String> out = new ArrayList<>();
        for (String a : asked) {
            if (!a.trim().equalsIgnoreCase(RunRecipe.AUTO_POLICIES)) {
                out.add(a);
                continue;
            }
            out.add("refocus");
            if (d.hasTarget) {
                out.add("track");
            }
            if (d.hasEvents && !d.hiResObjective.isEmpty()) {
                out.add("hires");
                out.add("rate");
            }
        }
        return out;
    }

    /**
     * Builds the policies {@code recipe} enables, with its parameters.
     *
     * @throws RecipeException as {@link #build(List, Map, Defaults)}
     */
    public static PolicySet build(RunRecipe recipe, Defaults d) throws RecipeException {
        return build(expandAuto(recipe.policies(), d), recipe.parameters(), d);
    }

    /**
     * The default of {@code key} ({@code policy.parameter}) as {@code --set} would take it, or null when the
     * microscope gives it.
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public static String defaultValue(String key) {
        int dot = key.indexOf('.');
        PolicyParameter p = dot < 0 ? null : PARAMETERS.getOrDefault(key.substring(0, dot), Map.of())
                .get(key.substring(dot + 1));
        if (p == null) {
            throw new IllegalArgumentException("No policy parameter " + key);
        }
        return p.defaultValue();
    }

    /**
     * {@code parameters} without the entries that only repeat a default of {@link #PARAMETERS} (numbers compared
     * as numbers); unknown keys stay, for {@link #build} to refuse.
     */
    static Map<String, String> withoutDefaults(Map<String, String> parameters) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            PolicyParameter p = dot < 0 || !PARAMETERS.containsKey(key.substring(0, dot)) ? null
                    : PARAMETERS.get(key.substring(0, dot)).get(key.substring(dot + 1));
            if (p == null || p.defaultValue() == null || !sameValue(p, p.defaultValue(), e.getValue())) {
                out.put(key, e.getValue());
            }
        }
        return out;
    }

    private static boolean sameValue(PolicyParameter p, String a, String b) {
        if (p.kind() == PolicyParameter.Kind.NUMBER || p.kind() == PolicyParameter.Kind.INTEGER) {
            try {
                return Double.parseDouble(a.trim()) == Double.parseDouble(b.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return p.kind() == PolicyParameter.Kind.CHOICE ? a.trim().equalsIgnoreCase(b.trim())
                : a.trim().equals(b.trim());
    }

    /**
     * Builds the policies.
     *
     * @param names policy names (see {@link #NAMES}), or {@code all} / {@code none}
     * @param settings {@code policy.parameter → value}
     * @throws RecipeException for an unknown policy or parameter, or a value that does not parse or is out of
     *     range (the message names it and the allowed ones)
     */
    public static PolicySet build(List<String> names, Map<String, String> settings, Defaults d)
            throws RecipeException {
        Set<String> chosen = new LinkedHashSet<>();
        for (String n : names) {
            String k = n.trim().toLowerCase(Locale.ROOT);
            if (k.equals("all")) {
                chosen.addAll(NAMES);
            } else if (k.equals("none") || k.isEmpty()) {
                continue;
            } else if (NAMES.contains(k)) {
                chosen.add(k);
            } else {
                throw RecipeException.usage("Unknown policy '" + n + "' in --policies: choose from " + NAMES
                        + ", 'all' or 'none'");
            }
        }
        Map<String, Map<String, String>> byPolicy = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            String policy = dot < 0 ? key : key.substring(0, dot);
            String param = dot < 0 ? "" : key.substring(dot + 1);
            Map<String, PolicyParameter> allowed = PARAMETERS.get(policy);
            if (allowed == null) {
                throw RecipeException.usage("--set " + key + ": unknown policy '" + policy + "'; parameters are "
                        + "<policy>.<name> with policy one of " + NAMES + "; `reflex policies` lists them all");
            }
            if (!allowed.containsKey(param)) {
                throw RecipeException.usage("--set " + key + ": unknown parameter '" + param + "' of " + policy
                        + "; valid ones are " + allowed.keySet() + " (`reflex policies` explains each)");
            }
            if (!chosen.contains(policy)) {
                throw RecipeException.usage("--set " + key + " configures policy '" + policy + "', which is not "
                        + "enabled: add it to --policies");
            }
            byPolicy.computeIfAbsent(policy, x -> new LinkedHashMap<>()).put(param, e.getValue());
        }
        List<AcquisitionPolicy> out = new ArrayList<>();
        Map<String, String> resolved = new LinkedHashMap<>();
        for (String name : NAMES) {
            if (!chosen.contains(name)) {
                continue;
            }
            Params p = new Params(name, byPolicy.getOrDefault(name, Map.of()), resolved);
            switch (name) {
                case "refocus":
                    out.add(refocus(p, d));
                    break;
                case "track":
                    out.add(track(p));
                    break;
                case "hires":
                    out.add(hires(p, d));
                    break;
                default:
                    out.add(rate(p, d));
                    break;
            }
        }
        return new PolicySet(out, resolved);
    }

    private static AcquisitionPolicy refocus(Params p, Defaults d) throws RecipeException {
        RefocusPolicy.Builder b = RefocusPolicy.builder();
        RefocusSteps steps = d.depthOfFieldUm > 0 && Double.isFinite(d.depthOfFieldUm)
                ? RefocusSteps.forDepthOfField(d.depthOfFieldUm) : RefocusSteps.UNKNOWN_OPTICS;
        try {
            b.optStepUm(p.num("stepUm", steps.holdStepUm())).optEveryFrames(p.integer("everyFrames"))
                    .optDropFraction(p.num("dropFraction"))
                    .optSearchRangeUm(p.num("searchRangeUm", steps.searchRangeUm()))
                    .optSearchStepsUm(p.num("coarseStepUm", steps.coarseStepUm()),
                            p.num("fineStepUm", steps.fineStepUm()))
                    .optWarmupFrames(p.integer("warmupFrames"))
                    .optMaxSaturatedFraction(p.num("maxSaturatedFraction"))
                    .optMinStructure(p.num("minStructure"));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw p.invalid(e);
        }
    }

    private static AcquisitionPolicy track(Params p) throws RecipeException {
        TrackPolicy.Builder b = TrackPolicy.builder();
        try {
            String sel = p.text("selector").toUpperCase(Locale.ROOT);
            TargetSelector selector;
            try {
                selector = TargetSelector.valueOf(sel);
            } catch (IllegalArgumentException e) {
                throw RecipeException.usage("--set track.selector=" + sel.toLowerCase(Locale.ROOT) + ": choose "
                        + "nearest_centre, largest, brightest, highest_score or id");
            }
            b.optSelector(selector);
            if (selector == TargetSelector.ID) {
                b.optTargetId(p.integer("targetId"));
            }
            b.optLabel(p.text("label")).optGateUm(p.num("gateUm")).optDeadbandUm(p.num("deadbandUm"))
                    .optMaxStepUm(p.num("maxStepUm")).optLostAfterFrames(p.integer("lostAfterFrames"))
                    .optMinContrast(p.num("minContrast"));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw p.invalid(e);
        }
    }

    private static AcquisitionPolicy hires(Params p, Defaults d) throws RecipeException {
        String objective = p.text("objective", d.hiResObjective);
        if (objective.isEmpty()) {
            throw RecipeException.input("Policy hires needs a high-resolution objective and the microscope has "
                    + "only one: set --set hires.objective=<preset>, or leave hires out of --policies");
        }
        try {
            String kind = p.text("acquire").toLowerCase(Locale.ROOT);
            AcquisitionRequest request;
            if (kind.equals("zstack")) {
                double range = p.num("zRangeUm");
                request = AcquisitionRequest.zStack(-range, range, p.num("zStepUm"));
            } else if (kind.equals("burst")) {
                request = AcquisitionRequest.burst(p.integer("frames"));
            } else {
                throw RecipeException.usage("--set hires.acquire=" + kind + ": choose zstack or burst");
            }
            TriggerCriterion c = TriggerCriterion.any().withLabel(p.text("label"))
                    .withMinScore(p.num("minScore")).withMinElongation(p.num("minElongation"));
            HighResTriggerPolicy.Builder b = HighResTriggerPolicy.builder(objective, request.withName("hires"))
                    .optCriterion(c).optConsecutiveFrames(p.integer("consecutiveFrames"))
                    .optCooldown(Duration.ofMillis(Math.round(p.num("cooldownS") * 1000)))
                    .optBudget(p.integer("budget")).optCentre(Boolean.parseBoolean(p.text("centre")));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw p.invalid(e);
        }
    }

    private static AcquisitionPolicy rate(Params p, Defaults d) throws RecipeException {
        double fast = p.num("fastMs", d.frameIntervalMs);
        double slow = p.num("slowMs", d.frameIntervalMs * 10);
        try {
            AdaptiveRatePolicy.Builder b = AdaptiveRatePolicy.builder(slow, fast, p.num("lower"),
                    p.num("upper")).optMinFastDwell(Duration.ofMillis(Math.round(p.num("minFastDwellS")
                            * 1000)));
            String label = p.text("label");
            if (!label.isEmpty()) {
                b.optEventLabel(label);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw p.invalid(e);
        }
    }

    /**
     * Checks that the objective high-resolution triggers switch to exists and that the safety envelope allows it;
     * otherwise every trigger would be rejected and the run would capture nothing.
     *
     * @param objectives the microscope's objective presets
     * @param allowed the objective presets the envelope allows
     * @throws RecipeException naming the objective, the valid ones and the option to change
     */
    public void checkObjectives(java.util.Collection<String> objectives, java.util.Collection<String> allowed)
            throws RecipeException {
        String hi = resolved.get("hires.objective");
        if (hi == null) {
            return;
        }
        if (!objectives.contains(hi)) {
            throw RecipeException.input("--set hires.objective=" + hi + ": the microscope has no objective '" + hi
                    + "'; its objectives are " + objectives + " (names are case-sensitive)");
        }
        if (!allowed.contains(hi)) {
            throw RecipeException.input("hires.objective " + hi + " is not in --allow-objectives " + allowed
                    + ": the safety envelope would reject every trigger. Add it to --allow-objectives or choose"
                    + " one of " + allowed + " with --set hires.objective");
        }
    }

    /** The policies, in arbitration order. */
    public List<AcquisitionPolicy> policies() {
        return policies;
    }

    /**
     * A {@link SignalMonitor} builder watching for what these policies need: every policy but refocus uses
     * detections, refocus holds below its {@code minStructure} and tracking below its {@code minContrast}, so the
     * alarms name the policies they hold. Every run of these policies (the CLI's and the Micro-Manager panel's)
     * listens with one.
     */
    public SignalMonitor.Builder signalMonitor() {
        SignalMonitor.Builder b = SignalMonitor.builder();
        for (AcquisitionPolicy p : policies) {
            if (p instanceof RefocusPolicy) {
                b.optFocusUser(p.name(), ((RefocusPolicy) p).minStructure());
            } else {
                b.addDetectionUser(p.name());
            }
            if (p instanceof TrackPolicy) {
                b.optTrackUser(p.name(), ((TrackPolicy) p).minContrast());
            }
        }
        return b;
    }

    /** Every parameter as used (defaults included), {@code policy.parameter → value}, for settings.json. */
    public Map<String, String> resolved() {
        return resolved;
    }

    /** Reads one policy's parameters, recording the values used. */
    private static final class Params {
        private final String policy;
        private final Map<String, String> given;
        private final Map<String, String> resolved;

        Params(String policy, Map<String, String> given, Map<String, String> resolved) {
            this.policy = policy;
            this.given = given;
            this.resolved = resolved;
        }

        /** A number, its default from {@link #PARAMETERS}. */
        double num(String name) throws RecipeException {
            return num(name, Double.parseDouble(param(name).defaultValue()));
        }

        /** A number whose default the microscope gives. */
        double num(String name, double dflt) throws RecipeException {
            String v = given.get(name);
            double x = dflt;
            if (v != null) {
                try {
                    x = Double.parseDouble(v.trim());
                } catch (NumberFormatException e) {
                    throw refused(name, v, "not a number", "a number");
                }
                if (!param(name).accepts(x)) {
                    throw refused(name, v, "out of range", param(name).rangeText());
                }
            }
            resolved.put(policy + "." + name, Double.toString(x));
            return x;
        }

        int integer(String name) throws RecipeException {
            String v = given.get(name);
            int x = Integer.parseInt(param(name).defaultValue());
            if (v != null) {
                try {
                    x = Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    throw refused(name, v, "not a whole number", "a whole number");
                }
                if (!param(name).accepts(x)) {
                    throw refused(name, v, "out of range", param(name).rangeText());
                }
            }
            resolved.put(policy + "." + name, Integer.toString(x));
            return x;
        }

        /** Text or a choice (checked), its default from {@link #PARAMETERS}. */
        String text(String name) throws RecipeException {
            return text(name, param(name).defaultValue());
        }

        /** Text or a choice (checked) whose default the microscope gives. */
        String text(String name, String dflt) throws RecipeException {
            String v = given.getOrDefault(name, dflt).trim();
            PolicyParameter p = param(name);
            if (p.kind() == PolicyParameter.Kind.CHOICE && !p.choices().contains(v.toLowerCase(Locale.ROOT))) {
                throw refused(name, v, "not a choice", "one of " + String.join(", ", p.choices()));
            }
            resolved.put(policy + "." + name, v);
            return v;
        }

        private PolicyParameter param(String name) {
            return PARAMETERS.get(policy).get(name);
        }

        /** {@code --set refocus.stepUm=-1: out of range; expected > 0 µm (hill-climb step; ...; default 0.5 µm)}. */
        private RecipeException refused(String name, String value, String problem, String expected) {
            PolicyParameter p = param(name);
            return RecipeException.usage("--set " + p.key() + "=" + value + ": " + problem + "; expected " + expected
                    + (p.unit().isEmpty() || p.kind() == PolicyParameter.Kind.CHOICE ? "" : " " + p.unit())
                    + " (" + p.meaning() + "; default " + p.defaultText() + ")");
        }

        RecipeException invalid(IllegalArgumentException e) {
            return RecipeException.input("Policy " + policy + ": " + e.getMessage() + " (check its --set "
                    + policy + ".* values)", e);
        }
    }
}
