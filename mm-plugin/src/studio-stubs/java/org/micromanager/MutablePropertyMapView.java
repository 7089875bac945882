package org.micromanager;

/** Compile-only declaration of the parts of Studio's {@code MutablePropertyMapView} Reflex calls (never packaged). */
public interface MutablePropertyMapView {
    String getString(String key, String defaultValue);

    MutablePropertyMapView putString(String key, String value);
}
