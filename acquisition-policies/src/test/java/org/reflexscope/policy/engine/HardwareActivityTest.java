package org.reflexscope.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetExposure;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.plan.SetPreset;

class HardwareActivityTest {
    private static final HardwarePlan HIRES = HardwarePlan.of("hires",
            SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "40X"), MoveZ.to(2),
            Acquire.of(AcquisitionRequest.zStack(-1, 1, 1)), SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "10X"),
            MoveZ.to(0));

    @Test
    void namesWhatAPlanDoesToTheViewInPlanOrder() {
        assertThat(HardwareActivity.describe(HIRES)).isEqualTo("objective switch, Z move, z-stack acquisition");
        assertThat(HardwareActivity.describe(HardwarePlan.of("t", MoveXY.to(1, 2), SetPreset.of("Channel", "GFP"),
                Acquire.of(AcquisitionRequest.burst(3))))).isEqualTo("XY move, preset change, "
                        + "high-resolution acquisition");
        assertThat(HardwareActivity.describe(HardwarePlan.of("rate", SetFrameInterval.ms(100),
                SetExposure.ms(20)))).isEmpty();
    }

    @Test
    void aFrameIsAroundAPlanFromItsFirstCommandUntilItsLastReturned() {
        HardwareActivity a = new HardwareActivity();
        assertThat(a.around(1000)).isEmpty();
        a.planStarted(1000, HIRES);
        assertThat(a.around(999)).as("exposed before the plan").isEmpty();
        assertThat(a.around(5000)).as("while in flight").isEqualTo(HardwareActivity.describe(HIRES));
        a.planFinished(2000);
        assertThat(a.around(1500)).isEqualTo(HardwareActivity.describe(HIRES));
        assertThat(a.around(2001)).as("after it returned").isEmpty();
        assertThat(a.around(0)).as("time unknown").isEmpty();
        // a plan that only changes the rate leaves its frames live
        a.planStarted(3000, HardwarePlan.of("rate", SetFrameInterval.ms(100)));
        assertThat(a.around(3500)).isEmpty();
        a.planFinished(4000);
        assertThat(a.around(1500)).as("older plans are kept").isNotEmpty();
    }

    @Test
    void keepsTheLastPlansOnly() {
        HardwareActivity a = new HardwareActivity();
        for (int i = 0; i <= HardwareActivity.KEPT; i++) {
            a.planStarted(1000L * (i + 1), HardwarePlan.of("z", MoveZ.to(i)));
            a.planFinished(1000L * (i + 1) + 500);
        }
        assertThat(a.recentPlans()).hasSize(HardwareActivity.KEPT);
        assertThat(a.around(1200)).as("the oldest, dropped").isEmpty();
        assertThat(a.around(2200)).isEqualTo("Z move");
    }
}
