package org.reflexscope.mm.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import mmcorej.CMMCore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.plugin.SciJavaPlugin;

/**
 * The compile-only Studio declarations in {@code src/studio-stubs} cannot drift from the real Studio API: each is
 * compiled here and compared with the class of the same name in a real {@code MMJ_.jar} (and its libraries, for
 * Guava's {@code @Subscribe}) — same kind of type, same super-interfaces, and every method it declares present with
 * the same parameter and return types (binary compatibility: code compiled against the stubs links in Studio).
 *
 * <p>The jar comes from the {@code reflex.mmj.jar} system property (set by the pom from {@code -Dmmj.jar} or the
 * test Micro-Manager in {@code ../shared}); the test skips when it is unset and fails when it names a missing file.
 */
class StudioApiStubsTest {
    private static Path mmjJar;
    private static Path stubs;

    @BeforeAll
    static void findJarAndStubs() {
        String p = System.getProperty("reflex.mmj.jar", "");
        Assumptions.assumeTrue(!p.isEmpty() && !p.startsWith("${"),
                "No real Studio named: build with -Dmmj.jar=<Micro-Manager>/plugins/Micro-Manager/MMJ_.jar");
        mmjJar = Paths.get(p);
        assertThat(mmjJar).as("reflex.mmj.jar names a missing file: point -Dmmj.jar at a real MMJ_.jar")
                .isRegularFile();
        stubs = Paths.get(System.getProperty("reflex.studio.stubs", "src/studio-stubs"));
        assertThat(stubs.resolve("java/org/micromanager")).isDirectory();
    }

    @Test
    void everyStubMatchesTheRealStudio(@TempDir Path out) throws Exception {
        List<String> names = compileStubs(out);
        assertThat(names).contains("org.micromanager.Studio", "org.micromanager.propertymap.MutablePropertyMapView",
                "com.google.common.eventbus.Subscribe");
        List<String> problems = new ArrayList<>();
        try (URLClassLoader stubLoader = new URLClassLoader(new URL[] {out.toUri().toURL(), jarOf(CMMCore.class),
            jarOf(SciJavaPlugin.class)}, ClassLoader.getPlatformClassLoader());
                URLClassLoader studioLoader = new URLClassLoader(studioClassPath(),
                        ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                Class<?> stub = Class.forName(name, false, stubLoader);
                Class<?> real;
                try {
                    real = Class.forName(name, false, studioLoader);
                } catch (ClassNotFoundException e) {
                    problems.add(name + ": no such type in " + mmjJar.getFileName() + " or its libraries");
                    continue;
                }
                problems.addAll(compare(stub, real));
            }
        }
        assertThat(problems).as("stubs that differ from %s", mmjJar).isEmpty();
    }

    @Test
    void aStubThatDriftedIsCaught(@TempDir Path out) throws Exception {
        // The declaration the plugin shipped with before it was checked: MutablePropertyMapView in org.micromanager.
        Path src = out.resolve("src/org/micromanager/UserProfile.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package org.micromanager;\npublic interface UserProfile {\n"
                + "    MutablePropertyMapView getSettings(Class<?> owner);\n"
                + "    interface MutablePropertyMapView { String getString(String k, String d); }\n}\n");
        Path classes = Files.createDirectories(out.resolve("classes"));
        compile(List.of(src), classes);
        try (URLClassLoader stubLoader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
                URLClassLoader studioLoader = new URLClassLoader(studioClassPath(),
                        ClassLoader.getPlatformClassLoader())) {
            List<String> problems = compare(Class.forName("org.micromanager.UserProfile", false, stubLoader),
                    Class.forName("org.micromanager.UserProfile", false, studioLoader));
            assertThat(problems).singleElement().asString().contains("getSettings");
        }
    }

    /** What differs between {@code stub} and {@code real}, one line each. */
    private static List<String> compare(Class<?> stub, Class<?> real) {
        List<String> problems = new ArrayList<>();
        String name = stub.getName();
        if (stub.isInterface() != real.isInterface() || stub.isAnnotation() != real.isAnnotation()) {
            problems.add(name + ": a different kind of type in Studio");
        }
        List<String> realSupers = allInterfaces(real);
        for (Class<?> s : stub.getInterfaces()) {
            if (!realSupers.contains(s.getName())) {
                problems.add(name + ": Studio's type does not extend " + s.getName());
            }
        }
        for (Method m : stub.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            Method r = findMethod(real, m);
            String sig = m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getName)
                    .collect(Collectors.joining(", ", "(", ")"));
            if (r == null) {
                problems.add(name + "." + sig + ": no such method in Studio");
            } else if (!r.getReturnType().getName().equals(m.getReturnType().getName())) {
                problems.add(name + "." + sig + ": returns " + r.getReturnType().getName() + " in Studio, not "
                        + m.getReturnType().getName());
            } else if (Modifier.isStatic(r.getModifiers()) != Modifier.isStatic(m.getModifiers())) {
                problems.add(name + "." + sig + ": static in one, not the other");
            }
        }
        return problems;
    }

    private static Method findMethod(Class<?> real, Method stubMethod) {
        List<String> params = Arrays.stream(stubMethod.getParameterTypes()).map(Class::getName)
                .collect(Collectors.toList());
        for (Method r : real.getMethods()) {
            if (r.getName().equals(stubMethod.getName()) && Arrays.stream(r.getParameterTypes()).map(Class::getName)
                    .collect(Collectors.toList()).equals(params)) {
                return r;
            }
        }
        return null;
    }

    private static List<String> allInterfaces(Class<?> c) {
        List<String> out = new ArrayList<>();
        for (Class<?> i : c.getInterfaces()) {
            out.add(i.getName());
            out.addAll(allInterfaces(i));
        }
        if (c.getSuperclass() != null) {
            out.addAll(allInterfaces(c.getSuperclass()));
        }
        return out;
    }

    /** Compiles every stub source (Studio's and Guava's) into {@code out}; returns their class names. */
    private static List<String> compileStubs(Path out) throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.walk(stubs)) {
            sources = s.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        compile(sources, out);
        List<String> names = new ArrayList<>();
        for (Path src : sources) {
            Path root = src.startsWith(stubs.resolve("java")) ? stubs.resolve("java") : stubs.resolve("guava");
            String rel = root.relativize(src).toString();
            names.add(rel.substring(0, rel.length() - ".java".length()).replace(File.separatorChar, '.'));
        }
        return names;
    }

    private static void compile(List<Path> sources, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        List<String> args = new ArrayList<>(List.of("-proc:none", "-d", out.toString(), "-cp",
                Paths.get(jarOf(CMMCore.class).getPath()) + File.pathSeparator
                        + Paths.get(jarOf(SciJavaPlugin.class).getPath())));
        sources.forEach(s -> args.add(s.toString()));
        assertThat(javac.run(null, null, null, args.toArray(new String[0]))).as("javac on the stubs").isZero();
    }

    private static URL jarOf(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    /** MMJ_.jar, the libraries beside it (Guava, SciJava, MMCoreJ…) and ImageJ: what Studio runs with. */
    private static URL[] studioClassPath() throws IOException {
        List<URL> urls = new ArrayList<>();
        Path ij = mmjJar.toAbsolutePath().getParent().resolve("../../ij.jar").normalize();
        if (Files.isRegularFile(ij)) {
            urls.add(ij.toUri().toURL());
        }
        try (Stream<Path> s = Files.list(mmjJar.toAbsolutePath().getParent())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList())) {
                urls.add(p.toUri().toURL());
            }
        }
        return urls.toArray(new URL[0]);
    }
}
