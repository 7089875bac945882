package org.reflexscope.mm.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inspects the drop-in jar built by the shade plugin (run by the {@code plugin-jar} surefire execution in the
 * {@code verify} phase, after {@code package}): what Micro-Manager needs to load it, and nothing that would clash.
 */
class PluginJarTest {
    private static Path jar;

    @BeforeAll
    static void findJar() {
        String p = System.getProperty("reflex.plugin.jar", "");
        Assumptions.assumeTrue(!p.isEmpty() && Files.isRegularFile(Paths.get(p)),
                "The drop-in jar is built in the package phase; run `mvn -pl mm-plugin -am verify`");
        jar = Paths.get(p);
    }

    @Test
    void carriesTheSciJavaIndexWithExactlyOneMenuPlugin() throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            JarEntry index = f.getJarEntry("META-INF/json/org.scijava.plugin.Plugin");
            assertThat(index).as("Studio ignores a jar without the SciJava index").isNotNull();
            String json;
            try (InputStream in = f.getInputStream(index)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(json).contains("\"class\":\"org.reflexscope.mm.studio.ReflexMenuPlugin\"")
                    .contains("\"type\":\"org.micromanager.MenuPlugin\"");
            assertThat(json.split("\"class\"", -1)).as("one @Plugin class per jar").hasSize(2);
            assertThat(f.getJarEntry("org/reflexscope/mm/studio/ReflexMenuPlugin.class")).isNotNull();
        }
    }

    @Test
    void leavesOutWhatMicroManagerShipsAndRelocatesWhatCouldClash() throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements();) {
                names.add(e.nextElement().getName());
            }
        }
        assertThat(names).noneMatch(n -> n.startsWith("mmcorej/")).noneMatch(n -> n.startsWith("org/micromanager/"))
                .noneMatch(n -> n.startsWith("ij/")).noneMatch(n -> n.startsWith("org/scijava/"))
                .noneMatch(n -> n.startsWith("com/google/")).noneMatch(n -> n.startsWith("com/fasterxml/"))
                .noneMatch(n -> n.startsWith("org/apache/commons/")).noneMatch(n -> n.startsWith("org/slf4j/"))
                .noneMatch(n -> n.startsWith("org/jfree/")).noneMatch(n -> n.startsWith("org/tribuo/"));
        assertThat(names).anyMatch(n -> n.startsWith("org/reflexscope/core/"))
                .anyMatch(n -> n.startsWith("org/reflexscope/policy/"))
                .anyMatch(n -> n.startsWith("org/reflexscope/shaded/"))
                .anyMatch(n -> n.startsWith("ai/onnxruntime/"));
    }

    @Test
    void bindsItsRelocatedSlf4jToStudiosLog() throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            assertThat(f.getJarEntry("org/reflexscope/shaded/slf4j/LoggerFactory.class")).isNotNull();
            JarEntry provider = f.getJarEntry("META-INF/services/org.reflexscope.shaded.slf4j.spi.SLF4JServiceProvider");
            assertThat(provider).as("without a provider, Reflex's log lines are lost inside Studio").isNotNull();
            try (InputStream in = f.getInputStream(provider)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
                        .isEqualTo("org.reflexscope.mm.studio.log.StudioLoggerProvider");
            }
            assertThat(f.getJarEntry("META-INF/services/ai.djl.engine.EngineProvider")).as("DJL finds ONNX Runtime")
                    .isNotNull();
        }
    }

    @Test
    void reflexClassesTargetJava11() throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            int checked = 0;
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("org/reflexscope/") && entry.getName().endsWith(".class")) {
                    try (DataInputStream in = new DataInputStream(f.getInputStream(entry))) {
                        in.readInt();
                        in.readUnsignedShort();
                        assertThat(in.readUnsignedShort()).as(entry.getName()).isLessThanOrEqualTo(55);
                    }
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(20);
        }
    }
}
