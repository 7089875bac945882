package org.reflexscope.policy.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.plan.SetExposure;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.safety.EnvelopeVerdict;

class DecisionLogRoundTripTest {
    private static DecisionRecord record(long n) {
        HardwarePlan plan = HardwarePlan.of("highres", MoveXY.to(1.5, -2), SetPreset.of("Objective", "40X"),
                MoveZ.to(52.5), Acquire.of(AcquisitionRequest.zStack(-2, 2, 0.5).withChannel("RFP")
                        .withExposureMs(30).withName("division")), SetExposure.ms(12), SetFrameInterval.ms(50));
        return DecisionRecord.builder(n).optFrame(40 + n, 1040 + n, 400.5).optTimes(1000, 2000, 3000, 9000)
                .optAnalysis(3, 0.81, "normalized-variance", Double.NaN)
                .optTarget(new DecisionRecord.TargetSummary(7, 120.5, 99, "dividing", 0.93))
                .optState(100, 200, 50, "10X")
                .addProposal(new ProposalRecord("highres", 100, plan, "met criterion",
                        EnvelopeVerdict.Status.ACCEPTED, List.of(), ProposalOutcome.EXECUTED))
                .addProposal(new ProposalRecord("track", 40, HardwarePlan.of("track", MoveXY.to(3, 4)), "off centre",
                        null, List.of(), ProposalOutcome.PREEMPTED))
                .optExecution(plan, ExecutionStatus.SUCCEEDED, 812.25, "").build();
    }

    @Test
    void everyFieldSurvivesAWriteAndARead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("decisions.jsonl");
        try (DecisionLogWriter w = DecisionLogWriter.open(file)) {
            w.write(record(1));
            w.write(DecisionRecord.builder(2).optGate("paused: test").build());
            assertThat(w.lines()).isEqualTo(2);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"eventScore\":null").contains("\"decided→actuated\":0.006");
        List<DecisionRecord> back = new DecisionLogReader().read(file);
        assertThat(back).containsExactly(record(1), DecisionRecord.builder(2).optGate("paused: test").build());
        assertThat(back.get(0).cameraToActuatedNanos()).isEqualTo(8000);
    }

    @Test
    void aMalformedLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> new DecisionLogReader().read(new StringReader("{}\nnot json\n"), "x.jsonl"))
                .isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }

    @Test
    void aLastLineCutShortByAKilledWriterIsDroppedAndEveryWholeLineKept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("decisions.jsonl");
        try (DecisionLogWriter w = DecisionLogWriter.open(file)) {
            w.write(record(1));
            w.write(record(2));
        }
        String whole = Files.readString(file);
        String cut = whole + whole.substring(0, whole.indexOf('\n') / 2);
        Files.writeString(file, cut);
        assertThat(new DecisionLogReader().read(file)).containsExactly(record(1), record(2));
    }

    @Test
    void aMalformedLineFollowedByALineBreakOrByMoreLinesStillFails(@TempDir Path dir) throws IOException {
        Path endsWell = dir.resolve("a.jsonl");
        Files.writeString(endsWell, "{}\nnot json\n");
        assertThatThrownBy(() -> new DecisionLogReader().read(endsWell)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2");
        Path middle = dir.resolve("b.jsonl");
        Files.writeString(middle, "{}\nnot json\n{}");
        assertThatThrownBy(() -> new DecisionLogReader().read(middle)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2");
    }
}
