package org.reflexscope.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.record.NdTiffRecorder;

/**
 * How fast {@link NdTiffRecorder} writes 16-bit frames to local disk, measured end to end (every frame handed to
 * {@code record} from one thread, as the pipeline's recorder thread does, then {@code finish} waits for the last
 * write). Prints frames/s and GB/s per round; the dataset is deleted after each round.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.reflexscope.bench.pipeline.NdTiffWriteThroughput
 * [folder] [frames] [size] [rounds]} (defaults: the system temp folder, 150 frames, 2048, 3 rounds). A camera at
 * 2048² 16-bit and 100 fps needs 0.84 GB/s.
 */
public final class NdTiffWriteThroughput {
    private NdTiffWriteThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path parent = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        FrameSlot slot = new FrameSlot(FrameFormat.of(size, size, PixelType.GRAY16));
        System.arraycopy(Patterns.pattern(size), 0, slot.shorts(), 0, size * size);
        double bytesPerFrame = size * (double) size * 2;
        for (int round = 0; round < rounds; round++) {
            Path dir = parent.resolve("reflex-ndtiff-bench-" + System.nanoTime());
            long start = System.nanoTime();
            try (NdTiffRecorder rec = NdTiffRecorder.create(dir)) {
                for (int k = 0; k < frames; k++) {
                    slot.setSequence(k);
                    slot.setImageNumber(k);
                    slot.setCameraNanos(System.nanoTime());
                    slot.setPublishedNanos(System.nanoTime());
                    rec.record(slot);
                }
                rec.finish();
            }
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %d frames of %dx%d 16-bit in %.2f s = %.1f frames/s,"
                    + " %.2f GB/s%n", round, frames, size, size, s, frames / s, frames * bytesPerFrame / s / 1e9);
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
