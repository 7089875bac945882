package org.reflexscope.policy.session;

import java.util.concurrent.TimeUnit;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;

/**
 * How a lockstep {@link SmartAcquisition} puts its {@link LockstepGate} between the ports: the source waits for the
 * previous frame to settle before each fill ({@link #gated}), and the analyzer settles the frames whose analysis
 * failed, which get no decision ({@link #settling}).
 */
final class LockstepWrappers {
    private LockstepWrappers() {
    }

    /** {@code source}, each fill held until the previous frame is settled; {@code stop} opens the gate. */
    static FrameSource gated(FrameSource source, LockstepGate gate) {
        return new GatedSource(source, gate);
    }

    /**
     * The analyzer as the pipeline gets it: {@code analyzer} wrapped so that lockstep frames whose analysis failed
     * are settled (they get no decision). The wrapper keeps the analyzer's capabilities: an
     * {@link IngestingFrameAnalyzer} stays one, so the pipeline still reads the ring slot in place for it.
     */
    static FrameAnalyzer settling(FrameAnalyzer analyzer, LockstepGate gate) {
        if (analyzer instanceof IngestingFrameAnalyzer) {
            return new SettlingIngestingAnalyzer((IngestingFrameAnalyzer) analyzer, gate);
        }
        return new SettlingAnalyzer(analyzer, gate);
    }

    /** A plain analyzer, settling lockstep frames whose analysis failed. */
    private static final class SettlingAnalyzer implements FrameAnalyzer {
        private final FrameAnalyzer delegate;
        private final LockstepGate gate;

        SettlingAnalyzer(FrameAnalyzer delegate, LockstepGate gate) {
            this.delegate = delegate;
            this.gate = gate;
        }

        @Override
        public AnalysisResult analyze(FrameSlot slot) throws Exception {
            try {
                return delegate.analyze(slot);
            } catch (Exception | Error e) {
                gate.settle(slot.sequence());
                throw e;
            }
        }
    }

    /**
     * An in-place analyzer, settling lockstep frames whose ingest or analysis failed. A failed ingest settles the
     * sequence the slot held when it was read; in lockstep the producer waits for that frame to settle, so the
     * slot cannot have been rewritten meanwhile.
     */
    private static final class SettlingIngestingAnalyzer implements IngestingFrameAnalyzer {
        private final IngestingFrameAnalyzer delegate;
        private final LockstepGate gate;
        private long ingestedSequence = -1;

        SettlingIngestingAnalyzer(IngestingFrameAnalyzer delegate, LockstepGate gate) {
            this.delegate = delegate;
            this.gate = gate;
        }

        @Override
        public void ingest(FrameSlot slot) throws Exception {
            ingestedSequence = slot.sequence();
            try {
                delegate.ingest(slot);
            } catch (Exception | Error e) {
                gate.settle(ingestedSequence);
                throw e;
            }
        }

        @Override
        public AnalysisResult analyzeIngested() throws Exception {
            try {
                return delegate.analyzeIngested();
            } catch (Exception | Error e) {
                gate.settle(ingestedSequence);
                throw e;
            }
        }
    }

    /** In lockstep, holds each fill until the previous frame is settled. Producer thread. */
    private static final class GatedSource implements FrameSource {
        private final FrameSource delegate;
        private final LockstepGate gate;
        private long filled;

        GatedSource(FrameSource delegate, LockstepGate gate) {
            this.delegate = delegate;
            this.gate = gate;
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
            gate.awaitSettled(filled - 1);
            FillResult r = delegate.fill(slot, timeout, unit);
            if (r == FillResult.FRAME) {
                filled++;
            }
            return r;
        }

        @Override
        public void stop() {
            gate.open();
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
}
