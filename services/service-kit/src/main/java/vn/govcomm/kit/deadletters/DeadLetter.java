package vn.govcomm.kit.deadletters;

import java.util.NoSuchElementException;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.kafka.support.KafkaHeaders;
import vn.govcomm.kit.events.CloudEventHeaders;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One record of a {@code <topic>.DLT} as spring-kafka's {@code DeadLetterPublishingRecoverer} wrote it: the original
 * key, value and headers, plus its {@code kafka_dlt-*} headers (exception class, cause, message, stack trace,
 * original topic, partition, offset, timestamp, consumer group).
 */
record DeadLetter(String topic, RecordId id, Instant deadLetteredAt, byte[] key, byte[] value, Headers headers) {

    /** The header a replayed record carries: {@code <dlt>/<partition>/<offset>} of the dead letter it came from. */
    static final String REPLAY_OF_HEADER = DeadLetterManagement.REPLAY_OF_HEADER;
    /** Every header spring-kafka adds when it dead-letters a record starts with this. */
    static final String DLT_HEADER_PREFIX = "kafka_dlt-";
    private static final String DESERIALIZER_EXCEPTION_PREFIX = "springDeserializerException";
    private static final int MESSAGE_CAP = 1000;
    private static final int KEY_CAP = 200;

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        return new DeadLetter(record.topic(), new RecordId(record.partition(), record.offset()),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(), record.headers());
    }

    String exceptionClass() {
        return text(KafkaHeaders.DLT_EXCEPTION_FQCN);
    }

    String causeClass() {
        return text(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
    }

    String exceptionMessage() {
        return cap(text(KafkaHeaders.DLT_EXCEPTION_MESSAGE), MESSAGE_CAP);
    }

    String stacktrace(int cap) {
        return cap(text(KafkaHeaders.DLT_EXCEPTION_STACKTRACE), cap);
    }

    String consumerGroup() {
        return text(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
    }

    String originalTopic() {
        return text(KafkaHeaders.DLT_ORIGINAL_TOPIC);
    }

    Integer originalPartition() {
        byte[] raw = raw(KafkaHeaders.DLT_ORIGINAL_PARTITION);
        return raw != null && raw.length == Integer.BYTES ? ByteBuffer.wrap(raw).getInt() : null;
    }

    Long originalOffset() {
        return longHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
    }

    Instant originalTimestamp() {
        Long millis = longHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** {@code CreateTime} or {@code LogAppendTime} as spring-kafka wrote it; none when absent or unknown. */
    TimestampType originalTimestampType() {
        String name = text(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE);
        if (name == null) {
            return TimestampType.NO_TIMESTAMP_TYPE;
        }
        try {
            return TimestampType.forName(name);
        } catch (NoSuchElementException unknown) {
            return TimestampType.NO_TIMESTAMP_TYPE;
        }
    }

    String eventId() {
        return text(CloudEventHeaders.ID);
    }

    String eventType() {
        return text(CloudEventHeaders.TYPE);
    }

    String eventSource() {
        return text(CloudEventHeaders.SOURCE);
    }

    String eventSubject() {
        return text(CloudEventHeaders.SUBJECT);
    }

    String keyText() {
        return key == null ? null : cap(new String(key, StandardCharsets.UTF_8), KEY_CAP);
    }

    int valueBytes() {
        return value == null ? 0 : value.length;
    }

    /** True when the exception or its cause is {@code wanted}: a fully qualified or a simple class name. */
    boolean failedWith(String wanted) {
        return sameClass(exceptionClass(), wanted) || sameClass(causeClass(), wanted);
    }

    static boolean sameClass(String className, String wanted) {
        return className != null && (className.equals(wanted) || className.endsWith("." + wanted));
    }

    /**
     * The original record's headers for a replay: everything the producer sent (CloudEvents attributes, content
     * type, trace context) without what dead-lettering added, plus {@link #REPLAY_OF_HEADER} naming this record (so
     * the listener, and its logs, can tell a replay from the first delivery).
     */
    Headers replayHeaders() {
        RecordHeaders out = new RecordHeaders();
        for (Header h : headers) {
            if (!h.key().startsWith(DLT_HEADER_PREFIX) && !h.key().startsWith(DESERIALIZER_EXCEPTION_PREFIX)
                    && !h.key().equals(REPLAY_OF_HEADER)) {
                out.add(h.key(), h.value());
            }
        }
        out.add(REPLAY_OF_HEADER, id.key(topic).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Every header as text (numbers for the numeric DLT headers, base64 for binary ones); the stack trace apart. */
    List<HeaderView> headerViews() {
        List<HeaderView> out = new ArrayList<>();
        for (Header h : headers) {
            if (h.key().equals(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)) {
                continue;
            }
            String value;
            if (h.value() == null) {
                value = null;
            } else if (h.key().equals(KafkaHeaders.DLT_ORIGINAL_PARTITION) && h.value().length == Integer.BYTES) {
                value = String.valueOf(ByteBuffer.wrap(h.value()).getInt());
            } else if ((h.key().equals(KafkaHeaders.DLT_ORIGINAL_OFFSET)
                    || h.key().equals(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP)) && h.value().length == Long.BYTES) {
                value = String.valueOf(ByteBuffer.wrap(h.value()).getLong());
            } else {
                Text text = Text.of(h.value(), MESSAGE_CAP);
                out.add(new HeaderView(h.key(), text.text(), text.encoding()));
                continue;
            }
            out.add(new HeaderView(h.key(), value, "number"));
        }
        return out;
    }

    record HeaderView(String name, String value, String encoding) {
    }

    /** Bytes shown as UTF-8 text when they are, else as base64; at most {@code cap} bytes of them. */
    record Text(String text, String encoding, boolean truncated) {
        static Text of(byte[] bytes, int cap) {
            if (bytes == null) {
                return new Text(null, "utf-8", false);
            }
            boolean truncated = bytes.length > cap;
            int length = Math.min(bytes.length, cap);
            // never cut a UTF-8 character in two: back off to the start of the one the cap falls in
            while (truncated && length > 0 && (bytes[length] & 0xC0) == 0x80 && cap - length < 4) {
                length--;
            }
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, length));
                return new Text(chars.toString(), "utf-8", truncated);
            } catch (CharacterCodingException binary) {
                return new Text(Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, Math.min(bytes.length, cap))),
                        "base64", truncated);
            }
        }
    }

    private String text(String name) {
        byte[] raw = raw(name);
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    private byte[] raw(String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : header.value();
    }

    private Long longHeader(String name) {
        byte[] raw = raw(name);
        return raw != null && raw.length == Long.BYTES ? ByteBuffer.wrap(raw).getLong() : null;
    }

    private static String cap(String text, int cap) {
        return text == null || text.length() <= cap ? text : text.substring(0, cap) + "…";
    }
}
