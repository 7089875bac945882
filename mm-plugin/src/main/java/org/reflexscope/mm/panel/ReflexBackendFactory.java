package org.reflexscope.mm.panel;

import org.reflexscope.mm.core.MmCoreSession;

/**
 * Makes the {@link ReflexBackend} that runs smart acquisitions over a Micro-Manager core. The plugin finds an
 * implementation with {@link java.util.ServiceLoader} (a {@code META-INF/services/org.reflexscope.mm.panel.ReflexBackendFactory}
 * entry in the plugin jar), so that the panel does not depend on how the pipeline and policies are wired.
 */
public interface ReflexBackendFactory {
    /**
     * A backend over {@code session}'s core. Called on the Swing event thread: must be quick (load models and
     * start threads in {@link ReflexBackend#start}, not here).
     */
    ReflexBackend create(MmCoreSession session);
}
