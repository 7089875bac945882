package org.reflexscope.bench;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads one build's {@code org.reflexscope.*} classes and resources (the embedded models differ between builds)
 * from its own benchmarks jar first, everything else (ONNX Runtime, DJL, HdrHistogram, JMH) from the parent: what
 * lets an A/B run two builds side by side in one JVM, so load and machine state affect both alike.
 */
public final class BuildLoader extends URLClassLoader {
    /**
     * @param jar a benchmarks.jar of one build
     * @param parent the loader of everything that is not Reflex's
     * @throws IllegalArgumentException if {@code jar} is not a file
     */
    public BuildLoader(File jar, ClassLoader parent) throws MalformedURLException {
        super(new URL[] {checked(jar).toURI().toURL()}, parent);
    }

    private static File checked(File jar) {
        if (!jar.isFile()) {
            throw new IllegalArgumentException("No jar at " + jar + ": pass the benchmarks.jar of each build");
        }
        return jar;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("org.reflexscope.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = name.startsWith("org/reflexscope/") ? findResource(name) : null;
        return own != null ? own : super.getResource(name);
    }
}
