package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyTile;

/**
 * A survey's run folder read by Micro-Manager's own libraries, the jars of the installation named by
 * {@code -Dreflex.mm.home} (not the project's copies), each in a class loader of its own: AcqEngJ's
 * {@code AcquisitionEvent.fromJSON} (what pycro-manager hands its events to) reads every event of
 * {@code plan-events.json}, tiles and visits, with the position, objective and axes written; NDTiffStorage opens
 * {@code tiles/} and reads every tile with its {@code position}/{@code row}/{@code column} axes and stage position.
 */
class SurveyFolderInMicroManagerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void acqEngJReadsEveryEventAndNdTiffStorageEveryTile() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path run = dir.resolve("survey");
        Cli c = Cli.run("survey", "--seed", "14", "--region", "-400,-400,400,400", "--budget", "3", "--out",
                run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        List<SurveyTile> tiles = SurveyPlan.grid(-400, -400, 400, 400, 256, 256, 0.1).tiles();

        long visited = Files.readAllLines(run.resolve("targets.csv")).stream()
                .filter(r -> r.contains(",centred,") || r.contains(",uncorrected,")).count();
        assertThat(visited).isPositive();
        List<Map<String, Object>> parsed = eventsThroughAcqEngJ(home, run.resolve("plan-events.json"));
        assertThat(parsed).as("the tiles and 5 planes per visit").hasSize((int) (tiles.size() + 5 * visited));
        assertThat(parsed.stream().filter(e -> ((Map<?, ?>) e.get("axes")).containsKey("target")))
                .hasSize((int) (5 * visited)).allSatisfy(e -> assertThat(e.get("preset")).isEqualTo("50X"));

        Map<Map<String, Object>, double[]> stored = tilesThroughNdTiffStorage(home, run.resolve("tiles"));
        assertThat(stored).hasSize(tiles.size());
        for (SurveyTile t : tiles) {
            double[] xy = stored.get(Map.of("position", t.index(), "row", t.row(), "column", t.column()));
            assertThat(xy).as("tile " + t.index()).isNotNull();
            assertThat(xy[0]).isCloseTo(t.xUm(), within(1e-6));
            assertThat(xy[1]).isCloseTo(t.yUm(), within(1e-6));
            assertThat(xy[2]).as("pixels").isEqualTo(256 * 256);
        }
    }

    /**
     * Every event of {@code eventsJson} read by the installation's AcqEngJ ({@code AcquisitionEvent.fromJSON}); each
     * parsed event is checked against what was written (x, y, z, the {@code Objective} group, axes) and returned as
     * {@code {axes, preset}}.
     */
    static List<Map<String, Object>> eventsThroughAcqEngJ(Path home, Path eventsJson) throws Exception {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        try (URLClassLoader mm = installationJars(home, "AcqEngJ-", "MMCoreJ.jar")) {
            Class<?> jsonObject = mm.loadClass("mmcorej.org.json.JSONObject");
            Class<?> event = mm.loadClass("org.micromanager.acqj.main.AcquisitionEvent");
            assertThat(event.getProtectionDomain().getCodeSource().getLocation().getPath()).contains(home.toString());
            Method fromJson = event.getMethod("fromJSON", jsonObject,
                    mm.loadClass("org.micromanager.acqj.api.AcquisitionAPI"));
            for (JsonNode e : JSON.readTree(eventsJson.toFile())) {
                Object parsed = fromJson.invoke(null, jsonObject.getConstructor(String.class).newInstance(e.toString()),
                        null);
                assertThat((Double) call(parsed, "getXPosition")).isCloseTo(e.path("x").asDouble(), within(1e-9));
                assertThat((Double) call(parsed, "getYPosition")).isCloseTo(e.path("y").asDouble(), within(1e-9));
                assertThat((Double) call(parsed, "getZPosition")).isCloseTo(e.path("z").asDouble(), within(1e-9));
                assertThat(call(parsed, "getConfigGroup")).isEqualTo(e.path("config_group").get(0).asText());
                assertThat(call(parsed, "getConfigPreset")).isEqualTo(e.path("config_group").get(1).asText());
                Map<String, Object> axes = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = e.path("axes").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> a = it.next();
                    // a channel axis is the preset's name, as pycro-manager writes it; the others are indices
                    axes.put(a.getKey(), a.getValue().isTextual() ? a.getValue().asText() : a.getValue().asInt());
                }
                assertThat(call(parsed, "getAxisPositions")).isEqualTo(axes);
                out.add(Map.of("axes", axes, "preset", call(parsed, "getConfigPreset")));
            }
        }
        return out;
    }

    /**
     * {@code tilesDir} opened by the installation's NDTiffStorage: for every image its axes and {x, y, pixel count},
     * x and y its {@code XPositionUm}/{@code YPositionUm}.
     */
    static Map<Map<String, Object>, double[]> tilesThroughNdTiffStorage(Path home, Path tilesDir) throws Exception {
        Map<Map<String, Object>, double[]> out = new HashMap<>();
        try (URLClassLoader mm = installationJars(home, "NDTiffStorage-", "MMCoreJ.jar")) {
            Class<?> storage = mm.loadClass("org.micromanager.ndtiffstorage.NDTiffStorage");
            assertThat(storage.getProtectionDomain().getCodeSource().getLocation().getPath())
                    .contains(home.toString());
            Method getDouble = mm.loadClass("mmcorej.org.json.JSONObject").getMethod("getDouble", String.class);
            Object dataset = storage.getConstructor(String.class).newInstance(tilesDir.toString());
            try {
                @SuppressWarnings("unchecked")
                Set<HashMap<String, Object>> keys = (Set<HashMap<String, Object>>) call(dataset, "getAxesSet");
                Method getImage = storage.getMethod("getImage", HashMap.class);
                for (HashMap<String, Object> axes : keys) {
                    Object image = getImage.invoke(dataset, axes);
                    assertThat(image).as("image at " + axes).isNotNull();
                    Object tags = image.getClass().getField("tags").get(image);
                    Object pix = image.getClass().getField("pix").get(image);
                    out.put(Map.copyOf(axes), new double[] {(Double) getDouble.invoke(tags, "XPositionUm"),
                        (Double) getDouble.invoke(tags, "YPositionUm"), java.lang.reflect.Array.getLength(pix)});
                }
            } finally {
                call(dataset, "close");
            }
        }
        return out;
    }

    private static Object call(Object target, String method) throws Exception {
        return target.getClass().getMethod(method).invoke(target);
    }

    /** A class loader over the installation's jars whose names start with the given prefixes, no parent but Java's. */
    static URLClassLoader installationJars(Path home, String... prefixes) throws Exception {
        Path jars = home.resolve("plugins/Micro-Manager");
        List<URL> urls;
        try (Stream<Path> all = Files.list(jars)) {
            urls = all.filter(p -> Stream.of(prefixes).anyMatch(x -> p.getFileName().toString().startsWith(x)))
                    .sorted().map(SurveyFolderInMicroManagerTest::url).collect(Collectors.toList());
        }
        assertThat(urls).as("the installation's " + String.join(", ", prefixes)).hasSize(prefixes.length);
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
