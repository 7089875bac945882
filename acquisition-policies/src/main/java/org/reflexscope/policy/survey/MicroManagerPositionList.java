package org.reflexscope.policy.survey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Micro-Manager 2 position list ({@code .pos}, the "Micro-Manager Property Map" JSON that Studio's Stage
 * Position List saves) into a {@link SurveyPlan} of the XY positions, in the file's order. Each position's XY is the
 * entry of its {@code DevicePositions} whose device is its {@code DefaultXYStage} (or, with none named, the first
 * two-axis entry); Z and other devices are ignored.
 */
public final class MicroManagerPositionList {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MicroManagerPositionList() {
    }

    /**
     * @throws SurveyException naming the file and what is wrong with it: not JSON, no {@code StagePositions}, no
     *         positions, or a position without an XY stage entry
     * @throws IOException if the file cannot be read
     */
    public static SurveyPlan read(Path file) throws IOException, SurveyException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SurveyException("Position list " + file + " is not JSON (" + e.getOriginalMessage()
                    + "); save it from Micro-Manager's Stage Position List as a .pos file");
        }
        JsonNode positions = root.path("map").path("StagePositions").path("array");
        if (!positions.isArray()) {
            throw new SurveyException("Position list " + file + " has no map.StagePositions.array: not a Micro-Manager"
                    + " 2 position list; save it from Micro-Manager's Stage Position List as a .pos file");
        }
        if (positions.size() == 0) {
            throw new SurveyException("Position list " + file + " holds no positions; add some in Micro-Manager's "
                    + "Stage Position List");
        }
        List<double[]> xy = new ArrayList<>();
        for (JsonNode p : positions) {
            String label = p.path("Label").path("scalar").asText("#" + xy.size());
            String stage = p.path("DefaultXYStage").path("scalar").asText("");
            double[] found = null;
            for (JsonNode d : p.path("DevicePositions").path("array")) {
                JsonNode values = d.path("Position_um").path("array");
                boolean mine = stage.isEmpty() || stage.equals(d.path("Device").path("scalar").asText());
                if (mine && values.isArray() && values.size() == 2 && values.get(0).isNumber()
                        && values.get(1).isNumber()) {
                    found = new double[] {values.get(0).asDouble(), values.get(1).asDouble()};
                    break;
                }
            }
            if (found == null) {
                throw new SurveyException("Position '" + label + "' in " + file + " has no XY position"
                        + (stage.isEmpty() ? "" : " for its stage '" + stage + "'")
                        + "; set it in Micro-Manager's Stage Position List");
            }
            xy.add(found);
        }
        return SurveyPlan.positions(xy);
    }
}
