package org.reflexscope.core.inference;

import java.util.Locale;

/** Where models run: {@link #AUTO} (GPU when it really works, else CPU with one log line), {@link #CPU}, {@link #GPU}. */
public enum Device {
    /** The CUDA execution provider when it loads, else the CPU with one log line saying why. */
    AUTO,
    /** The CPU execution provider only. */
    CPU,
    /** The CUDA execution provider; loading fails with a {@link ModelLoadException} if it is unavailable. */
    GPU;

    /**
     * Parses {@code auto|cpu|gpu} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Device parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown device '" + text + "': use auto, cpu or gpu", e);
        }
    }
}
