package vn.govcomm.reporting.exports;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.Channels;
import vn.govcomm.kit.delivery.DeliveryStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** Every channel of the contracts and every status of the kit has a Vietnamese name in the reports (none prints as its id). */
class LabelsUnitTests {

    @Test
    void everyChannelOfTheContractsHasAVietnameseName() {
        assertThat(Labels.CHANNELS.keySet()).containsExactlyInAnyOrderElementsOf(Channels.ALL);
        Channels.ALL.forEach(c -> assertThat(Labels.channel(c)).as(c).isNotBlank());
        assertThat(Labels.channel(Channels.MANUAL)).isEqualTo("Kênh khác (cơ quan xác nhận)");
        assertThat(Labels.channel(Channels.EMAIL)).isEqualTo("Thư điện tử");
    }

    @Test
    void everyStatusOfTheKitPrintsInVietnameseAndAnUnknownNameAsItIs() {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            assertThat(Labels.status(status.name())).as(status.name()).isNotBlank().isNotEqualTo(status.name())
                    .isEqualTo(Labels.status(status));
        }
        assertThat(Labels.status("DISPLAYED")).isEqualTo("Đã hiển thị");
        assertThat(Labels.status("VANISHED")).isEqualTo("VANISHED");
    }
}
