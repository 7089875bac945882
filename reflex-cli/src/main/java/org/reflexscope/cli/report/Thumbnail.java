package org.reflexscope.cli.report;

import java.util.Objects;
import org.reflexscope.core.frame.Frame;

/** One image shown in the report's gallery (e.g. the middle plane of a high-resolution acquisition). */
public final class Thumbnail {
    private final String caption;
    private final Frame frame;

    private Thumbnail(String caption, Frame frame) {
        this.caption = Objects.requireNonNull(caption, "caption");
        this.frame = Objects.requireNonNull(frame, "frame");
    }

    public static Thumbnail of(String caption, Frame frame) {
        return new Thumbnail(caption, frame);
    }

    public String caption() {
        return caption;
    }

    public Frame frame() {
        return frame;
    }
}
