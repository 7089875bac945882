package org.micromanager.propertymap;

/**
 * Compile-only declaration of the parts of Studio's {@code org.micromanager.propertymap.MutablePropertyMapView}
 * that Reflex calls (never packaged; checked against a real MMJ_.jar by {@code StudioApiStubsTest}).
 */
public interface MutablePropertyMapView {
    String getString(String key, String defaultValue);

    MutablePropertyMapView putString(String key, String value);
}
