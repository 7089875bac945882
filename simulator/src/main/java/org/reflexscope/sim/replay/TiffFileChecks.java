package org.reflexscope.sim.replay;

import ij.io.FileInfo;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@link ReplayStack} checks in a TIFF file before and after ImageJ reads it, because ImageJ's reader would
 * otherwise fail without a useful message or silently read less: layouts it cannot read (BigTIFF, tiled) and files
 * shorter than their headers say. Each refusal is a {@link ReplayException} naming the file and the fix.
 */
final class TiffFileChecks {
    private static final int BIGTIFF_MAGIC = 43;
    private static final int TAG_TILE_WIDTH = 322;
    private static final int TAG_TILE_OFFSETS = 324;

    private TiffFileChecks() {
    }

    /**
     * Refuses the TIFF layouts ImageJ's reader cannot read, naming them and the fix: BigTIFF (64-bit offsets) and
     * tiled TIFF (pixels in tiles, not strips; the first image directory is looked at).
     */
    static void checkLayout(Path file) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
            if (f.length() < 8) {
                return;
            }
            byte[] head = new byte[8];
            f.readFully(head);
            if (!(head[0] == 'I' && head[1] == 'I') && !(head[0] == 'M' && head[1] == 'M')) {
                return;
            }
            java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(head).order(head[0] == 'I'
                    ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
            int magic = h.getShort(2) & 0xFFFF;
            if (magic == BIGTIFF_MAGIC) {
                throw new ReplayException(file + " is a BigTIFF (64-bit offsets, written for files over 4 GB), "
                        + "which replay's TIFF reader (ImageJ's) cannot read; save it as a classic TIFF under 4 GB: "
                        + "open it in Fiji (Bio-Formats), crop it if larger, and File > Save As > Tiff...");
            }
            long ifd = h.getInt(4) & 0xFFFFFFFFL;
            if (magic != 42 || ifd + 2 > f.length()) {
                return;
            }
            f.seek(ifd);
            byte[] count = new byte[2];
            f.readFully(count);
            int entries = java.nio.ByteBuffer.wrap(count).order(h.order()).getShort() & 0xFFFF;
            byte[] entry = new byte[12];
            for (int i = 0; i < entries && ifd + 2 + 12L * (i + 1) <= f.length(); i++) {
                f.readFully(entry);
                int tag = java.nio.ByteBuffer.wrap(entry).order(h.order()).getShort() & 0xFFFF;
                if (tag == TAG_TILE_WIDTH || tag == TAG_TILE_OFFSETS) {
                    throw new ReplayException(file + " is a tiled TIFF (its pixels are stored in tiles, not strips), "
                            + "which replay's TIFF reader (ImageJ's) cannot read; rewrite it in strips with "
                            + "`tiffcp -s " + file.getFileName() + " strips.tif` (libtiff), or open it in Fiji "
                            + "(Bio-Formats) and File > Save As > Tiff...");
                }
            }
        } catch (java.io.IOException e) {
            throw new ReplayException("Cannot read the TIFF header of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a file shorter than its TIFF headers say: ImageJ reads the missing pixels as 0 (or drops the planes),
     * which replays as frames of zeros or as a shorter, differently shaped stack.
     */
    static void checkComplete(Path file) {
        try {
            FileInfo[] infos = new ij.io.TiffDecoder(file.getParent().toString() + java.io.File.separator,
                    file.getFileName().toString()).getTiffInfo();
            long size = Files.size(file);
            if (infos == null) {
                return;
            }
            checkIfdChain(file, size);
            for (FileInfo fi : infos) {
                if (fi.compression > FileInfo.COMPRESSION_NONE) {
                    continue;
                }
                long end = fi.getOffset() + (long) fi.width * fi.height * fi.getBytesPerPixel() * Math.max(1,
                        fi.nImages) + (long) Math.max(0, fi.nImages - 1) * Math.max(0, fi.getGap());
                if (end > size) {
                    throw new ReplayException(file + " is truncated: it holds " + size + " bytes but its TIFF "
                            + "headers place pixels up to byte " + end + "; copy the file again from its source");
                }
            }
        } catch (java.io.IOException e) {
            throw new ReplayException("Cannot read the TIFF headers of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Walks the classic-TIFF chain of image directories: each must lie within the file (a truncated multi-page TIFF
     * loses its later directories, and ImageJ then reads fewer planes without a word). BigTIFF is not walked.
     */
    private static void checkIfdChain(Path file, long size) throws java.io.IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
            if (size < 8) {
                throw new ReplayException(file + " is truncated: " + size + " bytes is less than a TIFF header");
            }
            byte[] head = new byte[8];
            f.readFully(head);
            boolean little = head[0] == 'I';
            java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(head).order(little
                    ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
            if (h.getShort(2) != 42) {
                return;
            }
            long next = h.getInt(4) & 0xFFFFFFFFL;
            int directories = 0;
            byte[] buf = new byte[4];
            while (next != 0) {
                if (++directories > 1_000_000 || next + 2 > size) {
                    throw new ReplayException(file + " is truncated: image directory " + directories + " lies "
                            + "beyond its " + size + " bytes; copy the file again from its source");
                }
                f.seek(next);
                f.readFully(buf, 0, 2);
                int entries = java.nio.ByteBuffer.wrap(buf, 0, 2).order(h.order()).getShort() & 0xFFFF;
                long end = next + 2 + 12L * entries + 4;
                if (end > size) {
                    throw new ReplayException(file + " is truncated: image directory " + directories + " ends at "
                            + "byte " + end + " of " + size + "; copy the file again from its source");
                }
                f.seek(end - 4);
                f.readFully(buf);
                next = java.nio.ByteBuffer.wrap(buf).order(h.order()).getInt() & 0xFFFFFFFFL;
            }
        }
    }
}
