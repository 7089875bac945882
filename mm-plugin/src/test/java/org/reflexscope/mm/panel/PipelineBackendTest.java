package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.sim.scenario.ClockMode;

class PipelineBackendTest {
    @TempDir
    Path runs;

    @Test
    void aDryRunOnTheSimulatorRecordsAnalysesAndLogsDecisions() throws Exception {
        try (PipelineBackend backend = new PipelineBackend(SimulatorRig.provider(40, ClockMode.VIRTUAL), runs)) {
            double z = backend.currentZUm();
            RunSettings settings = RunSettings.builder().optZLimits(z - 50, z + 50).optTrack(true, 20)
                    .optDryRun(true).build();
            backend.start(settings);
            assertThat(backend.awaitEnd(120, TimeUnit.SECONDS)).as("the 40-frame virtual run ends").isTrue();
            RunStatus s = backend.status();
            assertThat(s.state()).isEqualTo(RunState.IDLE);
            assertThat(s.framesPublished()).isEqualTo(40);
            assertThat(s.framesLost()).isZero();
            Path folder = backend.runFolder();
            backend.stop();
            List<String> log = Files.readAllLines(folder.resolve("decisions.jsonl"));
            assertThat(log).isNotEmpty();
            assertThat(Files.list(folder.resolve("raw")).count()).as("an NDTiff dataset").isPositive();
            assertThat(Files.readString(folder.resolve("settings.properties"))).contains("reflex.dryRun=true");
            assertThat(backend.recentDecisions(1000)).allSatisfy(d -> assertThat(d.executed()).isFalse());
        }
    }

    @Test
    void aSecondStartWhileRunningIsRefused() throws Exception {
        try (PipelineBackend backend = new PipelineBackend(SimulatorRig.provider(100_000, ClockMode.REAL_TIME), runs)) {
            backend.start(RunSettings.builder().build());
            assertThatThrownBy(() -> backend.start(RunSettings.builder().build()))
                    .isInstanceOf(BackendException.class).hasMessageContaining("already active");
            backend.pause();
            assertThat(backend.status().state()).isEqualTo(RunState.PAUSED);
            backend.resume();
            backend.stop();
            assertThat(backend.status().state()).isEqualTo(RunState.IDLE);
        }
    }

    @Test
    void modelChecksLoadTheModel(@TempDir Path dir) throws Exception {
        try (PipelineBackend backend = new PipelineBackend(SimulatorRig.provider(1, ClockMode.VIRTUAL), runs)) {
            assertThat(backend.checkModel(Path.of("")).isUsable()).isTrue();
            Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {1, 2, 3});
            ModelCheck bad = backend.checkModel(junk);
            assertThat(bad.isUsable()).isFalse();
            assertThat(bad.message()).isNotBlank();
            assertThat(backend.checkModel(dir.resolve("missing.onnx")).message()).contains("does not exist");
        }
    }
}
