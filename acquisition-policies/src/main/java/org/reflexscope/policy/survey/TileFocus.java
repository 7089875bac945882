package org.reflexscope.policy.survey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reflexscope.policy.hardware.HardwareAutofocus;
import org.reflexscope.policy.hardware.HardwareException;

/**
 * Focus at a survey's tiles and visits under one {@link FocusMode}: the Z of each tile (found before it is
 * acquired), and the Z of a visit (the focus of the tile that found the target, or the map's, plus the visit
 * objective's parfocal offset). Every Z move goes through the {@link GuardedStage}. A scan or device focus that fails
 * at a tile (the envelope refused it) keeps the last focus there and is counted; the survey goes on. One thread.
 */
final class TileFocus {
    private final FocusMode mode;
    private final FocusScan scan;
    private final HardwareAutofocus device;
    private final double z0;
    private final Map<Integer, Double> tileZ = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private FocusMap map;
    private double last;

    TileFocus(FocusMode mode, FocusScan scan, HardwareAutofocus device, double z0) {
        this.mode = mode;
        this.scan = scan;
        this.device = device;
        this.z0 = z0;
        this.last = z0;
    }

    /** Before the survey: measures the focus map when the mode is {@link FocusMode#MAP}. */
    void prepare(GuardedStage stage, SurveyPlan plan) throws SurveyException, HardwareException {
        if (mode != FocusMode.MAP) {
            return;
        }
        List<double[]> points = new ArrayList<>();
        for (SurveyTile t : focusPoints(plan)) {
            stage.moveXY(t.xUm(), t.yUm(), "focus point at tile " + t.index());
            points.add(new double[] {t.xUm(), t.yUm(), scan.focusZ(stage, z0, "tile " + t.index())});
        }
        try {
            map = FocusMap.fit(points);
        } catch (IllegalArgumentException e) {
            throw new SurveyException("No focus map for this plan: " + e.getMessage() + " (a single row or column of "
                    + "tiles needs focus per tile instead: --autofocus scan)", e);
        }
    }

    /** With the stage at {@code tile}'s XY: finds its focus, moves Z there and returns it. */
    double focusTile(GuardedStage stage, SurveyTile tile) throws SurveyException, HardwareException {
        String where = "tile " + tile.index();
        double z;
        switch (mode) {
            case MAP:
                z = map.zAt(tile.xUm(), tile.yUm());
                break;
            case SCAN:
                try {
                    z = scan.focusZ(stage, last, where);
                } catch (SurveyException refused) {
                    failures.add(where + ": " + refused.getMessage());
                    z = last;
                }
                break;
            case DEVICE:
                moveTo(stage, last, "autofocus start at " + where);
                try {
                    z = stage.deviceFocus(device, "autofocus at " + where);
                } catch (SurveyException refused) {
                    failures.add(where + ": " + refused.getMessage());
                    z = last;
                }
                break;
            default:
                z = z0;
        }
        moveTo(stage, z, "focus at " + where);
        last = z;
        tileZ.put(tile.index(), z);
        return z;
    }

    /** The Z of a visit to {@code target}, before the visit objective's parfocal offset. */
    double visitZ(SurveyTarget target) {
        if (mode == FocusMode.MAP) {
            return map.zAt(target.xUm(), target.yUm());
        }
        return tileZ.getOrDefault(target.tileIndex(), z0);
    }

    /** The survey objective's Z before the first tile and after visits: the last tile's focus. */
    double surveyZ() {
        return last;
    }

    FocusMap map() {
        return map;
    }

    /** Tiles where the scan or the device failed (the envelope refused), each with why; the last focus was kept. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private static void moveTo(GuardedStage stage, double z, String why) throws SurveyException, HardwareException {
        if (stage.state().zUm() != z) {
            stage.moveZ(z, why);
        }
    }

    /** The plan's tiles nearest the four corners and the centre of the tiles' extent, each once, in plan order. */
    static List<SurveyTile> focusPoints(SurveyPlan plan) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (SurveyTile t : plan.tiles()) {
            x0 = Math.min(x0, t.xUm());
            y0 = Math.min(y0, t.yUm());
            x1 = Math.max(x1, t.xUm());
            y1 = Math.max(y1, t.yUm());
        }
        double[][] anchors = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {(x0 + x1) / 2, (y0 + y1) / 2}};
        java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
        for (double[] a : anchors) {
            SurveyTile best = plan.tiles().get(0);
            for (SurveyTile t : plan.tiles()) {
                if (Math.hypot(t.xUm() - a[0], t.yUm() - a[1]) < Math.hypot(best.xUm() - a[0], best.yUm() - a[1])) {
                    best = t;
                }
            }
            chosen.add(best.index());
        }
        List<SurveyTile> out = new ArrayList<>();
        chosen.forEach(i -> out.add(plan.tiles().get(i)));
        return out;
    }
}
