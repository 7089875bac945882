package org.reflexscope.mm.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.micromanager.MultiStagePosition;
import org.micromanager.PositionList;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;
import org.reflexscope.mm.core.MicroManagerInstallation;
import org.reflexscope.mm.core.MmCoreMicroscope;
import org.reflexscope.mm.core.MmCoreSession;
import org.reflexscope.mm.core.RealCore;
import org.reflexscope.mm.panel.PropertiesSettingsStore;
import org.reflexscope.mm.survey.SurveyController;
import org.reflexscope.mm.survey.SurveyProgress;
import org.reflexscope.mm.survey.SurveySettings;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.survey.FocusMode;
import org.reflexscope.policy.survey.VisitOrder;

/**
 * The panel's survey without the GUI, on a real Micro-Manager core with the demo configuration: the Survey
 * section's controller over Studio's own position-list classes (from the real {@code MMJ_.jar}, built as Studio's
 * Tile Creator builds a 3 × 3 grid), read through {@link StudioPositionList}. Checks every tile recorded at its listed
 * stage position, the visits, the run folder {@code reflex survey --mm} writes, and the starting objective (20X,
 * neither the survey's nor the visits') and Z restored at the end, on Stop and when the list is empty; a grid around
 * the start is also written as the stitched {@code mosaic/}, a position list is not. Enabled by
 * {@code -Dreflex.mm.home} ({@link RealCore}) with the test Micro-Manager's Studio on the class path.
 */
class PanelSurveyOnRealCoreTest {
    private static final long WAIT_S = 180;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private MmCoreSession session;
    private MmCoreMicroscope scope;
    private MicroscopeState start;
    private final List<SurveyProgress> seen = new ArrayList<>();

    @org.junit.jupiter.api.BeforeAll
    static void headlessWithoutADisplay() {
        // the pom asks for a display (the GUI tests); overview.png needs none, and this class has its own JVM
        String display = System.getenv("DISPLAY");
        if (display == null || display.isEmpty()) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    @BeforeEach
    void openCoreAt20X() throws Exception {
        Path home = RealCore.homeOrSkip();
        String mmj = System.getProperty("reflex.mmj.jar", "");
        Assumptions.assumeTrue(!mmj.isEmpty() && !mmj.startsWith("${"), "Studio's MMJ_.jar is not on the class path");
        session = MmCoreSession.open(home, MicroManagerInstallation.DEMO_CONFIG);
        scope = session.microscope(null);
        scope.setPreset(MicroscopeControl.OBJECTIVE_GROUP, "20X");
        scope.moveXY(100, -50);
        scope.moveZ(5);
        start = scope.state();
    }

    @AfterEach
    void closeCore() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void surveysStudiosThreeByThreePositionListAndRestoresTheObjectiveAndZ() throws Exception {
        double step = 512 * 0.9; // 10X fields of 512 µm, 10 % overlap
        PositionList list = tileCreatorGrid(3, 3, step);
        SurveyController c = controller(list);
        SurveyProgress end = c.start(SurveySettings.builder().optArea(SurveySettings.Area.POSITION_LIST)
                .optBudget(2).build()).get(WAIT_S, TimeUnit.SECONDS);
        c.close();

        assertThat(end.state()).as("%s", end).isEqualTo(SurveyProgress.State.DONE);
        assertThat(end.message()).contains("2 visited at 40X", "objective back at 20X", "Z at 5.00 µm");
        assertThat(end.tilesDone()).isEqualTo(9);
        assertThat(end.tilesTotal()).isEqualTo(9);
        assertThat(end.visitsPlanned()).isEqualTo(2);
        assertThat(end.visitsDone()).isEqualTo(2);
        assertThat(seen.stream().map(SurveyProgress::tilesDone).collect(Collectors.toList()))
                .as("tiles reported one by one").containsSubsequence(1, 2, 3, 4, 5, 6, 7, 8, 9).isSorted();
        Path run = Path.of(end.folder());
        assertThat(run.getParent()).isEqualTo(dir.toAbsolutePath());
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.size()).isEqualTo(9);
            for (int i = 0; i < 9; i++) {
                MultiStagePosition p = list.getPosition(i);
                FrameMetadata m = tiles.read("position", i).frame().metadata();
                assertThat(m.stageXUm()).as("tile %d x", i).isCloseTo(p.get(0).get2DPositionX(), within(0.1));
                assertThat(m.stageYUm()).as("tile %d y", i).isCloseTo(p.get(0).get2DPositionY(), within(0.1));
                assertThat(m.pixelSizeUm()).as("tile %d at 10X", i).isEqualTo(1.0);
            }
        }
        try (Stream<Path> visits = Files.list(run.resolve("visits"))) {
            List<Path> v = visits.collect(Collectors.toList());
            assertThat(v).hasSize(2);
            for (Path visit : v) {
                try (NdTiffDatasetReader stack = NdTiffDatasetReader.open(visit)) {
                    assertThat(stack.size()).as("%s: the 5-plane z-stack", visit).isEqualTo(5);
                    assertThat(stack.read("z", 0).frame().metadata().pixelSizeUm()).as("at 40X").isEqualTo(0.25);
                }
            }
        }
        assertThat(run.resolve("targets.csv")).isRegularFile();
        assertThat(run.resolve("overview.png")).isRegularFile();
        assertThat(run.resolve("plan-events.json")).isRegularFile();
        JsonNode record = JSON.readTree(run.resolve("survey.json").toFile());
        assertThat(record.path("ended").asText()).isEqualTo("done");
        assertThat(record.path("surveyObjective").asText()).isEqualTo("10X");
        assertThat(record.path("visitObjective").asText()).isEqualTo("40X");
        assertThat(record.path("start").path("objective").asText()).isEqualTo("20X");
        assertThat(record.path("mosaic").asText()).as("Studio's list is not one grid")
                .startsWith("none: the tiles are not on one grid");
        assertThat(run.resolve("mosaic")).doesNotExist();
        assertThat(record.path("end").path("objective").asText()).isEqualTo("20X");
        assertThat(record.path("cost").path("objectiveSwitches").asInt()).isGreaterThanOrEqualTo(3);
        assertRestored();
    }

    @Test
    void visitsInTwoChannelsAtTwoTimePointsWithAZScanPerTileInterleavedInsideTheEnvelope() throws Exception {
        List<String> channels = List.of("FITC", "Rhodamine");
        String channel0 = start.preset(MicroscopeControl.CHANNEL_GROUP);
        assertThat(channel0).isNotEmpty().isNotIn(channels);
        List<Object[]> commands = new ArrayList<>();
        List<FrameMetadata> acquired = new ArrayList<>();
        PositionList list = tileCreatorGrid(3, 3, 460.8);
        SurveyController c = new SurveyController(session, new StudioPositionList(() -> list),
                new PropertiesSettingsStore(), dir, () -> "", Runnable::run,
                real -> recording(real, commands, acquired));
        c.addListener(seen::add);
        SurveyProgress end = c.start(SurveySettings.builder().optArea(SurveySettings.Area.POSITION_LIST).optBudget(2)
                .optVisitChannels(channels).optTimeLapse(2, 200).optZStack(3, 1.5)
                .optFocus(FocusMode.SCAN, 2, 1).optOrder(VisitOrder.INTERLEAVED, 1).build())
                .get(WAIT_S, TimeUnit.SECONDS);
        c.close();

        assertThat(end.state()).as("%s", end).isEqualTo(SurveyProgress.State.DONE);
        assertThat(end.visitsDone()).isEqualTo(2);
        Path run = Path.of(end.folder());
        JsonNode record = JSON.readTree(run.resolve("survey.json").toFile());
        JsonNode visit = record.path("visit");
        assertThat(visit.path("channels").toString()).isEqualTo("[\"FITC\",\"Rhodamine\"]");
        assertThat(visit.path("timePoints").asInt()).isEqualTo(2);
        assertThat(visit.path("intervalMs").asDouble()).isEqualTo(200);
        assertThat(visit.path("zPlanes").asInt()).isEqualTo(3);
        assertThat(visit.path("framesPerVisit").asInt()).isEqualTo(12);
        assertThat(visit.path("autofocus").asText()).isEqualTo("scan");
        assertThat(visit.path("order").asText()).isEqualTo("interleaved");
        assertThat(visit.path("focusFailures").size()).isZero();
        // plan-events.json and report.html from the panel too: the tiles, then each visit's 12 frames
        JsonNode events = JSON.readTree(run.resolve("plan-events.json").toFile());
        int tiles = countTiles(events);
        assertThat(tiles).isPositive();
        assertThat(events.size()).as("tiles + 2 visits x 12 frames").isEqualTo(tiles + 2 * 12);
        assertThat(events.get(events.size() - 1).path("axes").path("channel").asText()).isEqualTo("Rhodamine");
        assertThat(events.get(events.size() - 1).path("axes").path("time").asInt()).isEqualTo(1);
        assertThat(Files.readString(run.resolve("report.html"))).contains("Survey from the Reflex panel")
                .contains("in channels FITC, Rhodamine at 2 time points 200 ms apart: 12 frames per visit")
                .contains("scan focus, interleaved visits").contains("tiling of the same area");
        System.out.println("panel survey, scan + interleaved: " + record.path("cost") + ", targets "
                + record.path("targets") + ", " + commands.size() + " moves and presets, " + acquired.size()
                + " frames acquired");
        JsonNode box = record.path("safetyEnvelope");
        try (Stream<Path> visits = Files.list(run.resolve("visits"))) {
            List<Path> v = visits.collect(Collectors.toList());
            assertThat(v).hasSize(2);
            for (Path dataset : v) {
                try (NdTiffDatasetReader stack = NdTiffDatasetReader.open(dataset)) {
                    assertThat(stack.size()).as("%s: 3 planes x 2 channels x 2 time points", dataset).isEqualTo(12);
                    for (RecordedFrame frame : stack.readAll()) {
                        FrameMetadata m = frame.frame().metadata();
                        assertThat(frame.axes()).containsKeys("channel", "z", "time");
                        assertThat(m.channel()).isEqualTo(channels.get(frame.axes().get("channel")));
                        assertThat(m.objective()).isEqualTo("40X");
                    }
                    assertThat(stack.readAll().stream().map(f -> f.axes().get("time")).distinct()).hasSize(2);
                    assertThat(stack.readAll().stream().map(f -> f.frame().metadata().stageZUm()).distinct())
                            .as("3 planes 1.5 µm apart").hasSize(3);
                }
            }
        }
        // every command the survey gave the core: XY in the box, Z in the limits, presets the envelope allows
        assertThat(commands).isNotEmpty();
        List<Double> zs = acquired.stream().map(FrameMetadata::stageZUm).collect(Collectors.toList());
        for (Object[] cmd : commands) {
            switch ((String) cmd[0]) {
                case "moveXY":
                    assertThat((double) cmd[1]).isBetween(box.path("xMinUm").asDouble(), box.path("xMaxUm").asDouble());
                    assertThat((double) cmd[2]).isBetween(box.path("yMinUm").asDouble(), box.path("yMaxUm").asDouble());
                    break;
                case "moveZ":
                    zs.add((double) cmd[1]);
                    break;
                case "setPreset":
                    if (cmd[1].equals(MicroscopeControl.CHANNEL_GROUP)) {
                        assertThat(cmd[2]).isIn(channels.get(0), channels.get(1), channel0);
                    } else {
                        assertThat(cmd[2]).isIn("10X", "40X", "20X");
                    }
                    break;
                default:
                    break;
            }
        }
        for (double z : zs) {
            assertThat(z).isBetween(box.path("zMinUm").asDouble(), box.path("zMaxUm").asDouble());
        }
        // the Z scan: ±2 µm in 1 µm steps around the focus at each of the 9 tiles, then the tile itself
        assertThat(acquired.stream().filter(m -> "10X".equals(m.objective())).count()).as("frames at 10X")
                .isGreaterThanOrEqualTo(9 * 5 + 9);
        assertThat(record.path("end").path("channel").asText()).isEqualTo(channel0);
        assertThat(scope.state().preset(MicroscopeControl.CHANNEL_GROUP)).isEqualTo(channel0);
        assertRestored();
    }

    @Test
    void noTimePointsOrAnUnknownChannelRefuseTheSurveyBeforeAnythingMoves() throws Exception {
        SurveyController c = controller(tileCreatorGrid(3, 3, 460));
        CompletableFuture<SurveyProgress> none = c.start(SurveySettings.builder()
                .optArea(SurveySettings.Area.POSITION_LIST).optTimeLapse(0, 0).build());
        assertThat(none).isCompletedExceptionally();
        assertThat(c.progress().message()).contains("time point").doesNotContain("\n");

        SurveyProgress unknown = c.start(SurveySettings.builder().optArea(SurveySettings.Area.POSITION_LIST)
                .optVisitChannels(List.of("FITC", "GFP")).build()).get(WAIT_S, TimeUnit.SECONDS);
        c.close();
        assertThat(unknown.state()).isEqualTo(SurveyProgress.State.FAILED);
        assertThat(unknown.message()).contains("GFP", "not a preset of the channel group", "Rhodamine")
                .doesNotContain("\n");
        assertThat(unknown.tilesTotal()).isZero();
        MicroscopeState now = scope.state();
        assertThat(now.xUm()).isCloseTo(start.xUm(), within(0.1));
        assertThat(now.yUm()).isCloseTo(start.yUm(), within(0.1));
        assertThat(now.preset(MicroscopeControl.CHANNEL_GROUP)).isEqualTo(start.preset(MicroscopeControl.CHANNEL_GROUP));
        try (Stream<Path> runs = Files.list(dir)) {
            assertThat(runs).as("no run folder").isEmpty();
        }
        assertRestored();
    }

    /**
     * {@code real} with every move and preset it is given kept in {@code commands} ({@code {name, args...}}) and the
     * metadata of every frame it acquires in {@code acquired}.
     */
    private static MicroscopeControl recording(MicroscopeControl real, List<Object[]> commands,
            List<FrameMetadata> acquired) {
        return (MicroscopeControl) java.lang.reflect.Proxy.newProxyInstance(MicroscopeControl.class.getClassLoader(),
                new Class<?>[] {MicroscopeControl.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("moveXY") || name.equals("moveZ") || name.equals("setPreset")) {
                        Object[] cmd = new Object[args.length + 1];
                        cmd[0] = name;
                        System.arraycopy(args, 0, cmd, 1, args.length);
                        synchronized (commands) {
                            commands.add(cmd);
                        }
                    }
                    try {
                        Object result = method.invoke(real, args);
                        if (result instanceof org.reflexscope.policy.hardware.AcquiredStack) {
                            synchronized (commands) {
                                ((org.reflexscope.policy.hardware.AcquiredStack) result).frames()
                                        .forEach(f -> acquired.add(f.metadata()));
                            }
                        }
                        return result;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void stopEndsTheSurveyAtItsNextStepAndRestoresTheObjectiveAndZ() throws Exception {
        SurveyController c = controller(tileCreatorGrid(3, 3, 460));
        c.addListener(p -> {
            if (p.state() == SurveyProgress.State.RUNNING && p.tilesDone() == 2) {
                c.stop();
            }
        });
        SurveyProgress end = c.start(SurveySettings.builder().optArea(SurveySettings.Area.POSITION_LIST)
                .build()).get(WAIT_S, TimeUnit.SECONDS);
        c.close();

        assertThat(end.state()).as("%s", end).isEqualTo(SurveyProgress.State.STOPPED);
        assertThat(end.tilesDone()).isEqualTo(2);
        assertThat(end.visitsDone()).isZero();
        assertThat(end.message()).contains("objective back at 20X", "Z at 5.00 µm");
        Path run = Path.of(end.folder());
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.size()).as("the tiles acquired until Stop").isEqualTo(2);
        }
        assertThat(JSON.readTree(run.resolve("survey.json").toFile()).path("ended").asText())
                .isEqualTo("stopped by the user");
        assertRestored();
    }

    @Test
    void anEmptyPositionListFailsWithOneLineAndMovesNothing() throws Exception {
        SurveyController c = controller(new PositionList());
        SurveyProgress end = c.start(SurveySettings.builder().optArea(SurveySettings.Area.POSITION_LIST).build())
                .get(WAIT_S, TimeUnit.SECONDS);
        c.close();
        assertThat(end.state()).isEqualTo(SurveyProgress.State.FAILED);
        assertThat(end.message()).contains("Stage Position List is empty").doesNotContain("\n");
        assertThat(end.tilesTotal()).isZero();
        MicroscopeState now = scope.state();
        assertThat(now.xUm()).isCloseTo(start.xUm(), within(0.1));
        assertThat(now.yUm()).isCloseTo(start.yUm(), within(0.1));
        assertRestored();
    }

    @Test
    void badSettingsOrLiveModeRefuseTheStartAndMoveNothing() throws Exception {
        SurveyController c = controller(tileCreatorGrid(3, 3, 460));
        CompletableFuture<SurveyProgress> bad = c.start(SurveySettings.builder().optGrid(0, 3).optOverlap(2)
                .build());
        assertThat(bad).isCompletedExceptionally();
        assertThat(c.progress().state()).isEqualTo(SurveyProgress.State.FAILED);
        assertThat(c.progress().message()).contains("rows and columns", "Overlap");
        c.close();

        String live = "Live mode is on: turn it off in Micro-Manager to start a Reflex run.";
        SurveyController blocked = new SurveyController(session, new StudioPositionList(() -> new PositionList()),
                new PropertiesSettingsStore(), dir, () -> live, Runnable::run);
        assertThat(blocked.start(SurveySettings.defaults())).isCompletedExceptionally();
        assertThat(blocked.progress().message()).isEqualTo(live);
        blocked.close();
        MicroscopeState now = scope.state();
        assertThat(now.xUm()).isCloseTo(start.xUm(), within(0.1));
        assertThat(now.yUm()).isCloseTo(start.yUm(), within(0.1));
        try (Stream<Path> runs = Files.list(dir)) {
            assertThat(runs).as("no run folder").isEmpty();
        }
        assertRestored();
    }

    @Test
    void aGridAroundTheStartIsAlsoWrittenAsAStitchedMosaic() throws Exception {
        SurveyController c = controller(new PositionList());
        SurveyProgress end = c.start(SurveySettings.builder().optArea(SurveySettings.Area.GRID).optGrid(2, 3)
                .optBudget(0).build()).get(WAIT_S, TimeUnit.SECONDS);
        c.close();
        assertThat(end.state()).as("%s", end).isEqualTo(SurveyProgress.State.DONE);
        Path run = Path.of(end.folder());
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"));
                NdTiffDatasetReader mosaic = NdTiffDatasetReader.open(run.resolve("mosaic"))) {
            assertThat(tiles.size()).isEqualTo(6);
            FrameMetadata first = tiles.read(Map.of("position", 0, "row", 0, "column", 0)).frame().metadata();
            FrameMetadata next = tiles.read(Map.of("position", 1, "row", 0, "column", 1)).frame().metadata();
            long overlap = 512 - Math.round((next.stageXUm() - first.stageXUm()) / first.pixelSizeUm());
            assertThat(overlap).as("10X fields overlap").isBetween(1L, 511L);
            assertThat(JSON.readTree(run.resolve("survey.json").toFile()).path("mosaic").asText())
                    .startsWith("mosaic/: 2x3 grid, tiles overlap " + overlap + " x ");
            assertThat(mosaic.summaryMetadata()).containsEntry("TiledImageStorage", "true")
                    .containsEntry("GridPixelOverlapX", Long.toString(overlap));
            assertThat(mosaic.size()).isEqualTo(6);
            for (RecordedFrame f : tiles.readAll()) {
                assertThat(mosaic.read(Map.of("row", f.axes().get("row"), "column", f.axes().get("column"))).frame()
                        .pixels()).as("tile %s, lossless", f.axes()).isEqualTo(f.frame().pixels());
            }
        }
        assertRestored();
    }

    @Test
    void aSecondStartWhileOneRunsIsRefused() throws Exception {
        SurveyController c = controller(tileCreatorGrid(2, 2, 460));
        SurveySettings listed = SurveySettings.builder().optArea(SurveySettings.Area.POSITION_LIST).optBudget(0)
                .build();
        CompletableFuture<SurveyProgress> first = c.start(listed);
        CompletableFuture<SurveyProgress> second = c.start(listed);
        assertThat(second).isCompletedExceptionally();
        assertThat(first.get(WAIT_S, TimeUnit.SECONDS).state()).isEqualTo(SurveyProgress.State.DONE);
        c.close();
    }

    private SurveyController controller(PositionList list) {
        SurveyController c = new SurveyController(session, new StudioPositionList(() -> list),
                new PropertiesSettingsStore(), dir, () -> "", Runnable::run);
        c.addListener(seen::add);
        return c;
    }

    private void assertRestored() throws Exception {
        MicroscopeState end = scope.state();
        assertThat(end.preset(MicroscopeControl.OBJECTIVE_GROUP)).isEqualTo("20X");
        assertThat(end.zUm()).isCloseTo(start.zUm(), within(0.05));
    }

    /**
     * A rows × columns grid around the current stage position, as Studio's Tile Creator makes one: one
     * {@link MultiStagePosition} per tile on the core's XY stage and focus drive, labelled and with its grid
     * coordinates, in serpentine order.
     */
    private PositionList tileCreatorGrid(int rows, int columns, double stepUm) throws Exception {
        String xy = session.core().getXYStageDevice();
        String z = session.core().getFocusDevice();
        PositionList list = new PositionList();
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < columns; k++) {
                int col = r % 2 == 0 ? k : columns - 1 - k;
                MultiStagePosition p = new MultiStagePosition(xy, start.xUm() + (col - (columns - 1) / 2.0) * stepUm,
                        start.yUm() + (r - (rows - 1) / 2.0) * stepUm, z, start.zUm());
                p.setLabel(String.format("1-Pos_%03d_%03d", col, r));
                p.setGridCoordinates(r, col);
                list.addPosition(p);
            }
        }
        return list;
    }

    /** The tile events of a {@code plan-events.json}: those with a {@code position} axis. */
    private static int countTiles(JsonNode events) {
        int n = 0;
        for (JsonNode e : events) {
            n += e.path("axes").has("position") ? 1 : 0;
        }
        return n;
    }
}
