package org.reflexscope.mm.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mmcorej.CMMCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Properties of the core's camera set for the length of a session and put back afterwards, e.g. the DemoCamera's
 * {@code Mode=Fluorescent Beads}.
 *
 * <p>{@link #apply} checks every name and value against the camera before it sets any (a property the camera has,
 * writable, the value one of its allowed values or inside its limits), then sets them in the order given;
 * {@link #close()} sets the values read before back, in reverse order, and only logs a property that refuses.
 *
 * <p><b>Threads.</b> Apply and close on one thread, with nothing else acquiring in between.
 */
public final class CameraPropertyOverrides implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraPropertyOverrides.class);

    private final CMMCore core;
    private final String camera;
    private final Map<String, String> previous;
    private final Map<String, String> applied;
    private boolean closed;

    private CameraPropertyOverrides(CMMCore core, String camera, Map<String, String> previous,
            Map<String, String> applied) {
        this.core = core;
        this.camera = camera;
        this.previous = previous;
        this.applied = applied;
    }

    /**
     * Sets {@code values} (property name to value, in iteration order) on the core's current camera.
     *
     * @throws MmCoreSessionException naming the property and what the camera accepts, if there is no camera, a
     *     property is unknown (the camera's writable properties are listed), read-only, or a value is not allowed
     *     (the allowed values or limits are named) or is refused by the device; nothing is set when a check fails,
     *     and what was set before a refusal is put back
     */
    public static CameraPropertyOverrides apply(CMMCore core, Map<String, String> values)
            throws MmCoreSessionException {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            return new CameraPropertyOverrides(core, "", Map.of(), Map.of());
        }
        String camera = core.getCameraDevice();
        if (camera == null || camera.isEmpty()) {
            throw new MmCoreSessionException("The configuration has no camera, so camera properties "
                    + values.keySet() + " cannot be set; load a configuration with a camera");
        }
        try {
            for (Map.Entry<String, String> e : values.entrySet()) {
                check(core, camera, e.getKey(), e.getValue());
            }
        } catch (MmCoreSessionException e) {
            throw e;
        } catch (Exception e) {
            throw new MmCoreSessionException("Reading the properties of camera " + camera + " failed: "
                    + e.getMessage(), e);
        }
        Map<String, String> previous = new LinkedHashMap<>();
        CameraPropertyOverrides set = new CameraPropertyOverrides(core, camera, previous,
                Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        for (Map.Entry<String, String> e : values.entrySet()) {
            try {
                previous.put(e.getKey(), core.getProperty(camera, e.getKey()));
                core.setProperty(camera, e.getKey(), e.getValue());
            } catch (Exception ex) {
                set.close();
                throw new MmCoreSessionException("Camera " + camera + " refused " + e.getKey() + "=" + e.getValue()
                        + ": " + ex.getMessage() + "; choose another value", ex);
            }
        }
        return set;
    }

    private static void check(CMMCore core, String camera, String name, String value) throws Exception {
        if (!core.hasProperty(camera, name)) {
            List<String> writable = new ArrayList<>();
            for (String p : core.getDevicePropertyNames(camera).toArray()) {
                if (!core.isPropertyReadOnly(camera, p)) {
                    writable.add(p);
                }
            }
            throw new MmCoreSessionException("Camera " + camera + " has no property '" + name
                    + "'; its writable properties are " + writable);
        }
        if (core.isPropertyReadOnly(camera, name)) {
            throw new MmCoreSessionException("Camera " + camera + "'s property " + name
                    + " is read-only; leave it out");
        }
        String[] allowed = core.getAllowedPropertyValues(camera, name).toArray();
        if (allowed.length > 0 && !Arrays.asList(allowed).contains(value)) {
            throw new MmCoreSessionException("Camera " + camera + "'s property " + name + " cannot be '" + value
                    + "'; its allowed values are " + Arrays.toString(allowed));
        }
        if (core.hasPropertyLimits(camera, name)) {
            double lo = core.getPropertyLowerLimit(camera, name);
            double hi = core.getPropertyUpperLimit(camera, name);
            double v;
            try {
                v = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new MmCoreSessionException("Camera " + camera + "'s property " + name + " takes a number in ["
                        + lo + ", " + hi + "], got '" + value + "'");
            }
            if (!(v >= lo && v <= hi)) {
                throw new MmCoreSessionException("Camera " + camera + "'s property " + name + " must lie in [" + lo
                        + ", " + hi + "], got " + value);
            }
        }
    }

    /** The camera whose properties were set ({@code ""} when none were asked for). */
    public String camera() {
        return camera;
    }

    /** The properties set, name to value, in the order they were set. */
    public Map<String, String> applied() {
        return applied;
    }

    /** Puts back the values the properties had before {@link #apply}; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> names = new ArrayList<>(previous.keySet());
        Collections.reverse(names);
        for (String name : names) {
            try {
                core.setProperty(camera, name, previous.get(name));
            } catch (Exception e) {
                LOG.error("Putting camera {}'s property {} back to '{}' failed: {}", camera, name, previous.get(name),
                        e.getMessage());
            }
        }
    }
}
