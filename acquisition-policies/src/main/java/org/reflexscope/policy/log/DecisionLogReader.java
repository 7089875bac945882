package org.reflexscope.policy.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a decision log written by {@link DecisionLogWriter} back into {@link DecisionRecord}s, so that a run can be
 * re-scored from its log. Blank lines are skipped; a malformed line fails with its line number, except a last line
 * cut short by a process that was killed while writing it (a file that does not end with a line break): that line
 * never was a whole record and is dropped. Stateless.
 */
public final class DecisionLogReader {
    private final ObjectMapper mapper = new ObjectMapper();

    /** All whole records of {@code file}, in order (a cut last line is dropped). */
    public List<DecisionRecord> read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), !endsWithLineBreak(file));
        }
    }

    /** All records from {@code in} (not closed), in order; {@code name} is used in error messages. */
    public List<DecisionRecord> read(Reader in, String name) throws IOException {
        return read(in, name, false);
    }

    private List<DecisionRecord> read(Reader in, String name, boolean lastLineMayBeCut) throws IOException {
        BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
        List<DecisionRecord> out = new ArrayList<>();
        IOException pending = null;
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            if (pending != null) {
                throw pending;
            }
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(DecisionJson.fromJson(mapper.readTree(line)));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                pending = new IOException("Decision log " + name + " line " + n + " is not a decision record ("
                        + e.getMessage() + "); was it written by DecisionLogWriter?", e);
            }
        }
        if (pending != null && !lastLineMayBeCut) {
            throw pending;
        }
        return out;
    }

    private static boolean endsWithLineBreak(Path file) throws IOException {
        try (java.nio.channels.SeekableByteChannel c = Files.newByteChannel(file)) {
            if (c.size() == 0) {
                return true;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            c.position(c.size() - 1);
            c.read(last);
            return last.get(0) == '\n';
        }
    }
}
