package org.reflexscope.mm.core;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow-changing microscope state stamped on every streamed frame (positions, pixel size, exposure, binning,
 * ROI offset, channel and objective), held as one immutable {@link Snapshot} so that the producer thread reads it
 * with a single volatile read and no device call per frame.
 *
 * <p><b>Refresh on change.</b> {@link MmCoreMicroscope} refreshes it after every command it executes; the frame
 * source refreshes it when a run starts; code that learns of an outside change (a Studio stage or property event)
 * calls {@link #refresh()}. Refreshing queries the devices, so it must run on the hardware thread (or before the
 * run), never on the producer thread.
 *
 * <p><b>At a frame's time.</b> The camera streams through objective switches and stage moves, and a frame can be
 * popped after the change that followed its exposure. {@link #at(long)} therefore gives the snapshot that held when
 * the frame was taken: each refresh is kept with the instant it began (the change it reads had finished by then),
 * the last {@value #KEPT} of them, and a frame gets the newest snapshot that began at or before its camera time.
 */
final class MmCoreStateCache {
    private static final Logger LOG = LoggerFactory.getLogger(MmCoreStateCache.class);
    /** The objective group's name until a session sets another (Micro-Manager's demo configuration names it so). */
    static final String DEFAULT_OBJECTIVE_GROUP = "Objective";

    /** One consistent view of the cached values. */
    static final class Snapshot {
        static final Snapshot UNKNOWN = new Snapshot(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1,
                0, 0, "", "");
        final double xUm;
        final double yUm;
        final double zUm;
        final double pixelSizeUm;
        final double exposureMs;
        final int binning;
        final int roiX;
        final int roiY;
        final String channel;
        final String objective;

        Snapshot(double xUm, double yUm, double zUm, double pixelSizeUm, double exposureMs, int binning, int roiX,
                int roiY, String channel, String objective) {
            this.xUm = xUm;
            this.yUm = yUm;
            this.zUm = zUm;
            this.pixelSizeUm = pixelSizeUm;
            this.exposureMs = exposureMs;
            this.binning = binning;
            this.roiX = roiX;
            this.roiY = roiY;
            this.channel = Objects.requireNonNull(channel);
            this.objective = Objects.requireNonNull(objective);
        }
    }

    /** How many refreshes {@link #at(long)} can go back through. */
    static final int KEPT = 16;

    /** A snapshot with the instant its refresh began, and the one before it (immutable list, newest first). */
    private static final class Dated {
        final long sinceNanos;
        final Snapshot snapshot;
        final Dated older;

        Dated(long sinceNanos, Snapshot snapshot, Dated older) {
            this.sinceNanos = sinceNanos;
            this.snapshot = snapshot;
            this.older = older;
        }
    }

    private final MmCoreApi core;
    private volatile Snapshot current = Snapshot.UNKNOWN;
    private volatile Dated history = new Dated(Long.MIN_VALUE, Snapshot.UNKNOWN, null);
    private volatile String objectiveGroup = DEFAULT_OBJECTIVE_GROUP;

    MmCoreStateCache(MmCoreApi core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    Snapshot current() {
        return current;
    }

    /**
     * The snapshot that held at {@code nanos} ({@link System#nanoTime()} clock): the newest refresh that began at or
     * before it, or the oldest kept if {@code nanos} is older than all of them. Allocation-free; any thread.
     */
    Snapshot at(long nanos) {
        Dated d = history;
        while (d.sinceNanos > nanos && d.older != null) {
            d = d.older;
        }
        return d.snapshot;
    }

    /** The configuration group that switches objectives ("" = none); shared by the source and the microscope. */
    String objectiveGroup() {
        return objectiveGroup;
    }

    void setObjectiveGroup(String group) {
        objectiveGroup = Objects.requireNonNull(group, "group");
    }

    /**
     * Re-reads every cached value from the core. A value that cannot be read becomes unknown ({@code NaN} or
     * {@code ""}) and is logged once per refresh: metadata must not stop a run.
     */
    void refresh() {
        long since = System.nanoTime();
        double x = Double.NaN;
        double y = Double.NaN;
        double z = Double.NaN;
        double exposure = Double.NaN;
        int binning = 1;
        int roiX = 0;
        int roiY = 0;
        String channel = "";
        String objective = "";
        String focus = core.focusDevice();
        String xy = core.xyStageDevice();
        String camera = core.cameraDevice();
        try {
            if (!focus.isEmpty()) {
                z = core.position(focus);
            }
            if (!xy.isEmpty()) {
                double[] p = core.xyPosition(xy);
                x = p[0];
                y = p[1];
            }
            if (!camera.isEmpty()) {
                exposure = core.exposureMs();
                if (core.hasProperty(camera, "Binning")) {
                    binning = MmCoreTags.parseBinning(core.property(camera, "Binning"));
                }
                int[] roi = core.roi();
                roiX = roi[0];
                roiY = roi[1];
            }
            String channelGroup = core.channelGroup();
            if (!channelGroup.isEmpty() && core.isGroupDefined(channelGroup)) {
                channel = core.currentConfig(channelGroup);
            }
            String objectives = objectiveGroup;
            if (!objectives.isEmpty() && core.isGroupDefined(objectives)) {
                objective = core.currentConfig(objectives);
            }
        } catch (Exception e) {
            LOG.warn("Could not read part of the microscope state for frame metadata ({}); unread values are "
                    + "marked unknown", e.getMessage());
        }
        double pixel = core.pixelSizeUm();
        Snapshot fresh = new Snapshot(x, y, z, pixel > 0 ? pixel : Double.NaN, exposure, binning, roiX, roiY,
                channel == null ? "" : channel, objective == null ? "" : objective);
        synchronized (this) {
            history = keepNewest(new Dated(since, fresh, history), KEPT);
            current = fresh;
        }
    }

    /** {@code list} cut to its {@code n} newest entries (copied; the lists are shared with readers). */
    private static Dated keepNewest(Dated list, int n) {
        Dated[] kept = new Dated[n];
        int count = 0;
        for (Dated d = list; d != null && count < n; d = d.older) {
            kept[count++] = d;
        }
        Dated out = null;
        for (int i = count - 1; i >= 0; i--) {
            out = new Dated(kept[i].sinceNanos, kept[i].snapshot, out);
        }
        return out;
    }
}
