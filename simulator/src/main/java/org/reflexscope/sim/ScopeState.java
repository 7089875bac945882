package org.reflexscope.sim;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.sim.optics.Objective;
import org.reflexscope.sim.scenario.ClockMode;

/**
 * What the {@link VirtualMicroscope}'s camera and stage share: the stage position, the objective and channel
 * presets, exposure and frame interval, the light dose so far, and the clock mode. Fields are read and written only
 * under {@link #lock}, held briefly; {@link #wake} signals a camera waiting in {@code fill}.
 */
final class ScopeState {
    final ReentrantLock lock = new ReentrantLock();
    final Condition wake = lock.newCondition();
    final ClockMode clock;
    double xUm;
    double yUm;
    double zUm;
    Objective objective;
    String channel;
    double exposureMs;
    double intervalMs;
    /** Σ exposure ms × illumination over every frame exposed (live, dropped and acquired). */
    double doseMs;

    ScopeState(ClockMode clock) {
        this.clock = clock;
    }

    /** Wakes a camera waiting for a frame (a fault was armed or cleared, the stream stopped). */
    void wakeAll() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** With the real-time clock, sleeps for {@code ms} (a move's or an exposure's duration); else returns at once. */
    void realTimeSleep(double ms, String device) throws HardwareException {
        if (clock != ClockMode.REAL_TIME || !(ms > 0)) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep((long) (ms * 1e6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceErrorException(device, device + " command interrupted while waiting for completion", e);
        }
    }
}
