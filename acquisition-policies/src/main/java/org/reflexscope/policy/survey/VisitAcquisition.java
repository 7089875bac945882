package org.reflexscope.policy.survey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeState;

/**
 * What one visit acquired: every frame with its position on the axes {@code channel} (index into
 * {@link #channels()}), {@code z} (plane of the z-stack, or frame of a burst) and {@code time} (time point), in
 * acquisition order (time, then channel, then z). Immutable.
 */
public final class VisitAcquisition {
    /** One frame and where it lies on the visit's axes. */
    public static final class Image {
        private final Frame frame;
        private final int channel;
        private final int z;
        private final int time;

        Image(Frame frame, int channel, int z, int time) {
            this.frame = Objects.requireNonNull(frame, "frame");
            this.channel = channel;
            this.z = z;
            this.time = time;
        }

        public Frame frame() {
            return frame;
        }

        /** Index into {@link VisitAcquisition#channels()}. */
        public int channel() {
            return channel;
        }

        public int z() {
            return z;
        }

        public int time() {
            return time;
        }
    }

    private final AcquisitionRequest request;
    private final MicroscopeState state;
    private final List<String> channels;
    private final List<Image> images;

    VisitAcquisition(AcquisitionRequest request, MicroscopeState state, List<String> channels, List<Image> images) {
        this.request = Objects.requireNonNull(request, "request");
        this.state = Objects.requireNonNull(state, "state");
        this.channels = List.copyOf(channels);
        this.images = Collections.unmodifiableList(new ArrayList<>(images));
    }

    /** The channel presets in axis order; one empty name when the visit kept the current channel. */
    public List<String> channels() {
        return channels;
    }

    /** The acquisition repeated per channel and time point (its channel is the first's). */
    public AcquisitionRequest request() {
        return request;
    }

    /** The microscope's state when the visit's first acquisition started. */
    public MicroscopeState state() {
        return state;
    }

    /** Distance between z planes, µm (0 for a burst). */
    public double zStepUm() {
        return request.kind() == AcquisitionRequest.Kind.Z_STACK ? request.zStepUm() : 0;
    }

    public List<Image> images() {
        return images;
    }

    /** The frames alone, in acquisition order. */
    public List<Frame> frames() {
        List<Frame> out = new ArrayList<>(images.size());
        images.forEach(i -> out.add(i.frame()));
        return out;
    }
}
