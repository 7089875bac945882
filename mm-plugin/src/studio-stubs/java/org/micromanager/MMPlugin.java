package org.micromanager;

/** Compile-only declaration of Studio's {@code MMPlugin} (never packaged). */
public interface MMPlugin extends MMGenericPlugin {
    void setContext(Studio studio);

    String getName();

    String getHelpText();

    String getVersion();

    String getCopyright();
}
