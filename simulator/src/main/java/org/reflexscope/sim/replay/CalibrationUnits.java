package org.reflexscope.sim.replay;

import java.util.Locale;

/**
 * The units a TIFF's calibration (ImageJ's or OME's) may use, converted to the replay's µm and ms; an unknown
 * length unit is a {@link ReplayException} naming the fix, an unknown time unit counts as seconds.
 */
final class CalibrationUnits {
    private CalibrationUnits() {
    }

    /**
     * {@code v} in {@code unit} as µm; {@code NaN} for no length unit (ImageJ's "pixel", or none) and for a TIFF's
     * print resolution (inch, cm), which says nothing about the microscope.
     *
     * @throws ReplayException for a unit it does not know
     */
    static double micrometres(double v, String unit) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "":
            case "pixel":
            case "pixels":
                return Double.NaN;
            case "nm":
            case "nanometer":
            case "nanometre":
                return v / 1000.0;
            case "µm":
            case "μm":
            case "um":
            case "micron":
            case "microns":
            case "micrometer":
            case "micrometre":
            case "micrometers":
            case "micrometres":
                return v;
            case "mm":
                return v * 1000.0;
            case "cm":
            case "inch":
            case "inches":
            case "in":
                // a TIFF's print resolution (dots per inch or cm), not a microscope's calibration
                return Double.NaN;
            default:
                throw new ReplayException("Unknown length unit '" + unit + "' in the file's calibration: set the "
                        + "pixel size in µm (Image > Properties in Fiji) and save again");
        }
    }

    static double milliseconds(double v, String unit) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "ms":
                return v;
            case "min":
                return v * 60000.0;
            case "µs":
            case "us":
                return v / 1000.0;
            default:
                return v * 1000.0;
        }
    }
}
