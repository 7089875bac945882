package org.reflexscope.policy.plan;

import java.util.Objects;

/** Apply a configuration preset (objective, channel, ...). */
public final class SetPreset extends HardwareAction {
    private final String group;
    private final String preset;

    private SetPreset(String group, String preset) {
        this.group = requireText(group, "Configuration group");
        this.preset = requireText(preset, "Preset");
    }

    private static String requireText(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return s;
    }

    /** Apply {@code preset} of {@code group}, e.g. {@code of("Objective", "40X")}. */
    public static SetPreset of(String group, String preset) {
        return new SetPreset(group, preset);
    }

    public String group() {
        return group;
    }

    public String preset() {
        return preset;
    }

    @Override
    public Kind kind() {
        return Kind.SET_PRESET;
    }

    @Override
    public <R, X extends Exception> R accept(ActionVisitor<R, X> visitor) throws X {
        return visitor.setPreset(this);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SetPreset)) {
            return false;
        }
        SetPreset s = (SetPreset) o;
        return group.equals(s.group) && preset.equals(s.preset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, preset);
    }

    @Override
    public String toString() {
        return "SetPreset(" + group + "=" + preset + ")";
    }
}
