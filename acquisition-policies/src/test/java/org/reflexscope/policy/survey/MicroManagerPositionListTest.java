package org.reflexscope.policy.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .pos} format as Micro-Manager 2 saves it. {@code three-positions.pos} was written by Studio's own
 * {@code org.micromanager.PositionList.save} (the {@code MMJ_.jar} of {@code ../shared/micro-manager/install}) from
 * three {@code MultiStagePosition("XY", x, y, "Z", z)}: (100, -50), (-300.5, 220), (0, 0); see docs/survey.md.
 */
class MicroManagerPositionListTest {

    @Test
    void readsTheXYStageEntryOfEveryPositionInOrder() throws Exception {
        Path f = Paths.get(getClass().getResource("three-positions.pos").toURI());
        SurveyPlan p = MicroManagerPositionList.read(f);
        assertThat(p.tiles()).hasSize(3);
        assertThat(p.tiles()).extracting(SurveyTile::xUm).containsExactly(100.0, -300.5, 0.0);
        assertThat(p.tiles()).extracting(SurveyTile::yUm).containsExactly(-50.0, 220.0, 0.0);
    }

    @Test
    void badFilesNameTheProblem(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("a.pos"), "Pos0 100 200");
        assertThatThrownBy(() -> MicroManagerPositionList.read(notJson)).isInstanceOf(SurveyException.class)
                .hasMessageContaining("is not JSON");
        Path other = Files.writeString(dir.resolve("b.pos"), "{\"map\": {}}");
        assertThatThrownBy(() -> MicroManagerPositionList.read(other)).hasMessageContaining("StagePositions");
        Path empty = Files.writeString(dir.resolve("c.pos"), "{\"map\": {\"StagePositions\": {\"array\": []}}}");
        assertThatThrownBy(() -> MicroManagerPositionList.read(empty)).hasMessageContaining("no positions");
        Path noXY = Files.writeString(dir.resolve("d.pos"), "{\"map\": {\"StagePositions\": {\"array\": [{"
                + "\"Label\": {\"scalar\": \"Pos7\"}, \"DefaultXYStage\": {\"scalar\": \"XY\"}, \"DevicePositions\": "
                + "{\"array\": [{\"Device\": {\"scalar\": \"Z\"}, \"Position_um\": {\"array\": [1.0]}}]}}]}}}");
        assertThatThrownBy(() -> MicroManagerPositionList.read(noXY)).hasMessageContaining("'Pos7'")
                .hasMessageContaining("'XY'");
    }
}
