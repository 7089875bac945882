package org.reflexscope.mm.studio.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The slf4j binding of the drop-in plugin jar: Reflex's log lines go to Studio's CoreLog through {@link StudioLog}.
 *
 * <p>It is registered for the <em>relocated</em> slf4j only: the service file is
 * {@code META-INF/services/org.reflexscope.shaded.slf4j.spi.SLF4JServiceProvider}, the name slf4j looks for once
 * the shade plugin has moved it to {@code org.reflexscope.shaded.slf4j}. So inside Studio the plugin's private
 * slf4j finds this provider (through its own class loader), while the unshaded module (the command line, tests)
 * keeps whatever binding its application chose, and an slf4j that Micro-Manager ships is never touched.
 */
public final class StudioLoggerProvider implements SLF4JServiceProvider {
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, StudioLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: loggers are created on demand and write through StudioLog
    }
}
