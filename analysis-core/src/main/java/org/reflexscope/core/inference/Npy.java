package org.reflexscope.core.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} arrays (format versions 1–3, C order), as used for bioimage.io test
 * tensors. Reading converts {@code float32/64}, {@code (u)int8/16/32/64} and {@code bool} of either byte order to
 * float; writing produces little-endian float32. An immutable value: shape plus data.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final long[] shape;
    private final float[] data;

    private Npy(long[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** An array of {@code shape} holding {@code data} (copied; row-major). */
    public static Npy of(long[] shape, float[] data) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " holds " + n + " values, data "
                    + data.length);
        }
        return new Npy(shape.clone(), data.clone());
    }

    public long[] shape() {
        return shape.clone();
    }

    public float[] data() {
        return data.clone();
    }

    /**
     * Reads a {@code .npy} stream.
     *
     * @throws IOException if it is not a .npy file, is truncated, Fortran-ordered or of an unsupported dtype (the
     *     message says which)
     */
    public static Npy read(InputStream in, String what) throws IOException {
        byte[] all = in.readAllBytes();
        if (all.length < 10 || !Arrays.equals(Arrays.copyOf(all, 6), MAGIC)) {
            throw new IOException(what + " is not a NumPy .npy file (bad magic): save it with numpy.save");
        }
        int major = all[6];
        int headerLen;
        int start;
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            start = 10;
        } else {
            headerLen = bb.getInt(8);
            start = 12;
        }
        if (start + headerLen > all.length) {
            throw new IOException(what + " is truncated (header)");
        }
        String header = new String(all, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new IOException(what + " has an unreadable .npy header: " + header.trim());
        }
        if (f.find() && f.group(1).equals("True")) {
            throw new IOException(what + " is Fortran-ordered; save it C-ordered (numpy.ascontiguousarray)");
        }
        String[] dims = s.group(1).split(",");
        long[] shape = Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong)
                .toArray();
        long count = 1;
        for (long v : shape) {
            count *= v;
        }
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int offset = start + headerLen;
        if (offset + count * size > all.length) {
            throw new IOException(what + " is truncated: " + Arrays.toString(shape) + " of " + d.group(2)
                    + d.group(3) + " needs " + count * size + " bytes, the file holds " + (all.length - offset));
        }
        ByteBuffer data = ByteBuffer.wrap(all, offset, all.length - offset).slice().order(order);
        float[] out = new float[Math.toIntExact(count)];
        for (int i = 0; i < out.length; i++) {
            out[i] = element(data, i, kind, size, what, d.group(0));
        }
        return new Npy(shape, out);
    }

    private static float element(ByteBuffer b, int i, char kind, int size, String what, String descr)
            throws IOException {
        switch (kind) {
            case 'f':
                if (size == 4) {
                    return b.getFloat(i * 4);
                } else if (size == 8) {
                    return (float) b.getDouble(i * 8);
                }
                break;
            case 'i':
                if (size == 1) {
                    return b.get(i);
                } else if (size == 2) {
                    return b.getShort(i * 2);
                } else if (size == 4) {
                    return b.getInt(i * 4);
                } else if (size == 8) {
                    return b.getLong(i * 8);
                }
                break;
            case 'u':
            case 'b':
                if (size == 1) {
                    return b.get(i) & 0xFF;
                } else if (size == 2) {
                    return b.getShort(i * 2) & 0xFFFF;
                } else if (size == 4) {
                    return b.getInt(i * 4) & 0xFFFFFFFFL;
                }
                break;
            default:
                break;
        }
        throw new IOException(what + " has unsupported dtype " + descr + "; use float32, float64, int or uint");
    }

    /** Writes this array as a little-endian float32 {@code .npy} (format 1.0). */
    public void write(OutputStream out) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : dims.substring(0, Math.max(0, dims.length() - 2));
        String header = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }",
                shapeText);
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder h = new StringBuilder(header);
        for (int i = 0; i < pad; i++) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length());
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (float v : data) {
            b.putFloat(v);
        }
        out.write(b.array());
    }
}
