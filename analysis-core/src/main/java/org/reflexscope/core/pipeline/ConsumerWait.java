package org.reflexscope.core.pipeline;

/**
 * How the pipeline's consumer threads (recorders, analyzer, observers) wait for the next published frame. The
 * choice trades the producer's CPU time against hand-off latency: a consumer that spins or yields while waiting
 * keeps a core busy, which on a machine with fewer free cores than pipeline threads is taken from the producer
 * (the camera thread) and from the other consumers.
 */
public enum ConsumerWait {
    /** Park on a lock until the producer signals a publication (the default): uses no CPU while waiting. */
    BLOCKING,
    /**
     * Like {@link #BLOCKING}, but the producer signals only when a consumer is actually parked, saving a lock
     * round-trip per published frame when the consumers are busy.
     */
    LITE_BLOCKING,
    /** Spin briefly, then yield, then sleep in short naps: lower wake-up latency, some CPU while idle. */
    SLEEPING,
    /**
     * Spin, then {@link Thread#yield()}: the lowest hand-off latency, but each idle consumer keeps a core busy. Only
     * for machines with a free core per pipeline thread.
     */
    YIELDING
}
