package org.micromanager;

/** Compile-only declaration of Studio's {@code MenuPlugin} (never packaged). */
public interface MenuPlugin extends MMPlugin {
    String getSubMenu();

    void onPluginSelected();
}
