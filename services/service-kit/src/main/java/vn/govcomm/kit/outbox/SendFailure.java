package vn.govcomm.kit.outbox;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.InvalidRecordException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why one event could not be sent, and whether trying again can help. Only errors that belong to the event itself
 * are poison (the same bytes to the same topic will always be refused); everything else — the broker down, timeouts,
 * not enough replicas, a missing ACL, an unknown error — is treated as an outage and retried, so an event is never
 * quarantined because of the platform's state.
 *
 * @param reason   short code stored with a quarantined event: {@code too-large}, {@code serialization},
 *                 {@code invalid-topic}, {@code invalid-record}, {@code invalid-event}; null when retriable
 * @param error    the exception class that decided it (the innermost known one)
 * @param message  its message
 * @param recordBytes the event's size as a Kafka record and {@code limitBytes} the producer's max.request.size, when
 *                 the relay refused it before sending (null otherwise: the broker does not say)
 */
record SendFailure(String reason, String error, String message, Integer recordBytes, Integer limitBytes) {

    static final String TOO_LARGE = "too-large";
    static final String INVALID_EVENT = "invalid-event";

    boolean retriable() {
        return reason == null;
    }

    static SendFailure of(Throwable failure) {
        Throwable cause = unwrap(failure);
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String poison = poisonReason(t);
            if (poison != null) {
                return t instanceof OversizeEvent o
                        ? new SendFailure(poison, RecordTooLargeException.class.getName(), message(t), o.recordBytes, o.limitBytes)
                        : new SendFailure(poison, t.getClass().getName(), message(t), null, null);
            }
        }
        // e.g. Spring's "Send failed" around the producer's TimeoutException: the innermost cause says what happened
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new SendFailure(null, root.getClass().getName(), message(root), null, null);
    }

    /** A stored outbox entry that cannot even be read back as an event (missing attribute, wrong type). */
    static SendFailure invalidEvent(RuntimeException e) {
        return new SendFailure(INVALID_EVENT, e.getClass().getName(), message(e), null, null);
    }

    private static String poisonReason(Throwable t) {
        if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
            return TOO_LARGE;
        }
        if (t instanceof SerializationException) {
            return "serialization";
        }
        if (t instanceof InvalidTopicException) {
            return "invalid-topic";
        }
        if (t instanceof InvalidRecordException) {
            return "invalid-record";
        }
        return null;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** An event larger than the producer's max.request.size, refused by the relay before sending. */
    static final class OversizeEvent extends RecordTooLargeException {
        final int recordBytes;
        final int limitBytes;

        OversizeEvent(int recordBytes, int limitBytes) {
            super("The event is " + recordBytes + " bytes as a Kafka record, more than the producer's max.request.size ("
                    + limitBytes + " bytes); not sent");
            this.recordBytes = recordBytes;
            this.limitBytes = limitBytes;
        }
    }

    /** One line for a log: class name and message, never a stack trace. */
    String describe() {
        return error.substring(error.lastIndexOf('.') + 1) + ": " + message;
    }
}
