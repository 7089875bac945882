package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReflexPanelControllerTest {
    private final RecordingBackend backend = new RecordingBackend();
    private final PropertiesSettingsStore store = new PropertiesSettingsStore();
    private final ReflexPanelController controller = new ReflexPanelController(backend, store, Runnable::run);
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<RunStatus> statuses = new CopyOnWriteArrayList<>();

    {
        controller.addListener(new ReflexPanelController.Listener() {
            @Override
            public void onStatus(RunStatus status, List<DecisionRow> decisions, PanelControls controls) {
                statuses.add(status);
            }

            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        });
    }

    @AfterEach
    void close() {
        controller.close();
    }

    @Test
    void startSavesTheSettingsAndRunsThem() throws Exception {
        RunSettings s = RunSettings.builder().optZLimits(0, 200).optDryRun(false).build();
        controller.start(s).get(10, TimeUnit.SECONDS);
        assertThat(backend.started).isEqualTo(s);
        assertThat(controller.loadSettings()).isEqualTo(s);
        controller.refresh().get(10, TimeUnit.SECONDS);
        assertThat(controller.lastStatus().state()).isEqualTo(RunState.RUNNING);
        assertThat(controller.controls().canStop()).isTrue();
        assertThat(controller.lastDecisions()).isNotEmpty();
    }

    @Test
    void aSurveyHoldingTheMicroscopeRefusesStartUntilItEnds() throws Exception {
        String[] other = {"A Reflex survey is running (Survey tab): stop it or wait for its end."};
        controller.setOtherActivity(() -> other[0]);
        RunSettings s = RunSettings.builder().optZLimits(0, 200).optDryRun(false).build();
        assertThatThrownBy(() -> controller.start(s).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BackendException.class)
                .hasMessageContaining("survey is running");
        assertThat(backend.calls).doesNotContain("start");
        assertThat(messages).anyMatch(m -> m.contains("survey is running"));
        other[0] = "";
        controller.start(s).get(10, TimeUnit.SECONDS);
        assertThat(backend.started).isEqualTo(s);
    }

    @Test
    void invalidSettingsNeverReachTheBackend() {
        RunSettings live = RunSettings.builder().optDryRun(false).build();
        assertThatThrownBy(() -> controller.start(live).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BackendException.class)
                .hasMessageContaining("Z limits");
        assertThat(backend.calls).doesNotContain("start");
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("Z limits"));
    }

    @Test
    void liveModeBlocksStartAndPausesARunningRun() throws Exception {
        controller.start(RunSettings.builder().build()).get(10, TimeUnit.SECONDS);
        controller.refresh().get(10, TimeUnit.SECONDS);
        controller.onLiveMode(true);
        controller.refresh().get(10, TimeUnit.SECONDS);
        assertThat(backend.calls).contains("pause");
        assertThat(controller.lastStatus().state()).isEqualTo(RunState.PAUSED);
        assertThat(controller.controls().canResume()).isFalse();
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("Live mode was turned on"));
        controller.stop().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> controller.start(RunSettings.builder().build()).get(10, TimeUnit.SECONDS))
                .hasMessageContaining("Live mode is on");
        controller.onLiveMode(false);
        controller.refresh().get(10, TimeUnit.SECONDS);
        assertThat(controller.controls().canStart()).isTrue();
    }

    @Test
    void anAcquisitionEndingReenablesStart() throws Exception {
        controller.onAcquisition(true);
        controller.refresh().get(10, TimeUnit.SECONDS);
        assertThat(controller.controls().canStart()).isFalse();
        controller.onAcquisition(false);
        controller.refresh().get(10, TimeUnit.SECONDS);
        assertThat(controller.controls().canStart()).isTrue();
    }

    @Test
    void zLimitsArePrefilledAroundTheCurrentFocus() throws Exception {
        backend.zUm = 1234.5;
        assertThat(controller.suggestZLimits(50).get(10, TimeUnit.SECONDS)).containsExactly(1184.5, 1284.5);
    }

    @Test
    void modelChecksReportWhyAModelIsUnusable(@TempDir Path dir) throws Exception {
        Path good = Files.createFile(dir.resolve("nuclei.onnx"));
        Path bad = Files.createFile(dir.resolve("nuclei.txt"));
        assertThat(controller.checkModel(good.toString()).get(10, TimeUnit.SECONDS).isUsable()).isTrue();
        ModelCheck r = controller.checkModel(bad.toString()).get(10, TimeUnit.SECONDS);
        assertThat(r.isUsable()).isFalse();
        assertThat(r.message()).contains("not an ONNX file");
        assertThat(controller.checkModel("").get(10, TimeUnit.SECONDS).message()).contains("embedded");
    }

    @Test
    void backendErrorsReachTheUser() throws Exception {
        controller.start(RunSettings.builder().build()).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> controller.start(RunSettings.builder().build()).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(BackendException.class);
        assertThat(messages).contains("A run is already active.");
    }

    @Test
    void shutdownStopsTheRunAndRefusesFurtherRequests() throws Exception {
        controller.start(RunSettings.builder().build()).get(10, TimeUnit.SECONDS);
        controller.onShutdown(10_000);
        assertThat(backend.calls).endsWith("stop");
        assertThatThrownBy(() -> controller.refresh().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(BackendException.class).hasMessageContaining("closed");
    }
}
