package vn.govcomm.reporting.exports;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.Channels;

import static org.assertj.core.api.Assertions.assertThat;

/** Every channel of the contracts has a Vietnamese name in the reports (a new channel cannot print as its id). */
class LabelsUnitTests {

    @Test
    void everyChannelOfTheContractsHasAVietnameseName() {
        assertThat(Labels.CHANNELS.keySet()).containsExactlyInAnyOrderElementsOf(Channels.ALL);
        Channels.ALL.forEach(c -> assertThat(Labels.channel(c)).as(c).isNotBlank());
        assertThat(Labels.channel(Channels.MANUAL)).isEqualTo("Kênh khác (cơ quan xác nhận)");
        assertThat(Labels.channel(Channels.EMAIL)).isEqualTo("Thư điện tử");
    }
}
