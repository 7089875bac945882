package org.reflexscope.cli.console;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The level of one line slf4j-simple wrote, as {@link Console} configures its format; in rising order. */
enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR;

    /** {@code [HH:mm:ss.SSS ][[thread] ]LEVEL logger - message}: the level as the first word after them. */
    private static final Pattern HEADER = Pattern.compile(
            "^(?:\\d{2}:\\d{2}:\\d{2}\\.\\d{3} )?(?:\\[[^\\]]*\\] )?(TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - ");
    /** The lines {@link Throwable#printStackTrace()} adds under a log line. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "^(?:\\s+.*|Caused by: .*|Suppressed: .*|(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?::.*)?)$");

    /** The level a line starts a log record with, or null when it is not a log record's first line. */
    static LogLevel ofHeader(String line) {
        Matcher m = HEADER.matcher(line);
        return m.find() ? valueOf(m.group(1)) : null;
    }

    /** Whether {@code line} continues the previous log record (a stack trace under it). */
    static boolean isContinuation(String line) {
        return STACK_TRACE.matcher(line).matches();
    }
}
