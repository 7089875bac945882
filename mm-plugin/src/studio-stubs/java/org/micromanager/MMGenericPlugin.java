package org.micromanager;

import org.scijava.plugin.SciJavaPlugin;

/** Compile-only declaration of Studio's {@code MMGenericPlugin} (never packaged). */
public interface MMGenericPlugin extends SciJavaPlugin {
}
