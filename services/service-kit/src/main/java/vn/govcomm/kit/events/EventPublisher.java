package vn.govcomm.kit.events;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Puts {@link OutgoingEvent}s on Kafka in CloudEvents binary mode. Called by outbox relays, never in the middle
 * of business logic.
 */
public class EventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    public CompletableFuture<SendResult<String, byte[]>> send(OutgoingEvent event) {
        return kafka.send(toRecord(event));
    }

    public static ProducerRecord<String, byte[]> toRecord(OutgoingEvent event) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        add(headers, CloudEventHeaders.ID, event.eventId());
        add(headers, CloudEventHeaders.SOURCE, event.source());
        add(headers, CloudEventHeaders.TYPE, event.type());
        add(headers, CloudEventHeaders.TIME, event.time().toString());
        add(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        if (event.subject() != null) {
            add(headers, CloudEventHeaders.SUBJECT, event.subject());
        }
        if (event.dataschema() != null) {
            add(headers, CloudEventHeaders.DATA_SCHEMA, event.dataschema());
        }
        return new ProducerRecord<>(event.topic(), null, event.key(),
                event.data().getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
