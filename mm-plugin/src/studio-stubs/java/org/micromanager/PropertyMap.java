package org.micromanager;

/** Compile-only declaration of Studio's {@code PropertyMap} (never packaged). */
public interface PropertyMap {
}
