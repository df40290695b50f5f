package vn.govcomm.architecture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class WireNamesUnitTests {

    final WireNames wire = new WireNames();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            portal                                   | channel name
            email                                    | channel name
            delivery.requests.led                    | topic
            delivery.requests                        | topic
            campaign.events.DLT                      | topic
            vn.govcomm.notification.sent.v1          | event type
            vn.govcomm.campaign.                     | event type
            see https://govcomm.vn/contracts/schemas | contracts schema URL
            """)
    void namesWhatALiteralSpellsOfTheWire(String literal, String kind) {
        assertThat(wire.spelledIn(literal)).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Portal", "portal-adapter", "govcomm.channel.calls", "vn.govcomm.kit.ServiceKitAutoConfiguration",
            "vn.govcomm.kit.events.EventPublisher",
            "vn.govcomm", "campaign.eventsource", "delivery.requested", "zalo.attempt"})
    void leavesOtherLiteralsAlone(String literal) {
        assertThat(wire.spelledIn(literal)).isEmpty();
    }
}
