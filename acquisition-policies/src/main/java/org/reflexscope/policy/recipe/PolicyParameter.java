package org.reflexscope.policy.recipe;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One parameter a user can set with {@code --set <policy>.<name>=<value>}: what it means, its unit, its default
 * and the values it takes. {@link PolicySet} reads its defaults from here and checks values against the range,
 * and {@code reflex policies} prints this table, so the help cannot drift from what runs.
 */
public final class PolicyParameter {
    /** The kind of value a parameter takes. */
    public enum Kind {
        /** A decimal number. */
        NUMBER,
        /** A whole number. */
        INTEGER,
        /** One of {@link #choices()}. */
        CHOICE,
        /** Free text. */
        TEXT
    }

    private final String policy;
    private final String name;
    private final Kind kind;
    private final String unit;
    private final String defaultValue;
    private final String defaultText;
    private final double min;
    private final boolean minInclusive;
    private final double max;
    private final boolean maxInclusive;
    private final List<String> choices;
    private final String meaning;

    private PolicyParameter(String policy, String name, Kind kind, String unit, String defaultValue,
            String defaultText, double min, boolean minInclusive, double max, boolean maxInclusive,
            List<String> choices, String meaning) {
        this.policy = policy;
        this.name = name;
        this.kind = kind;
        this.unit = unit;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.min = min;
        this.minInclusive = minInclusive;
        this.max = max;
        this.maxInclusive = maxInclusive;
        this.choices = List.copyOf(choices);
        this.meaning = meaning;
    }

    /** A number in [{@code min}, {@code max}] (ends inclusive as flagged; infinite for no bound). */
    static PolicyParameter number(String policy, String name, String unit, double dflt, double min,
            boolean minInclusive, double max, boolean maxInclusive, String meaning) {
        return new PolicyParameter(policy, name, Kind.NUMBER, unit, plain(dflt), null, min, minInclusive, max,
                maxInclusive, List.of(), meaning);
    }

    /** A whole number of at least {@code min}. */
    static PolicyParameter integer(String policy, String name, String unit, int dflt, int min, String meaning) {
        return new PolicyParameter(policy, name, Kind.INTEGER, unit, Integer.toString(dflt), null, min, true,
                Double.POSITIVE_INFINITY, false, List.of(), meaning);
    }

    /** One of {@code choices}, the first being the default. */
    static PolicyParameter choice(String policy, String name, List<String> choices, String meaning) {
        return new PolicyParameter(policy, name, Kind.CHOICE, "", choices.get(0), null, Double.NEGATIVE_INFINITY,
                false, Double.POSITIVE_INFINITY, false, choices, meaning);
    }

    /** Free text. */
    static PolicyParameter text(String policy, String name, String dflt, String meaning) {
        return new PolicyParameter(policy, name, Kind.TEXT, "", dflt, null, Double.NEGATIVE_INFINITY, false,
                Double.POSITIVE_INFINITY, false, List.of(), meaning);
    }

    /** The same parameter whose default comes from the microscope, described in words (e.g. its frame interval). */
    PolicyParameter derivedDefault(String words) {
        return new PolicyParameter(policy, name, kind, unit, null, words, min, minInclusive, max, maxInclusive,
                choices, meaning);
    }

    public String policy() {
        return policy;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The unit ({@code µm}, {@code ms}, {@code s}, {@code frames}, ...), {@code ""} for none. */
    public String unit() {
        return unit;
    }

    /** The default as {@code --set} would take it, or null when it comes from the microscope. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The default in words: the value with its unit, {@code "" (any)}, or what the microscope gives. */
    public String defaultText() {
        if (defaultText != null) {
            return defaultText;
        }
        if (defaultValue.isEmpty()) {
            return "\"\" (none)";
        }
        return unit.isEmpty() ? defaultValue : defaultValue + " " + unit;
    }

    public List<String> choices() {
        return choices;
    }

    public String meaning() {
        return meaning;
    }

    /** The values it takes, in words: {@code > 0}, {@code 0 to 1 (exclusive)}, {@code zstack or burst}, ... */
    public String rangeText() {
        switch (kind) {
            case CHOICE:
                return String.join(" | ", choices);
            case TEXT:
                return "text";
            default:
                String lo = Double.isInfinite(min) ? null : (minInclusive ? ">= " : "> ") + plain(min);
                String hi = Double.isInfinite(max) ? null : (maxInclusive ? "<= " : "< ") + plain(max);
                String r = lo != null && hi != null ? lo + " and " + hi : lo != null ? lo : hi != null ? hi : "any";
                return kind == Kind.INTEGER ? "whole number " + r : r;
        }
    }

    /** Whether {@code v} is in range. */
    boolean accepts(double v) {
        return Double.isFinite(v) && (minInclusive ? v >= min : v > min) && (maxInclusive ? v <= max : v < max);
    }

    /** {@code policy.name} as {@code --set} takes it. */
    public String key() {
        return policy + "." + name;
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%s", v);
    }

    @Override
    public String toString() {
        return key() + " (" + meaning + "; default " + defaultText() + "; " + rangeText() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyParameter && ((PolicyParameter) o).key().equals(key());
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, name);
    }
}
