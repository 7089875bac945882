package org.reflexscope.mm.panel;

import java.util.Properties;

/** A {@link SettingsStore} over a {@link Properties} map (in memory; the caller may load and store it). */
public final class PropertiesSettingsStore implements SettingsStore {
    private final Properties properties;

    public PropertiesSettingsStore() {
        this(new Properties());
    }

    public PropertiesSettingsStore(Properties properties) {
        this.properties = properties;
    }

    @Override
    public synchronized String get(String key, String fallback) {
        return properties.getProperty(key, fallback);
    }

    @Override
    public synchronized void put(String key, String value) {
        properties.setProperty(key, value);
    }

    /** The backing map (live, not a copy). */
    public Properties properties() {
        return properties;
    }
}
