package org.reflexscope.mm.panel;

import java.util.Objects;

/** The outcome of checking a model file: usable or not, and a one-line description. Immutable. */
public final class ModelCheck {
    private final boolean usable;
    private final String message;

    private ModelCheck(boolean usable, String message) {
        this.usable = usable;
        this.message = Objects.requireNonNull(message, "message");
    }

    /** A usable model, described (e.g. "denoise+detect, input 1x1x256x256, CPU"). */
    public static ModelCheck usable(String description) {
        return new ModelCheck(true, description);
    }

    /** An unusable model, with why and what to do. */
    public static ModelCheck unusable(String reason) {
        return new ModelCheck(false, reason);
    }

    public boolean isUsable() {
        return usable;
    }

    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelCheck && ((ModelCheck) o).usable == usable && ((ModelCheck) o).message.equals(message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(usable, message);
    }

    @Override
    public String toString() {
        return (usable ? "usable: " : "unusable: ") + message;
    }
}
