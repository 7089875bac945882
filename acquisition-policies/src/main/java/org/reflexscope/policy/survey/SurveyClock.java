package org.reflexscope.policy.survey;

/**
 * The survey's clock for a visit's time-lapse: when it is and how to wait until the next time point. The system
 * clock really waits; a simulator's virtual clock may return at once (the wait is priced in {@link SurveyCost}).
 */
public interface SurveyClock {
    /** Now, in ms on any fixed origin (monotonic). */
    double nowMs();

    /** Waits {@code ms} (> 0). */
    void waitMs(double ms) throws InterruptedException;

    /** {@link System#nanoTime()} and {@link Thread#sleep}. */
    static SurveyClock system() {
        return new SurveyClock() {
            @Override
            public double nowMs() {
                return System.nanoTime() / 1e6;
            }

            @Override
            public void waitMs(double ms) throws InterruptedException {
                long nanos = (long) (ms * 1e6);
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }
}
