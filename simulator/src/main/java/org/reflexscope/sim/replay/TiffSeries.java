package org.reflexscope.sim.replay;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The single-plane TIFF files of a folder as a time series, in natural order: runs of digits in the names compare
 * as numbers, so {@code t2.tif} comes before {@code t10.tif} whether or not the numbers are zero-padded.
 */
public final class TiffSeries {
    /**
     * Names compared piece by piece, digit runs by value (then by length, so {@code 007} follows {@code 7}), other
     * text case-insensitively; names equal that way by their plain string order.
     */
    public static final Comparator<String> NATURAL_ORDER = TiffSeries::compareNatural;

    private TiffSeries() {
    }

    /**
     * The folder's {@code .tif}/{@code .tiff} files (not sub-folders), in {@link #NATURAL_ORDER} of their names.
     *
     * @throws ReplayException if the folder cannot be listed
     */
    public static List<Path> inFolder(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(p) && (n.endsWith(".tif") || n.endsWith(".tiff"));
            }).sorted(Comparator.comparing(p -> p.getFileName().toString(), NATURAL_ORDER))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new ReplayException("Cannot list the folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                int c = new BigInteger(a.substring(i, ei)).compareTo(new BigInteger(b.substring(j, ej)));
                if (c == 0) {
                    c = Integer.compare(ei - i, ej - j);
                }
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                int c = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
                if (c != 0) {
                    return c;
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }
}
