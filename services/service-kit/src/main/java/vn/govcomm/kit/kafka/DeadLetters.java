package vn.govcomm.kit.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Duration;

/**
 * Error handling shared by every listener: an unreachable store or broker is waited for without limit; other
 * errors are retried a few times with exponential backoff; what still fails, and poison events at once, go to {@code <topic>.DLT} with the original headers plus the exception
 * headers spring-kafka adds. Nothing is dropped silently; {@code govcomm.dlt.published} counts them.
 */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /**
     * How long a record that {@link ArrivedEarly arrived early} is retried: longer than a restart of the service plus
     * the publisher's 30 s lease of a publication whose instance died, so the state catches up after a crash.
     */
    public static final Duration EARLY_WAIT = Duration.ofMinutes(5);

    private DeadLetters() {
    }

    public static String topicFor(String topic) {
        return topic + ".DLT";
    }

    public static DefaultErrorHandler errorHandler(KafkaTemplate<String, byte[]> template, MeterRegistry meters,
                                                   int maxRetries) {
        DeadLetterPublishingRecoverer dlt = new DeadLetterPublishingRecoverer(template,
                (record, ex) -> new TopicPartition(topicFor(record.topic()), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxAttempts(maxRetries);
        // The store or the broker being away is no reason to give a record up: retried until they are back (the
        // partition waits, which is right: nothing behind it could be processed either). Lag alerts tell operators.
        ExponentialBackOff untilBack = new ExponentialBackOff(500, 2.0);
        untilBack.setMaxInterval(30_000);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
            log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    rootMessage(ex));
            meters.counter("govcomm.dlt.published", "topic", record.topic()).increment();
            dlt.accept(record, ex);
        }, backOff);
        handler.addNotRetryableExceptions(PoisonEventException.class, DeserializationException.class,
                IllegalArgumentException.class);
        // Contention on a document ends and the record is not at fault: retried for about two minutes (not for ever:
        // a compare-and-set that can never match would otherwise hold the partition) before it is dead-lettered.
        ExponentialBackOff contention = new ExponentialBackOff(500, 2.0);
        contention.setMaxInterval(10_000);
        contention.setMaxElapsedTime(120_000);
        handler.setBackOffFunction((record, ex) -> backOffFor(ex, untilBack, contention));
        handler.setRetryListeners((record, ex, attempt) -> meters.counter("govcomm.listener.retries",
                "topic", record.topic(), "kind", isInfrastructureOutage(ex) ? "outage" : arrivedEarly(ex) ? "early" : "error")
                .increment());
        return handler;
    }

    /**
     * The backoff of a failed record beyond the default one: outages are waited for without limit, contention for
     * two minutes, a record that {@link ArrivedEarly arrived early} for {@link #EARLY_WAIT}; null for the rest.
     */
    static BackOff backOffFor(Throwable ex, BackOff untilBack, BackOff contention) {
        if (isInfrastructureOutage(ex)) {
            return untilBack;
        }
        if (isConcurrentChange(ex)) {
            return contention;
        }
        return arrivedEarly(ex) ? earlyBackOff() : null;
    }

    /** Starts at 200 ms like the default, at most 5 s apart, for {@link #EARLY_WAIT} in all. */
    static ExponentialBackOff earlyBackOff() {
        ExponentialBackOff early = new ExponentialBackOff(200, 2.0);
        early.setMaxInterval(5_000);
        early.setMaxElapsedTime(EARLY_WAIT.toMillis());
        return early;
    }

    /** A record ahead of the state it applies to ({@link ArrivedEarly}). */
    public static boolean arrivedEarly(Throwable ex) {
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ArrivedEarly) {
                return true;
            }
        }
        return false;
    }

    /**
     * The store or the broker cannot be reached right now (as opposed to a bug or a bad record). Transient channel
     * failures never get here: adapters wait for those on the delivery ({@code vn.govcomm.kit.delivery.RetryLater}).
     */
    public static boolean isInfrastructureOutage(Throwable ex) {
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof com.mongodb.MongoSocketException || t instanceof com.mongodb.MongoTimeoutException
                    || t instanceof com.mongodb.MongoNotPrimaryException
                    || t instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** An optimistic update lost to concurrent changes too often ({@link ConcurrentChange}). */
    public static boolean isConcurrentChange(Throwable ex) {
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConcurrentChange) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
