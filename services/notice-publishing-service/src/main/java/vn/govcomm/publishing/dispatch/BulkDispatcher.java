package vn.govcomm.publishing.dispatch;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends many events at once with the asynchronous producer tuned for throughput (batching, linger, lz4) and
 * waits until the broker has acknowledged every one. Used for the fan-out and for bulk retractions; callers
 * record what was sent only after {@link #sendAll} returns, so a crash in between re-sends the same events
 * (same ce_id) and consumers dedupe.
 */
public class BulkDispatcher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public BulkDispatcher(Map<String, Object> baseProducerConfig) {
        this.producer = new KafkaProducer<>(throughputConfig(baseProducerConfig), new StringSerializer(),
                new ByteArraySerializer());
    }

    /**
     * The producer settings of the fan-out. The benchmark's raw-produce baseline uses the same ones, so the
     * comparison is like for like. acks=all and idempotence stay on: throughput comes from batching. Compression
     * is lz4 unless {@code spring.kafka.producer.compression-type} says otherwise.
     */
    public static Map<String, Object> throughputConfig(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** Sends all events (in list order per key) and returns once the broker acknowledged all of them. */
    public void sendAll(List<OutgoingEvent> events, Duration timeout) {
        send(events).await(timeout);
    }

    /**
     * Hands all events to the producer (in list order per key) and returns at once; {@link InFlight#await} waits
     * for the acknowledgements. Lets the fan-out prepare its next batch while this one is on the wire.
     */
    public InFlight send(List<OutgoingEvent> events) {
        InFlight inFlight = new InFlight(events.size());
        for (OutgoingEvent event : events) {
            producer.send(EventPublisher.toRecord(event), inFlight::acknowledged);
        }
        return inFlight;
    }

    /** Events handed to the producer whose acknowledgements are awaited. */
    public static final class InFlight {
        private final int size;
        private final CompletableFuture<Void> all = new CompletableFuture<>();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final AtomicInteger remaining;
        private volatile Instant acknowledgedAt;

        InFlight(int size) {
            this.size = size;
            this.remaining = new AtomicInteger(size);
            if (size == 0) {
                acknowledgedAt = Instant.now();
                all.complete(null);
            }
        }

        private void acknowledged(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
            if (remaining.decrementAndGet() == 0) {
                acknowledgedAt = Instant.now();
                all.complete(null);
            }
        }

        /** Waits until the broker acknowledged every event; throws if one was refused or the wait timed out. */
        public void await(Duration timeout) {
            try {
                all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DispatchFailedException("Interrupted while waiting for acknowledgements", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new DispatchFailedException("Kafka did not acknowledge " + remaining.get() + " of " + size
                        + " events within " + timeout, e);
            }
            if (failure.get() != null) {
                throw new DispatchFailedException("Kafka refused some of " + size + " events", failure.get());
            }
        }

        /** When the last acknowledgement arrived (null while some are outstanding). */
        public Instant acknowledgedAt() {
            return acknowledgedAt;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Not everything was acknowledged; the caller keeps its progress where it was and tries again. */
    public static class DispatchFailedException extends RuntimeException {
        DispatchFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
