package org.reflexscope.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reflexscope.policy.engine.EngineCounters;
import org.reflexscope.policy.session.SessionStatus;

/**
 * The story of a finished run, told before any number: what ran, what was captured, what was missed and why
 * (events out of view, the high-resolution budget spent), what the safety envelope refused, what failed.
 * Sentences only state what the counters, the decision log and (for simulated runs) the ground truth show.
 */
final class RunStory {
    private RunStory() {
    }

    /**
     * @param policies the names of the policies that ran (as the engine names them)
     * @param parameters the policy parameters as used, {@code policy.parameter → value}
     * @param triggers the high-resolution trigger times, s
     * @param scores ground-truth scores, or null without ground truth
     */
    static List<String> tell(SessionStatus status, List<String> policies, Map<?, ?> parameters, int hiResAcquisitions,
            double[] triggers, TraceScores scores, boolean dryRun) {
        List<String> out = new ArrayList<>();
        out.add(fmt("%d frames recorded over %.1f s of camera time with %s%s.", status.framesRecorded(),
                status.lastCameraTimeMs() / 1000.0, policies.isEmpty() ? "no policy" : (policies.size() == 1
                        ? "the policy " : "the policies ") + String.join(", ", policies), status.framesLost() > 0 ? fmt("; %d frames were LOST",
                                status.framesLost()) : ", no frame lost"));
        if (dryRun) {
            out.add("Dry run: decisions were logged, nothing moved.");
        }
        boolean hires = policies.contains("highres") || policies.contains("hires");
        if (!hires) {
            out.add("The high-resolution trigger did not run, so no event was captured at high resolution.");
        } else if (scores == null) {
            out.add(fmt("%d high-resolution acquisitions; without ground truth, whether each was on an event is not "
                    + "known (see the thumbnails below).", hiResAcquisitions));
        } else if (scores.events() == 0) {
            out.add(fmt("No event happened in this run; %d high-resolution acquisitions were taken.",
                    hiResAcquisitions));
        } else {
            out.add(fmt("Captured %d of %d events at high resolution, with %d acquisitions (%d not on an event).",
                    scores.eventsCaptured(), scores.events(), scores.hiResAcquisitions(), scores.falseTriggers()));
            int missed = scores.events() - scores.eventsCaptured();
            if (missed > 0) {
                List<String> why = new ArrayList<>();
                int outOfView = scores.events() - scores.eventsInView();
                if (outOfView > 0) {
                    why.add(fmt("%d outside the field of view", outOfView));
                }
                int missedInView = scores.eventsInView() - scores.eventsCapturedInView();
                if (missedInView > 0) {
                    why.add(fmt("%d in view, not triggered on in time", missedInView));
                }
                out.add(fmt("Missed %d: %s.", missed, String.join("; ", why)));
            }
        }
        Object budget = parameters.get("hires.budget");
        if (hires && budget != null) {
            int b = Integer.parseInt(budget.toString());
            if (b > 0 && hiResAcquisitions >= b) {
                out.add(fmt("The high-resolution budget (%d acquisitions) was spent%s: events after that could not be "
                        + "captured (--set hires.budget=N raises it).", b, triggers.length >= b
                                ? fmt(" at %.1f s", triggers[b - 1]) : ""));
            }
        }
        EngineCounters e = status.engine();
        out.add(e.rejected() == 0 && e.clamped() == 0 ? "The safety envelope refused no proposed move."
                : fmt("The safety envelope rejected %d proposed moves and clamped %d (each with its reason in "
                        + "decisions.jsonl).", e.rejected(), e.clamped()));
        if (e.failures() > 0) {
            out.add(fmt("%d hardware calls failed or timed out; policies paused while recording went on.",
                    e.failures()));
        }
        if (!status.alarms().isEmpty()) {
            out.add(fmt("%d alarms were raised (listed under Notes).", status.alarms().size()));
        }
        return out;
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
