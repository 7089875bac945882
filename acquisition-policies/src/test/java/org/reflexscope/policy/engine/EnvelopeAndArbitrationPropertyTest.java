package org.reflexscope.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetExposure;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.support.FunctionPolicy;
import org.reflexscope.policy.track.TrackPolicy;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;

/**
 * Over random envelopes, starting states, policy settings and result streams (each try one stream), driving the
 * engine's decision logic with a simulated microscope: every executed step stays inside the envelope (checked here
 * independently of {@link SafetyEnvelope}), motion plans respect the minimum interval, no plan starts while another
 * is in flight, dry run executes nothing, and nothing runs while paused (after failures or manual override).
 */
class EnvelopeAndArbitrationPropertyTest {
    private static final String[] OBJECTIVES = {"10X", "40X", "100X"};
    private static final String[] CHANNELS = {"GFP", "RFP"};
    private static final double EPS = 1e-9;

    /** What the test knows about the envelope it built, to check against independently. */
    private static final class Limits {
        double zMin = Double.NaN;
        double zMax = Double.NaN;
        double maxZ = Double.POSITIVE_INFINITY;
        double xMin = Double.NaN;
        double xMax;
        double yMin;
        double yMax;
        double maxXY = Double.POSITIVE_INFINITY;
        long minInterval;
        final List<String> objectives = new ArrayList<>();
        final List<String> channels = new ArrayList<>();
    }

    /** The simulated microscope. */
    private static final class Sim {
        double x;
        double y;
        double z;
        String objective = "10X";
        String channel = "GFP";
        double interval = 100;

        MicroscopeState state(long now) {
            return MicroscopeState.builder().setPosition(x, y, z).optPreset(MicroscopeControl.OBJECTIVE_GROUP,
                    objective).optPreset(MicroscopeControl.CHANNEL_GROUP, channel).optFrameIntervalMs(interval)
                    .optPixelSizeUm(0.5).optImageSize(256, 256).optTimestampNanos(now).build();
        }
    }

    @Property(tries = 100_000)
    void noExecutedCommandLeavesTheEnvelopeAndPlansNeverOverlap(@ForAll long seed) {
        Random rnd = new Random(seed);
        Limits lim = new Limits();
        SafetyEnvelope env = envelope(rnd, lim);
        Sim sim = new Sim();
        boolean hasZ = !Double.isNaN(lim.zMin);
        double zCentre = hasZ ? (lim.zMin + lim.zMax) / 2 : 100;
        sim.z = zCentre + rnd.nextGaussian() * (hasZ ? (lim.zMax - lim.zMin) : 10);
        sim.x = rnd.nextGaussian() * 300;
        sim.y = rnd.nextGaussian() * 300;
        boolean dryRun = rnd.nextInt(10) == 0;
        long watchdog = Duration.ofMillis(200).toNanos();
        DecisionCore core = new DecisionCore(policies(rnd), env, dryRun, watchdog, 1.0, 5.0);

        long now = 1_000_000_000_000L;
        long lastMotionStart = Long.MIN_VALUE;
        HardwarePlan inFlight = null;
        int completeAfter = 0;
        int n = 1 + rnd.nextInt(20);
        for (int i = 0; i < n; i++) {
            now += rnd.nextInt(50_000_000);
            if (inFlight == null && rnd.nextInt(50) == 0) {
                sim.z += 5 + rnd.nextDouble() * 5;
            }
            if (!core.pauseReason().isEmpty() && rnd.nextInt(3) == 0) {
                core.resume(now);
            }
            boolean pausedBefore = !core.pauseReason().isEmpty();
            MicroscopeState st = core.needsState() ? sim.state(now) : null;
            long age = rnd.nextInt(20) == 0 ? 1_000_000_000L : rnd.nextInt(30_000_000);
            DecisionCore.Output c = core.decide(result(rnd, i, now - age), st, now);
            assertThat(c.record == null).isEqualTo(c.toExecute != null);
            if (c.toExecute != null) {
                assertThat(inFlight).as("a plan was started while another was in flight").isNull();
                assertThat(dryRun).as("dry run executed a plan").isFalse();
                assertThat(pausedBefore).as("a plan was started while paused").isFalse();
                assertThat(age).as("a plan was started on a stale result").isLessThanOrEqualTo(watchdog);
                if (c.toExecute.hasMotion()) {
                    assertThat(lastMotionStart == Long.MIN_VALUE || now - lastMotionStart >= lim.minInterval)
                            .as("moves closer than the minimum interval").isTrue();
                    lastMotionStart = now;
                }
                inFlight = c.toExecute;
                completeAfter = rnd.nextInt(4);
            }
            if (inFlight != null && completeAfter-- <= 0) {
                boolean fail = rnd.nextInt(20) == 0;
                if (!fail) {
                    for (HardwareAction step : inFlight.steps()) {
                        apply(step, sim, lim);
                    }
                }
                long done = now + rnd.nextInt(5_000_000);
                core.planFinished(fail ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED, fail ? "injected" : "",
                        null, now, done, fail ? null : sim.state(done), true);
                if (fail) {
                    assertThat(core.pauseReason()).as("a failure must pause the policies").isNotEmpty();
                }
                now = done;
                inFlight = null;
            }
        }
    }

    /** Executes one step on the simulated microscope after checking it against the limits. */
    private static void apply(HardwareAction step, Sim sim, Limits lim) {
        switch (step.kind()) {
            case MOVE_Z: {
                double t = ((MoveZ) step).zUm();
                assertThat(Double.isNaN(lim.zMin)).as("Z moved without Z limits").isFalse();
                assertThat(t).as("Z target").isBetween(lim.zMin - EPS, lim.zMax + EPS);
                assertThat(Math.abs(t - sim.z)).as("Z step").isLessThanOrEqualTo(lim.maxZ + EPS);
                sim.z = t;
                break;
            }
            case MOVE_XY: {
                MoveXY m = (MoveXY) step;
                if (!Double.isNaN(lim.xMin)) {
                    assertThat(m.xUm()).as("X target").isBetween(lim.xMin - EPS, lim.xMax + EPS);
                    assertThat(m.yUm()).as("Y target").isBetween(lim.yMin - EPS, lim.yMax + EPS);
                }
                assertThat(Math.hypot(m.xUm() - sim.x, m.yUm() - sim.y)).as("XY step")
                        .isLessThanOrEqualTo(lim.maxXY + 1e-6);
                sim.x = m.xUm();
                sim.y = m.yUm();
                break;
            }
            case SET_PRESET: {
                SetPreset p = (SetPreset) step;
                List<String> allowed = p.group().equals(MicroscopeControl.OBJECTIVE_GROUP) ? lim.objectives
                        : p.group().equals(MicroscopeControl.CHANNEL_GROUP) ? lim.channels : List.of();
                assertThat(allowed).as("preset allowed").contains(p.preset());
                if (p.group().equals(MicroscopeControl.OBJECTIVE_GROUP)) {
                    sim.objective = p.preset();
                } else {
                    sim.channel = p.preset();
                }
                break;
            }
            case ACQUIRE: {
                AcquisitionRequest r = ((Acquire) step).request();
                if (!r.channel().isEmpty()) {
                    assertThat(lim.channels).as("acquisition channel allowed").contains(r.channel());
                }
                if (r.kind() == AcquisitionRequest.Kind.Z_STACK) {
                    assertThat(Double.isNaN(lim.zMin)).as("z-stack without Z limits").isFalse();
                    assertThat(sim.z + r.zStartOffsetUm()).isGreaterThanOrEqualTo(lim.zMin - EPS);
                    assertThat(sim.z + r.zEndOffsetUm()).isLessThanOrEqualTo(lim.zMax + EPS);
                }
                break;
            }
            case SET_FRAME_INTERVAL:
                sim.interval = ((SetFrameInterval) step).intervalMs();
                break;
            default:
                break;
        }
    }

    private static SafetyEnvelope envelope(Random rnd, Limits lim) {
        SafetyEnvelope.Builder b = SafetyEnvelope.builder();
        if (rnd.nextInt(10) != 0) {
            lim.zMin = rnd.nextDouble() * 100;
            lim.zMax = lim.zMin + 1 + rnd.nextDouble() * 100;
            b.optZLimitsUm(lim.zMin, lim.zMax);
        }
        if (rnd.nextBoolean()) {
            lim.maxZ = 0.1 + rnd.nextDouble() * 20;
            b.optMaxZStepUm(lim.maxZ);
        }
        if (rnd.nextBoolean()) {
            lim.xMin = -rnd.nextDouble() * 1000;
            lim.yMin = -rnd.nextDouble() * 1000;
            lim.xMax = lim.xMin + 1 + rnd.nextDouble() * 2000;
            lim.yMax = lim.yMin + 1 + rnd.nextDouble() * 2000;
            b.optXYBoundsUm(lim.xMin, lim.yMin, lim.xMax, lim.yMax);
        }
        if (rnd.nextBoolean()) {
            lim.maxXY = 0.5 + rnd.nextDouble() * 200;
            b.optMaxXYStepUm(lim.maxXY);
        }
        lim.minInterval = new long[] {0, 10_000_000, 100_000_000}[rnd.nextInt(3)];
        b.optMinMoveInterval(Duration.ofNanos(lim.minInterval));
        for (String o : OBJECTIVES) {
            if (rnd.nextBoolean()) {
                lim.objectives.add(o);
                b.optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, o);
            }
        }
        for (String c : CHANNELS) {
            if (rnd.nextBoolean()) {
                lim.channels.add(c);
                b.optAllowedPresets(MicroscopeControl.CHANNEL_GROUP, c);
            }
        }
        return b.build();
    }

    private static List<AcquisitionPolicy> policies(Random rnd) {
        List<AcquisitionPolicy> ps = new ArrayList<>();
        if (rnd.nextBoolean()) {
            ps.add(RefocusPolicy.builder().optStepUm(0.1 + rnd.nextDouble() * 3)
                    .optSearchRangeUm(1 + rnd.nextDouble() * 30).optWarmupFrames(rnd.nextInt(3)).build());
        }
        if (rnd.nextBoolean()) {
            ps.add(TrackPolicy.builder().optMaxStepUm(1 + rnd.nextDouble() * 300)
                    .optDeadbandUm(rnd.nextDouble() * 5).optGateUm(5 + rnd.nextDouble() * 100).build());
        }
        if (rnd.nextBoolean()) {
            AcquisitionRequest req = rnd.nextBoolean() ? AcquisitionRequest.burst(1 + rnd.nextInt(5))
                    : AcquisitionRequest.zStack(-rnd.nextDouble() * 20, rnd.nextDouble() * 20, 0.5);
            ps.add(HighResTriggerPolicy.builder(OBJECTIVES[rnd.nextInt(3)], req.withChannel(CHANNELS[rnd.nextInt(2)]))
                    .optConsecutiveFrames(1 + rnd.nextInt(3)).optCooldown(Duration.ofMillis(rnd.nextInt(200)))
                    .optParfocalOffsetUm("40X", rnd.nextGaussian() * 5).optCriterion(TriggerCriterion.any()
                            .withMinScore(rnd.nextDouble())).build());
        }
        if (rnd.nextBoolean()) {
            ps.add(AdaptiveRatePolicy.builder(1000, 50, 0.3, 0.7).optMinFastDwell(Duration.ofMillis(100)).build());
        }
        long chaosSeed = rnd.nextLong();
        Random chaos = new Random(chaosSeed);
        ps.add(new FunctionPolicy("chaos", rnd.nextInt(120), rnd.nextBoolean(), rnd.nextInt(4) == 0,
                (r, s) -> chaos.nextInt(3) == 0 ? null : randomPlan(chaos, s)));
        return ps;
    }

    private static HardwarePlan randomPlan(Random rnd, MicroscopeState s) {
        List<HardwareAction> steps = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(6)) {
                case 0:
                    steps.add(MoveZ.to(rnd.nextBoolean() ? s.zUm() + rnd.nextGaussian() * 5
                            : -50 + rnd.nextDouble() * 300));
                    break;
                case 1:
                    steps.add(MoveXY.to(s.xUm() + rnd.nextGaussian() * 100, s.yUm() + rnd.nextGaussian() * 100));
                    break;
                case 2:
                    steps.add(rnd.nextBoolean() ? SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, OBJECTIVES[
                            rnd.nextInt(3)]) : SetPreset.of(MicroscopeControl.CHANNEL_GROUP, CHANNELS[rnd.nextInt(2)]));
                    break;
                case 3:
                    steps.add(SetExposure.ms(1 + rnd.nextDouble() * 100));
                    break;
                case 4:
                    steps.add(SetFrameInterval.ms(rnd.nextDouble() * 1000));
                    break;
                default:
                    AcquisitionRequest r = rnd.nextBoolean() ? AcquisitionRequest.burst(1 + rnd.nextInt(3))
                            : AcquisitionRequest.zStack(-rnd.nextDouble() * 10, rnd.nextDouble() * 10, 1);
                    steps.add(Acquire.of(rnd.nextBoolean() ? r : r.withChannel(CHANNELS[rnd.nextInt(2)])));
                    break;
            }
        }
        return HardwarePlan.of("chaos", steps);
    }

    private static AnalysisResult result(Random rnd, long seq, long cameraNanos) {
        AnalysisResult.Builder b = AnalysisResult.builder(seq, FrameMetadata.builder().optImageNumber(seq).build())
                .optFrameSize(256, 256).optTimestamps(cameraNanos, cameraNanos, cameraNanos)
                .optFocus(rnd.nextDouble() * 100, "random").optScore(AnalysisResult.EVENT_SCORE, rnd.nextDouble());
        int nd = rnd.nextInt(4);
        for (int i = 0; i < nd; i++) {
            b.addDetection(Detection.builder(rnd.nextDouble() * 256, rnd.nextDouble() * 256).optId(i)
                    .optScore(rnd.nextDouble()).optSizePx(1 + rnd.nextDouble() * 30).optLabel(rnd.nextBoolean()
                            ? "cell" : "dividing").optIntensity(rnd.nextDouble() * 1000).build());
        }
        return b.build();
    }
}
