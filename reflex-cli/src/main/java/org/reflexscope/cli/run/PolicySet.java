package org.reflexscope.cli.run;

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
import org.reflexscope.cli.UserInputException;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.track.TargetSelector;
import org.reflexscope.policy.track.TrackPolicy;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;

/**
 * The policies of a run, from {@code --policies} and {@code --set <policy>.<parameter>=<value>}, with defaults
 * derived from the microscope (frame interval, objectives). Every parameter a user can set is listed in
 * {@link #PARAMETERS}; an unknown one is an error naming the valid ones.
 */
public final class PolicySet {
    /** Policy names accepted by {@code --policies}, in arbitration order (highest priority first). */
    public static final List<String> NAMES = List.of("hires", "refocus", "track", "rate");

    /** Every settable parameter with its meaning (and unit), by policy. */
    public static final Map<String, Map<String, String>> PARAMETERS;

    static {
        Map<String, Map<String, String>> p = new LinkedHashMap<>();
        p.put("refocus", params("stepUm", "hill-climb step, µm (keep below the depth of field)",
                "everyFrames", "make a hold correction every this many analysed frames",
                "dropFraction", "start a full search when the focus score falls below this fraction of the best (0..1)",
                "searchRangeUm", "half-range of a full search, µm",
                "coarseStepUm", "coarse search step, µm", "fineStepUm", "fine search step, µm",
                "warmupFrames", "frames before a drop may start a search"));
        p.put("track", params("selector", "how to pick the target: nearest_centre (default), largest, brightest, highest_score or id",
                "targetId", "detection id to follow (selector id)", "label", "only follow detections with this label",
                "gateUm", "largest movement between analysed frames that still matches, µm",
                "deadbandUm", "no move while the target is this close to the centre, µm",
                "maxStepUm", "longest move per decision, µm", "lostAfterFrames", "frames without a match before the "
                + "target is dropped"));
        p.put("hires", params("objective", "high-resolution objective preset",
                "acquire", "zstack or burst", "frames", "burst length", "zRangeUm", "z-stack half range, µm",
                "zStepUm", "z-stack step, µm", "label", "detection label that counts as an event (\"\" = any)",
                "minScore", "least detection score that counts", "minElongation", "least elongation that counts",
                "consecutiveFrames", "analysed frames the criterion must hold", "cooldownS", "least time between "
                + "two acquisitions, s", "budget", "most acquisitions per run", "centre", "centre on the target first "
                + "(true/false)"));
        p.put("rate", params("slowMs", "slow frame interval, ms", "fastMs", "fast frame interval, ms",
                "lower", "event score at or below which fast mode ends", "upper", "event score at or above which "
                + "fast mode starts", "minFastDwellS", "least time in fast mode, s", "label", "read the event score "
                + "from detections with this label (\"\" = the frame's event score)"));
        PARAMETERS = Collections.unmodifiableMap(p);
    }

    private final List<AcquisitionPolicy> policies;
    private final Map<String, String> resolved;

    private PolicySet(List<AcquisitionPolicy> policies, Map<String, String> resolved) {
        this.policies = Collections.unmodifiableList(policies);
        this.resolved = Collections.unmodifiableMap(resolved);
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Defaults the microscope suggests (frame interval in ms, objective names, current objective). */
    public static final class Defaults {
        final double frameIntervalMs;
        final String hiResObjective;

        /**
         * @param frameIntervalMs the camera's normal interval: the fast rate, the slow one 10× it
         * @param hiResObjective the objective high-resolution triggers switch to ({@code ""} when there is none)
         */
        public Defaults(double frameIntervalMs, String hiResObjective) {
            this.frameIntervalMs = frameIntervalMs;
            this.hiResObjective = hiResObjective;
        }
    }

    /**
     * Builds the policies.
     *
     * @param names policy names (see {@link #NAMES}), or {@code all} / {@code none}
     * @param settings {@code policy.parameter → value}
     * @throws UserInputException for an unknown policy or parameter, or a value that does not parse or is out of
     *     range (the message names it and the allowed ones)
     */
    public static PolicySet build(List<String> names, Map<String, String> settings, Defaults d)
            throws UserInputException {
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
                throw new UserInputException("Unknown policy '" + n + "' in --policies: choose from " + NAMES
                        + ", 'all' or 'none'");
            }
        }
        Map<String, Map<String, String>> byPolicy = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            String policy = dot < 0 ? key : key.substring(0, dot);
            String param = dot < 0 ? "" : key.substring(dot + 1);
            Map<String, String> allowed = PARAMETERS.get(policy);
            if (allowed == null) {
                throw new UserInputException("--set " + key + ": unknown policy '" + policy + "'; parameters are "
                        + "<policy>.<name> with policy one of " + NAMES);
            }
            if (!allowed.containsKey(param)) {
                throw new UserInputException("--set " + key + ": unknown parameter '" + param + "' of " + policy
                        + "; valid ones are " + allowed.keySet() + " (see `reflex run --help`)");
            }
            if (!chosen.contains(policy)) {
                throw new UserInputException("--set " + key + " configures policy '" + policy + "', which is not "
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
                    out.add(refocus(p));
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

    private static AcquisitionPolicy refocus(Params p) throws UserInputException {
        RefocusPolicy.Builder b = RefocusPolicy.builder();
        try {
            b.optStepUm(p.num("stepUm", 0.5)).optEveryFrames(p.integer("everyFrames", 1))
                    .optDropFraction(p.num("dropFraction", 0.3)).optSearchRangeUm(p.num("searchRangeUm", 5))
                    .optSearchStepsUm(p.num("coarseStepUm", 1), p.num("fineStepUm", 0.5))
                    .optWarmupFrames(p.integer("warmupFrames", 3));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw p.invalid(e);
        }
    }

    private static AcquisitionPolicy track(Params p) throws UserInputException {
        TrackPolicy.Builder b = TrackPolicy.builder();
        try {
            String sel = p.text("selector", "nearest_centre").toUpperCase(Locale.ROOT);
            TargetSelector selector;
            try {
                selector = TargetSelector.valueOf(sel);
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--set track.selector=" + sel.toLowerCase(Locale.ROOT) + ": choose "
                        + "nearest_centre, largest, brightest, highest_score or id");
            }
            b.optSelector(selector);
            if (selector == TargetSelector.ID) {
                b.optTargetId(p.integer("targetId", 0));
            }
            b.optLabel(p.text("label", "")).optGateUm(p.num("gateUm", 10)).optDeadbandUm(p.num("deadbandUm", 2))
                    .optMaxStepUm(p.num("maxStepUm", 20)).optLostAfterFrames(p.integer("lostAfterFrames", 5));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw p.invalid(e);
        }
    }

    private static AcquisitionPolicy hires(Params p, Defaults d) throws UserInputException {
        String objective = p.text("objective", d.hiResObjective);
        if (objective.isEmpty()) {
            throw new UserInputException("Policy hires needs a high-resolution objective and the microscope has "
                    + "only one: set --set hires.objective=<preset>, or leave hires out of --policies");
        }
        try {
            String kind = p.text("acquire", "zstack").toLowerCase(Locale.ROOT);
            AcquisitionRequest request;
            if (kind.equals("zstack")) {
                double range = p.num("zRangeUm", 2);
                request = AcquisitionRequest.zStack(-range, range, p.num("zStepUm", 1));
            } else if (kind.equals("burst")) {
                request = AcquisitionRequest.burst(p.integer("frames", 5));
            } else {
                throw new UserInputException("--set hires.acquire=" + kind + ": choose zstack or burst");
            }
            TriggerCriterion c = TriggerCriterion.any().withLabel(p.text("label", "dividing"))
                    .withMinScore(p.fraction("minScore", 0)).withMinElongation(p.num("minElongation", 1.0));
            HighResTriggerPolicy.Builder b = HighResTriggerPolicy.builder(objective, request.withName("hires"))
                    .optCriterion(c).optConsecutiveFrames(p.integer("consecutiveFrames", 3))
                    .optCooldown(Duration.ofMillis(Math.round(p.num("cooldownS", 2) * 1000)))
                    .optBudget(p.integer("budget", 20)).optCentre(Boolean.parseBoolean(p.text("centre", "true")));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw p.invalid(e);
        }
    }

    private static AcquisitionPolicy rate(Params p, Defaults d) throws UserInputException {
        double fast = p.num("fastMs", d.frameIntervalMs);
        double slow = p.num("slowMs", d.frameIntervalMs * 10);
        try {
            // upper 0.5: the division scorer labels a cell "dividing" from probability 0.5, so every labelled cell
            // also switches to the fast rate, where the trigger gets its consecutive frames
            AdaptiveRatePolicy.Builder b = AdaptiveRatePolicy.builder(slow, fast, p.fraction("lower", 0.3),
                    p.fraction("upper", 0.5)).optMinFastDwell(Duration.ofMillis(Math.round(p.num("minFastDwellS", 3)
                            * 1000)));
            String label = p.text("label", "");
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
     * @throws UserInputException naming the objective, the valid ones and the option to change
     */
    public void checkObjectives(java.util.Collection<String> objectives, java.util.Collection<String> allowed)
            throws UserInputException {
        String hi = resolved.get("hires.objective");
        if (hi == null) {
            return;
        }
        if (!objectives.contains(hi)) {
            throw new UserInputException("--set hires.objective=" + hi + ": the microscope has no objective '" + hi
                    + "'; its objectives are " + objectives + " (names are case-sensitive)");
        }
        if (!allowed.contains(hi)) {
            throw new UserInputException("hires.objective " + hi + " is not in --allow-objectives " + allowed
                    + ": the safety envelope would reject every trigger. Add it to --allow-objectives or choose"
                    + " one of " + allowed + " with --set hires.objective");
        }
    }

    /** The policies, in arbitration order. */
    public List<AcquisitionPolicy> policies() {
        return policies;
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

        double num(String name, double dflt) throws UserInputException {
            String v = given.get(name);
            double x = dflt;
            if (v != null) {
                try {
                    x = Double.parseDouble(v.trim());
                } catch (NumberFormatException e) {
                    throw new UserInputException("--set " + policy + "." + name + "=" + v + ": not a number ("
                            + PARAMETERS.get(policy).get(name) + ")");
                }
            }
            resolved.put(policy + "." + name, Double.toString(x));
            return x;
        }

        /** A score threshold: a number from 0 to 1, as the scores it is compared with. */
        double fraction(String name, double dflt) throws UserInputException {
            double x = num(name, dflt);
            if (!(x >= 0 && x <= 1)) {
                throw new UserInputException("--set " + policy + "." + name + "=" + given.get(name) + ": out of range;"
                        + " scores run from 0 to 1, so a threshold outside [0, 1] is never crossed ("
                        + PARAMETERS.get(policy).get(name) + ")");
            }
            return x;
        }

        int integer(String name, int dflt) throws UserInputException {
            String v = given.get(name);
            int x = dflt;
            if (v != null) {
                try {
                    x = Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    throw new UserInputException("--set " + policy + "." + name + "=" + v + ": not a whole number ("
                            + PARAMETERS.get(policy).get(name) + ")");
                }
            }
            resolved.put(policy + "." + name, Integer.toString(x));
            return x;
        }

        String text(String name, String dflt) {
            String v = given.getOrDefault(name, dflt);
            resolved.put(policy + "." + name, v);
            return v;
        }

        UserInputException invalid(IllegalArgumentException e) {
            return new UserInputException("Policy " + policy + ": " + e.getMessage() + " (check its --set "
                    + policy + ".* values)", e);
        }
    }
}
