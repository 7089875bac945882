package org.reflexscope.policy.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes {@link DecisionRecord}s as JSON lines (one decision per line, flushed per line so that a crash loses at
 * most the line being written).
 *
 * <p><b>Threads.</b> Thread-safe ({@link #write} is synchronized); the policy engine calls it from its decision
 * thread. <b>Ownership.</b> The writer owns the underlying {@link Writer} and closes it in {@link #close()}.
 * <b>Errors.</b> An I/O failure is thrown as {@link UncheckedIOException} naming the log.
 */
public final class DecisionLogWriter implements AutoCloseable {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Writer out;
    private final String name;
    private long lines;

    /** A writer onto {@code out} (taken over: closed with this writer); {@code name} is used in error messages. */
    public DecisionLogWriter(Writer out, String name) {
        this.out = Objects.requireNonNull(out, "out");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Creates (or truncates) {@code file} and writes to it in UTF-8. */
    public static DecisionLogWriter open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new DecisionLogWriter(w, file.toString());
    }

    /** Appends one line. */
    public synchronized void write(DecisionRecord record) {
        try {
            out.write(mapper.writeValueAsString(DecisionJson.toJson(record)));
            out.write('\n');
            out.flush();
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write decision " + record.decision() + " to the decision log "
                    + name + " (is the disk full or the folder gone?)", e);
        }
    }

    /** Lines written so far. */
    public synchronized long lines() {
        return lines;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
