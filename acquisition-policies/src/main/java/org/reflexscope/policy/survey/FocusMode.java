package org.reflexscope.policy.survey;

/** How a survey finds focus at its tiles (and, through them, at its visits). */
public enum FocusMode {
    /** Every tile at the starting Z. */
    OFF,
    /** A plane fitted through Z scans at the plan's corners and centre ({@link FocusMap}); every tile follows it. */
    MAP,
    /** Reflex's Z scan ({@link FocusScan}) at every tile, around the focus found at the tile before. */
    SCAN,
    /** The microscope's autofocus device at every tile; the Z it leaves is checked against the envelope. */
    DEVICE
}
