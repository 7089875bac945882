package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.mm.core.MicroManagerInstallation;
import org.reflexscope.mm.core.MmCoreSession;
import org.reflexscope.mm.core.RealCore;
import org.reflexscope.policy.recipe.RunRecipe;

/**
 * The smart-acquisition panel's controller and backend on a real core (the demo configuration, no GUI): a camera
 * showing only noise (the DemoCamera's {@code Mode} = {@code Noise}) raises the too-little-signal alarm in the
 * panel's status and report, its own picture does not; an objective NA set in the panel gives the refocus steps
 * from the live objective's depth of field in the run's recipe.json, and is kept with the other settings.
 */
class PanelOnRealCoreTest {
    private static MmCoreSession session;
    private static String defaultMode;

    @TempDir
    Path runs;

    @BeforeAll
    static void loadDemoConfig() throws Exception {
        session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
        session.core().setExposure(10);
        defaultMode = session.core().getProperty("Camera", "Mode");
    }

    @AfterAll
    static void unload() {
        if (session != null) {
            session.close();
        }
    }

    /** A controller over a backend whose runs stream {@code frames} frames of the core's camera, then end. */
    private ReflexPanelController controller(PipelineBackend backend, SettingsStore store) {
        return new ReflexPanelController(backend, store, Runnable::run);
    }

    private static PipelineBackend backend(Path runs, long frames) {
        return new PipelineBackend(() -> MmCoreBackendFactory.rig(session, frames), runs);
    }

    /** Runs {@code settings} through the controller until the camera's frames end; the status it ended with. */
    private static RunStatus runToEnd(ReflexPanelController c, PipelineBackend backend, RunSettings settings)
            throws Exception {
        c.start(settings).get(60, TimeUnit.SECONDS);
        assertThat(backend.awaitEnd(120, TimeUnit.SECONDS)).as("the run ends with the camera's frames").isTrue();
        RunStatus s = c.refresh().get(10, TimeUnit.SECONDS);
        c.stop().get(60, TimeUnit.SECONDS);
        return s;
    }

    @Test
    void aCameraShowingOnlyNoiseRaisesTheSignalAlarmInThePanel() throws Exception {
        RunSettings refocusOnly = RunSettings.builder().optDryRun(true).build();
        PipelineBackend backend = backend(runs, 40);
        try (ReflexPanelController c = controller(backend, new PropertiesSettingsStore())) {
            RunStatus noise;
            session.core().setProperty("Camera", "Mode", "Noise");
            try {
                noise = runToEnd(c, backend, refocusOnly);
            } finally {
                session.core().setProperty("Camera", "Mode", defaultMode);
            }
            assertThat(noise.framesPublished()).isEqualTo(40);
            assertThat(noise.alarms()).as("%s", noise.alarms())
                    .filteredOn(a -> a.contains("nothing but noise")).hasSize(1);
            assertThat(noise.alarms()).anySatisfy(a -> assertThat(a).contains("refocus holds still"));
            String report = new String(Files.readAllBytes(backend.runFolder().resolve(RunSummary.FILE)),
                    StandardCharsets.UTF_8);
            assertThat(report).as("the run's report lists the alarm").contains("nothing but noise");

            // the demo camera's own picture (waves) is signal: no such alarm
            RunStatus waves = runToEnd(c, backend, refocusOnly);
            assertThat(waves.framesPublished()).isEqualTo(40);
            assertThat(waves.alarms()).as("%s", waves.alarms()).noneMatch(a -> a.contains("nothing but noise"));
        } finally {
            backend.close();
        }
    }

    @Test
    void anObjectiveApertureGivesTheRefocusStepsFromTheDepthOfField() throws Exception {
        PropertiesSettingsStore store = new PropertiesSettingsStore();
        PipelineBackend backend = backend(runs, 5);
        try (ReflexPanelController c = controller(backend, store)) {
            RunSettings fixed = RunSettings.builder().optDryRun(true).build();
            runToEnd(c, backend, fixed);
            RunRecipe without = RunRecipe.read(backend.runFolder().resolve(PipelineBackend.RECIPE_FILE));
            assertThat(without.parameters()).as("fixed steps without an NA").doesNotContainKey("refocus.stepUm");

            RunSettings withNa = fixed.toBuilder().optOptics("10X=0.3, 20X=0.5, 40X=0.75", 1.0, 520).build();
            runToEnd(c, backend, withNa);
            assertThat(c.loadSettings()).as("the NA is kept with the panel's settings").isEqualTo(withNa);
            assertThat(RunSettings.loadFrom(store).objectiveApertures()).isEqualTo("10X=0.3, 20X=0.5, 40X=0.75");
            RunRecipe recipe = RunRecipe.read(backend.runFolder().resolve(PipelineBackend.RECIPE_FILE));
            // the demo configuration starts at 10X, 1.0 µm per pixel: Inoué's DOF at 520 nm in air
            double dof = 0.52 / (0.3 * 0.3) + 1.0 / 0.3;
            assertThat(Double.parseDouble(recipe.parameters().get("refocus.stepUm"))).as("hold step DOF / 6")
                    .isCloseTo(dof / 6, within(1e-6));
            assertThat(Double.parseDouble(recipe.parameters().get("refocus.searchRangeUm")))
                    .as("search range 5 DOF / 3").isCloseTo(5 * dof / 3, within(1e-6));

            // a preset the configuration does not have is refused, naming its objectives
            assertThatThrownBy(() -> c.start(fixed.toBuilder().optOptics("60X=0.9", 1.0, 520).build())
                    .get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("'60X'").hasMessageContaining("10X, 20X, 40X");
            // an NA an objective in air cannot have is refused before the backend
            List<String> problems = fixed.toBuilder().optOptics("10X=1.3", 1.0, 520).build().problems();
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("10X=1.3").contains("immersion index"));
        } finally {
            backend.close();
        }
    }
}
