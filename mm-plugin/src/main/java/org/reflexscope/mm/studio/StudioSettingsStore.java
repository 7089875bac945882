package org.reflexscope.mm.studio;

import java.util.Objects;
import org.micromanager.propertymap.MutablePropertyMapView;
import org.reflexscope.mm.panel.SettingsStore;

/** {@link SettingsStore} over Studio's user profile (the settings view owned by the plugin class). */
final class StudioSettingsStore implements SettingsStore {
    private final MutablePropertyMapView view;

    StudioSettingsStore(MutablePropertyMapView view) {
        this.view = Objects.requireNonNull(view, "view");
    }

    @Override
    public String get(String key, String fallback) {
        return view.getString(key, fallback);
    }

    @Override
    public void put(String key, String value) {
        view.putString(key, value);
    }
}
