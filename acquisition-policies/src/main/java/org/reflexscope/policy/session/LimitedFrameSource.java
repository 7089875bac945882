package org.reflexscope.policy.session;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;

/**
 * A {@link FrameSource} that ends the stream after a {@link RunLimit}: it passes frames through until the limit,
 * then answers {@link FillResult#END_OF_STREAM} (the frame that crosses a duration limit is not delivered). Time
 * is the slot's camera time, or its {@code cameraNanos} when the source leaves camera time unknown.
 *
 * <p>Threads as {@link FrameSource}: {@link #fill} from the producer only. Ownership: closing this closes the
 * wrapped source.
 */
final class LimitedFrameSource implements FrameSource {
    private final FrameSource delegate;
    private final RunLimit limit;
    private long delivered;
    private double firstCameraMs = Double.NaN;
    private volatile boolean ended;

    LimitedFrameSource(FrameSource delegate, RunLimit limit) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    @Override
    public FrameFormat maxFormat() {
        return delegate.maxFormat();
    }

    @Override
    public void start() throws FrameSourceException {
        delegate.start();
    }

    @Override
    public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit)
            throws FrameSourceException, InterruptedException {
        if (ended || delivered >= limit.maxFrames()) {
            ended = true;
            return FillResult.END_OF_STREAM;
        }
        FillResult r = delegate.fill(slot, timeout, unit);
        if (r != FillResult.FRAME) {
            if (r == FillResult.END_OF_STREAM) {
                ended = true;
            }
            return r;
        }
        double t = Double.isFinite(slot.cameraTimeMs()) ? slot.cameraTimeMs() : slot.cameraNanos() / 1e6;
        if (Double.isNaN(firstCameraMs)) {
            firstCameraMs = t;
        } else if (!Double.isInfinite(limit.maxCameraTimeMs()) && t - firstCameraMs >= limit.maxCameraTimeMs()) {
            ended = true;
            return FillResult.END_OF_STREAM;
        }
        delivered++;
        return FillResult.FRAME;
    }

    /** Whether the limit (or the wrapped source's end) was reached. */
    boolean ended() {
        return ended;
    }

    /** Frames passed through so far. */
    long delivered() {
        return delivered;
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public long framesLostUpstream() {
        return delegate.framesLostUpstream();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
