package vn.govcomm.kit.kafka;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * The container factory for batch listeners, every service's bean {@value #FACTORY}
 * ({@code @KafkaListener(..., containerFactory = BatchListeners.FACTORY)}): a whole poll per call (at most
 * {@code max.poll.records}), otherwise configured as Spring Boot configures the record listeners, with the kit's
 * error handler ({@link DeadLetters#errorHandler}: given a {@code BatchListenerFailedException(index)} it commits the
 * records before that one and retries or dead-letters it alone). Offsets are committed per batch: the platform's
 * {@code ack-mode: record} means nothing to a batch listener.
 */
public final class BatchListeners {

    public static final String FACTORY = "batchListenerFactory";

    private BatchListeners() {
    }

    public static ConcurrentKafkaListenerContainerFactory<Object, Object> factory(
            ConcurrentKafkaListenerContainerFactoryConfigurer boot, ConsumerFactory<Object, Object> consumers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        boot.configure(factory, consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        return factory;
    }
}
