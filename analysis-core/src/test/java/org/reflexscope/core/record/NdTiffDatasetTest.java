package org.reflexscope.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.concurrent.Future;
import mmcorej.org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.micromanager.ndtiffstorage.NDTiffStorage;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.support.SizeLimitedTmpfs;

/**
 * The NDTiff dataset writer's own contracts, below the recorder: pooled arrays are reused, the free-space reserve
 * refuses an image that would not leave it free, finishing is bounded in time and interruptible, and a finished
 * dataset carries display settings for viewers.
 */
class NdTiffDatasetTest {
    private static final int POOL = 8;

    @TempDir
    Path tmp;

    private static HashMap<String, Object> at(int t) {
        HashMap<String, Object> axes = new HashMap<>();
        axes.put(MicroManagerKeys.AXIS_TIME, t);
        return axes;
    }

    private static JSONObject metadata(int w, int h, long n) throws IOException {
        return NdTiffDataset.imageMetadata(FrameMetadata.builder().optImageNumber(n).build(), w, h, PixelType.GRAY16,
                n, 0, 0);
    }

    @Test
    void eachPooledArrayIsReusedAfterNdTiffWroteItAndOnlyThen() throws Exception {
        int w = 32;
        int h = 16;
        try (NdTiffDataset d = new NdTiffDataset(tmp.resolve("pool"), Collections.emptyMap())) {
            Object[] first = new Object[POOL];
            @SuppressWarnings("unchecked")
            Future<?>[] writes = new Future<?>[POOL];
            for (int k = 0; k < POOL; k++) {
                first[k] = d.borrow(PixelType.GRAY16, w * h);
                writes[k] = d.put(first[k], true, PixelType.GRAY16, w, h, metadata(w, h, k), at(k));
            }
            java.util.Set<Object> distinct = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            Collections.addAll(distinct, first);
            assertThat(distinct).as("the pool's arrays are distinct").hasSize(POOL);
            for (int k = 0; k < POOL; k++) {
                Object again = d.borrow(PixelType.GRAY16, w * h);
                assertThat(again).as("array %d handed out again", k).isSameAs(first[k]);
                assertThat(writes[k]).as("its write is done before it is handed out again").isDone();
                d.put(again, true, PixelType.GRAY16, w, h, metadata(w, h, POOL + k), at(POOL + k));
            }
            Object bigger = d.borrow(PixelType.GRAY16, 2 * w * h);
            assertThat((short[]) bigger).as("an array of another size is not reused").hasSize(2 * w * h);
            Object bytes = d.borrow(PixelType.GRAY8, w * h);
            assertThat(bytes).isInstanceOf(byte[].class);
            d.finish();
            assertThat(d.confirmed()).isEqualTo(2 * POOL);
        }
    }

    @Test
    void anImageThatWouldLeaveLessThanTheReserveFreeIsNotWritten() throws Exception {
        try (SizeLimitedTmpfs fs = SizeLimitedTmpfs.mount(tmp, 2048)) {
            Path dir = fs.root().resolve("run");
            int w = 1024;
            int h = 512; // 1 MiB of 16-bit pixels: with 1.5 MiB kept free, a 2 MiB disk cannot take it
            try (NdTiffDataset d = new NdTiffDataset(dir, Collections.emptyMap())) {
                d.reserveFreeSpace(1536 * 1024);
                assertThatThrownBy(() -> d.put(new short[w * h], false, PixelType.GRAY16, w, h,
                        metadata(w, h, 0), at(0))).isInstanceOf(IOException.class)
                                .hasMessageStartingWith("Recording stopped: the disk holding " + dir)
                                .hasMessageContaining("1.5 MiB are kept").hasMessageContaining("0 image(s)");
                assertThat(d.written()).isZero();
                d.finish();
            }
            // without a reserve the same image fits
            try (NdTiffDataset d = new NdTiffDataset(fs.root().resolve("plain"), Collections.emptyMap())) {
                d.putAndWait(new short[w * h], PixelType.GRAY16, w, h, metadata(w, h, 0), at(0));
                d.finish();
                assertThat(d.confirmed()).isOne();
            }
        }
    }

    /** Queues about 32 MiB of images without waiting: NDTiff's writer needs far more than a millisecond for them. */
    private static void queueBigImages(NdTiffDataset d) throws IOException {
        int w = 2048;
        int h = 1024;
        short[] pixels = new short[w * h];
        for (int k = 0; k < 8; k++) {
            d.put(pixels, false, PixelType.GRAY16, w, h, metadata(w, h, k), at(k));
        }
    }

    @Test
    void aFinishThatDoesNotCompleteWithinItsBoundFailsSayingSo() throws Exception {
        Path dir = tmp.resolve("slow");
        NdTiffDataset d = new NdTiffDataset(dir, Collections.emptyMap(), 1);
        try {
            queueBigImages(d);
            long t0 = System.nanoTime();
            assertThatThrownBy(d::finish).isInstanceOf(IOException.class).hasMessage("NDTiff could not write into "
                    + dir + ": NDTiff did not finish writing within 0.001 s (is the disk full or gone?); recording"
                    + " stopped with 0 image(s) on disk");
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds finish took").isLessThan(5);
            assertThat(d.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("within 0.001 s"));
            assertThatThrownBy(d::finish).as("finishing again reports the same failure")
                    .isInstanceOf(IOException.class).hasMessageContaining("within 0.001 s");
            assertThatThrownBy(() -> d.put(new short[4], false, PixelType.GRAY16, 2, 2, metadata(2, 2, 9), at(9)))
                    .isInstanceOf(IOException.class);
        } finally {
            d.close();
        }
    }

    @Test
    void anInterruptedFinishThrowsAnInterruptedIoExceptionAndKeepsTheInterrupt() throws Exception {
        Path dir = tmp.resolve("interrupted");
        NdTiffDataset d = new NdTiffDataset(dir, Collections.emptyMap());
        try {
            queueBigImages(d);
            Thread.currentThread().interrupt();
            assertThatThrownBy(d::finish).isInstanceOf(InterruptedIOException.class)
                    .hasMessage("Interrupted while NDTiff finished writing " + dir);
            assertThat(Thread.interrupted()).as("the interrupt status, kept").isTrue();
        } finally {
            Thread.interrupted();
            d.close();
        }
    }

    @Test
    void aFinishedDatasetCarriesDisplaySettingsForViewers() throws Exception {
        Path dir = tmp.resolve("shown");
        try (NdTiffDataset d = new NdTiffDataset(dir, Collections.emptyMap())) {
            d.putAndWait(new short[64], PixelType.GRAY16, 8, 8, metadata(8, 8, 0), at(0));
            d.finish();
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).contains("display_settings.txt");
        NDTiffStorage plain = new NDTiffStorage(dir.toString());
        try {
            assertThat(plain.getDisplaySettings()).isNotNull();
        } finally {
            plain.close();
        }
    }
}
