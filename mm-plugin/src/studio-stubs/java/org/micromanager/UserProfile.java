package org.micromanager;

import org.micromanager.propertymap.MutablePropertyMapView;

/** Compile-only declaration of the parts of Studio's {@code UserProfile} that Reflex calls (never packaged). */
public interface UserProfile {
    MutablePropertyMapView getSettings(Class<?> owner);
}
