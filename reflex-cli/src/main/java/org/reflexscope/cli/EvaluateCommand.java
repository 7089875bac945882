package org.reflexscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.cli.run.DetectionsCsv;
import org.reflexscope.sim.evaluate.Detections;
import org.reflexscope.sim.evaluate.Evaluation;
import org.reflexscope.sim.evaluate.LabelImage;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reflex evaluate}: scores a run's detections against a label image or a list of points. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score the detections of a run (its detections.csv) against ground truth: a label image "
            + "(each object one label, 0 background) or a CSV of true points (x,y in pixels). Prints recall, "
            + "precision and mean position error per frame. Each true object takes at most one detection, the "
            + "strongest first."},
        footer = {"", "Examples:", "  reflex evaluate runs/replay-20260101-120000 --labels nuclei_labels.tif",
            "  reflex evaluate runs/replay-20260101-120000 --points truth.csv --max-distance 5",
            "", "Exit status: 0 done, 1 bad input, 2 bad usage."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run folder (or its detections.csv).")
    Path run;

    @ArgGroup(multiplicity = "1")
    Truth truth;

    static final class Truth {
        @Option(names = "--labels", paramLabel = "TIFF", required = true,
                description = "Label image of the analysed field (same pixels as the frames).")
        Path labels;

        @Option(names = "--points", paramLabel = "CSV", required = true,
                description = "True positions: lines of x,y in frame pixels (a header line is skipped).")
        Path points;
    }

    @Option(names = "--partial", description = "The label image annotates only some objects: detections on its "
            + "background are not scored.")
    boolean partial;

    @Option(names = "--max-distance", paramLabel = "PX", defaultValue = "5",
            description = "With --points: farthest a detection may be from its true point (default ${DEFAULT-VALUE}).")
    double maxDistance;

    @Override
    public Integer call() throws UserInputException {
        Path csv = Files.isDirectory(run) ? run.resolve("detections.csv") : run;
        Map<Long, List<double[]>> frames = readDetections(csv);
        LabelImage labels = null;
        List<double[]> points = null;
        if (truth.labels != null) {
            try {
                labels = LabelImage.read(truth.labels);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
        } else {
            points = readPoints(truth.points);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Map.Entry<Long, List<double[]>> f : frames.entrySet()) {
            Evaluation e = labels == null ? Detections.againstPoints(points, f.getValue(), maxDistance)
                    : partial ? Detections.againstPartialLabels(labels, f.getValue())
                    : Detections.againstLabels(labels, f.getValue());
            out.println("frame " + f.getKey() + ": " + e);
        }
        if (frames.isEmpty()) {
            out.println("No detections in " + csv + ": recall 0 of the true objects");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Frame → {x, y, score} of its detections, frames in order. */
    private static Map<Long, List<double[]>> readDetections(Path csv) throws UserInputException {
        List<String> lines = lines(csv, "detections table");
        if (lines.isEmpty() || !lines.get(0).trim().equals(DetectionsCsv.HEADER)) {
            throw new UserInputException(csv + " is not a Reflex detections table (its first line is not '"
                    + DetectionsCsv.HEADER + "'): give a run folder written by reflex run or replay");
        }
        Map<Long, List<double[]>> frames = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            try {
                frames.computeIfAbsent(Long.parseLong(c[0]), k -> new ArrayList<>()).add(new double[] {
                    Double.parseDouble(c[3]), Double.parseDouble(c[4]), Double.parseDouble(c[8])});
            } catch (RuntimeException e) {
                throw new UserInputException(csv + " line " + (i + 1) + " is not a detection row: " + lines.get(i));
            }
        }
        return frames;
    }

    private static List<double[]> readPoints(Path csv) throws UserInputException {
        List<double[]> points = new ArrayList<>();
        List<String> lines = lines(csv, "points file");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] c = line.split("[,;\\t ]+");
            try {
                points.add(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1])});
            } catch (RuntimeException e) {
                if (i == 0) {
                    continue; // a header
                }
                throw new UserInputException(csv + " line " + (i + 1) + " is not 'x,y' in pixels: " + line);
            }
        }
        return points;
    }

    private static List<String> lines(Path file, String what) throws UserInputException {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("The " + what + " " + file + " does not exist or is not a file");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserInputException("Cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
