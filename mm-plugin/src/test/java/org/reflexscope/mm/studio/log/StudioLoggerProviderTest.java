package org.reflexscope.mm.studio.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.micromanager.LogManager;
import org.slf4j.Logger;

class StudioLoggerProviderTest {

    @Test
    void forwardsFormattedLinesToStudiosLogManager() {
        List<String> lines = new ArrayList<>();
        LogManager studio = (LogManager) Proxy.newProxyInstance(LogManager.class.getClassLoader(),
                new Class<?>[] {LogManager.class}, (self, method, args) -> {
                    StringBuilder b = new StringBuilder(method.getName());
                    for (Object a : args) {
                        b.append('|').append(a);
                    }
                    lines.add(b.toString());
                    return null;
                });
        StudioLog.attach(studio);
        StudioLoggerProvider provider = new StudioLoggerProvider();
        provider.initialize();
        Logger log = provider.getLoggerFactory().getLogger("org.reflexscope.mm.panel.PipelineBackend");

        log.info("Reflex run started in {} ({})", "/runs/a", "live");
        log.warn("slow disk");
        log.error("Closing {} failed", "recorder", new java.io.IOException("disk full"));
        log.trace("never");
        log.debug("not unless reflex.log.debug");

        assertThat(lines).containsExactly(
                "logMessage|[Reflex] PipelineBackend: Reflex run started in /runs/a (live)",
                "logMessage|[Reflex] PipelineBackend: slow disk",
                "logError|java.io.IOException: disk full|[Reflex] PipelineBackend: Closing recorder failed");
        assertThat(provider.getLoggerFactory().getLogger("org.reflexscope.mm.panel.PipelineBackend")).isSameAs(log);
    }
}
