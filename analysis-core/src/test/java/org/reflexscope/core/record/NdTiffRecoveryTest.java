package org.reflexscope.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.micromanager.ndtiffstorage.NDTiffStorage;

/**
 * A recording whose writer was killed with SIGKILL (a real child JVM) opens with every frame it had written: the
 * reader trims the index NDTiff left unfinished, after which NDTiffStorage itself reads it too.
 */
class NdTiffRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void aRecordingKilledWithSigkillOpensWithEveryFrameWrittenBefore() throws Exception {
        Path dir = tmp.resolve("killed");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                RecordUntilKilled.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int reported = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (reported < 40 && (line = r.readLine()) != null) {
                reported = Integer.parseInt(line.substring("recorded ".length()));
            }
            p.destroyForcibly();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(reported).isEqualTo(40);
        long paddedIndex = Files.size(dir.resolve(NdTiffIndexRecovery.INDEX));

        short[] expected = new short[RecordUntilKilled.W * RecordUntilKilled.H];
        int onDisk;
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(dir)) {
            onDisk = r.size();
            assertThat(onDisk).as("frames the killed writer had confirmed, at most a few more")
                    .isBetween(reported, reported + 5);
            for (int k = 0; k < onDisk; k++) {
                RecordUntilKilled.fill(expected, k);
                assertThat((short[]) r.read("time", k).frame().pixels()).as("frame %d", k).isEqualTo(expected);
            }
        }
        assertThat(Files.size(dir.resolve(NdTiffIndexRecovery.INDEX))).isLessThan(paddedIndex);
        NDTiffStorage plain = new NDTiffStorage(dir.toString());
        try {
            assertThat(plain.getAxesSet()).hasSize(onDisk);
        } finally {
            plain.close();
        }
        assertThat(NdTiffIndexRecovery.trim(dir)).as("a trimmed index is left as it is").isEqualTo(onDisk);
    }
}
