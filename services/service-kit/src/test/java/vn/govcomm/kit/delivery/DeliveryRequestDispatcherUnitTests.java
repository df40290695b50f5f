package vn.govcomm.kit.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the dispatcher refuses before the adapter's record of deliveries is touched: a request or retraction without
 * what every adapter relies on is poison (the contracts' records are boxed and tolerant, so the check is here).
 */
class DeliveryRequestDispatcherUnitTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String REQUESTED = EventTypes.DELIVERY_REQUESTED;
    static final String RETRACTED = EventTypes.DELIVERY_RETRACTED;
    static final String CHANNEL = "led"; // the contracts' example is an LED delivery

    final List<DeliveryRetracted> retracted = new ArrayList<>();
    // no store: every case here is refused, or (a retraction) handed over, before the store would be used
    final DeliveryRequestDispatcher dispatcher = new DeliveryRequestDispatcher(null, null, JSON, CHANNEL);
    final ChannelAdapter adapter = new ChannelAdapter() {
        @Override
        public void publish(DeliveryRequested request) {
            throw new AssertionError("published " + request.deliveryId());
        }

        @Override
        public void retract(DeliveryRetracted retraction) {
            retracted.add(retraction);
        }
    };

    @Test
    void aRequestWithoutItsAttemptNoticeVersionIdOrContentIsPoison() {
        for (String field : List.of("attempt", "noticeVersion", "deliveryId", "content")) {
            String data = example(REQUESTED).replaceFirst("\"" + field + "\"", "\"no-" + field + "\"");

            assertThatThrownBy(() -> dispatch(REQUESTED, data)).as(field)
                    .isInstanceOf(PoisonEventException.class).hasMessageContaining("lacks required fields");
        }
    }

    @Test
    void aRequestOfAttemptZeroOrForAnotherChannelIsPoison() {
        String zeroth = example(REQUESTED).replace("\"attempt\": 1", "\"attempt\": 0");
        String facebook = example(REQUESTED).replace("\"channel\": \"led\"", "\"channel\": \"facebook\"");

        assertThatThrownBy(() -> dispatch(REQUESTED, zeroth)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("lacks required fields");
        assertThatThrownBy(() -> dispatch(REQUESTED, facebook)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("facebook");
    }

    @Test
    void aRetractionReachesTheAdapterWithItsReasonAndWithoutAKnownOneIsPoison() {
        dispatch(RETRACTED, example(RETRACTED));
        assertThat(retracted).extracting(DeliveryRetracted::reason)
                .containsExactly(DeliveryRetracted.Reason.CAMPAIGN_CANCELLED);

        String noReason = example(RETRACTED).replace("\"reason\"", "\"why\"");
        String unknownReason = example(RETRACTED).replace("CAMPAIGN_CANCELLED", "BORED");

        assertThatThrownBy(() -> dispatch(RETRACTED, noReason)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("lacks required fields");
        assertThatThrownBy(() -> dispatch(RETRACTED, unknownReason)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("unreadable data");
        assertThat(retracted).hasSize(1);
    }

    private static String example(String type) {
        return Contracts.get().example(type);
    }

    private void dispatch(String type, String data) {
        ProducerRecord<String, byte[]> sent = EventPublisher.toRecord(OutgoingEvent.of(
                EventTypes.deliveryRequestsTopic(CHANNEL), "so-y-te.led-1", type, "/services/notice-publishing-service",
                "dlv-1", null, Instant.now(), data));
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(sent.topic(), 0, 1L, sent.key(), sent.value());
        sent.headers().forEach(h -> received.headers().add(h));
        dispatcher.dispatch(received, adapter);
    }
}
