package org.reflexscope.core.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes a recording whose writer was killed (SIGKILL, a crash, a disk that filled up) readable again, up to the
 * last image whose index entry was written whole.
 *
 * <p>NDTiffStorage writes each image's pixels and metadata, then appends its entry to {@code NDTiff.index}, a file
 * it pre-allocates with zeros and trims to its entries when the dataset is finished. A dataset whose writer never
 * finished keeps the zero padding (and possibly half an entry), and every NDTiff reader (NDTiffStorage,
 * pycro-manager) then fails on the first entry of zeros. {@link #trim} cuts the index after its last whole entry,
 * which is exactly what finishing would have left; entries and image data are never changed. Recovery on open was
 * chosen over a separate repair command so that a killed run replays as it is, with nothing for the user to learn.
 *
 * <p>Entry layout (NDTiff v3, native byte order): axes length, axes JSON, file name length, file name, then eight
 * 32-bit integers (pixel offset, width, height, pixel type, pixel compression, metadata offset, metadata length,
 * metadata compression).
 */
final class NdTiffIndexRecovery {
    static final String INDEX = "NDTiff.index";
    private static final int FIXED_INTS = 8;
    private static final int MAX_STRING = 1 << 16;

    private NdTiffIndexRecovery() {
    }

    /**
     * Cuts {@code datasetDir}'s index after its last whole entry, if anything follows it. Only a recording nobody
     * writes any more may be given (the writer's next entry would land after the cut).
     *
     * @return the number of whole entries, or -1 if there is no index; an index holding only whole entries is not
     *     written to (read-only datasets open as they are)
     * @throws IOException if the index cannot be read, or needs trimming and cannot be written
     */
    static int trim(Path datasetDir) throws IOException {
        Path index = datasetDir.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(index)).order(ByteOrder.nativeOrder());
        int entries = 0;
        int wholeEnd = 0;
        while (b.remaining() > 0 && skipEntry(b, datasetDir)) {
            entries++;
            wholeEnd = b.position();
        }
        if (wholeEnd < b.limit()) {
            try (FileChannel c = FileChannel.open(index, StandardOpenOption.WRITE)) {
                c.truncate(wholeEnd);
                c.force(true);
            }
        }
        return entries;
    }

    /** Moves past one whole, plausible entry; false (position unspecified) if none starts here. */
    private static boolean skipEntry(ByteBuffer b, Path datasetDir) {
        String axes = string(b);
        if (axes == null || !axes.startsWith("{") || !axes.endsWith("}")) {
            return false;
        }
        String file = string(b);
        if (file == null || file.indexOf('/') >= 0 || file.indexOf('\\') >= 0) {
            return false;
        }
        if (!Files.isRegularFile(datasetDir.resolve(file))) {
            return false;
        }
        if (b.remaining() < FIXED_INTS * 4) {
            return false;
        }
        int width = b.getInt(b.position() + 4);
        int height = b.getInt(b.position() + 8);
        b.position(b.position() + FIXED_INTS * 4);
        return width > 0 && height > 0;
    }

    private static String string(ByteBuffer b) {
        if (b.remaining() < 4) {
            return null;
        }
        int n = b.getInt();
        if (n <= 0 || n > MAX_STRING || n > b.remaining()) {
            return null;
        }
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
