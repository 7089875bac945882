package org.reflexscope.mm.panel;

/**
 * Where the panel keeps its settings between sessions: Studio's user profile in the plugin, a properties map in
 * tests and headless use. Keys and values are strings; {@link RunSettings} owns the keys.
 */
public interface SettingsStore {
    /** The value of {@code key}, or {@code fallback} when absent. */
    String get(String key, String fallback);

    void put(String key, String value);
}
