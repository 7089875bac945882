package org.reflexscope.bench.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of one named thread of this JVM, sampled while it runs: {@link #lastNanos()} is the value of the last
 * {@link #sample()} that found the thread alive, so up to one sampling interval of CPU at the thread's end is missed.
 * Zero when the thread was never found or the JVM does not measure thread CPU time.
 */
final class ThreadCpuMeter {
    private final String threadName;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long threadId = -1;
    private long lastNanos;

    ThreadCpuMeter(String threadName) {
        this.threadName = threadName;
    }

    /** Reads the thread's CPU time now, finding the thread by name the first time it exists. */
    void sample() {
        if (!threads.isThreadCpuTimeSupported()) {
            return;
        }
        if (threadId < 0) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(threadName)) {
                    threadId = t.getId();
                }
            }
            if (threadId < 0) {
                return;
            }
        }
        long ns = threads.getThreadCpuTime(threadId);
        if (ns >= 0) {
            lastNanos = ns;
        }
    }

    /** The CPU time (ns) at the last sample that found the thread alive. */
    long lastNanos() {
        return lastNanos;
    }
}
