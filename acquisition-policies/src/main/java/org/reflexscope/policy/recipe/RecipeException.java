package org.reflexscope.policy.recipe;

/**
 * A run recipe that cannot run: a value that is malformed or out of range ({@link #isUsage()}: the user typed it
 * wrong), or one the microscope cannot honour (an objective it lacks). The message is one sentence saying what is
 * wrong and what to do; front-ends show it as it is.
 */
public final class RecipeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean usage;

    private RecipeException(String message, boolean usage, Throwable cause) {
        super(message, cause);
        this.usage = usage;
    }

    /** A malformed or out-of-range value. */
    public static RecipeException usage(String message) {
        return new RecipeException(message, true, null);
    }

    /** A value that does not fit the sample or the microscope. */
    public static RecipeException input(String message) {
        return new RecipeException(message, false, null);
    }

    /** A value that does not fit the sample or the microscope, found through {@code cause}. */
    public static RecipeException input(String message, Throwable cause) {
        return new RecipeException(message, false, cause);
    }

    /** Whether the value itself is malformed or out of range (rather than wrong for this microscope). */
    public boolean isUsage() {
        return usage;
    }
}
