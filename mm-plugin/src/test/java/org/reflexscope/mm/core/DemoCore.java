package org.reflexscope.mm.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test double of Micro-Manager's core that behaves like the demo configuration (MMConfig_demo.cfg): camera
 * "Camera", focus "Z", XY stage "XY" (0.015 µm steps), groups "Objective" (10X/20X/40X → 1.0/0.5/0.25 µm pixels)
 * and "Channel". Frames are made deterministically: while a sequence runs, each {@link #isSequenceRunning()} poll
 * inserts {@link #framesPerPoll} frames, as a camera thread would between two polls. Faults can be injected.
 * Thread-safe (synchronized), like the core's own circular-buffer lock.
 */
final class DemoCore implements MmCoreApi {
    static final double Z_MIN = -5000;
    static final double Z_MAX = 5000;

    int width = 64;
    int height = 48;
    long bytesPerPixel = 1;
    long components = 1;
    int framesPerPoll = 1;
    int bufferCapacity = 1000;
    boolean numberTagsAsStrings = true;
    /** Camera image numbers that the camera skips (never inserted): frames lost upstream. */
    final Set<Long> droppedNumbers = new HashSet<>();
    /** Device whose wait times out. */
    String hangingDevice = "";
    /** Polls for which the next device asked reports busy before it is idle (a move that takes a while). */
    int busyPollsLeft;
    /** Every {@code deviceBusy} call so far. */
    int busyPolls;
    /** Device whose next command fails with a plain error. */
    String failingDevice = "";
    /** Group whose presets never take (the devices keep the old state). */
    String stuckGroup = "";
    /** Change the camera's bytes per pixel after this many frames of a run (0 = never). */
    long changeTypeAfter;

    private final ArrayDeque<Object[]> buffer = new ArrayDeque<>();
    private boolean running;
    private boolean continuous;
    private boolean overflowed;
    private long toInsert;
    private long nextNumber;
    private long inserted;
    int sequencesStarted;
    long framesClearedUnread;
    final List<String> commands = new ArrayList<>();

    private double z;
    private double x;
    private double y;
    private double exposure = 10;
    private final Map<String, String> current = new LinkedHashMap<>();
    private final Map<String, String[]> groups = new LinkedHashMap<>();
    private String binning = "1";
    private int[] roi = {0, 0, 64, 48};

    DemoCore() {
        groups.put("Objective", new String[] {"10X", "20X", "40X"});
        groups.put("Channel", new String[] {"DAPI", "FITC", "Rhodamine", "Cy5"});
        current.put("Objective", "10X");
        current.put("Channel", "DAPI");
    }

    /** The value the demo camera gives pixel {@code i} of camera frame {@code n} (unsigned). */
    int expectedValue(long n, int i) {
        long v = n * 7919 + i * 31L;
        return (int) (bytesPerPixel == 1 ? v % 256 : v % 65536);
    }

    private Object makePixels(long n) {
        int count = width * height * (int) components;
        if (bytesPerPixel == 1) {
            byte[] p = new byte[count];
            for (int i = 0; i < count; i++) {
                p[i] = (byte) expectedValue(n, i);
            }
            return p;
        }
        if (bytesPerPixel == 2) {
            short[] p = new short[count];
            for (int i = 0; i < count; i++) {
                p[i] = (short) expectedValue(n, i);
            }
            return p;
        }
        float[] p = new float[count];
        for (int i = 0; i < count; i++) {
            p[i] = expectedValue(n, i) + 0.5f;
        }
        return p;
    }

    @Override
    public synchronized String cameraDevice() {
        return "Camera";
    }

    @Override
    public synchronized String focusDevice() {
        return "Z";
    }

    @Override
    public synchronized String xyStageDevice() {
        return "XY";
    }

    @Override
    public synchronized String channelGroup() {
        return "Channel";
    }

    @Override
    public synchronized long imageWidth() {
        return width;
    }

    @Override
    public synchronized long imageHeight() {
        return height;
    }

    @Override
    public synchronized long bytesPerPixel() {
        return bytesPerPixel;
    }

    @Override
    public synchronized long numberOfComponents() {
        return components;
    }

    @Override
    public synchronized void startSequenceAcquisition(int n, double intervalMs, boolean stopOnOverflow)
            throws Exception {
        start(n, false);
    }

    @Override
    public synchronized void startContinuousSequenceAcquisition(double intervalMs) throws Exception {
        start(Long.MAX_VALUE, true);
    }

    private void start(long n, boolean cont) throws Exception {
        if (running) {
            throw new Exception("Sequence acquisition on camera Camera is already in progress");
        }
        framesClearedUnread += buffer.size();
        buffer.clear();
        overflowed = false;
        running = true;
        continuous = cont;
        toInsert = n;
        nextNumber = 0;
        sequencesStarted++;
    }

    @Override
    public synchronized void stopSequenceAcquisition() {
        running = false;
    }

    @Override
    public synchronized boolean isSequenceRunning() {
        for (int k = 0; k < framesPerPoll && running; k++) {
            insertOne();
        }
        return running;
    }

    private void insertOne() {
        long number = nextNumber++;
        toInsert--;
        if (!droppedNumbers.contains(number)) {
            if (buffer.size() >= bufferCapacity) {
                if (continuous) {
                    buffer.clear();
                } else {
                    overflowed = true;
                    running = false;
                    return;
                }
            }
            inserted++;
            if (changeTypeAfter > 0 && inserted > changeTypeAfter) {
                bytesPerPixel = 2;
            }
            Object tagNumber = numberTagsAsStrings ? String.valueOf(number) : (Object) number;
            Object tagElapsed = numberTagsAsStrings ? String.format("%.2f", number * 10.0) : (Object) (number * 10.0);
            buffer.add(new Object[] {makePixels(number), tagNumber, tagElapsed});
        }
        if (toInsert <= 0) {
            running = false;
        }
    }

    @Override
    public synchronized int remainingImageCount() {
        return buffer.size();
    }

    @Override
    public synchronized boolean isBufferOverflowed() {
        return overflowed;
    }

    @Override
    public synchronized Object popNextImage(RawFrameTags tags) throws Exception {
        Object[] f = buffer.poll();
        if (f == null) {
            throw new Exception("Circular buffer is empty.");
        }
        tags.imageNumber = f[1];
        tags.elapsedTimeMs = f[2];
        return f[0];
    }

    @Override
    public synchronized double position(String stage) throws Exception {
        check(stage);
        return z;
    }

    @Override
    public synchronized void setPosition(String stage, double um) throws Exception {
        check(stage);
        commands.add("setPosition " + um);
        if (um < Z_MIN || um > Z_MAX) {
            throw new Exception("Position " + um + " is outside the stage limits");
        }
        z = um;
    }

    @Override
    public synchronized double[] xyPosition(String stage) throws Exception {
        check(stage);
        return new double[] {x, y};
    }

    @Override
    public synchronized void setXYPosition(String stage, double xUm, double yUm) throws Exception {
        check(stage);
        x = Math.round(xUm / 0.015) * 0.015;
        y = Math.round(yUm / 0.015) * 0.015;
    }

    @Override
    public synchronized boolean deviceBusy(String label) throws Exception {
        check(label);
        busyPolls++;
        if (label.equals(hangingDevice)) {
            return true;
        }
        if (busyPollsLeft > 0) {
            busyPollsLeft--;
            return true;
        }
        return false;
    }

    private void check(String device) throws Exception {
        if (device.equals(failingDevice)) {
            throw new Exception("Error in device \"" + device + "\": Serial port not responding");
        }
    }

    @Override
    public synchronized boolean isGroupDefined(String group) {
        return groups.containsKey(group);
    }

    @Override
    public synchronized boolean isConfigDefined(String group, String preset) {
        return groups.containsKey(group) && Arrays.asList(groups.get(group)).contains(preset);
    }

    @Override
    public synchronized String[] availableConfigGroups() {
        return groups.keySet().toArray(new String[0]);
    }

    @Override
    public synchronized String[] availableConfigs(String group) {
        return groups.getOrDefault(group, new String[0]).clone();
    }

    @Override
    public synchronized void setConfig(String group, String preset) throws Exception {
        if (!isConfigDefined(group, preset)) {
            throw new Exception("Preset \"" + preset + "\" of configuration group \"" + group + "\" does not exist");
        }
        commands.add("setConfig " + group + " " + preset);
        if (!group.equals(stuckGroup)) {
            current.put(group, preset);
        }
    }

    @Override
    public synchronized void waitForConfig(String group, String preset) {
    }

    @Override
    public synchronized String currentConfig(String group) {
        return current.getOrDefault(group, "");
    }

    @Override
    public synchronized double pixelSizeUm() {
        double base;
        switch (current.get("Objective")) {
            case "10X":
                base = 1.0;
                break;
            case "20X":
                base = 0.5;
                break;
            default:
                base = 0.25;
                break;
        }
        return base * Integer.parseInt(binning);
    }

    @Override
    public synchronized double[] pixelSizeAffine() {
        double p = pixelSizeUm();
        return new double[] {p, 0, 0, 0, p, 0};
    }

    @Override
    public synchronized double exposureMs() {
        return exposure;
    }

    @Override
    public synchronized void setExposureMs(double ms) {
        commands.add("setExposure " + ms);
        exposure = ms;
    }

    @Override
    public synchronized int[] roi() {
        return roi.clone();
    }

    @Override
    public synchronized void setRoi(int rx, int ry, int w, int h) throws Exception {
        if (running) {
            throw new Exception("Camera is busy");
        }
        roi = new int[] {rx, ry, w, h};
        width = w;
        height = h;
        buffer.clear();
    }

    @Override
    public synchronized void clearRoi() {
        roi = new int[] {0, 0, 64, 48};
        width = 64;
        height = 48;
    }

    @Override
    public synchronized boolean hasProperty(String device, String property) {
        return device.equals("Camera") && property.equals("Binning");
    }

    @Override
    public synchronized String property(String device, String property) {
        return binning;
    }

    @Override
    public synchronized void setProperty(String device, String property, String value) throws Exception {
        if (running) {
            throw new Exception("Camera is busy");
        }
        binning = value;
    }

    @Override
    public synchronized String[] allowedPropertyValues(String device, String property) {
        return new String[] {"1", "2", "4"};
    }

    @Override
    public synchronized void snapImage() throws Exception {
        if (running) {
            throw new Exception("Camera is busy: snapImage is not allowed during sequence acquisition");
        }
        commands.add("snap");
    }

    /** A snapped image: every pixel holds {@code round(z) & 0xFF} (8-bit), so a z-stack's planes can be told apart. */
    @Override
    public synchronized Object image() {
        byte[] p = new byte[width * height];
        Arrays.fill(p, (byte) Math.round(z));
        return p;
    }

    synchronized boolean running() {
        return running;
    }
}
