package org.reflexscope.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;

/** The benchmark's side-by-side mode: both analyzer paths really run, each the way it was asked for. */
class EndToEndBenchmarkTest {

    @Test
    void theCopyingWrapperHidesTheInPlaceRead() throws Exception {
        try (AnalysisChain chain = AnalysisChain.builder().optBinning(4).build()) {
            assertThat(chain).isInstanceOf(IngestingFrameAnalyzer.class);
            assertThat(new CopyingAnalyzer(chain)).isNotInstanceOf(IngestingFrameAnalyzer.class);
        }
    }

    @Test
    void anUnknownAnalyzerPathIsRefusedNamingTheChoices(@TempDir Path dir) {
        assertThatThrownBy(() -> EndToEndBenchmark.main(new String[] {"--analyzer", "zero-copy", "--dir",
            dir.toString()})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--analyzer must be inPlace, copy or both, got zero-copy");
    }

    @Test
    void bothRunsEachPathInAlternatingPairsAndPrintsTheRatios(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EndToEndBenchmark.main(new String[] {"--size", "512", "--fps", "20", "--seconds", "1", "--bin", "4",
                "--bank", "2", "--dir", dir.resolve("e2e").toString(), "--analyzer", "both", "--pairs", "2"});
        } finally {
            System.setOut(out);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        out.print(text);
        assertThat(text).contains("runs [copy, inPlace, inPlace, copy]");
        // each run checked its pipeline's path before starting; a mismatch would have thrown
        assertThat(text.split("run: analyzer copy", -1)).hasSize(3);
        assertThat(text.split("run: analyzer inPlace", -1)).hasSize(3);
        // every frame published was recorded, on both paths
        assertThat(text).containsPattern("RESULT \\[copy\\] published ([1-9]\\d*), recorded \\1, lost 0")
                .containsPattern("RESULT \\[inPlace\\] published ([1-9]\\d*), recorded \\1, lost 0")
                .contains("RATIO in place / copying, pair 1:").contains("RATIO in place / copying, pair 2:")
                .contains("RATIO in place / copying, medians:");
    }
}
