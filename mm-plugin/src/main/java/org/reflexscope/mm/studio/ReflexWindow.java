package org.reflexscope.mm.studio;

import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.Objects;
import javax.swing.JFrame;
import javax.swing.JTabbedPane;
import javax.swing.WindowConstants;
import org.micromanager.events.EventManager;
import org.reflexscope.mm.panel.ReflexBackend;
import org.reflexscope.mm.panel.ReflexPanel;
import org.reflexscope.mm.panel.ReflexPanelController;
import org.reflexscope.mm.panel.SettingsStore;
import org.reflexscope.mm.survey.SurveyController;
import org.reflexscope.mm.survey.SurveyPanel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Reflex window inside Studio: two tabs, the smart-acquisition panel and the Survey section, their controllers
 * and the event subscription, opened and closed together. Create and use on the Swing event thread.
 */
final class ReflexWindow {
    private static final Logger LOG = LoggerFactory.getLogger(ReflexWindow.class);
    static final int POLL_MS = 500;
    /** Longest Studio's shutdown waits for a running run to stop and finalize. */
    static final long SHUTDOWN_STOP_MS = 30_000;

    private final JFrame frame;
    private final ReflexPanel panel;
    private final ReflexPanelController controller;
    private final ReflexBackend backend;
    private final EventManager events;
    private final StudioEventBridge bridge;
    private final SurveyController survey;
    private final SurveyPanel surveyPanel;
    private boolean closed;

    /**
     * @param survey makes the Survey section's controller, given why a survey cannot start now (the smart
     *     acquisition's run or Micro-Manager's Live mode or acquisition)
     */
    ReflexWindow(ReflexBackend backend, SettingsStore store, EventManager events,
            java.util.function.Function<java.util.function.Supplier<String>, SurveyController> survey) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.events = Objects.requireNonNull(events, "events");
        this.controller = new ReflexPanelController(backend, store, javax.swing.SwingUtilities::invokeLater);
        this.panel = new ReflexPanel(controller, POLL_MS);
        this.survey = survey.apply(this::surveyBlockedReason);
        this.surveyPanel = new SurveyPanel(this.survey);
        controller.setOtherActivity(() -> this.survey.progress().state().active()
                ? "A Reflex survey is running (Survey tab): stop it or wait for its end." : "");
        this.bridge = new StudioEventBridge(controller, this::closeForShutdown);
        events.registerForEvents(bridge);
        frame = new JFrame("Reflex — smart acquisition");
        frame.setName("reflexWindow");
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                close();
            }
        });
        JTabbedPane tabs = new JTabbedPane();
        tabs.setName("reflexTabs");
        tabs.addTab("Smart acquisition", panel);
        tabs.addTab("Survey", surveyPanel);
        frame.setContentPane(tabs);
        frame.pack();
    }

    /** Why a survey cannot start now: a smart-acquisition run holds the camera, or Micro-Manager does. */
    private String surveyBlockedReason() {
        return surveyBlockedReason(controller.lastStatus().state(), controller.controls().blockedReason());
    }

    /**
     * Why a survey cannot start, given the smart-acquisition run's state and why that tab's Start is blocked by
     * Micro-Manager (Live mode, an acquisition; or {@code ""}): a running or paused run, else Micro-Manager's reason.
     */
    static String surveyBlockedReason(org.reflexscope.mm.panel.RunState run, String microManagerReason) {
        if (run == org.reflexscope.mm.panel.RunState.RUNNING || run == org.reflexscope.mm.panel.RunState.PAUSED) {
            return "A Reflex smart-acquisition run is running: stop it first.";
        }
        return microManagerReason;
    }

    void show() {
        frame.setVisible(true);
        frame.toFront();
    }

    boolean isClosed() {
        return closed;
    }

    /** Unsubscribes, saves settings, and stops the run and the backend off the Swing thread. Idempotent. */
    void close() {
        if (!detach()) {
            return;
        }
        survey.close();
        controller.stop().whenComplete((ok, error) -> {
            controller.close();
            backend.close();
            if (error != null) {
                LOG.error("Stopping the Reflex run failed: {}", error.getMessage());
            }
        });
    }

    /**
     * Studio is shutting down: like {@link #close()}, but waits (at most {@link #SHUTDOWN_STOP_MS}) until the run is
     * stopped and finalized (recording closed, report written). Studio posts its shutdown event, then unloads the
     * devices and exits the JVM, so a stop left running in the background would lose the run's end.
     */
    void closeForShutdown() {
        if (!detach()) {
            return;
        }
        survey.close(SHUTDOWN_STOP_MS);
        controller.onShutdown(SHUTDOWN_STOP_MS);
        backend.close();
    }

    /** Unsubscribes and disposes the window; {@code false} if that was done already. */
    private boolean detach() {
        if (closed) {
            return false;
        }
        closed = true;
        events.unregisterForEvents(bridge);
        panel.dispose();
        surveyPanel.dispose();
        frame.dispose();
        return true;
    }
}
