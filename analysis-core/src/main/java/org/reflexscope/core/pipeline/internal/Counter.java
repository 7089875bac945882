package org.reflexscope.core.pipeline.internal;

/**
 * A counter written by one thread and read by any: increments are plain read-modify-write on a volatile field,
 * which is exact as long as only the owning thread writes. Does not allocate.
 */
public final class Counter {
    private volatile long value;

    /** Adds one; owning thread only. */
    public void increment() {
        value = value + 1;
    }

    /** Adds {@code n}; owning thread only. */
    public void add(long n) {
        value = value + n;
    }

    public long get() {
        return value;
    }
}
