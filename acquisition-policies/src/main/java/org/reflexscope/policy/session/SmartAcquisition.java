package org.reflexscope.policy.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.metrics.LatencySummary;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.analysis.AnalysisListener;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.core.pipeline.DataLossAlarm;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.pipeline.FrameObserver;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;
import org.reflexscope.core.pipeline.PipelineEvents;
import org.reflexscope.core.pipeline.Recorder;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.engine.EngineEvent;
import org.reflexscope.policy.engine.EngineListener;
import org.reflexscope.policy.engine.PolicyEngine;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.log.DecisionLogWriter;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One smart-acquisition run: frames from a {@link FrameSource} through the {@link FramePipeline} (lossless
 * recorders + newest-frame analyzer) into the {@link PolicyEngine}, which acts back on the {@link
 * MicroscopeControl} through the {@link SafetyEnvelope}. The runtime behind both the {@code reflex} command and the
 * Micro-Manager panel; it knows nothing of the simulator or of MMCoreJ.
 *
 * <pre>{@code
 * try (SmartAcquisition run = SmartAcquisition.builder(scope, scope, envelope)
 *         .setAnalyzer(chain)
 *         .addPolicy(RefocusPolicy.builder().build())
 *         .addRecorder("ndtiff", recorder)
 *         .optLimit(RunLimit.frames(500))
 *         .build()) {
 *     run.start();
 *     run.awaitEnd(10, TimeUnit.MINUTES);       // or run.stop() when the user says so
 *     SessionStatus s = run.status();           // counters, latencies, decisions, alarms
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> {@link #start()} once; {@link #pause()}/{@link #resume()} the policies (frames keep flowing
 * and being recorded); {@link #stop()} or the end of the source (or the {@link RunLimit}) ends the run: production
 * stops, recorders drain and finish, the engine finishes its last decision and stops. A run runs once.
 *
 * <p><b>Frames around a plan.</b> A frame taken while the engine's hardware carried out a plan (an objective
 * switch, Z or XY moves, a high-resolution acquisition) is recorded but not analysed: the analyzer, the result
 * listeners and the policies never see it; the engine logs it with the gate {@code not live: <what the plan did>},
 * and {@link SessionStatus#framesNotLive()} counts it by reason ({@link AroundPlanFrames}).
 *
 * <p><b>Lockstep</b> ({@link Builder#optLockstep}, for virtual clocks): the producer waits until the previous frame
 * has been analysed and decided (and its plan executed) before taking the next one. The analyzer then sees every
 * frame and a run is deterministic for a seeded source. Never use it with a real camera: the camera's buffer would
 * fill while the loop waits. {@link LockstepWrappers} puts the {@link LockstepGate} between the source, the analyzer
 * and the pipeline.
 *
 * <p><b>Threads.</b> The pipeline's and engine's threads do the work; every public method may be called from any
 * thread. {@link #status()} never blocks on the run. Listeners given to the builder are called on the analyzer
 * thread (results) and on the engine's decision thread (decisions, events, stacks) and must return quickly.
 *
 * <p><b>Ownership.</b> The run owns the pipeline and the engine it builds; the source, microscope, analyzer,
 * recorders and decision log stay the caller's to close (after this run is closed).
 *
 * <p>Most of this class's length is its builder, which documents each of the run's settings.
 */
public final class SmartAcquisition implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmartAcquisition.class);
    private final FrameAnalyzer analyzer;
    /** Wall time the warm-up may take: frames beyond it are left out (the first is always analysed). */
    static final long WARM_UP_BUDGET_NANOS = 5_000_000_000L;
    private final int warmUpFrames;
    private static final int MAX_ALARMS = 200;

    private final boolean lockstep;
    private final LockstepGate gate;
    private final LimitedFrameSource source;
    private final LatencyRecorder latencies;
    private final FramePipeline pipeline;
    private final PolicyEngine engine;
    private final AroundPlanFrames aroundPlans;
    private final int recentCapacity;
    private final Deque<DecisionRecord> recent = new ArrayDeque<>();
    private final List<String> alarms = new ArrayList<>();
    private final CountDownLatch drained = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong totalDetections = new AtomicLong();
    private final AtomicLong lastResultSequence = new AtomicLong(-1);
    private volatile int lastDetections;
    private volatile double lastCameraTimeMs = Double.NaN;
    private volatile SessionState state = SessionState.READY;
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile boolean sourceFailed;

    private SmartAcquisition(Builder b) {
        this.lockstep = b.lockstep;
        this.analyzer = b.analyzer;
        this.warmUpFrames = b.warmUpFrames;
        this.gate = new LockstepGate(b.lockstepTimeout.toNanos(), TimeUnit.NANOSECONDS);
        this.recentCapacity = b.recentDecisions;
        this.latencies = new LatencyRecorder(b.deadline.toNanos());
        this.source = new LimitedFrameSource(lockstep ? LockstepWrappers.gated(b.source, gate) : b.source, b.limit);

        PolicyEngine.Builder eb = PolicyEngine.builder(b.microscope, b.envelope).optDryRun(b.dryRun)
                .optWatchdog(b.watchdog).optStepTimeout(b.stepTimeout).optLatencyRecorder(latencies);
        for (AcquisitionPolicy p : b.policies) {
            eb.addPolicy(b.clock == PolicyClock.CAMERA ? new CameraClockPolicy(p) : p);
        }
        if (b.decisionLog != null) {
            eb.optDecisionLog(b.decisionLog);
        }
        b.engineListeners.forEach(eb::addListener);
        eb.addListener(new Tracker());
        this.engine = eb.build();

        FramePipeline.Builder pb = FramePipeline.builder(source).optRingSize(b.ringSize)
                .optConsumerWait(b.consumerWait).optLatencyRecorder(latencies).optEvents(new Events());
        for (int i = 0; i < b.recorders.size(); i++) {
            pb.addRecorder(b.recorderNames.get(i), b.recorders.get(i));
        }
        for (int i = 0; i < b.observers.size(); i++) {
            pb.addObserver(b.observerNames.get(i), b.observers.get(i));
        }
        List<AnalysisListener> resultListeners = List.copyOf(b.resultListeners);
        this.aroundPlans = new AroundPlanFrames(engine.hardwareActivity());
        pb.optAnalyzer(LockstepWrappers.settling(aroundPlans.wrap(b.analyzer), gate), result -> {
            lastResultSequence.set(result.frameSequence());
            if (!result.isLive()) {
                // not analysed: the engine logs and gates it (and settles it in lockstep); nothing else sees it
                engine.onResult(result);
                return;
            }
            lastDetections = result.detections().size();
            totalDetections.addAndGet(result.detections().size());
            lastCameraTimeMs = result.frame().cameraTimeMs();
            for (AnalysisListener l : resultListeners) {
                try {
                    l.onResult(result);
                } catch (RuntimeException e) {
                    alarm("A result listener failed on frame " + result.frameSequence() + ": " + e);
                    LOG.warn("Result listener failed", e);
                }
            }
            engine.onResult(result);
        });
        this.pipeline = pb.build();
    }

    /**
     * A builder for a run reading frames from {@code source} and acting on {@code microscope} within
     * {@code envelope} (often one object, e.g. a virtual microscope, plays both ports).
     */
    public static Builder builder(FrameSource source, MicroscopeControl microscope, SafetyEnvelope envelope) {
        return new Builder(source, microscope, envelope);
    }

    /**
     * Starts the engine, then the pipeline (source, consumers, producer).
     *
     * @throws FrameSourceException if the source refuses to start (the engine is stopped again)
     * @throws IllegalStateException if already started, or live (not dry run) without Z soft limits
     * @throws IllegalArgumentException if the analyzer cannot analyse frames of the source's size
     *     ({@link FrameAnalyzer#checkFormat}); nothing has started then
     */
    public synchronized void start() throws FrameSourceException {
        if (state != SessionState.READY) {
            throw new IllegalStateException("This run was already started (state " + state + "); a run runs once:"
                    + " build a new one");
        }
        analyzer.checkFormat(source.maxFormat());
        warmUp();
        engine.start();
        startNanos = System.nanoTime();
        try {
            pipeline.start();
        } catch (FrameSourceException | RuntimeException e) {
            engine.stop();
            state = SessionState.FAILED;
            endNanos = System.nanoTime();
            alarm("The frame source did not start: " + e.getMessage());
            ended.countDown();
            throw e;
        }
        state = SessionState.RUNNING;
    }

    /**
     * Runs the analyzer on {@link Builder#optWarmUpFrames} synthetic frames of the source's size, so the first real
     * frames are analysed at full speed; at most as many as fit {@link #WARM_UP_BUDGET_NANOS} at the first frame's
     * time (at least one), so a very large frame does not hold the run back for minutes. A failure is an alarm, not the end of the run: the pipeline isolates each
     * frame's analysis, and recording goes on whatever the analyzer does.
     */
    private void warmUp() {
        if (warmUpFrames <= 0) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            analyzer.warmUp(source.maxFormat(), 1);
            long first = Math.max(1, System.nanoTime() - t0);
            int rest = (int) Math.min(warmUpFrames - 1L, Math.max(0, (WARM_UP_BUDGET_NANOS - first) / first));
            analyzer.warmUp(source.maxFormat(), rest);
            LOG.info("Analyzer warmed up on {} of {} synthetic {} frames in {} ms", 1 + rest, warmUpFrames,
                    source.maxFormat(), (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            alarm("The analyzer failed on a synthetic warm-up frame (" + e.getMessage() + "); the run goes on, "
                    + "and each frame it fails on is recorded without analysis.");
        }
    }

    /** Pauses the policies: frames are still recorded and analysed, decisions are logged, nothing moves. */
    public synchronized void pause() {
        if (state == SessionState.RUNNING) {
            engine.pause();
            state = SessionState.PAUSED;
        }
    }

    /** Resumes the policies (also after a hardware failure or a manual override paused them). */
    public synchronized void resume() {
        if (state == SessionState.PAUSED || state == SessionState.RUNNING) {
            engine.resume();
            state = SessionState.RUNNING;
        }
    }

    /**
     * Ends the run: stops the source, drains and finishes the recorders, lets the engine finish its last decision,
     * stops it. Blocks until done. Idempotent; no-op before {@link #start()}.
     */
    public void stop() {
        synchronized (this) {
            if (state == SessionState.READY || state.isTerminal() || state == SessionState.STOPPING) {
                return;
            }
            state = SessionState.STOPPING;
        }
        finish();
    }

    /**
     * Waits until the run ends by itself (the source's last frame or the {@link RunLimit}), then finishes it as
     * {@link #stop()} does.
     *
     * @return {@code true} if the run ended within the timeout; {@code false} if it is still running
     * @throws IllegalStateException if the run was not started
     */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        if (state == SessionState.READY) {
            throw new IllegalStateException("The run was not started: call start() first");
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (!drained.await(timeout, unit)) {
            return false;
        }
        synchronized (this) {
            if (!state.isTerminal() && state != SessionState.STOPPING) {
                state = SessionState.STOPPING;
            } else {
                return ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        finish();
        return true;
    }

    private void finish() {
        pipeline.stop();
        if (lockstep) {
            long last = lastResultSequence.get();
            try {
                if (last >= 0 && !gate.awaitHandled(last)) {
                    alarm("The last frame's decision did not complete within the lockstep timeout");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.open();
        }
        engine.stop();
        pipeline.close();
        endNanos = System.nanoTime();
        PipelineMetrics m = pipeline.metrics();
        if (gate.timeouts() > 0) {
            alarm(gate.timeouts() + " frames were released by the lockstep timeout before their decision completed"
                    + " (a slow analysis or hardware step); the run is not exactly reproducible");
        }
        synchronized (this) {
            state = sourceFailed ? SessionState.FAILED : SessionState.ENDED;
        }
        LOG.info("Run ended: {}", m);
        ended.countDown();
    }

    /** A live snapshot; any thread, never blocks on the run. */
    public SessionStatus status() {
        long now = state.isTerminal() ? endNanos : System.nanoTime();
        long elapsed = startNanos == 0 ? 0 : now - startNanos;
        Map<String, LatencySummary> lat = new LinkedHashMap<>(latencies.summaries());
        List<DecisionRecord> rec;
        List<String> al;
        synchronized (recent) {
            rec = new ArrayList<>(recent);
        }
        synchronized (alarms) {
            al = new ArrayList<>(alarms);
        }
        return new SessionStatus(state, elapsed, pipeline.metrics(), engine.counters(), lat, lastDetections,
                totalDetections.get(), lastCameraTimeMs, rec, al, aroundPlans.counts());
    }

    /** The latency histograms of every hop (for plots); live. */
    public LatencyRecorder latencies() {
        return latencies;
    }

    /** Whether the policies act in dry run (decide and log, execute nothing). */
    public boolean isDryRun() {
        return engine.isDryRun();
    }

    /** Stops the run if it is going ({@link #stop()}); idempotent. Does not close the caller's parts. */
    @Override
    public void close() {
        stop();
    }

    private void alarm(String text) {
        synchronized (alarms) {
            if (alarms.size() < MAX_ALARMS) {
                alarms.add(text);
            } else if (alarms.size() == MAX_ALARMS) {
                alarms.add("... more alarms; see the log");
            }
        }
    }

    /** Records decisions, the camera→decided hop and alarms; settles lockstep frames. Decision thread. */
    private final class Tracker implements EngineListener {
        @Override
        public void onDecision(DecisionRecord d) {
            if (d.cameraNanos() != 0 && d.decidedNanos() != 0) {
                latencies.record(SessionStatus.HOP_CAMERA_TO_DECIDED, d.decidedNanos() - d.cameraNanos());
            }
            synchronized (recent) {
                recent.addLast(d);
                while (recent.size() > recentCapacity) {
                    recent.removeFirst();
                }
            }
            gate.settle(d.frameSequence());
        }

        @Override
        public void onEvent(EngineEvent e) {
            switch (e.kind()) {
                case HARDWARE_FAILURE:
                case MANUAL_OVERRIDE:
                case WATCHDOG_STALE:
                    alarm(e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + e.message());
                    gate.settle(lastResultSequence.get());
                    break;
                default:
                    break;
            }
        }

        @Override
        public void onStack(AcquiredStack stack) {
            // Stacks go to the caller's listeners; nothing to count here.
        }
    }

    /** Pipeline events become alarms; the end of the stream releases {@link #awaitEnd}. */
    private final class Events implements PipelineEvents {
        @Override
        public void onConsumerFailure(String consumer, long sequence, Throwable error) {
            alarm(consumer + " failed on frame " + sequence + ": " + error.getMessage());
        }

        @Override
        public void onDataLoss(DataLossAlarm a) {
            alarm("DATA LOSS: " + a.lostNow() + " frames (" + a.kind() + ", total " + a.lostTotal() + ") near image "
                    + a.atImageNumber() + ": " + a.detail());
        }

        @Override
        public void onSourceFailure(FrameSourceException error) {
            sourceFailed = true;
            alarm("The frame source failed and production stopped: " + error.getMessage());
        }

        @Override
        public void onDrained(PipelineMetrics metrics) {
            drained.countDown();
        }
    }

    /**
     * Whether the pipeline reads the ring slot in place for this run's analyzer (it does when the analyzer given
     * to the builder is an {@link IngestingFrameAnalyzer}), rather than copying each analysed frame for it.
     */
    public boolean analyzerReadsInPlace() {
        return pipeline.analyzerReadsInPlace();
    }

    /**
     * Builder of {@link SmartAcquisition}: source, microscope and envelope up front, the analyzer required
     * ({@code set*}), the rest optional ({@code opt*}/{@code add*}).
     */
    public static final class Builder {
        private final FrameSource source;
        private final MicroscopeControl microscope;
        private final SafetyEnvelope envelope;
        private FrameAnalyzer analyzer;
        private final List<AcquisitionPolicy> policies = new ArrayList<>();
        private final List<Recorder> recorders = new ArrayList<>();
        private final List<String> recorderNames = new ArrayList<>();
        private final List<FrameObserver> observers = new ArrayList<>();
        private final List<String> observerNames = new ArrayList<>();
        private final List<AnalysisListener> resultListeners = new ArrayList<>();
        private final List<EngineListener> engineListeners = new ArrayList<>();
        private DecisionLogWriter decisionLog;
        private boolean dryRun;
        private RunLimit limit = RunLimit.none();
        private boolean lockstep;
        private Duration lockstepTimeout = Duration.ofSeconds(60);
        private PolicyClock clock = PolicyClock.WALL;
        private Duration watchdog = Duration.ofSeconds(1);
        private Duration stepTimeout = Duration.ofSeconds(10);
        private Duration deadline = Duration.ofMillis(10);
        private int ringSize = FramePipeline.DEFAULT_RING_SIZE;
        private ConsumerWait consumerWait = ConsumerWait.BLOCKING;
        private int warmUpFrames;
        private int recentDecisions = 20;

        private Builder(FrameSource source, MicroscopeControl microscope, SafetyEnvelope envelope) {
            this.source = Objects.requireNonNull(source, "source");
            this.microscope = Objects.requireNonNull(microscope, "microscope");
            this.envelope = Objects.requireNonNull(envelope, "envelope");
        }

        /** The frame analyzer (e.g. {@code AnalysisChain}); required. */
        public Builder setAnalyzer(FrameAnalyzer v) {
            analyzer = Objects.requireNonNull(v, "analyzer");
            return this;
        }

        /** Adds a policy (names unique). No policy: the run records and analyses, and decides nothing. */
        public Builder addPolicy(AcquisitionPolicy p) {
            policies.add(Objects.requireNonNull(p, "policy"));
            return this;
        }

        /** Adds a lossless recorder. */
        public Builder addRecorder(String name, Recorder r) {
            recorderNames.add(Objects.requireNonNull(name, "name"));
            recorders.add(Objects.requireNonNull(r, "recorder"));
            return this;
        }

        /** Adds a newest-frame observer (a live view). */
        public Builder addObserver(String name, FrameObserver o) {
            observerNames.add(Objects.requireNonNull(name, "name"));
            observers.add(Objects.requireNonNull(o, "observer"));
            return this;
        }

        /** Adds a listener for each analysis result (analyzer thread, before the engine gets it). */
        public Builder addResultListener(AnalysisListener l) {
            resultListeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Adds a listener for the engine's decisions, events and acquired stacks (decision thread). */
        public Builder addEngineListener(EngineListener l) {
            engineListeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Where to write one JSON line per decision (the caller closes it after the run). */
        public Builder optDecisionLog(DecisionLogWriter v) {
            decisionLog = v;
            return this;
        }

        /** Dry run: decide and log everything, move nothing (default false). */
        public Builder optDryRun(boolean v) {
            dryRun = v;
            return this;
        }

        /** When the run ends by itself (default: never, until stopped or the source ends). */
        public Builder optLimit(RunLimit v) {
            limit = Objects.requireNonNull(v, "limit");
            return this;
        }

        /** Lockstep for virtual clocks (see the class comment); default off. */
        public Builder optLockstep(boolean v) {
            lockstep = v;
            return this;
        }

        /** Longest a lockstep frame waits for its decision before the producer goes on (default 60 s). */
        public Builder optLockstepTimeout(Duration v) {
            if (v.isZero() || v.isNegative()) {
                throw new IllegalArgumentException("Lockstep timeout must be > 0, got " + v);
            }
            lockstepTimeout = v;
            return this;
        }

        /** The policies' clock (default {@link PolicyClock#WALL}; {@link PolicyClock#CAMERA} for virtual time). */
        public Builder optPolicyClock(PolicyClock v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /** Results older than this cause no motion (default 1 s; zero disables). */
        public Builder optWatchdog(Duration v) {
            watchdog = Objects.requireNonNull(v, "watchdog");
            return this;
        }

        /** Timeout of each hardware step (default 10 s). */
        public Builder optStepTimeout(Duration v) {
            stepTimeout = Objects.requireNonNull(v, "stepTimeout");
            return this;
        }

        /** Latency above which a hop counts a deadline miss (default 10 ms: one frame at 100 fps). */
        public Builder optLatencyDeadline(Duration v) {
            if (v.isZero() || v.isNegative()) {
                throw new IllegalArgumentException("Latency deadline must be > 0, got " + v);
            }
            deadline = v;
            return this;
        }

        /** Ring slots (power of two ≥ 4; default {@value FramePipeline#DEFAULT_RING_SIZE}). */
        public Builder optRingSize(int v) {
            ringSize = v;
            return this;
        }

        /**
         * How the recorder and the analyzer wait for the next frame (default {@link ConsumerWait#BLOCKING}: parked,
         * no CPU while idle). {@link ConsumerWait#YIELDING} keeps each on its core with warm caches, which shortens
         * the camera-to-decision latency where every pipeline thread has a core of its own, and slows everything on
         * a machine without spare cores.
         */
        public Builder optConsumerWait(ConsumerWait v) {
            consumerWait = Objects.requireNonNull(v, "consumer wait");
            return this;
        }

        /**
         * Synthetic frames the analyzer runs on in {@link SmartAcquisition#start()} before the first real frame
         * ({@link FrameAnalyzer#warmUp}; default 0), at most as many as fit 5 s of wall time at the first one's
         * time. A few hundred take the JIT compilation out of the first real frames' latency (measured in
         * docs/benchmarks/inference.md).
         */
        public Builder optWarmUpFrames(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Warm-up frames must be >= 0, got " + v);
            }
            warmUpFrames = v;
            return this;
        }

        /** How many recent decisions {@link SessionStatus#recentDecisions()} keeps (default 20). */
        public Builder optRecentDecisions(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Recent decisions must be >= 0, got " + v);
            }
            recentDecisions = v;
            return this;
        }

        /**
         * Builds the run (pipeline and engine, not started).
         *
         * @throws IllegalStateException if no analyzer was set
         */
        public SmartAcquisition build() {
            if (analyzer == null) {
                throw new IllegalStateException("A smart acquisition needs an analyzer: call setAnalyzer(...)");
            }
            return new SmartAcquisition(this);
        }
    }
}
