package org.reflexscope.mm.studio.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An slf4j logger writing to {@link StudioLog}: INFO and above always, DEBUG when the {@code reflex.log.debug}
 * system property is {@code true}, TRACE never. Lines read {@code [Reflex] SimpleClassName: message}.
 */
final class StudioLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final String shortName;
    private final boolean debug;

    StudioLogger(String name) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.debug = Boolean.getBoolean("reflex.log.debug");
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return debug;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        if (level == Level.TRACE || (level == Level.DEBUG && !debug)) {
            return;
        }
        String text = shortName + ": " + MessageFormatter.basicArrayFormat(pattern, arguments);
        StudioLog.log(StudioLog.Level.valueOf(level.name()), text, throwable);
    }
}
