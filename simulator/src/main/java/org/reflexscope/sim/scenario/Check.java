package org.reflexscope.sim.scenario;

import java.util.List;

/** Range and presence checks that name the field and the allowed range. */
final class Check {
    private Check() {
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new ScenarioException("'" + field + "' must be given (it may not be null)");
        }
        return value;
    }

    static void notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ScenarioException("'" + field + "' must be a non-empty text");
        }
    }

    static void range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ScenarioException("'" + field + "' is " + value + ", allowed range is [" + min + ", " + max
                    + "]");
        }
    }

    static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ScenarioException("'" + field + "' is " + value + ", allowed range is [" + min + ", " + max
                    + "]");
        }
    }

    static void oneOf(String field, long value, List<Integer> allowed) {
        if (!allowed.contains((int) value)) {
            throw new ScenarioException("'" + field + "' is " + value + ", allowed values are " + allowed);
        }
    }

    static void size(String field, List<?> list, int size) {
        notNull(field, list);
        if (list.size() != size) {
            throw new ScenarioException("'" + field + "' must be a list of " + size + " numbers, got " + list);
        }
    }
}
