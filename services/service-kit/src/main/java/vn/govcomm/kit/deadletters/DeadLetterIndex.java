package vn.govcomm.kit.deadletters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What this service's DLTs hold, kept in memory so the pending gauges and the lists cost little: for each DLT, the
 * dead letters of this service's consumer groups (offset, time, exception, event type) and what was done with them.
 * A refresh reads only what was appended since the last one (plus one query of the actions), so it runs every
 * {@code govcomm.dead-letters.refresh-interval} and before each API answer. Records the DLT's retention deleted are
 * forgotten. Gauges per source topic: {@code govcomm.dlt.pending} and {@code govcomm.dlt.pending.oldest.age}.
 */
class DeadLetterIndex {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterIndex.class);

    /** One dead letter of this service, as lists and filters need it. */
    record Entry(RecordId id, long timestamp, String exceptionClass, String causeClass, String eventType) {
        boolean failedWith(String wanted) {
            return DeadLetter.sameClass(exceptionClass, wanted) || DeadLetter.sameClass(causeClass, wanted);
        }
    }

    /** A DLT's entries and actions at one moment; {@code overflow} entries beyond the index limit were only counted. */
    record Snapshot(DeadLetterTopics.Watched topic, int partitions, List<Entry> entries, Map<RecordId, String> actions,
                    long overflow) {
        String status(RecordId id) {
            return actions.getOrDefault(id, "pending");
        }

        long count(String status) {
            return entries.stream().filter(e -> status(e.id()).equals(status)).count()
                    + ("pending".equals(status) ? overflow : 0);
        }
    }

    private static final class TopicState {
        final DeadLetterTopics.Watched topic;
        final Map<Integer, Long> next = new TreeMap<>();
        final TreeMap<RecordId, Entry> entries = new TreeMap<>();
        Map<RecordId, String> actions = Map.of();
        long overflow;
        int partitions;
        volatile long pending;
        volatile long oldestPendingMillis = Long.MAX_VALUE;

        TopicState(DeadLetterTopics.Watched topic) {
            this.topic = topic;
        }
    }

    private final DeadLetterTopics topics;
    private final DeadLetterLog kafka;
    private final DeadLetterActions actions;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int limit;
    private final Map<String, TopicState> states = new ConcurrentHashMap<>();
    private final Map<String, String> interned = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean failing;

    DeadLetterIndex(DeadLetterTopics topics, DeadLetterLog kafka, DeadLetterActions actions, MeterRegistry meters,
                    Clock clock, int limit) {
        this.topics = topics;
        this.kafka = kafka;
        this.actions = actions;
        this.meters = meters;
        this.clock = clock;
        this.limit = limit;
    }

    /** The scheduled refresh: never throws; a broker that cannot be read is logged once per outage. */
    void refreshQuietly() {
        try {
            refreshAll();
            if (failing) {
                log.info("Dead-letter topics readable again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Dead-letter topics not readable, pending gauges keep their last values: {}", e.toString());
            }
            failing = true;
        }
    }

    /** Every DLT of this service, refreshed. */
    List<Snapshot> refreshAll() {
        Map<String, DeadLetterTopics.Watched> watched = topics.watched();
        Set<String> existing = watched.isEmpty() ? Set.of() : kafka.existing(watched.keySet());
        List<Snapshot> snapshots = new ArrayList<>();
        for (DeadLetterTopics.Watched topic : watched.values()) {
            if (existing.contains(topic.deadLetterTopic())) {
                snapshots.add(refresh(topic));
            }
        }
        return snapshots;
    }

    /** One DLT of this service refreshed, or null when it is not one (or does not exist). */
    Snapshot refresh(String deadLetterTopic) {
        DeadLetterTopics.Watched topic = topics.watched().get(deadLetterTopic);
        if (topic == null || !kafka.existing(Set.of(deadLetterTopic)).contains(deadLetterTopic)) {
            return null;
        }
        return refresh(topic);
    }

    /** Records an action taken here at once (the next refresh reads it back from the store anyway). */
    void acted(String deadLetterTopic, RecordId id, String action) {
        lock.lock();
        try {
            TopicState state = states.get(deadLetterTopic);
            if (state != null) {
                Map<RecordId, String> updated = new HashMap<>(state.actions);
                updated.put(id, action);
                state.actions = updated;
                recount(state);
            }
        } finally {
            lock.unlock();
        }
    }

    private Snapshot refresh(DeadLetterTopics.Watched topic) {
        lock.lock();
        try {
            TopicState state = states.computeIfAbsent(topic.deadLetterTopic(), t -> register(new TopicState(topic)));
            Map<Integer, DeadLetterLog.Range> ranges = kafka.ranges(topic.deadLetterTopic());
            state.partitions = ranges.size();
            Map<Integer, DeadLetterLog.Range> unread = new TreeMap<>();
            long minBegin = Long.MAX_VALUE;
            for (Map.Entry<Integer, DeadLetterLog.Range> e : ranges.entrySet()) {
                int partition = e.getKey();
                DeadLetterLog.Range range = e.getValue();
                minBegin = Math.min(minBegin, range.begin());
                long next = Math.max(state.next.getOrDefault(partition, 0L), range.begin());
                // what retention deleted is gone from the index too
                state.entries.subMap(new RecordId(partition, 0), true, new RecordId(partition, range.begin()), false).clear();
                if (next < range.end()) {
                    unread.put(partition, new DeadLetterLog.Range(next, range.end()));
                }
                state.next.put(partition, next);
            }
            kafka.read(topic.deadLetterTopic(), unread, record -> {
                DeadLetter letter = DeadLetter.of(record);
                if (topic.owns(letter.consumerGroup())) {
                    if (state.entries.size() < limit) {
                        state.entries.put(letter.id(), new Entry(letter.id(), record.timestamp(),
                                intern(letter.exceptionClass()), intern(letter.causeClass()), intern(letter.eventType())));
                    } else {
                        if (state.overflow == 0) {
                            log.warn("{} holds more than {} dead letters of this service: newer ones are counted, not "
                                    + "listed (govcomm.dead-letters.index-limit)", topic.deadLetterTopic(), limit);
                        }
                        state.overflow++;
                    }
                }
                state.next.put(record.partition(), record.offset() + 1);
            });
            unread.forEach((p, r) -> state.next.put(p, Math.max(state.next.get(p), r.end())));
            state.actions = ranges.isEmpty() ? Map.of() : actions.actedOn(topic.deadLetterTopic(), minBegin);
            recount(state);
            return new Snapshot(topic, state.partitions, List.copyOf(state.entries.values()), state.actions,
                    state.overflow);
        } finally {
            lock.unlock();
        }
    }

    private void recount(TopicState state) {
        long pending = state.overflow;
        long oldest = Long.MAX_VALUE;
        for (Entry e : state.entries.values()) {
            if (!state.actions.containsKey(e.id())) {
                pending++;
                oldest = Math.min(oldest, e.timestamp());
            }
        }
        state.pending = pending;
        state.oldestPendingMillis = oldest;
    }

    private TopicState register(TopicState state) {
        String source = state.topic.sourceTopic();
        Gauge.builder("govcomm.dlt.pending", state, s -> s.pending).tag("topic", source)
                .description("Dead letters of this service not replayed or discarded yet").register(meters);
        Gauge.builder("govcomm.dlt.pending.oldest.age", state,
                        s -> s.oldestPendingMillis == Long.MAX_VALUE ? 0
                                : Math.max(0, clock.millis() - s.oldestPendingMillis) / 1000.0)
                .tag("topic", source).baseUnit("seconds")
                .description("How long the oldest pending dead letter of this service has waited (0: none)")
                .register(meters);
        return state;
    }

    /** Exception classes and event types repeat: one copy each (a bounded number of them). */
    private String intern(String value) {
        if (value == null) {
            return null;
        }
        String known = interned.get(value);
        if (known != null) {
            return known;
        }
        if (interned.size() < 1_000) {
            interned.put(value, value);
        }
        return value;
    }
}
