package org.reflexscope.policy.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.DeviceTimeoutException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;

/**
 * A test double of the {@link MicroscopeControl} port: keeps a state, records every command with the thread it ran
 * on, detects overlapping calls, and injects faults per call type (throw, report a timeout, or hang until released).
 */
public class RecordingMicroscope implements MicroscopeControl {
    /** Call types that can be faulted. */
    public enum Call {
        STATE, MOVE_Z, MOVE_XY, SET_PRESET, SET_EXPOSURE, SET_FRAME_INTERVAL, ACQUIRE
    }

    /** What a faulted call does. */
    public enum Fault {
        THROW, TIMEOUT, HANG
    }

    private final Map<Call, Fault> faults = Collections.synchronizedMap(new EnumMap<>(Call.class));
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch hanging = new CountDownLatch(1);
    private volatile double x;
    private volatile double y;
    private volatile double z;
    private final Map<String, String> presets = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile double exposureMs = 10;
    private volatile double intervalMs = 100;
    private volatile double pixelSizeUm = 0.5;

    public RecordingMicroscope(double x, double y, double z) {
        this.x = x;
        this.y = y;
        this.z = z;
        presets.put(OBJECTIVE_GROUP, "10X");
        presets.put(CHANNEL_GROUP, "GFP");
    }

    /** Makes every later call of {@code call} fail as {@code fault}. */
    public RecordingMicroscope fault(Call call, Fault fault) {
        faults.put(call, fault);
        return this;
    }

    /** Lets hanging calls return (they then throw a timeout). */
    public void releaseHang() {
        release.countDown();
    }

    /** Waits until a call hangs. */
    public boolean awaitHang(long ms) throws InterruptedException {
        return hanging.await(ms, TimeUnit.MILLISECONDS);
    }

    /** Simulates someone moving the focus by hand (not recorded as a command). */
    public void moveByHand(double newZ) {
        z = newZ;
    }

    public void setPixelSizeUm(double v) {
        pixelSizeUm = v;
    }

    /** Commands executed (not state reads), e.g. {@code "moveZ 101.0"}. */
    public List<String> commands() {
        synchronized (commands) {
            return new ArrayList<>(commands);
        }
    }

    /** Names of the threads every call ran on (state reads included). */
    public List<String> threads() {
        synchronized (threads) {
            return new ArrayList<>(threads);
        }
    }

    /** Most calls ever running at the same time (1 if never overlapped). */
    public int maxConcurrentCalls() {
        return maxInFlight.get();
    }

    private void enter(Call call) throws HardwareException {
        int n = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(n, Math::max);
        threads.add(Thread.currentThread().getName());
        Fault f = faults.get(call);
        if (f == null) {
            return;
        }
        inFlight.decrementAndGet();
        switch (f) {
            case THROW:
                throw new DeviceErrorException(call.name(), "injected device error on " + call);
            case TIMEOUT:
                throw new DeviceTimeoutException(call.name(), "injected: " + call + " did not settle", 50);
            default:
                hanging.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new DeviceTimeoutException(call.name(), "injected: " + call + " hung", 30000);
        }
    }

    private void exit() {
        inFlight.decrementAndGet();
    }

    @Override
    public MicroscopeState state() throws HardwareException {
        enter(Call.STATE);
        try {
            return snapshot();
        } finally {
            exit();
        }
    }

    private MicroscopeState snapshot() {
        MicroscopeState.Builder b = MicroscopeState.builder().setPosition(x, y, z).optExposureMs(exposureMs)
                .optFrameIntervalMs(intervalMs).optPixelSizeUm(pixelSizeUm).optImageSize(512, 512)
                .optTimestampNanos(System.nanoTime());
        synchronized (presets) {
            presets.forEach(b::optPreset);
        }
        return b.build();
    }

    @Override
    public void moveZ(double zUm) throws HardwareException {
        enter(Call.MOVE_Z);
        try {
            z = zUm;
            commands.add("moveZ " + zUm);
        } finally {
            exit();
        }
    }

    @Override
    public void moveXY(double xUm, double yUm) throws HardwareException {
        enter(Call.MOVE_XY);
        try {
            x = xUm;
            y = yUm;
            commands.add("moveXY " + xUm + " " + yUm);
        } finally {
            exit();
        }
    }

    @Override
    public void setPreset(String group, String preset) throws HardwareException {
        enter(Call.SET_PRESET);
        try {
            presets.put(group, preset);
            commands.add("setPreset " + group + " " + preset);
        } finally {
            exit();
        }
    }

    @Override
    public List<String> presets(String group) {
        return List.of("10X", "40X");
    }

    @Override
    public void setExposureMs(double ms) throws HardwareException {
        enter(Call.SET_EXPOSURE);
        try {
            exposureMs = ms;
            commands.add("setExposure " + ms);
        } finally {
            exit();
        }
    }

    @Override
    public void setFrameIntervalMs(double ms) throws HardwareException {
        enter(Call.SET_FRAME_INTERVAL);
        try {
            intervalMs = ms;
            commands.add("setFrameInterval " + ms);
        } finally {
            exit();
        }
    }

    @Override
    public AcquiredStack acquire(AcquisitionRequest request) throws HardwareException {
        enter(Call.ACQUIRE);
        try {
            commands.add("acquire " + request.kind() + " " + request.frames());
            return new AcquiredStack(request, snapshot(), List.<Frame>of());
        } finally {
            exit();
        }
    }
}
