package org.reflexscope.cli.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.reflexscope.cli.input.UserInputException;

/**
 * The folder one run writes: its layout in one place.
 *
 * <pre>
 * &lt;run&gt;/
 *   recording/            the raw stream, NDTiff (opens in Micro-Manager, NDViewer, pycro-manager)
 *   hires/&lt;name&gt;/         one NDTiff dataset per high-resolution acquisition
 *   decisions.jsonl       one JSON line per policy decision, with provenance
 *   metrics.json          counters, latency percentiles, ground-truth scores
 *   recipe.json           the run's recipe: everything it was asked to be (`reflex run --from` repeats it)
 *   scenario.yaml         the scenario as run (editable; `reflex run --scenario` takes it back)
 *   settings.json         provenance: command, arguments, the policy parameters and envelope as resolved, seed,
 *                         model SHA-256s, software version
 *   report.html           one self-contained page
 *   reflex.log            every log line of the run (the terminal shows warnings and errors only)
 * </pre>
 */
public final class RunFolder {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path root;

    private RunFolder(Path root) {
        this.root = root;
    }

    /**
     * Creates {@code root} (and parents) for a new run.
     *
     * @throws UserInputException if it exists and is not an empty folder (runs are never overwritten)
     */
    public static RunFolder create(Path root) throws UserInputException {
        Path abs = root.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                if (!Files.isDirectory(abs)) {
                    throw new UserInputException("Output " + abs + " is a file, not a folder: choose another --out");
                }
                try (Stream<Path> s = Files.list(abs)) {
                    if (s.findAny().isPresent()) {
                        throw new UserInputException("Output folder " + abs + " already holds files and runs are "
                                + "never overwritten: choose another --out, or leave --out out for a new folder");
                    }
                }
            }
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new UserInputException("Cannot create the run folder " + abs + ": " + reason(e)
                    + ". Choose another --out, or free or fix the place it points to", e);
        }
        return new RunFolder(abs);
    }

    /** Why a file operation failed, in words ({@code "permission denied on /x"}), not just the path it names. */
    static String reason(IOException e) {
        if (!(e instanceof FileSystemException)) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        String file = ((FileSystemException) e).getFile();
        if (e instanceof AccessDeniedException) {
            return "permission denied on " + file;
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return "a file is in the way at " + file;
        }
        String why = ((FileSystemException) e).getReason();
        return (why != null ? why.toLowerCase(Locale.ROOT) : "the file system refused") + " (" + file + ")";
    }

    /** Opens an existing run folder to read it back (e.g. {@code --from}). */
    public static RunFolder open(Path root) throws UserInputException {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs.resolve("recipe.json")) && !Files.isRegularFile(abs.resolve("settings.json"))) {
            throw new UserInputException(abs + " is not a run folder (no recipe.json): give the folder a previous "
                    + "`reflex run` wrote");
        }
        return new RunFolder(abs);
    }

    public Path root() {
        return root;
    }

    /** Parent folder of the raw recording's NDTiff dataset. */
    public Path recordingDir() {
        return root.resolve("recording");
    }

    /** Parent folder of the high-resolution datasets. */
    public Path hiresDir() {
        return root.resolve("hires");
    }

    public Path decisions() {
        return root.resolve("decisions.jsonl");
    }

    public Path metrics() {
        return root.resolve("metrics.json");
    }

    public Path scenario() {
        return root.resolve("scenario.yaml");
    }

    /** Each analysed frame's detections, CSV (see {@code DetectionsCsv}). */
    public Path detections() {
        return root.resolve("detections.csv");
    }

    public Path settings() {
        return root.resolve("settings.json");
    }

    /** The run's recipe ({@code RunRecipe}), the record of what ran. */
    public Path recipe() {
        return root.resolve("recipe.json");
    }

    /** Every log line of the run, as {@code reflex} wrote it. */
    public Path log() {
        return root.resolve("reflex.log");
    }

    public Path report() {
        return root.resolve("report.html");
    }

    /** Writes {@code value} (maps, lists, numbers, strings) as indented JSON. */
    public void writeJson(Path file, Object value) throws IOException {
        JSON.writeValue(file.toFile(), value);
    }

    /** The shared JSON mapper (indenting). */
    public static ObjectMapper json() {
        return JSON;
    }
}
