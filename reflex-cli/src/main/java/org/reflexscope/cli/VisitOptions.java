package org.reflexscope.cli;

import java.util.List;
import java.util.Locale;
import org.reflexscope.cli.input.UsageException;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.core.focus.FocusMeasure;
import org.reflexscope.mm.survey.SurveySettings;
import org.reflexscope.policy.hardware.HardwareAutofocus;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.survey.FocusMode;
import org.reflexscope.policy.survey.FocusScan;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.VisitOrder;
import org.reflexscope.policy.survey.VisitSettings;
import picocli.CommandLine.Option;

/**
 * {@code reflex survey}'s options for what a visit acquires (channels, a short time-lapse), how each tile is focused
 * ({@code --autofocus}) and when targets are visited ({@code --order}); a picocli mixin of {@link SurveyCommand}.
 */
final class VisitOptions {
    /** Interleaved visits wait for this many settled targets (chosen on seeds 1-3, docs/survey.md). */
    static final int DEFAULT_BATCH = SurveySettings.DEFAULT_BATCH;

    /** How tiles are focused. */
    enum Autofocus {
        OFF, SCAN, MAP, DEVICE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** When targets are visited. */
    enum Order {
        SURVEY_FIRST, INTERLEAVED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Option(names = "--visit-channels", split = ",", paramLabel = "PRESET",
            description = "Acquire each visit in these presets of the microscope's channel group, in order, e.g. "
                + "DAPI,FITC (default: the current channel). The channel is restored after each acquisition.")
    List<String> channels;

    @Option(names = "--visit-frames", defaultValue = "1", paramLabel = "N",
            description = "Time points per visit: repeat the visit's acquisition (every channel) N times "
                + "(default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--visit-interval", paramLabel = "TIME",
            description = "Time between the starts of a visit's time points, e.g. 2s or 500ms (default: 0, as fast as "
                + "they go).")
    String interval;

    @Option(names = "--autofocus", paramLabel = "MODE",
            description = "Focus per tile: off (the starting Z), scan (Reflex's Z scan at every tile, see "
                + "--focus-scan), map (a plane through scans at the corners and centre) or device (the microscope's "
                + "autofocus device, with --mm) (default: off, or map with --focus-map).")
    String autofocusText;
    private Autofocus autofocus;

    @Option(names = "--focus-scan", split = ",", paramLabel = "RANGE,STEP",
            description = "The Z scan of --autofocus scan or map: ±RANGE µm in STEP µm steps (default: 10,1).")
    List<Double> focusScan;

    @Option(names = "--autofocus-device", paramLabel = "LABEL",
            description = "With --mm and --autofocus device: the autofocus device (default: the configuration's).")
    String autofocusDevice;

    @Option(names = "--order", paramLabel = "ORDER",
            description = "survey-first (all tiles, then the best targets nearest next) or interleaved (targets "
                + "queue as tiles come in and are visited in batches while the survey goes on) (default: "
                + "survey-first).")
    String orderText;
    private Order order = Order.SURVEY_FIRST;

    @Option(names = "--visit-batch", defaultValue = "" + DEFAULT_BATCH, paramLabel = "N",
            description = "With --order interleaved: targets queued before the microscope switches to the visit "
                + "objective; two objective switches per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    /** Malformed values and options that do not go together: exit 2. */
    void validate(boolean onMicroscope, List<Double> focusMap) throws UsageException {
        autofocus = autofocusText == null ? null : choice(Autofocus.values(), autofocusText, "--autofocus");
        order = orderText == null ? Order.SURVEY_FIRST : choice(Order.values(), orderText, "--order");
        if (channels != null && (channels.stream().anyMatch(String::isBlank)
                || channels.stream().distinct().count() != channels.size())) {
            throw new UsageException("--visit-channels takes distinct preset names separated by commas, got "
                    + channels);
        }
        if (frames < 1) {
            throw new UsageException("--visit-frames must be >= 1, got " + frames);
        }
        intervalMs();
        if (interval != null && frames == 1) {
            throw new UsageException("--visit-interval needs --visit-frames of 2 or more");
        }
        if (focusMap != null && autofocus != null && autofocus != Autofocus.MAP) {
            throw new UsageException("--focus-map asks for --autofocus map, not --autofocus " + autofocus
                    + "; give one of them");
        }
        if (focusScan != null && (focusScan.size() != 2 || !(focusScan.get(1) > 0)
                || !(focusScan.get(0) >= focusScan.get(1)) || !Double.isFinite(focusScan.get(0)))) {
            throw new UsageException("--focus-scan takes RANGE,STEP in µm with 0 < STEP <= RANGE, got " + focusScan);
        }
        if (focusScan != null && focusMap != null) {
            throw new UsageException("--focus-map and --focus-scan both set the scan; give one of them");
        }
        Autofocus mode = mode(focusMap);
        if (focusScan != null && mode != Autofocus.SCAN && mode != Autofocus.MAP) {
            throw new UsageException("--focus-scan applies to --autofocus scan or map, not " + mode);
        }
        if (mode == Autofocus.DEVICE && !onMicroscope) {
            throw new UsageException("--autofocus device uses a microscope's autofocus device; give --mm too (the "
                    + "simulator has none: use --autofocus scan)");
        }
        if (autofocusDevice != null && mode != Autofocus.DEVICE) {
            throw new UsageException("--autofocus-device applies to --autofocus device");
        }
        if (batch < 1) {
            throw new UsageException("--visit-batch must be >= 1, got " + batch);
        }
    }

    private static <E extends Enum<E>> E choice(E[] values, String text, String option) throws UsageException {
        for (E v : values) {
            if (v.toString().equalsIgnoreCase(text.trim())) {
                return v;
            }
        }
        throw new UsageException(option + " takes one of " + java.util.Arrays.toString(values) + ", got '" + text
                + "'");
    }

    /** When targets are visited (after {@link #validate}). */
    Order order() {
        return order;
    }

    /** The focus mode asked for: {@code --autofocus}, else map with {@code --focus-map}, else off. */
    Autofocus mode(List<Double> focusMap) {
        return autofocus != null ? autofocus : focusMap != null ? Autofocus.MAP : Autofocus.OFF;
    }

    /** The autofocus Z scan [range, step] µm the run uses: the focus map's, {@code --focus-scan}, or 10, 1. */
    List<Double> scan(List<Double> focusMap) {
        return focusMap != null ? focusMap : focusScan != null ? focusScan : List.of(10.0, 1.0);
    }

    /** The visit channels, empty for the current one. */
    List<String> channels() {
        return channels == null ? List.of() : List.copyOf(channels);
    }

    /** {@code settings} with the channels and time-lapse asked for. */
    VisitSettings applyTo(VisitSettings settings) throws UsageException {
        return settings.withChannels(channels()).withTimeLapse(frames, intervalMs());
    }

    /**
     * {@code b} with the focus mode and order asked for; {@code device} gives the autofocus device (asked for only
     * in device mode).
     */
    GuidedSurvey.Builder applyTo(GuidedSurvey.Builder b, List<Double> focusMap, DeviceSource device)
            throws UserInputException, HardwareException {
        List<Double> scan = scan(focusMap);
        FocusScan s = new FocusScan(scan.get(0), scan.get(1), FocusMeasure.normalizedVariance());
        switch (mode(focusMap)) {
            case SCAN:
                b.optFocusPerTile(s);
                break;
            case MAP:
                b.optFocusMap(s);
                break;
            case DEVICE:
                b.optAutofocusDevice(device.open(autofocusDevice));
                break;
            default:
                break;
        }
        if (order == Order.INTERLEAVED) {
            b.optOrder(VisitOrder.INTERLEAVED, batch);
        }
        return b;
    }

    /**
     * {@code b} with the focus mode (and its scan), visit channels, time-lapse and order asked for (after
     * {@link #validate}): the panel's settings type, which {@code reflex survey --mm} runs through.
     */
    SurveySettings.Builder applyTo(SurveySettings.Builder b, List<Double> focusMap) throws UsageException {
        List<Double> scan = scan(focusMap);
        FocusMode mode;
        switch (mode(focusMap)) {
            case SCAN:
                mode = FocusMode.SCAN;
                break;
            case MAP:
                mode = FocusMode.MAP;
                break;
            case DEVICE:
                mode = FocusMode.DEVICE;
                break;
            default:
                mode = FocusMode.OFF;
                break;
        }
        return b.optFocus(mode, scan.get(0), scan.get(1)).optVisitChannels(channels()).optTimeLapse(frames,
                intervalMs()).optOrder(order == Order.INTERLEAVED ? VisitOrder.INTERLEAVED : VisitOrder.SURVEY_FIRST,
                batch);
    }

    /** Opens the microscope's autofocus device. */
    interface DeviceSource {
        /** The device {@code label}, or the configuration's when null. */
        HardwareAutofocus open(String label) throws UserInputException, HardwareException;
    }

    /** {@code --visit-interval} in ms (0 when not given). */
    double intervalMs() throws UsageException {
        if (interval == null) {
            return 0;
        }
        String d = interval.trim().toLowerCase(Locale.ROOT);
        double scale = 1000;
        String num = d;
        if (d.endsWith("ms")) {
            scale = 1;
            num = d.substring(0, d.length() - 2);
        } else if (d.endsWith("s")) {
            num = d.substring(0, d.length() - 1);
        } else if (d.endsWith("m")) {
            scale = 60_000;
            num = d.substring(0, d.length() - 1);
        }
        try {
            double v = Double.parseDouble(num.trim()) * scale;
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("--visit-interval " + interval + ": expected a time >= 0 such as 2s or 500ms");
        }
    }
}
