package org.reflexscope.policy.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;

class VisitSettingsTest {

    @Test
    void framesPerVisitArePlanesTimesChannelsTimesTimePoints() {
        VisitSettings v = VisitSettings.of("10X", "50X").withAcquisition(AcquisitionRequest.zStack(-2, 2, 1));
        assertThat(v.framesPerVisit()).isEqualTo(5);
        VisitSettings c = v.withChannels(List.of("DAPI", "FITC")).withTimeLapse(3, 2000);
        assertThat(c.framesPerVisit()).isEqualTo(30);
        assertThat(c.channels()).containsExactly("DAPI", "FITC");
        assertThat(c.intervalMs()).isEqualTo(2000);
        // the other settings survive
        assertThat(c.withOffsetUm(1, 2).withParfocalOffsetUm(3).framesPerVisit()).isEqualTo(30);
        assertThat(c.withRecentre(false, 0.3).channels()).containsExactly("DAPI", "FITC");
    }

    @Test
    void refusesRepeatedOrBlankChannelsAndAnEmptyTimeLapse() {
        VisitSettings v = VisitSettings.of("10X", "50X");
        assertThatThrownBy(() -> v.withChannels(List.of("DAPI", "DAPI"))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> v.withChannels(List.of(" "))).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> v.withTimeLapse(0, 100)).hasMessageContaining(">= 1 time point");
        assertThatThrownBy(() -> v.withTimeLapse(2, -1)).hasMessageContaining("interval >= 0");
        assertThatThrownBy(() -> v.withTimeLapse(2, Double.NaN)).hasMessageContaining("interval >= 0");
    }
}
