package org.micromanager;

import mmcorej.CMMCore;
import org.micromanager.events.EventManager;

/** Compile-only declaration of the parts of Studio's {@code Studio} that Reflex calls (never packaged). */
public interface Studio {
    CMMCore core();

    UserProfile profile();

    EventManager events();

    LogManager logs();

    PositionListManager positions();
}
