package org.reflexscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An NDTiff dataset opened with the NDTiffStorage of a Micro-Manager installation (test support): its jar and the
 * installation's {@code MMCoreJ.jar} in a class loader of their own (parent: the platform loader), so what is read
 * is what that installation's NDViewer and Micro-Manager read, not the build's copy of the library.
 */
final class InstalledNdTiff implements AutoCloseable {
    private final URLClassLoader loader;
    private final Object storage;

    private InstalledNdTiff(URLClassLoader loader, Object storage) {
        this.loader = loader;
        this.storage = storage;
    }

    static InstalledNdTiff open(Path home, Path dataset) throws Exception {
        Path jars = home.resolve("plugins/Micro-Manager");
        Path ndtiff;
        try (Stream<Path> s = Files.list(jars)) {
            ndtiff = s.filter(p -> p.getFileName().toString().startsWith("NDTiffStorage-")).findFirst()
                    .orElseThrow(() -> new AssertionError("No NDTiffStorage jar in " + jars));
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {ndtiff.toUri().toURL(),
            jars.resolve("MMCoreJ.jar").toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> c = loader.loadClass("org.micromanager.ndtiffstorage.NDTiffStorage");
        return new InstalledNdTiff(loader, c.getConstructor(String.class).newInstance(dataset.toString()));
    }

    /** The class's jar: where it was loaded from. */
    String jar() {
        return storage.getClass().getProtectionDomain().getCodeSource().getLocation().getPath();
    }

    JsonNode summary() throws Exception {
        return new ObjectMapper().readTree(call("getSummaryMetadata").toString());
    }

    @SuppressWarnings("unchecked")
    Set<HashMap<String, Object>> axesSet() throws Exception {
        return (Set<HashMap<String, Object>>) call("getAxesSet");
    }

    int[] imageBounds() throws Exception {
        return (int[]) call("getImageBounds");
    }

    int resolutionLevels() throws Exception {
        return (Integer) call("getNumResLevels");
    }

    /** The pixels of the image at {@code axes} (full resolution), or null if none. */
    Object pixels(Map<String, Object> axes) throws Exception {
        Object tagged = storage.getClass().getMethod("getImage", HashMap.class).invoke(storage, new HashMap<>(axes));
        return tagged == null ? null : tagged.getClass().getField("pix").get(tagged);
    }

    /** The stitched picture at resolution level {@code level} (0: full), as NDViewer asks for it. */
    Object displayImage(int level, int x, int y, int width, int height) throws Exception {
        Method m = storage.getClass().getMethod("getDisplayImage", HashMap.class, int.class, int.class, int.class,
                int.class, int.class);
        Object tagged = m.invoke(storage, new HashMap<String, Object>(), level, x, y, width, height);
        return tagged.getClass().getField("pix").get(tagged);
    }

    private Object call(String method) throws Exception {
        return storage.getClass().getMethod(method).invoke(storage);
    }

    @Override
    public void close() throws Exception {
        try {
            call("close");
        } finally {
            loader.close();
        }
    }
}
