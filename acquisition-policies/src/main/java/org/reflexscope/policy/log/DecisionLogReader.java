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
 * re-scored from its log. Blank lines are skipped; a malformed line fails with its line number. Stateless.
 */
public final class DecisionLogReader {
    private final ObjectMapper mapper = new ObjectMapper();

    /** All records of {@code file}, in order. */
    public List<DecisionRecord> read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    /** All records from {@code in} (not closed), in order; {@code name} is used in error messages. */
    public List<DecisionRecord> read(Reader in, String name) throws IOException {
        BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
        List<DecisionRecord> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(DecisionJson.fromJson(mapper.readTree(line)));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IOException("Decision log " + name + " line " + n + " is not a decision record ("
                        + e.getMessage() + "); was it written by DecisionLogWriter?", e);
            }
        }
        return out;
    }
}
