package org.reflexscope.mm.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import com.google.common.eventbus.Subscribe;
import org.junit.jupiter.api.Test;
import org.micromanager.propertymap.MutablePropertyMapView;
import org.micromanager.acquisition.AcquisitionEndedEvent;
import org.micromanager.acquisition.AcquisitionStartedEvent;
import org.micromanager.events.LiveModeEvent;
import org.micromanager.events.ShutdownCommencingEvent;
import org.reflexscope.mm.panel.BackendException;
import org.reflexscope.mm.panel.DecisionRow;
import org.reflexscope.mm.panel.ModelCheck;
import org.reflexscope.mm.panel.ReflexBackend;
import org.reflexscope.mm.panel.ReflexPanelController;
import org.reflexscope.mm.panel.RunSettings;
import org.reflexscope.mm.panel.RunStatus;

class StudioEventBridgeTest {

    /**
     * An instance of a Studio interface through a dynamic proxy: the test compiles against the compile-only
     * declarations and against a real MMJ_.jar (whose interfaces declare many more methods) alike.
     */
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** A Studio event that carries nothing the bridge reads. */
    private static <T> T event(Class<T> type) {
        return proxy(type, (self, method, args) -> {
            if (method.getName().equals("toString")) {
                return type.getSimpleName();
            }
            return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
        });
    }

    /** A backend that only reports being idle: enough to see which controls Studio's events leave enabled. */
    private static final class IdleBackend implements ReflexBackend {
        @Override
        public ModelCheck checkModel(Path model) {
            return ModelCheck.usable("idle");
        }

        @Override
        public double currentZUm() {
            return 0;
        }

        @Override
        public void start(RunSettings settings) throws BackendException {
            throw new BackendException("not in this test");
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void stop() {
        }

        @Override
        public RunStatus status() {
            return RunStatus.IDLE;
        }

        @Override
        public List<DecisionRow> recentDecisions(int max) {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void everyHandlerIsAGuavaSubscriberTakingOneStudioEvent() {
        int handlers = 0;
        for (Method m : StudioEventBridge.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Subscribe.class)) {
                assertThat(m.getParameterCount()).isEqualTo(1);
                assertThat(m.getParameterTypes()[0].getName()).startsWith("org.micromanager.");
                handlers++;
            }
        }
        assertThat(handlers).isEqualTo(4);
    }

    @Test
    void liveModeAndAcquisitionsGateStartAndShutdownClosesTheWindow() throws Exception {
        ReflexPanelController controller = new ReflexPanelController(new IdleBackend(),
                new org.reflexscope.mm.panel.PropertiesSettingsStore(), Runnable::run);
        AtomicBoolean shutdown = new AtomicBoolean();
        StudioEventBridge bridge = new StudioEventBridge(controller, () -> shutdown.set(true));
        try {
            LiveModeEvent on = () -> true;
            LiveModeEvent off = () -> false;
            bridge.onLiveMode(on);
            controller.refresh().get(10, TimeUnit.SECONDS);
            assertThat(controller.controls().canStart()).isFalse();
            bridge.onLiveMode(off);
            bridge.onAcquisitionStarted(event(AcquisitionStartedEvent.class));
            controller.refresh().get(10, TimeUnit.SECONDS);
            assertThat(controller.controls().blockedReason()).contains("acquisition");
            bridge.onAcquisitionEnded(event(AcquisitionEndedEvent.class));
            controller.refresh().get(10, TimeUnit.SECONDS);
            assertThat(controller.controls().canStart()).isTrue();
            bridge.onShutdownCommencing(event(ShutdownCommencingEvent.class));
            assertThat(shutdown).isTrue();
        } finally {
            controller.close();
        }
    }

    @Test
    void settingsGoThroughTheStudioProfileView() {
        Map<String, String> profile = new HashMap<>();
        MutablePropertyMapView view = proxy(MutablePropertyMapView.class, (self, method, args) -> {
            switch (method.getName()) {
                case "getString":
                    return profile.getOrDefault((String) args[0], (String) args[1]);
                case "putString":
                    profile.put((String) args[0], (String) args[1]);
                    return self;
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        });
        StudioSettingsStore store = new StudioSettingsStore(view);
        RunSettings s = RunSettings.builder().optZLimits(-5, 5).optDryRun(false).build();
        s.saveTo(store);
        assertThat(profile).containsEntry("reflex.dryRun", "false");
        assertThat(RunSettings.loadFrom(new StudioSettingsStore(view))).isEqualTo(s);
    }
}
