package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Component;
import java.awt.Container;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.sim.scenario.ClockMode;

/**
 * The panel's message line follows Micro-Manager's live mode: it says why Start is disabled while live mode is on,
 * and clears when it ends. The panel is built but not shown (no display needed).
 */
class ReflexPanelLiveModeTest {

    @Test
    void theLiveModeMessageAppearsAndClears(@TempDir Path runs) throws Exception {
        PipelineBackend backend = new PipelineBackend(SimulatorRig.provider(1_000_000, ClockMode.REAL_TIME), runs);
        ReflexPanelController controller = new ReflexPanelController(backend, new PropertiesSettingsStore(),
                SwingUtilities::invokeLater);
        ReflexPanel panel = onEdt(() -> new ReflexPanel(controller, 100));
        try {
            JLabel message = named(panel, "message", JLabel.class);
            JButton start = named(panel, "start", JButton.class);
            controller.onLiveMode(true);
            awaitOnEdt(() -> message.getText().contains("Live mode is on"));
            assertThat(onEdt(start::isEnabled)).isFalse();

            controller.onLiveMode(false);
            awaitOnEdt(() -> message.getText().isBlank());
            assertThat(onEdt(start::isEnabled)).isTrue();

            onEdt(() -> {
                panel.onMessage("A refused start");
                return null;
            });
            controller.refresh().get();
            Thread.sleep(300);
            assertThat(onEdt(message::getText)).as("other messages stay until replaced").isEqualTo("A refused start");
        } finally {
            onEdt(() -> {
                panel.dispose();
                return null;
            });
            controller.close();
            backend.close();
        }
    }

    private static void awaitOnEdt(Supplier<Boolean> condition) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!onEdt(condition::get)) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(end);
            Thread.sleep(20);
        }
    }

    private static <T> T onEdt(java.util.concurrent.Callable<T> c) throws Exception {
        AtomicReference<T> out = new AtomicReference<>();
        AtomicReference<Exception> error = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                out.set(c.call());
            } catch (Exception e) {
                error.set(e);
            }
        });
        if (error.get() != null) {
            throw error.get();
        }
        return out.get();
    }

    private static <T extends Component> T named(Container root, String name, Class<T> type) {
        for (Component c : root.getComponents()) {
            if (type.isInstance(c) && name.equals(c.getName())) {
                return type.cast(c);
            }
            if (c instanceof Container) {
                T found = named((Container) c, name, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
