package org.reflexscope.mm.core;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which configuration group of a user's configuration switches objectives, and the pixel size of each of its
 * presets: the group whose presets select the core's pixel-size configurations. Micro-Manager has no fixed name for
 * it ({@code Objective} in the demo configuration; {@code Objectives}, {@code Nosepiece}, {@code Magnification} in
 * others). An immutable value, made by {@link #detect} or {@link #named}; {@link #NONE} when the configuration has no
 * such group (policies that switch objectives then have none to switch).
 *
 * <p>A preset selects a pixel-size configuration when it sets every device property that configuration is defined
 * by; a state device's {@code Label} and {@code State} settings compare by state number.
 */
public final class ObjectiveGroup {
    /** No objective group. */
    public static final ObjectiveGroup NONE = new ObjectiveGroup("", Map.of());

    private final String name;
    private final Map<String, Double> pixelSizes;

    private ObjectiveGroup(String name, Map<String, Double> pixelSizes) {
        this.name = name;
        this.pixelSizes = pixelSizes;
    }

    /**
     * The group whose presets select the most pixel-size configurations, among the groups whose presets select at
     * least two different pixel sizes (a group that sets one objective among other things, such as a startup
     * preset, switches none); {@link #NONE} if there is no such group.
     */
    static ObjectiveGroup detect(MmCoreApi core) {
        ObjectiveGroup best = NONE;
        for (String group : core.availableConfigGroups()) {
            ObjectiveGroup g = measure(core, group);
            boolean switches = new HashSet<>(g.pixelSizes.values()).size() >= 2;
            if (switches && g.pixelSizes.size() > best.pixelSizes.size()) {
                best = g;
            }
        }
        return best;
    }

    /**
     * The group {@code name}, with the pixel sizes its presets select (possibly none).
     *
     * @throws MmCoreSessionException if the configuration has no such group (the message lists the groups)
     */
    static ObjectiveGroup named(MmCoreApi core, String name) throws MmCoreSessionException {
        if (!core.isGroupDefined(name)) {
            throw new MmCoreSessionException("The configuration has no group '" + name + "' for objectives. Its "
                    + "groups: " + Arrays.toString(core.availableConfigGroups()) + ". Name the group whose presets "
                    + "switch objectives.");
        }
        return measure(core, name);
    }

    private static ObjectiveGroup measure(MmCoreApi core, String group) {
        Map<String, Double> sizes = new LinkedHashMap<>();
        String[] pixelConfigs = core.pixelSizeConfigs();
        for (String preset : core.availableConfigs(group)) {
            Set<String> set = normalised(core, safeSettings(core, group, preset, false));
            for (String pc : pixelConfigs) {
                Set<String> needs = normalised(core, safeSettings(core, pc, null, true));
                double um = safePixelSize(core, pc);
                if (!needs.isEmpty() && set.containsAll(needs) && um > 0) {
                    sizes.put(preset, um);
                    break;
                }
            }
        }
        return new ObjectiveGroup(group, Map.copyOf(sizes));
    }

    private static String[][] safeSettings(MmCoreApi core, String groupOrConfig, String preset, boolean pixel) {
        try {
            return pixel ? core.pixelSizeConfigSettings(groupOrConfig) : core.configSettings(groupOrConfig, preset);
        } catch (Exception e) {
            return new String[0][];
        }
    }

    private static double safePixelSize(MmCoreApi core, String config) {
        try {
            return core.pixelSizeUmOf(config);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** Settings as {@code device/property=value}, a state device's Label as {@code device/State=n}. */
    private static Set<String> normalised(MmCoreApi core, String[][] rows) {
        Set<String> set = new HashSet<>();
        for (String[] r : rows) {
            String device = r[0];
            String property = r[1];
            String value = r[2];
            if ("Label".equals(property)) {
                try {
                    set.add(device + "/State=" + core.stateFromLabel(device, value));
                    continue;
                } catch (Exception e) {
                    // not a state device's label: compare as it is
                }
            } else if ("State".equals(property)) {
                try {
                    set.add(device + "/State=" + Long.parseLong(value.trim()));
                    continue;
                } catch (NumberFormatException e) {
                    // not a number: compare as it is
                }
            }
            set.add(device + "/" + property + "=" + value);
        }
        return set;
    }

    /** The group's name ("" for {@link #NONE}). */
    public String name() {
        return name;
    }

    /** Whether there is an objective group. */
    public boolean exists() {
        return !name.isEmpty();
    }

    /** Pixel size (µm) by preset, for the presets that select a pixel-size configuration. */
    public Map<String, Double> pixelSizes() {
        return pixelSizes;
    }

    /** The preset with the smallest pixel size (the highest magnification); "" when none is calibrated. */
    public String highestMagnification() {
        String best = "";
        double smallest = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Double> e : pixelSizes.entrySet()) {
            if (e.getValue() < smallest) {
                smallest = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return exists() ? "ObjectiveGroup{" + name + ", " + pixelSizes + "}" : "ObjectiveGroup{none}";
    }
}
