package org.reflexscope.mm.studio;

import com.google.common.eventbus.Subscribe;
import java.util.Objects;
import org.micromanager.acquisition.AcquisitionEndedEvent;
import org.micromanager.acquisition.AcquisitionStartedEvent;
import org.micromanager.events.LiveModeEvent;
import org.micromanager.events.ShutdownCommencingEvent;
import org.reflexscope.mm.panel.ReflexPanelController;

/**
 * Forwards the Studio events the panel follows to its controller. Registered with {@code studio.events()} while
 * the window is open (Studio owns the core's callback slot: Reflex never calls {@code registerCallback}).
 * Handlers may run on the Swing event thread; the controller only queues work, so they never block it.
 */
public final class StudioEventBridge {
    private final ReflexPanelController controller;
    private final Runnable onShutdown;

    StudioEventBridge(ReflexPanelController controller, Runnable onShutdown) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.onShutdown = Objects.requireNonNull(onShutdown, "onShutdown");
    }

    @Subscribe
    public void onLiveMode(LiveModeEvent event) {
        controller.onLiveMode(event.isOn());
    }

    @Subscribe
    public void onAcquisitionStarted(AcquisitionStartedEvent event) {
        controller.onAcquisition(true);
    }

    @Subscribe
    public void onAcquisitionEnded(AcquisitionEndedEvent event) {
        controller.onAcquisition(false);
    }

    @Subscribe
    public void onShutdownCommencing(ShutdownCommencingEvent event) {
        onShutdown.run();
    }
}
