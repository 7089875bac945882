package org.reflexscope.mm.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Micro-Manager installation folder as Reflex needs it: the native core library (current MMCoreJ names it
 * {@code mmcorej}, older releases {@code MMCoreJ_wrap}), the device adapters ({@code mmgr_dal_*}), MMCoreJ's jar,
 * and the demo configuration. An immutable value, made by {@link #locate}.
 */
public final class MicroManagerInstallation {
    /** The demo hardware configuration shipped with Micro-Manager. */
    public static final String DEMO_CONFIG = "MMConfig_demo.cfg";

    private final Path home;
    private final Path nativeLibrary;
    private final List<String> adapterNames;

    private MicroManagerInstallation(Path home, Path nativeLibrary, List<String> adapterNames) {
        this.home = home;
        this.nativeLibrary = nativeLibrary;
        this.adapterNames = List.copyOf(adapterNames);
    }

    /**
     * Checks that {@code home} is a Micro-Manager installation folder.
     *
     * @throws MmCoreSessionException naming what is missing and what to point Reflex at instead
     */
    public static MicroManagerInstallation locate(Path home) throws MmCoreSessionException {
        Objects.requireNonNull(home, "home");
        Path dir = home.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new MmCoreSessionException("Micro-Manager installation folder " + dir + " does not exist. Point "
                    + "Reflex at the folder where Micro-Manager is installed (the one holding ImageJ.exe or "
                    + "ImageJ-linux64 and " + DEMO_CONFIG + ").");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.collect(Collectors.toList());
        } catch (IOException e) {
            throw new MmCoreSessionException("Cannot list the Micro-Manager folder " + dir + ": " + e.getMessage(), e);
        }
        Path nativeLib = null;
        int nativeRank = Integer.MAX_VALUE;
        List<String> adapters = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            int rank = nativeCoreRank(lower);
            if (rank < nativeRank) {
                nativeLib = f;
                nativeRank = rank;
            } else if (lower.startsWith("libmmgr_dal_") || lower.startsWith("mmgr_dal_")) {
                adapters.add(adapterName(name));
            }
        }
        if (nativeLib == null) {
            throw new MmCoreSessionException("No native Micro-Manager core (mmcorej or MMCoreJ_wrap library) in "
                    + dir + ". Point Reflex at a Micro-Manager installation folder (Micro-Manager 2.0 or newer for "
                    + "this platform).");
        }
        return new MicroManagerInstallation(dir, nativeLib, adapters);
    }

    /**
     * How well a file name (lower case) names the native core: 0-1 for current MMCoreJ's {@code mmcorej} library,
     * 2-3 for the older {@code MMCoreJ_wrap}; a plain library name beats a versioned one ({@code .so.1});
     * {@link Integer#MAX_VALUE} for anything else.
     */
    private static int nativeCoreRank(String lower) {
        boolean plain = lower.endsWith(".so") || lower.endsWith(".dll") || lower.endsWith(".dylib")
                || lower.endsWith(".jnilib");
        if (lower.equals("mmcorej.dll") || lower.startsWith("libmmcorej.")) {
            return plain ? 0 : 1;
        }
        if (lower.equals("mmcorej_wrap.dll") || lower.startsWith("libmmcorej_wrap")) {
            return plain ? 2 : 3;
        }
        return Integer.MAX_VALUE;
    }

    private static String adapterName(String file) {
        String s = file.startsWith("lib") ? file.substring(3) : file;
        s = s.substring("mmgr_dal_".length());
        int dot = s.indexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    public Path home() {
        return home;
    }

    /** The native core library file. */
    public Path nativeLibrary() {
        return nativeLibrary;
    }

    /** Names of the device adapters found (e.g. {@code DemoCamera}). */
    public List<String> adapterNames() {
        return adapterNames;
    }

    /** The demo configuration file in this installation (it may not exist; {@link #config} checks). */
    public Path demoConfig() {
        return home.resolve(DEMO_CONFIG);
    }

    /** MMCoreJ's jar in this installation ({@code plugins/Micro-Manager/MMCoreJ.jar}). */
    public Path mmCoreJJar() {
        return home.resolve("plugins").resolve("Micro-Manager").resolve("MMCoreJ.jar");
    }

    /**
     * {@code name} resolved against the installation folder (absolute paths stay as they are).
     *
     * @throws MmCoreSessionException if the file does not exist
     */
    public Path config(String name) throws MmCoreSessionException {
        Path cfg = home.resolve(name);
        if (!Files.isRegularFile(cfg)) {
            throw new MmCoreSessionException("Hardware configuration " + cfg + " does not exist. Use "
                    + DEMO_CONFIG + " from the installation folder to try Reflex, or the path of your own "
                    + "configuration file (made with Micro-Manager's Hardware Configuration Wizard).");
        }
        return cfg;
    }

    @Override
    public String toString() {
        return "MicroManagerInstallation{" + home + ", core=" + nativeLibrary.getFileName() + ", " + adapterNames.size()
                + " device adapters}";
    }
}
