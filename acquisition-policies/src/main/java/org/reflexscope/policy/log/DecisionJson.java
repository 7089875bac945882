package org.reflexscope.policy.log;

import static org.reflexscope.policy.log.ActionJson.number;
import static org.reflexscope.policy.log.ActionJson.putNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.safety.EnvelopeVerdict;

/** The JSON line layout of a {@link DecisionRecord} (documented with an example in {@code docs/policies.md}). */
final class DecisionJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DecisionJson() {
    }

    static ObjectNode toJson(DecisionRecord r) {
        ObjectNode n = F.objectNode();
        n.put("decision", r.decision());
        ObjectNode frame = n.putObject("frame");
        frame.put("sequence", r.frameSequence());
        frame.put("image", r.imageNumber());
        putNumber(frame, "cameraTimeMs", r.cameraTimeMs());
        ObjectNode times = n.putObject("timesNanos");
        times.put("camera", r.cameraNanos());
        times.put("analysed", r.analysedNanos());
        times.put("decided", r.decidedNanos());
        times.put("actuated", r.actuatedNanos());
        ObjectNode analysis = n.putObject("analysis");
        analysis.put("detections", r.detections());
        putNumber(analysis, "focusScore", r.focusScore());
        analysis.put("focusMeasure", r.focusMeasure());
        putNumber(analysis, "eventScore", r.eventScore());
        if (r.target() != null) {
            ObjectNode t = analysis.putObject("target");
            t.put("id", r.target().id());
            putNumber(t, "xPx", r.target().xPx());
            putNumber(t, "yPx", r.target().yPx());
            t.put("label", r.target().label());
            putNumber(t, "score", r.target().score());
        }
        ObjectNode state = n.putObject("state");
        putNumber(state, "xUm", r.stateXUm());
        putNumber(state, "yUm", r.stateYUm());
        putNumber(state, "zUm", r.stateZUm());
        state.put("objective", r.objective());
        n.put("gate", r.gate());
        ArrayNode props = n.putArray("proposals");
        for (ProposalRecord p : r.proposals()) {
            ObjectNode pn = props.addObject();
            pn.put("policy", p.policy());
            pn.put("priority", p.priority());
            pn.put("reason", p.reason());
            pn.set("plan", ActionJson.toJson(p.plan()));
            if (p.verdict() == null) {
                pn.putNull("verdict");
            } else {
                pn.put("verdict", p.verdict().name());
            }
            ArrayNode why = pn.putArray("verdictReasons");
            p.verdictReasons().forEach(why::add);
            pn.put("outcome", p.outcome().name());
        }
        ObjectNode ex = n.putObject("execution");
        ex.put("status", r.execution().name());
        if (r.executed() != null) {
            ex.set("plan", ActionJson.toJson(r.executed()));
        }
        putNumber(ex, "durationMs", r.executionMs());
        ex.put("error", r.error());
        ObjectNode lat = n.putObject("latencyMs");
        putLatency(lat, "analysed→decided", r.analysedToDecidedNanos());
        putLatency(lat, "decided→actuated", r.decidedToActuatedNanos());
        putLatency(lat, "camera→actuated", r.cameraToActuatedNanos());
        return n;
    }

    private static void putLatency(ObjectNode n, String hop, long nanos) {
        if (nanos >= 0) {
            n.put(hop, nanos / 1e6);
        } else {
            n.putNull(hop);
        }
    }

    static DecisionRecord fromJson(JsonNode n) {
        DecisionRecord.Builder b = DecisionRecord.builder(n.path("decision").asLong());
        JsonNode frame = n.path("frame");
        b.optFrame(frame.path("sequence").asLong(), frame.path("image").asLong(), number(frame, "cameraTimeMs"));
        JsonNode t = n.path("timesNanos");
        b.optTimes(t.path("camera").asLong(), t.path("analysed").asLong(), t.path("decided").asLong(),
                t.path("actuated").asLong());
        JsonNode a = n.path("analysis");
        b.optAnalysis(a.path("detections").asInt(), number(a, "focusScore"), a.path("focusMeasure").asText(""),
                number(a, "eventScore"));
        JsonNode target = a.get("target");
        if (target != null && target.isObject()) {
            b.optTarget(new DecisionRecord.TargetSummary(target.path("id").asLong(), number(target, "xPx"),
                    number(target, "yPx"), target.path("label").asText(""), number(target, "score")));
        }
        JsonNode s = n.path("state");
        b.optState(number(s, "xUm"), number(s, "yUm"), number(s, "zUm"), s.path("objective").asText(""));
        b.optGate(n.path("gate").asText(""));
        for (JsonNode pn : n.path("proposals")) {
            List<String> why = new ArrayList<>();
            pn.path("verdictReasons").forEach(w -> why.add(w.asText()));
            JsonNode v = pn.get("verdict");
            b.addProposal(new ProposalRecord(pn.path("policy").asText(), pn.path("priority").asInt(),
                    ActionJson.planFromJson(pn.path("plan")), pn.path("reason").asText(""),
                    v == null || v.isNull() ? null : EnvelopeVerdict.Status.valueOf(v.asText()), why,
                    ProposalOutcome.valueOf(pn.path("outcome").asText())));
        }
        JsonNode ex = n.path("execution");
        JsonNode plan = ex.get("plan");
        b.optExecution(plan == null || plan.isNull() ? null : ActionJson.planFromJson(plan),
                ExecutionStatus.valueOf(ex.path("status").asText("NONE")), number(ex, "durationMs"),
                ex.path("error").asText(""));
        return b.build();
    }
}
