package org.reflexscope.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reflexscope.policy.session.RunLimit;
import org.reflexscope.policy.session.SessionState;
import org.reflexscope.policy.session.SessionStatus;

/** What the progress bar says about a running session, most important first. */
public final class RunProgress {
    private RunProgress() {
    }

    /**
     * The segments for {@code s} at {@code fraction} done (NaN: unknown): {@code warming up} before the first
     * frame; then frames, frame rate, wall time left (from the rate so far), detections, decisions, and a pause or
     * lost frames first of all.
     */
    public static List<String> segments(SessionStatus s, double fraction) {
        List<String> out = new ArrayList<>();
        if (s.framesLost() > 0) {
            out.add("LOST " + s.framesLost() + " frames");
        }
        if (s.paused()) {
            out.add("paused");
        }
        long frames = s.framesPublished();
        if (frames == 0 && !s.state().isTerminal()) {
            out.add("warming up");
            return out;
        }
        out.add(frames + (frames == 1 ? " frame" : " frames"));
        out.add(String.format(Locale.ROOT, "%.1f fps", s.framesPerSecond()));
        double elapsedS = s.elapsedNanos() / 1e9;
        if (fraction > 0.02 && fraction < 1 && !s.state().isTerminal()) {
            out.add(clock(elapsedS * (1 - fraction) / fraction) + " left");
        } else {
            out.add(clock(elapsedS) + " elapsed");
        }
        out.add(s.totalDetections() + " detections");
        out.add(s.engine().decisions() + " decisions");
        return out;
    }

    /**
     * How far {@code s} is towards {@code limit}, in [0, 1]: frames published of a frame limit, camera time of a
     * duration; 1 once the session ended; NaN when neither tells.
     */
    public static double fraction(SessionStatus s, RunLimit limit) {
        if (s.state() == SessionState.ENDED) {
            return 1;
        }
        if (limit.maxFrames() != Long.MAX_VALUE) {
            return s.framesPublished() / (double) limit.maxFrames();
        }
        if (!Double.isInfinite(limit.maxCameraTimeMs()) && Double.isFinite(s.lastCameraTimeMs())) {
            return s.lastCameraTimeMs() / limit.maxCameraTimeMs();
        }
        return Double.NaN;
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    static String clock(double seconds) {
        long t = Math.max(0, Math.round(seconds));
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
