package vn.govcomm.kit.outbox;

import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Logging of retriable relay failures: ONE warning when an outage starts (the first document whose events cannot be
 * sent), reminders at growing intervals while it lasts (1 min, 2, 4 … at most 30 min), one line when every document
 * publishes again. The retries themselves go on at the sweep interval; only the log is thinned out, so a broker that
 * is down for an hour writes a handful of lines, not a stack trace every 2 s.
 */
final class RelayOutage {

    static final Duration FIRST_REMINDER = Duration.ofMinutes(1);
    static final Duration LONGEST_REMINDER = Duration.ofMinutes(30);
    /** Stands for the relay itself (a failed read of the store), not a document. */
    static final Object RELAY = new Object() {
        @Override
        public String toString() {
            return "(relay)";
        }
    };

    private final Logger log;
    private final String collection;
    private final Duration retryEvery;
    private final Map<Object, String> failing = new HashMap<>();
    private Instant since;
    private long failures;
    private Duration reminder;
    private Instant nextReminder;

    RelayOutage(Logger log, String collection, Duration retryEvery) {
        this.log = log;
        this.collection = collection;
        this.retryEvery = retryEvery;
    }

    synchronized void failed(Object id, String error, Instant now) {
        failures++;
        failing.put(id, error);
        if (since == null) {
            since = now;
            reminder = FIRST_REMINDER;
            nextReminder = now.plus(reminder);
            log.warn("Outbox relay of {} cannot publish the events of {}: {}. They stay in the outbox and are retried "
                    + "every {}; this is logged again at growing intervals while it lasts.", collection, id, error,
                    retryEvery.toMillis() % 1000 == 0 ? retryEvery.toSeconds() + " s" : retryEvery.toMillis() + " ms");
        } else if (!now.isBefore(nextReminder)) {
            log.warn("Outbox relay of {} still cannot publish: {} document(s) waiting, {} failed attempts since {}; "
                    + "last error ({}): {}", collection, failing.size(), failures, since, id, error);
            reminder = reminder.multipliedBy(2).compareTo(LONGEST_REMINDER) > 0 ? LONGEST_REMINDER : reminder.multipliedBy(2);
            nextReminder = now.plus(reminder);
        }
    }

    synchronized void recovered(Object id, Instant now) {
        if (failing.remove(id) != null) {
            endIfOver(now);
        }
    }

    /** After a complete sweep: documents that no longer have pending events are not waiting any more. */
    synchronized void retainOnly(Collection<?> pending, Instant now) {
        if (failing.keySet().removeIf(id -> id != RELAY && !pending.contains(id))) {
            endIfOver(now);
        }
    }

    synchronized boolean ongoing() {
        return since != null;
    }

    private void endIfOver(Instant now) {
        if (failing.isEmpty() && since != null) {
            log.info("Outbox relay of {} publishes again after {} failed attempts ({} s since {})", collection, failures,
                    Duration.between(since, now).toSeconds(), since);
            since = null;
            failures = 0;
        }
    }
}
