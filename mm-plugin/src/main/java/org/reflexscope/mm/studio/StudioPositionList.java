package org.reflexscope.mm.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.micromanager.MultiStagePosition;
import org.micromanager.PositionList;
import org.micromanager.StagePosition;
import org.reflexscope.mm.survey.ListedPositions;
import org.reflexscope.policy.survey.SurveyException;

/**
 * {@link ListedPositions} over Studio's Stage Position List ({@code studio.positions().getPositionList()}), read
 * when a survey starts. Each position's XY is its entry for its default XY stage (or, with none named, its first
 * two-axis entry), as {@code MicroManagerPositionList} reads a saved {@code .pos} file; Z and other stages are
 * ignored.
 */
final class StudioPositionList implements ListedPositions {
    private final Supplier<PositionList> list;

    /** @param list the position list now ({@code studio.positions()::getPositionList} in the plugin) */
    StudioPositionList(Supplier<PositionList> list) {
        this.list = Objects.requireNonNull(list, "list");
    }

    @Override
    public List<double[]> xyUm() throws SurveyException {
        PositionList positions = list.get();
        int n = positions == null ? 0 : positions.getNumberOfPositions();
        if (n == 0) {
            throw new SurveyException("Studio's Stage Position List is empty: add positions to it (Devices > Stage "
                    + "Position List) or survey a grid");
        }
        List<double[]> xy = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MultiStagePosition p = positions.getPosition(i);
            String stage = p.getDefaultXYStage() == null ? "" : p.getDefaultXYStage();
            double[] found = null;
            for (int k = 0; k < p.size() && found == null; k++) {
                StagePosition s = p.get(k);
                if (s.is2DStagePosition() && (stage.isEmpty() || stage.equals(s.getStageDeviceLabel()))) {
                    found = new double[] {s.get2DPositionX(), s.get2DPositionY()};
                }
            }
            if (found == null || !Double.isFinite(found[0]) || !Double.isFinite(found[1])) {
                throw new SurveyException("Position '" + p.getLabel() + "' of Studio's Stage Position List has no XY "
                        + "position" + (stage.isEmpty() ? "" : " for its stage '" + stage + "'") + "; set it there "
                        + "(Devices > Stage Position List)");
            }
            xy.add(found);
        }
        return xy;
    }
}
