package org.reflexscope.mm.panel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The plugin's background threads (the panel's run worker, the Survey section's worker): one daemon thread each,
 * with a {@value #STACK_BYTES}-byte stack and the plugin's class loader as its context class loader.
 *
 * <p><b>Why.</b> These threads load the analysis models: creating ONNX Runtime's environment recursed past a default
 * 1 MiB thread stack inside Micro-Manager Studio (a native stack overflow that killed Studio), see
 * docs/micro-manager.md. Inside Studio the plugin's classes come from the plugin's class loader, which alone sees the
 * services of the plugin jar (DJL engines); the threads a run starts inherit it from this one.
 */
public final class PluginWorker {
    /** Stack of each worker thread, bytes. */
    public static final long STACK_BYTES = 64L << 20;

    private PluginWorker() {
    }

    /** A single-thread executor whose thread is named {@code name}. */
    public static ExecutorService newSingleThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, name, STACK_BYTES);
            t.setDaemon(true);
            t.setContextClassLoader(PluginWorker.class.getClassLoader());
            return t;
        });
    }
}
