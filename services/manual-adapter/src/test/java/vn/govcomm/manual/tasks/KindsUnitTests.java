package vn.govcomm.manual.tasks;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.Channels;

import static org.assertj.core.api.Assertions.assertThat;

class KindsUnitTests {

    @Test
    void everyKindOfTheContractsHasWordsForPeopleAndNoOtherKindDoes() {
        assertThat(Kinds.named()).containsExactlyInAnyOrderElementsOf(Channels.MANUAL_KINDS);
        assertThat(Kinds.of("loudspeaker").vi()).isEqualTo("Hệ thống truyền thanh (loa)");
        assertThat(Kinds.of("unknown-kind")).isEqualTo(Kinds.of("other"));
    }
}
