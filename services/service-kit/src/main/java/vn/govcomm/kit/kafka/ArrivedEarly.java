package vn.govcomm.kit.kafka;

/**
 * A record that arrived before what it applies to was recorded: the record is sound, this service's state is behind
 * (e.g. a channel's status for a delivery whose batch the publisher has sent but not yet recorded; after a crash, not
 * recorded until the dead instance's lease on the publication has run out and another instance redoes the batch).
 * The Kafka error handler retries such a record with backoff for {@link DeadLetters#EARLY_WAIT} before it gives it to
 * the dead-letter topic: the few retries meant for bugs (about 11 s) are shorter than a restart, and a dead-lettered
 * status leaves its delivery waiting for an answer that already came.
 */
public class ArrivedEarly extends RuntimeException {

    public ArrivedEarly(String message) {
        super(message);
    }
}
