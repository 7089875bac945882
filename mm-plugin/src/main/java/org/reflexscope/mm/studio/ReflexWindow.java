package org.reflexscope.mm.studio;

import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.Objects;
import javax.swing.JFrame;
import javax.swing.WindowConstants;
import org.micromanager.events.EventManager;
import org.reflexscope.mm.panel.ReflexBackend;
import org.reflexscope.mm.panel.ReflexPanel;
import org.reflexscope.mm.panel.ReflexPanelController;
import org.reflexscope.mm.panel.SettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Reflex window inside Studio: the panel, its controller and the event subscription, opened and closed
 * together. Create and use on the Swing event thread.
 */
final class ReflexWindow {
    private static final Logger LOG = LoggerFactory.getLogger(ReflexWindow.class);
    static final int POLL_MS = 500;

    private final JFrame frame;
    private final ReflexPanel panel;
    private final ReflexPanelController controller;
    private final ReflexBackend backend;
    private final EventManager events;
    private final StudioEventBridge bridge;
    private boolean closed;

    ReflexWindow(ReflexBackend backend, SettingsStore store, EventManager events) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.events = Objects.requireNonNull(events, "events");
        this.controller = new ReflexPanelController(backend, store, javax.swing.SwingUtilities::invokeLater);
        this.panel = new ReflexPanel(controller, POLL_MS);
        this.bridge = new StudioEventBridge(controller, this::close);
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
        frame.setContentPane(panel);
        frame.pack();
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
        if (closed) {
            return;
        }
        closed = true;
        events.unregisterForEvents(bridge);
        panel.dispose();
        frame.dispose();
        controller.stop().whenComplete((ok, error) -> {
            controller.close();
            backend.close();
            if (error != null) {
                LOG.error("Stopping the Reflex run failed: {}", error.getMessage());
            }
        });
    }
}
