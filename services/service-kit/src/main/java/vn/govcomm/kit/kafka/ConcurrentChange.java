package vn.govcomm.kit.kafka;

/**
 * A document kept changing under an optimistic (compare-and-set) update after the in-process retries: contention,
 * not a bad record. The Kafka error handler retries such a record with backoff until the contention is over, like an
 * outage, instead of dead-lettering it (a dead-lettered status would leave its delivery unanswered).
 */
public class ConcurrentChange extends IllegalStateException {

    public ConcurrentChange(String message) {
        super(message);
    }
}
