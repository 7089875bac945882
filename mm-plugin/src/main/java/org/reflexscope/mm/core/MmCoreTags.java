package org.reflexscope.mm.core;

/**
 * Defensive parsing of Micro-Manager tag values, which arrive as Strings from the core's frame metadata
 * ({@code "ElapsedTime-ms": "30.50"}) and as Numbers from MMCoreJ's wrapper-added keys.
 */
final class MmCoreTags {
    private MmCoreTags() {
    }

    /** {@code value} as a double: a Number, or a String holding one; {@code NaN} for null, blank or unparsable. */
    static double parseDouble(Object value) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            String s = ((String) value).trim();
            if (s.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /**
     * {@code value} as a whole number: a Number or a String (an integral decimal such as {@code "12.0"} is
     * accepted); {@code -1} for null, negative, fractional or unparsable values.
     */
    static long parseImageNumber(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            long v = ((Number) value).longValue();
            return v < 0 ? -1 : v;
        }
        if (value instanceof String) {
            String s = ((String) value).trim();
            try {
                long v = Long.parseLong(s);
                return v < 0 ? -1 : v;
            } catch (NumberFormatException e) {
                return integral(parseDouble(s));
            }
        }
        return integral(parseDouble(value));
    }

    private static long integral(double d) {
        if (!(d >= 0) || d != Math.rint(d) || d > Long.MAX_VALUE) {
            return -1;
        }
        return (long) d;
    }

    /**
     * The binning factor from a camera's {@code Binning} property: {@code "2"}, {@code "2x2"} or {@code "2X2"};
     * 1 for null or unparsable values.
     */
    static int parseBinning(String value) {
        if (value == null) {
            return 1;
        }
        String s = value.trim();
        int x = s.indexOf('x') >= 0 ? s.indexOf('x') : s.indexOf('X');
        if (x > 0) {
            s = s.substring(0, x).trim();
        }
        try {
            int b = Integer.parseInt(s);
            return b >= 1 ? b : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
