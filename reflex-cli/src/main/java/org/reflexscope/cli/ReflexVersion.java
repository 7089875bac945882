package org.reflexscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reflex's version, from {@code version.properties} written by the build. */
public final class ReflexVersion implements CommandLine.IVersionProvider {
    /** The version string recorded in run folders (e.g. {@code 0.1.0-SNAPSHOT}). */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = ReflexVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("The jar's version.properties cannot be read: rebuild reflex", e);
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"reflex " + version(), "Java " + System.getProperty("java.version") + " on "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
