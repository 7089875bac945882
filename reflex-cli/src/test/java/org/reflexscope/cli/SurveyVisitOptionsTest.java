package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;

/**
 * {@code reflex survey}'s visit options on the simulator: channels, a time-lapse, focus per tile and interleaved
 * visits end to end, and their malformed values as one-line errors.
 */
class SurveyVisitOptionsTest {

    @Test
    void visitsInTwoChannelsAndTwoTimePointsInterleavedWithAScanPerTile(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("visits");
        Cli c = Cli.run("survey", "--seed", "12", "--region", "-400,-400,400,400", "--budget", "3",
                "--visit-channels", "DAPI,GFP", "--visit-frames", "2", "--visit-interval", "2s",
                "--autofocus", "scan", "--focus-scan", "4,1", "--order", "interleaved", "--visit-batch", "2",
                "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        assertThat(c.out).contains("Surveyed 16 tiles (4x4)");
        List<Path> visits;
        try (Stream<Path> s = Files.list(run.resolve("visits"))) {
            visits = s.collect(Collectors.toList());
        }
        assertThat(visits).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        for (Path v : visits) {
            try (NdTiffDatasetReader d = NdTiffDatasetReader.open(v)) {
                Set<Map<String, Integer>> axes = new HashSet<>(d.axes());
                assertThat(axes).hasSize(2 * 5 * 2);
                RecordedFrame gfpLate = d.read(Map.of("channel", 1, "z", 2, "time", 1));
                assertThat(gfpLate.frame().metadata().channel()).isEqualTo("GFP");
                assertThat(d.read(Map.of("channel", 0, "z", 2, "time", 0)).frame().metadata().channel())
                        .isEqualTo("DAPI");
                assertThat(d.summaryMetadata()).containsEntry("ChNames", "[\"DAPI\",\"GFP\"]");
            }
        }
    }

    @Test
    void malformedVisitOptionsAreOneLineUsageErrors(@TempDir Path dir) throws Exception {
        String out = dir.resolve("a").toString();
        String[][] usage = {
            {"--visit-frames", "0"},
            {"--visit-frames", "2", "--visit-interval", "2x"},
            {"--visit-interval", "2s"},
            {"--visit-channels", "DAPI,DAPI"},
            {"--autofocus", "sideways"},
            {"--order", "random"},
            {"--autofocus", "device"},
            {"--autofocus", "scan", "--focus-map", "10,1"},
            {"--autofocus", "off", "--focus-scan", "10,1"},
            {"--autofocus-device", "Autofocus"},
            {"--order", "interleaved", "--visit-batch", "0"},
        };
        for (String[] bad : usage) {
            String[] args = Stream.concat(Stream.of("survey"), Stream.concat(Stream.of(bad),
                    Stream.of("--out", out))).toArray(String[]::new);
            Cli u = Cli.run(args);
            assertThat(u.exit).as(u.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(u.err).as(u.toString()).startsWith("reflex: ").doesNotContain("\tat ")
                    .containsAnyOf(bad[0], bad[bad.length - 2]);
            assertThat(u.err.strip().lines().count()).as(u.toString()).isLessThanOrEqualTo(2);
            assertThat(dir.resolve("a")).doesNotExist();
        }
        Cli unknown = Cli.run("survey", "--visit-channels", "Cy5", "--out", out);
        assertThat(unknown.exit).as(unknown.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err).startsWith("reflex: --visit-channels Cy5 is not a preset of the channel group Channel")
                .contains("[GFP, DAPI]");
    }
}
