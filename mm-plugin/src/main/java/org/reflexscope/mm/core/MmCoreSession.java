package org.reflexscope.mm.core;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Objects;
import mmcorej.CMMCore;
import mmcorej.StrVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Micro-Manager core with its hardware configuration loaded, handing out the frame source and microscope
 * control that share its metadata cache.
 *
 * <p>Two ways in: {@link #open} loads a core from an installation folder for headless use ({@code reflex
 * acquire}) and owns it ({@link #close()} unloads the devices); {@link #attach} wraps Studio's core inside the
 * plugin and does not own it. Neither registers a core callback (inside Studio, Studio owns the only slot).
 *
 * <pre>{@code
 * try (MmCoreSession mm = MmCoreSession.open(Paths.get("/opt/Micro-Manager"), "MMConfig_demo.cfg")) {
 *     MmCoreFrameSource source = mm.frameSourceBuilder().optFrameCount(1000).build();
 *     MmCoreMicroscope scope = mm.microscope(source);
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Open and close on one thread; the source and microscope follow their own contracts.
 */
public final class MmCoreSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MmCoreSession.class);

    private final CMMCore core;
    private final MmCoreApi api;
    private final MmCoreStateCache stateCache;
    private final boolean owned;
    private volatile ObjectiveGroup objectiveGroup;
    private boolean closed;

    private MmCoreSession(CMMCore core, MmCoreApi api, boolean owned) {
        this.core = core;
        this.api = api;
        this.stateCache = new MmCoreStateCache(api);
        this.owned = owned;
        useDetectedObjectiveGroup();
    }

    private static ObjectiveGroup detectObjectiveGroup(MmCoreApi api) {
        ObjectiveGroup detected = ObjectiveGroup.detect(api);
        if (!detected.exists() && api.isGroupDefined(MmCoreStateCache.DEFAULT_OBJECTIVE_GROUP)) {
            try {
                return ObjectiveGroup.named(api, MmCoreStateCache.DEFAULT_OBJECTIVE_GROUP);
            } catch (MmCoreSessionException e) {
                throw new IllegalStateException(e);
            }
        }
        return detected;
    }

    /**
     * Loads the native core from {@code home}, points the device-adapter search path at it and loads
     * {@code configFile} (relative to {@code home}, or absolute).
     *
     * @throws MmCoreSessionException if the folder is not a Micro-Manager installation, the native core cannot be
     *     loaded or does not fit the MMCoreJ classes on the class path (see {@link MmCoreJBinding}), or the
     *     configuration fails to load (the core's message is included)
     */
    public static MmCoreSession open(Path home, String configFile) throws MmCoreSessionException {
        MicroManagerInstallation mm = MicroManagerInstallation.locate(home);
        Path cfg = mm.config(configFile);
        CMMCore core = MmCoreJBinding.newCore(mm);
        try {
            StrVector paths = new StrVector();
            addString(paths, mm.home().toString());
            core.setDeviceAdapterSearchPaths(paths);
            core.loadSystemConfiguration(cfg.toString());
        } catch (Exception e) {
            unload(core);
            throw new MmCoreSessionException("Micro-Manager could not load the hardware configuration " + cfg + ": "
                    + e.getMessage() + ". Check that its device adapters are in " + mm.home() + " (found "
                    + mm.adapterNames().size() + ") and that the hardware is connected.", e);
        }
        LOG.info("Micro-Manager core {} loaded {}", core.getVersionInfo(), cfg);
        return new MmCoreSession(core, new CmmCoreApi(core), true);
    }

    /** Wraps a core someone else loaded and owns (Studio's {@code studio.core()}); {@link #close()} leaves it. */
    public static MmCoreSession attach(CMMCore core) {
        Objects.requireNonNull(core, "core");
        return new MmCoreSession(core, new CmmCoreApi(core), false);
    }

    static MmCoreSession attach(MmCoreApi api) {
        return new MmCoreSession(null, api, false);
    }

    /**
     * Adds {@code value} to a {@code StrVector} by reflection: {@code add} returns {@code void} in SWIG-3 builds and
     * {@code boolean} in SWIG-4 builds, so a compiled call would bind to one of them only.
     */
    static void addString(StrVector vector, String value) throws MmCoreSessionException {
        try {
            Method add = vector.getClass().getMethod("add", String.class);
            add.invoke(vector, value);
        } catch (ReflectiveOperationException e) {
            throw new MmCoreSessionException("This MMCoreJ.jar has no StrVector.add(String); use the MMCoreJ.jar of "
                    + "the Micro-Manager installation (plugins/Micro-Manager/MMCoreJ.jar).", e);
        }
    }

    /**
     * The current camera's gain, offset and read noise where its device properties state them unambiguously
     * ({@link MmCoreCameraNoise}); read now, from the core's current property values.
     */
    public MmCoreCameraNoise cameraNoise() {
        return MmCoreCameraNoise.read(api);
    }

    /**
     * The configuration group that switches objectives: by default the group whose presets select the core's
     * pixel-size calibrations (else a group named {@code Objective}, else none). The microscope control and frame
     * metadata of this session present it as {@code MicroscopeControl.OBJECTIVE_GROUP}.
     */
    public ObjectiveGroup objectiveGroup() {
        return objectiveGroup;
    }

    /**
     * Uses configuration group {@code name} for objectives instead of the detected one.
     *
     * @throws MmCoreSessionException if the configuration has no such group (the message lists its groups)
     */
    public void useObjectiveGroup(String name) throws MmCoreSessionException {
        objectiveGroup = ObjectiveGroup.named(api, Objects.requireNonNull(name, "name"));
        stateCache.setObjectiveGroup(objectiveGroup.name());
    }

    /** Goes back to the detected objective group (see {@link #objectiveGroup()}), as when the session opened. */
    public void useDetectedObjectiveGroup() {
        objectiveGroup = detectObjectiveGroup(api);
        stateCache.setObjectiveGroup(objectiveGroup.name());
    }

    /**
     * The focus drive's travel ({@code {lower, upper}} µm) as its {@code Position} property's limits, or
     * {@code null} when the core does not tell (no focus drive, or no limits on the property).
     */
    public double[] focusTravelUm() {
        String focus = api.focusDevice();
        if (focus.isEmpty()) {
            return null;
        }
        try {
            return api.propertyLimits(focus, "Position");
        } catch (Exception e) {
            LOG.warn("Could not read the travel limits of focus drive '{}': {}", focus, e.getMessage());
            return null;
        }
    }

    /** The core (for the few callers that need Micro-Manager itself; Reflex code uses the ports). */
    public CMMCore core() {
        return core;
    }

    /** A frame-source builder on this core, sharing the session's metadata cache. */
    public MmCoreFrameSource.Builder frameSourceBuilder() {
        return MmCoreFrameSource.builder().setCoreApi(api).optStateCache(stateCache);
    }

    /** A microscope control on this core; {@code stream} (nullable) is paused around snaps. */
    public MmCoreMicroscope microscope(MmCoreFrameSource stream) {
        return microscopeBuilder().optStream(stream).build();
    }

    /** A microscope builder on this core, sharing the session's metadata cache. */
    public MmCoreMicroscope.Builder microscopeBuilder() {
        return MmCoreMicroscope.builder().setCoreApi(api).optStateCache(stateCache);
    }

    /**
     * Re-reads the state stamped on frames (positions, presets, pixel size...): call it, off the Swing thread,
     * when something outside Reflex changed the hardware (a Studio stage or configuration event).
     */
    public void refreshState() {
        stateCache.refresh();
    }

    /** Stops a running sequence and unloads the devices if this session loaded them; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owned && core != null) {
            unload(core);
        }
    }

    /** Stops a running sequence first: the core refuses to unload a camera that is streaming. */
    private static void unload(CMMCore core) {
        try {
            if (core.isSequenceRunning()) {
                core.stopSequenceAcquisition();
            }
        } catch (Exception e) {
            LOG.error("Stopping the camera's sequence before unloading failed: {}", e.getMessage());
        }
        try {
            core.unloadAllDevices();
        } catch (Exception e) {
            LOG.error("Unloading Micro-Manager's devices failed: {}", e.getMessage());
        }
        core.delete();
    }
}
