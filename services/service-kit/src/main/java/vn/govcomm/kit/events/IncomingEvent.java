package vn.govcomm.kit.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A consumed CloudEvent (binary mode). {@link #from} rejects records without the required attributes as
 * poison, so listeners only ever see well-formed envelopes.
 */
public record IncomingEvent(String id, String type, String source, String subject, Instant time,
                            String topic, String key, byte[] data) {

    public static IncomingEvent from(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String specVersion = header(headers, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_VALUE.equals(specVersion)) {
            throw new PoisonEventException("Not a CloudEvents 1.0 record (ce_specversion=" + specVersion + ")");
        }
        String id = required(headers, CloudEventHeaders.ID);
        String type = required(headers, CloudEventHeaders.TYPE);
        String source = required(headers, CloudEventHeaders.SOURCE);
        Instant time;
        try {
            String rawTime = header(headers, CloudEventHeaders.TIME);
            time = rawTime == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(rawTime);
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("Bad ce_time on event " + id, e);
        }
        if (record.value() == null) {
            throw new PoisonEventException("Event " + id + " has no data");
        }
        return new IncomingEvent(id, type, source, header(headers, CloudEventHeaders.SUBJECT), time,
                record.topic(), record.key(), record.value());
    }

    /**
     * Reads the data into {@code type}: the contracts' payload record of the event
     * ({@code vn.govcomm.contracts.events}). Malformed data (not JSON, a field of the wrong type, a value the record's
     * enum does not list) is poison, not a retryable failure.
     */
    public <T> T data(ObjectMapper json, Class<T> type) {
        try {
            T value = json.readValue(data, type);
            if (value == null) { // the JSON literal null: an event without data
                throw new PoisonEventException("Event " + id + " of type " + this.type + " has no data");
            }
            return value;
        } catch (JacksonException e) {
            throw new PoisonEventException("Event " + id + " of type " + this.type + " has unreadable data: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * When the event happened: the data's {@code occurredAt} when it has one, else the envelope's {@code ce_time}; an
     * unreadable one is poison.
     */
    public Instant occurredAt(String occurredAt) {
        return occurredAt == null ? time : instant(occurredAt, "occurredAt");
    }

    /**
     * A date-time of the data ({@code value}, not null: RFC 3339 with any offset, as the contracts' records carry
     * them) as an instant; an unreadable one is poison.
     */
    public Instant instant(String value, String field) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("Event " + id + " of type " + type + " has an unreadable " + field + ": "
                    + value, e);
        }
    }

    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static String required(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("Missing CloudEvents header " + name);
        }
        return value;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
