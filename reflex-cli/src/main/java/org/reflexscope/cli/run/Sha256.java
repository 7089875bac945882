package org.reflexscope.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of files, the identity of a model recorded in a run folder (contract 8 in docs/architecture.md). */
public final class Sha256 {
    private Sha256() {
    }

    /** Lower-case hex SHA-256 of {@code file}'s bytes. @throws IOException if it cannot be read */
    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    /** Lower-case hex SHA-256 of a stream's remaining bytes (the stream is read to its end, not closed). */
    public static String of(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256; this JVM does not", e);
        }
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0;) {
            md.update(buf, 0, n);
        }
        StringBuilder hex = new StringBuilder(64);
        for (byte b : md.digest()) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }
}
