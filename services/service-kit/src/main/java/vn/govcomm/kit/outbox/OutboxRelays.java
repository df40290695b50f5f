package vn.govcomm.kit.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.kit.events.EventPublisher;

import java.time.Duration;

/** Creates {@link OutboxRelay}s for a service's aggregate collections, with the configured poll interval. */
public class OutboxRelays {

    private final MongoTemplate mongo;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final Duration pollInterval;

    public OutboxRelays(MongoTemplate mongo, EventPublisher publisher, MeterRegistry meters, Duration pollInterval) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.meters = meters;
        this.pollInterval = pollInterval;
    }

    public OutboxRelay forCollection(String collection) {
        return new OutboxRelay(mongo, publisher, collection, pollInterval, 200, meters);
    }
}
