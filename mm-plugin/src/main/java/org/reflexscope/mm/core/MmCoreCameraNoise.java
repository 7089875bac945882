package org.reflexscope.mm.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.reflexscope.core.analysis.CameraModel;

/**
 * The camera's gain, offset and read noise as a Micro-Manager camera's device properties state them, where their
 * meaning is unambiguous; everything else is left to be measured from the frames ({@link CameraModel#measured()}).
 *
 * <p>A property is used only when its name states its quantity and unit:
 * <ul>
 * <li>read noise: a name with {@code read noise} / {@code readnoise} and {@code electrons} or {@code e-} (the
 * DemoCamera's {@code ReadNoise (electrons)}), in rms electrons;</li>
 * <li>gain: {@code Photon Conversion Factor} (electrons per count: measured on the DemoCamera, whose counts' variance
 * grows by 1/factor per count) or a name with {@code e-/ADU}, {@code e/ADU}, {@code electrons per ADU} (gain is the
 * inverse), or with {@code ADU/e-}, {@code counts per electron} (gain as is);</li>
 * <li>offset: a name with {@code offset} or {@code baseline} and {@code (ADU)} or {@code (counts)}.</li>
 * </ul>
 * Properties named like a gain or an offset without a unit ({@code Gain}, {@code EMGain}, {@code Offset},
 * {@code Baseline}, {@code PreAmpGain}…) are camera settings whose relation to counts per electron is not stated:
 * they are listed as {@linkplain #ignored() ignored}, never used. An immutable value.
 */
public final class MmCoreCameraNoise {
    private static final Pattern READ_NOISE = Pattern.compile("read[ _-]?noise.*(electron|e-)");
    private static final Pattern ELECTRONS_PER_COUNT = Pattern.compile(
            "^photon conversion factor$|(^|[^a-z])e-?\\s*/\\s*(adu|count)|electrons? per (adu|count)");
    private static final Pattern COUNTS_PER_ELECTRON = Pattern.compile(
            "(adu|counts?)\\s*/\\s*e(-|\\b)|(adu|counts?) per electron");
    private static final Pattern OFFSET = Pattern.compile("(offset|baseline|bias).*\\((adu|counts?)\\)");
    private static final Pattern UNITLESS = Pattern.compile("gain|offset|baseline|bias|conversion");

    private final CameraModel model;
    private final List<String> used;
    private final List<String> ignored;

    private MmCoreCameraNoise(CameraModel model, List<String> used, List<String> ignored) {
        this.model = model;
        this.used = Collections.unmodifiableList(used);
        this.ignored = Collections.unmodifiableList(ignored);
    }

    /**
     * Reads the properties of the core's current camera. A camera without such properties, or one whose properties
     * cannot be listed or read, gives {@link CameraModel#measured()}; an unreadable or out-of-range value is
     * listed as ignored with the reason.
     */
    static MmCoreCameraNoise read(MmCoreApi api) {
        CameraModel m = CameraModel.measured();
        List<String> used = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        String camera = api.cameraDevice();
        String[] names;
        try {
            names = camera == null || camera.isEmpty() ? new String[0] : api.propertyNames(camera);
        } catch (Exception e) {
            ignored.add("camera properties could not be listed: " + e.getMessage());
            return new MmCoreCameraNoise(m, used, ignored);
        }
        for (String name : names) {
            String key = name.toLowerCase(Locale.ROOT).trim();
            boolean readNoise = READ_NOISE.matcher(key).find();
            boolean perCount = ELECTRONS_PER_COUNT.matcher(key).find();
            boolean perElectron = !perCount && COUNTS_PER_ELECTRON.matcher(key).find();
            boolean offset = OFFSET.matcher(key).find();
            if (!readNoise && !perCount && !perElectron && !offset) {
                if (UNITLESS.matcher(key).find()) {
                    ignored.add(describe(api, camera, name) + ": no unit in its name, so not a gain in counts/e-, "
                            + "an offset in counts or a read noise in electrons");
                }
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(api.property(camera, name).trim());
            } catch (Exception e) {
                ignored.add("'" + name + "': not a number (" + e.getMessage() + ")");
                continue;
            }
            String from = String.format(Locale.ROOT, "Micro-Manager property %s-%s = %s", camera, name, trim(v));
            try {
                if (readNoise) {
                    m = m.withReadNoise(v, CameraModel.Source.CAMERA_METADATA, from + " e-");
                } else if (perCount) {
                    m = m.withGain(1 / v, CameraModel.Source.CAMERA_METADATA, from + " e-/count, inverted");
                } else if (perElectron) {
                    m = m.withGain(v, CameraModel.Source.CAMERA_METADATA, from + " counts/e-");
                } else {
                    m = m.withOffset(v, CameraModel.Source.CAMERA_METADATA, from + " counts");
                }
                used.add(from);
            } catch (IllegalArgumentException e) {
                ignored.add(from + ": " + e.getMessage());
            }
        }
        return new MmCoreCameraNoise(m, used, ignored);
    }

    private static String describe(MmCoreApi api, String camera, String name) {
        try {
            return "'" + name + "' = " + api.property(camera, name);
        } catch (Exception e) {
            return "'" + name + "'";
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** The camera model: values from unambiguous properties, the rest to be measured from the frames. */
    public CameraModel model() {
        return model;
    }

    /** The properties used, one line each ({@code Micro-Manager property Camera-ReadNoise (electrons) = 2.5}). */
    public List<String> used() {
        return used;
    }

    /** Properties that look like gain or offset but were not used, each with why. */
    public List<String> ignored() {
        return ignored;
    }

    @Override
    public String toString() {
        return model + ", used " + used + ", ignored " + ignored;
    }
}
