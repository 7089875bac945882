package org.reflexscope.mm.core;

import java.net.URL;
import java.security.CodeSource;
import mmcorej.CMMCore;

/**
 * Binds the MMCoreJ classes on the class path to an installation's native core, and proves that they fit.
 *
 * <p>MMCoreJ's Java classes are generated together with the native library they call: classes from another
 * Micro-Manager release fail inside the native library's start-up ({@code NoSuchMethodError} in
 * {@code MMCoreJJNI.swig_module_init}) or on the first call. {@link #newCore} loads the native library, makes a core
 * and asks it for its version; every {@link LinkageError} or runtime failure on the way becomes one
 * {@link MmCoreSessionException} whose message names the installation and what to do. Reflex never bundles MMCoreJ:
 * the classes come from the installation ({@code plugins/Micro-Manager/MMCoreJ.jar}), put on the class path by the
 * {@code reflex} launcher or by Micro-Manager itself.
 */
final class MmCoreJBinding {
    /** System property read by MMCoreJ's loader to find its native library. */
    static final String LIBRARY_PATH_PROPERTY = "mmcorej.library.path";
    private static final String CORE_CLASS = "mmcorej.CMMCore";

    private MmCoreJBinding() {
    }

    /**
     * A new core on {@code mm}'s native library, checked to answer {@code getVersionInfo()}.
     *
     * @throws MmCoreSessionException if MMCoreJ is not on the class path, the native library does not load, or the
     *     MMCoreJ classes do not match it; the message is one line naming the installation and the fix
     */
    static CMMCore newCore(MicroManagerInstallation mm) throws MmCoreSessionException {
        String classes = classesLocation(mm);
        if (System.getProperty(LIBRARY_PATH_PROPERTY) == null) {
            System.setProperty(LIBRARY_PATH_PROPERTY, mm.home().toString());
        }
        try {
            System.load(mm.nativeLibrary().toString());
        } catch (UnsatisfiedLinkError | SecurityException e) {
            throw new MmCoreSessionException("Could not load Micro-Manager's native core " + mm.nativeLibrary() + " ("
                    + oneLine(e) + "). Point Reflex at a Micro-Manager installation folder for this platform ("
                    + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + ").", e);
        }
        CMMCore core;
        try {
            core = new CMMCore();
            core.getVersionInfo();
        } catch (LinkageError | RuntimeException e) {
            throw new MmCoreSessionException("The MMCoreJ classes from " + classes + " do not fit the native core of "
                    + "the Micro-Manager installation " + mm.home() + " (" + oneLine(e) + "). Run Reflex with that "
                    + "installation's own " + mm.mmCoreJJar() + " on the class path (the reflex launcher does this "
                    + "for --mm), or point --mm at the installation that jar came from.", e);
        }
        return core;
    }

    /**
     * Where MMCoreJ's classes come from (a jar path, for messages).
     *
     * @throws MmCoreSessionException if they are not on the class path
     */
    static String classesLocation(MicroManagerInstallation mm) throws MmCoreSessionException {
        Class<?> coreClass;
        try {
            coreClass = Class.forName(CORE_CLASS, false, MmCoreJBinding.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new MmCoreSessionException("MMCoreJ (Micro-Manager's Java core classes) is not on the class path. "
                    + "Start Reflex with the reflex launcher, which adds " + mm.mmCoreJJar() + " for --mm, or put "
                    + "that jar on the class path before reflex.jar.", e);
        }
        CodeSource source = coreClass.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return url == null ? "the class path" : url.getPath();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s+", " ").trim();
        return e.getClass().getSimpleName() + message;
    }
}
