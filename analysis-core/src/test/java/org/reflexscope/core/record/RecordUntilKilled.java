package org.reflexscope.core.record;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;

/**
 * A child process for {@link NdTiffRecoveryTest}: records frames of known pixels into the folder given as its
 * argument until it is killed, printing {@code recorded <n>} each time {@code record} returned.
 */
public final class RecordUntilKilled {
    static final int W = 64;
    static final int H = 48;

    private RecordUntilKilled() {
    }

    static void fill(short[] px, long k) {
        SplittableRandom rnd = new SplittableRandom(7_000 + k);
        for (int i = 0; i < W * H; i++) {
            px[i] = (short) rnd.nextInt(65536);
        }
    }

    public static void main(String[] args) throws Exception {
        FrameSlot s = new FrameSlot(FrameFormat.of(W, H, PixelType.GRAY16));
        try (NdTiffRecorder nd = NdTiffRecorder.create(Path.of(args[0]))) {
            for (long k = 0; ; k++) {
                fill(s.shorts(), k);
                s.setSequence(k);
                s.setImageNumber(k);
                nd.record(s);
                System.out.println("recorded " + (k + 1));
                System.out.flush();
                Thread.sleep(2);
            }
        }
    }
}
