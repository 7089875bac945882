package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.inference.ModelFiles;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.record.NdTiffDatasetReader;

/**
 * {@code reflex survey --recipe} and {@code --from}: the selection rule, budget, region, visit z-stack, channels,
 * time points, autofocus, order and tile model come from the recipe, the effective recipe is written to the run folder and repeats the survey, typed options override it,
 * and a bad recipe is one line naming the entry.
 */
class SurveyRecipeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The BioImage Model Zoo package of the shared data (see /work/shared/data/README). */
    private static final Path UNET = Paths.get("/work/shared/data/models/unet2d_nuclei_broad");

    @Test
    void aYamlRecipeSetsTheRuleBudgetAndStackAndItsRunFolderRepeatsIt(@TempDir Path dir) throws Exception {
        Path recipe = dir.resolve("survey.yaml");
        Files.writeString(recipe, String.join("\n",
                "# normal nuclei, not the bright rare ones: the rule's upper bound at work",
                "source: {kind: simulated, seed: 13}",
                "survey: {region: [-400, -400, 400, 400]}",
                "selection:",
                "  intensity: {max: 600}",
                "budget: {count: 3}",
                "visit:",
                "  zStack: {fromUm: -1, toUm: 1, stepUm: 1}", ""));
        Path run = dir.resolve("run1");
        Cli c = Cli.run("survey", "--recipe", recipe.toString(), "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        List<String[]> targets = rows(run);
        assertThat(targets).as("normal nuclei in the region").hasSizeGreaterThan(3);
        assertThat(targets).allSatisfy(t -> assertThat(Double.parseDouble(t[4])).isLessThanOrEqualTo(600));
        List<String[]> visited = targets.stream().filter(t -> t[8].equals("centred") || t[8].equals("uncorrected"))
                .collect(Collectors.toList());
        assertThat(visited).as("the recipe's budget").hasSize(3);
        try (NdTiffDatasetReader stack = NdTiffDatasetReader.open(run.resolve("visits/target-" + visited.get(0)[0]))) {
            assertThat(stack.size()).as("the recipe's 3-plane stack").isEqualTo(3);
        }

        JsonNode written = JSON.readTree(run.resolve("survey-recipe.json").toFile());
        assertThat(written.path("source").path("kind").asText()).isEqualTo("simulated");
        assertThat(written.path("source").path("seed").asLong()).isEqualTo(13);
        assertThat(written.path("survey").path("region").toString()).isEqualTo("[-400.0,-400.0,400.0,400.0]");
        assertThat(written.path("survey").path("objective").asText()).isEqualTo("10X");
        assertThat(written.path("selection").path("intensity").path("max").asDouble()).isEqualTo(600);
        assertThat(written.path("selection").path("intensity").has("min")).isFalse();
        assertThat(written.path("budget").path("count").asInt()).isEqualTo(3);
        assertThat(written.path("visit").path("objective").asText()).isEqualTo("50X");
        assertThat(written.path("visit").path("offsetUm").toString()).isEqualTo("[8.0,-4.0]");
        assertThat(written.path("visit").path("zStack").path("stepUm").asDouble()).isEqualTo(1);
        assertThat(written.path("envelope").path("xyBoxUm").size()).isEqualTo(4);

        // the folder repeats the survey; typed options win: a lower intensity bound, one visit
        Path again = dir.resolve("run2");
        Cli r = Cli.run("survey", "--from", run.toString(), "--min-intensity", "300", "--budget", "1", "--out",
                again.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode second = JSON.readTree(again.resolve("survey-recipe.json").toFile());
        assertThat(second.path("selection").path("intensity").path("min").asDouble()).isEqualTo(300);
        assertThat(second.path("selection").path("intensity").path("max").asDouble()).isEqualTo(600);
        assertThat(second.path("budget").path("count").asInt()).isEqualTo(1);
        assertThat(second.path("survey")).isEqualTo(written.path("survey"));
        assertThat(second.path("visit")).isEqualTo(written.path("visit"));
        Set<String> expected = targets.stream().filter(t -> Double.parseDouble(t[4]) >= 300)
                .map(t -> t[2] + "," + t[3]).collect(Collectors.toSet());
        List<String[]> narrowed = rows(again);
        assertThat(narrowed.stream().map(t -> t[2] + "," + t[3]).collect(Collectors.toSet()))
                .as("the same slide and region, the targets of the first run inside [300, 600]").isEqualTo(expected);
        assertThat(narrowed.stream().filter(t -> t[8].equals("centred") || t[8].equals("uncorrected"))).hasSize(1);
    }

    @Test
    void aBadRecipeIsOneLineNamingTheEntryAndNothingRuns(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"selection\": {\"intensty\": {\"min\": 650}}}");
        Cli c = Cli.run("survey", "--recipe", typo.toString(), "--out", out.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err.strip()).startsWith("reflex: Survey recipe " + typo).contains("selection.intensty is not an "
                + "entry").contains("label, intensity, sizePx, elongation, score");
        assertThat(c.err.lines().findFirst().orElseThrow()).as("one line says it all")
                .contains("selection.intensty").contains("fix the file");

        Path range = dir.resolve("range.yml");
        Files.writeString(range, "budget:\n  count: -2\n");
        Cli r = Cli.run("survey", "--recipe", range.toString(), "--out", out.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err).contains("budget.count must be >= 0, got -2");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"budget\": {\"count\": 3,}");
        Cli b = Cli.run("survey", "--recipe", broken.toString(), "--out", out.toString());
        assertThat(b.exit).as(b.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(b.err).contains("is not valid JSON").contains("line 1");

        Cli missing = Cli.run("survey", "--recipe", dir.resolve("none.json").toString(), "--out", out.toString());
        assertThat(missing.exit).as(missing.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err).contains("none.json does not exist");
        Cli notARun = Cli.run("survey", "--from", dir.toString(), "--out", out.toString());
        assertThat(notARun.exit).as(notARun.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(notARun.err).contains("holds no survey-recipe.json");
        Path capped = Files.writeString(dir.resolve("capped.json"), "{\"selection\": {\"intensity\": {\"max\": 600}}}");
        Cli above = Cli.run("survey", "--recipe", capped.toString(), "--min-intensity", "700", "--out", out.toString());
        assertThat(above.exit).as(above.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(above.err).startsWith("reflex: --min-intensity 700.0 is above the recipe's selection.intensity.max");
        // with --mm the visit stack is planes and step around the focal plane: an off-centre one is refused first
        Path offCentre = Files.writeString(dir.resolve("off.json"), "{\"visit\": {\"zStack\": {\"fromUm\": -1, "
                + "\"toUm\": 3, \"stepUm\": 1}}}");
        Cli mm = Cli.run("survey", "--recipe", offCentre.toString(), "--mm", dir.resolve("no-mm").toString(), "--out",
                out.toString());
        assertThat(mm.exit).as(mm.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(mm.err).contains("visit.zStack runs from -1.0 to 3.0").contains("fromUm = -toUm");
        assertThat(out).doesNotExist();
        Cli both = Cli.run("survey", "--from", dir.toString(), "--recipe", typo.toString(), "--out", out.toString());
        assertThat(both.exit).as(both.toString()).isEqualTo(ExitCodes.USAGE);
        for (Cli any : List.of(c, r, b, missing, notARun, above, both)) {
            assertThat(any.err).doesNotContain("\tat ");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void aPositionListInARecipeIsFoundBesideTheRecipe(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("recipes"));
        StringBuilder pos = new StringBuilder("{\"format\": \"Micro-Manager Property Map\", \"major_version\": 2, "
                + "\"map\": {\"StagePositions\": {\"type\": \"PROPERTY_MAP\", \"array\": [");
        double[][] xy = {{-300, 120}, {410, -250}};
        for (int i = 0; i < xy.length; i++) {
            pos.append(i == 0 ? "" : ",").append("{\"DefaultXYStage\": {\"type\": \"STRING\", \"scalar\": \"XY\"}, ")
                    .append("\"DevicePositions\": {\"type\": \"PROPERTY_MAP\", \"array\": [{\"Device\": {\"type\": ")
                    .append("\"STRING\", \"scalar\": \"XY\"}, \"Position_um\": {\"type\": \"DOUBLE\", \"array\": [")
                    .append(xy[i][0]).append(", ").append(xy[i][1]).append("]}}]}}");
        }
        Files.writeString(folder.resolve("two.pos"), pos.append("]}}}"));
        Path recipe = Files.writeString(folder.resolve("listed.json"), "{\"survey\": {\"positions\": \"two.pos\"}, "
                + "\"budget\": {\"count\": 0}}");
        Path run = dir.resolve("run");
        Cli c = Cli.run("survey", "--recipe", recipe.toString(), "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        assertThat(c.out).contains("Surveyed 2 tiles (listed positions)");
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.read("position", 1).frame().metadata().stageXUm()).isEqualTo(410);
        }
        assertThat(JSON.readTree(run.resolve("survey-recipe.json").toFile()).path("survey").path("positions").asText())
                .isEqualTo(folder.resolve("two.pos").toAbsolutePath().toString());
    }

    @Test
    void channelsTimePointsAutofocusOrderAndModelAreRepeatedFromTheRunFolder(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("first");
        Cli c = Cli.run("survey", "--model", UNET.toString(), "--device", "cpu", "--seed", "7",
                "--region", "0,400,350,650", "--budget", "2", "--visit-channels", "DAPI,GFP", "--visit-frames", "2",
                "--visit-interval", "500ms", "--autofocus", "scan", "--focus-scan", "4,1", "--order", "interleaved",
                "--visit-batch", "2", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        JsonNode written = JSON.readTree(run.resolve("survey-recipe.json").toFile());
        JsonNode visit = written.path("visit");
        assertThat(visit.path("channels").toString()).isEqualTo("[\"DAPI\",\"GFP\"]");
        assertThat(visit.path("frames").asInt()).isEqualTo(2);
        assertThat(visit.path("intervalMs").asDouble()).isEqualTo(500);
        assertThat(visit.path("order").asText()).isEqualTo("interleaved");
        assertThat(visit.path("batch").asInt()).isEqualTo(2);
        assertThat(written.path("survey").path("autofocus").asText()).isEqualTo("scan");
        assertThat(written.path("survey").path("focusScan").toString()).isEqualTo("{\"rangeUm\":4.0,\"stepUm\":1.0}");
        assertThat(written.path("model").path("path").asText()).isEqualTo(UNET.toAbsolutePath().toString());
        assertThat(written.path("model").path("device").asText()).isEqualTo("cpu");
        Map<String, Set<Map<String, Integer>>> firstAxes = visitAxes(run);
        assertThat(firstAxes).as(c.toString()).isNotEmpty();
        assertThat(firstAxes.values()).allSatisfy(a -> assertThat(a).as("2 channels x 5 planes x 2 time points")
                .hasSize(2 * 5 * 2));

        Path again = dir.resolve("again");
        Cli r = Cli.run("survey", "--from", run.toString(), "--out", again.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.OK);
        ModelSource unet = ModelFiles.open(UNET);
        assertThat(r.out).as("the recipe's model analyses the tiles").contains("Tile analysis: " + unet.name());
        JsonNode second = JSON.readTree(again.resolve("survey-recipe.json").toFile());
        assertThat(second.path("visit")).isEqualTo(visit);
        assertThat(second.path("survey")).isEqualTo(written.path("survey"));
        assertThat(second.path("model")).isEqualTo(written.path("model"));
        assertThat(visitAxes(again)).as("the same targets, visited the same way").isEqualTo(firstAxes);

        // typed options still win: one time point, survey-first, no autofocus
        Path typed = dir.resolve("typed");
        Cli t = Cli.run("survey", "--from", run.toString(), "--visit-frames", "1", "--order", "survey-first",
                "--autofocus", "off", "--model", "default", "--out", typed.toString());
        assertThat(t.exit).as(t.toString()).isEqualTo(ExitCodes.OK);
        JsonNode third = JSON.readTree(typed.resolve("survey-recipe.json").toFile());
        assertThat(third.path("visit").path("frames").asInt()).isEqualTo(1);
        assertThat(third.path("visit").has("intervalMs")).isFalse();
        assertThat(third.path("visit").path("order").asText()).isEqualTo("survey-first");
        assertThat(third.path("visit").has("batch")).isFalse();
        assertThat(third.path("visit").path("channels")).isEqualTo(visit.path("channels"));
        assertThat(third.path("survey").path("autofocus").asText()).isEqualTo("off");
        assertThat(third.path("survey").has("focusScan")).isFalse();
        assertThat(third.path("model").has("path")).isFalse();
        assertThat(visitAxes(typed).values()).isNotEmpty().allSatisfy(a -> assertThat(a).hasSize(2 * 5));

        // a bad value in the run folder's recipe: exit 2 naming it, nothing written
        ObjectNode bad = (ObjectNode) written.deepCopy();
        ((ObjectNode) bad.path("visit")).put("order", "random");
        Path badRun = Files.createDirectories(dir.resolve("bad"));
        JSON.writeValue(badRun.resolve("survey-recipe.json").toFile(), bad);
        Path out = dir.resolve("never");
        Cli b = Cli.run("survey", "--from", badRun.toString(), "--out", out.toString());
        assertThat(b.exit).as(b.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(b.err.lines().findFirst().orElseThrow()).as("one line says it all").startsWith("reflex: Survey "
                + "recipe ").contains("visit.order must be \"survey-first\" or \"interleaved\", got \"random\"");
        ((ObjectNode) bad.path("visit")).put("order", "interleaved").put("frames", 0);
        JSON.writeValue(badRun.resolve("survey-recipe.json").toFile(), bad);
        Cli f = Cli.run("survey", "--from", badRun.toString(), "--out", out.toString());
        assertThat(f.exit).as(f.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(f.err).contains("visit.frames must be >= 1, got 0");
        assertThat(out).doesNotExist();
    }

    /** Each visit dataset's name and its set of (channel, z, time) coordinates. */
    private static Map<String, Set<Map<String, Integer>>> visitAxes(Path run) throws Exception {
        Map<String, Set<Map<String, Integer>>> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(run.resolve("visits"))) {
            for (Path v : s.collect(Collectors.toList())) {
                try (NdTiffDatasetReader d = NdTiffDatasetReader.open(v)) {
                    out.put(v.getFileName().toString(), new HashSet<>(d.axes()));
                }
            }
        }
        return out;
    }

    private static List<String[]> rows(Path run) throws Exception {
        return Files.readAllLines(run.resolve("targets.csv")).stream().skip(1).map(l -> l.split(",", -1))
                .collect(Collectors.toList());
    }
}
