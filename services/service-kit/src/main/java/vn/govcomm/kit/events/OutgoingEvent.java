package vn.govcomm.kit.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event ready to be put on Kafka: CloudEvents attributes plus JSON data. Stored as such inside aggregate
 * documents (embedded outbox), so its {@code eventId} is fixed once and survives relay retries (ce_id = dedupe key).
 */
public record OutgoingEvent(
        String eventId,
        String topic,
        String key,
        String type,
        String source,
        String subject,
        String dataschema,
        Instant time,
        String data) {

    public OutgoingEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    public static OutgoingEvent of(String topic, String key, String type, String source, String subject,
                                   String dataschema, Instant time, String data) {
        return new OutgoingEvent(UUID.randomUUID().toString(), topic, key, type, source, subject, dataschema, time, data);
    }
}
