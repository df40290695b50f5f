package vn.govcomm.kit.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;
import vn.govcomm.kit.events.PoisonEventException;

/**
 * Error handling shared by every listener: transient failures are retried with exponential backoff; what still
 * fails, and poison events at once, go to {@code <topic>.DLT} with the original headers plus the exception
 * headers spring-kafka adds. Nothing is dropped silently; {@code govcomm.dlt.published} counts them.
 */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

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
        DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
            log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    rootMessage(ex));
            meters.counter("govcomm.dlt.published", "topic", record.topic()).increment();
            dlt.accept(record, ex);
        }, backOff);
        handler.addNotRetryableExceptions(PoisonEventException.class, DeserializationException.class,
                IllegalArgumentException.class);
        return handler;
    }

    private static String rootMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
