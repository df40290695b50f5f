package vn.govcomm.kit.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;
import vn.govcomm.kit.events.EventPublisher;

import java.time.Duration;

/**
 * Creates {@link OutboxRelay}s for a service's aggregate collections, with the configured poll interval.
 * <p>
 * As a bean it sends through its own {@link KafkaTemplate} on the application's {@link ProducerFactory} (the same
 * shared producer) whose {@link ProducerListener} does not log: the default one logs every failed send at ERROR with
 * a stack trace, which for a relay retrying every 2 s through an outage filled the log. The relay logs failures
 * itself (once per outage, once per quarantined event). It also reads the producer's {@code max.request.size} so
 * that larger events are quarantined before they are sent.
 */
public class OutboxRelays implements BeanFactoryAware {

    /** Kafka's default max.request.size. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    private final MongoTemplate mongo;
    private final MeterRegistry meters;
    private final Duration pollInterval;
    private EventPublisher publisher;
    private int maxRecordBytes = Integer.MAX_VALUE;

    public OutboxRelays(MongoTemplate mongo, EventPublisher publisher, MeterRegistry meters, Duration pollInterval) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.meters = meters;
        this.pollInterval = pollInterval;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void setBeanFactory(BeanFactory beanFactory) {
        ProducerFactory producers = beanFactory.getBeanProvider(ProducerFactory.class).getIfUnique();
        if (producers != null) {
            useProducer((ProducerFactory<String, byte[]>) producers);
        }
    }

    /** Sends relayed events with this producer (quietly: the relay logs failures) and checks its max.request.size. */
    public OutboxRelays useProducer(ProducerFactory<String, byte[]> producers) {
        KafkaTemplate<String, byte[]> quiet = new KafkaTemplate<>(producers);
        quiet.setProducerListener(new ProducerListener<>() {
        });
        this.publisher = new EventPublisher(quiet);
        this.maxRecordBytes = maxRequestSize(producers.getConfigurationProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        return this;
    }

    static int maxRequestSize(Object configured) {
        if (configured instanceof Number n) {
            return n.intValue();
        }
        if (configured instanceof String s && !s.isBlank()) {
            return Integer.parseInt(s.strip());
        }
        return DEFAULT_MAX_REQUEST_SIZE;
    }

    public OutboxRelay forCollection(String collection) {
        return forCollection(collection, pollInterval);
    }

    /** A relay with its own sweep (and retry) interval. */
    public OutboxRelay forCollection(String collection, Duration sweepInterval) {
        return new OutboxRelay(mongo, publisher, collection, sweepInterval, 200, meters).maxRecordBytes(maxRecordBytes);
    }
}
