package vn.govcomm.kit.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an admin does with this service's dead letters: list the DLTs with their counts, list and inspect records,
 * replay one or a filtered set to the source topic (original key, value and headers without the DLT's, plus
 * {@value #REPLAY_OF_HEADER}), or discard one with a reason. A record is replayed or discarded at most once
 * ({@link DeadLetterActions} claims it first); every action is stored with who did it, when and why.
 */
public class DeadLetterManagement {

    /** The header a replayed record carries: {@code <dlt>/<partition>/<offset>} of the dead letter it came from. */
    public static final String REPLAY_OF_HEADER = "govcomm-dlt-replay-of";
    static final String PENDING = "pending";
    static final Set<String> STATUSES = Set.of(PENDING, DeadLetterActions.REPLAYING, DeadLetterActions.REPLAYED,
            DeadLetterActions.DISCARDED, "all");
    static final int MAX_REASON = 1000;

    private static final Logger log = LoggerFactory.getLogger(DeadLetterManagement.class);
    private static final Comparator<DeadLetterIndex.Entry> NEWEST_FIRST = Comparator
            .comparingLong(DeadLetterIndex.Entry::timestamp).reversed()
            .thenComparing(DeadLetterIndex.Entry::id, Comparator.reverseOrder());
    private static final Comparator<DeadLetterIndex.Entry> BY_OFFSET = Comparator.comparing(DeadLetterIndex.Entry::id);

    private final DeadLetterIndex index;
    private final DeadLetterLog kafka;
    private final DeadLetterActions actions;
    private final MeterRegistry meters;
    private final DeadLetterProperties properties;

    DeadLetterManagement(DeadLetterIndex index, DeadLetterLog kafka, DeadLetterActions actions, MeterRegistry meters,
                         DeadLetterProperties properties) {
        this.index = index;
        this.kafka = kafka;
        this.actions = actions;
        this.meters = meters;
        this.properties = properties;
    }

    /** What a list selects: a status ({@code pending} by default, or {@code all}) and optional filters. */
    record Selection(String status, String exceptionClass, String eventType, Instant from, Instant to) {
        Predicate<DeadLetterIndex.Entry> in(DeadLetterIndex.Snapshot snapshot) {
            return e -> ("all".equals(status) || snapshot.status(e.id()).equals(status))
                    && (exceptionClass == null || e.failedWith(exceptionClass))
                    && (eventType == null || eventType.equals(e.eventType()))
                    && (from == null || e.timestamp() >= from.toEpochMilli())
                    && (to == null || e.timestamp() < to.toEpochMilli());
        }

        boolean filters() {
            return exceptionClass != null || eventType != null || from != null || to != null;
        }
    }

    // ---- reading --------------------------------------------------------------------------------------------

    Map<String, Object> topics() {
        List<Map<String, Object>> topics = new ArrayList<>();
        for (DeadLetterIndex.Snapshot s : index.refreshAll()) {
            Optional<Long> oldest = s.entries().stream().filter(e -> PENDING.equals(s.status(e.id())))
                    .map(DeadLetterIndex.Entry::timestamp).min(Long::compare);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("topic", s.topic().deadLetterTopic());
            t.put("sourceTopic", s.topic().sourceTopic());
            t.put("consumerGroups", s.topic().groups());
            t.put("partitions", s.partitions());
            t.put("total", s.entries().size() + s.overflow());
            t.put("pending", s.count(PENDING));
            t.put("replaying", s.count(DeadLetterActions.REPLAYING));
            t.put("replayed", s.count(DeadLetterActions.REPLAYED));
            t.put("discarded", s.count(DeadLetterActions.DISCARDED));
            t.put("oldestPendingAt", oldest.map(m -> Instant.ofEpochMilli(m).toString()).orElse(null));
            t.put("listedUpTo", properties.indexLimit());
            t.put("unlisted", s.overflow());
            topics.add(t);
        }
        return Map.of("topics", topics);
    }

    Map<String, Object> records(String dlt, Selection selection, boolean newestFirst, int page, int size) {
        DeadLetterIndex.Snapshot snapshot = snapshot(dlt);
        List<DeadLetterIndex.Entry> matching = snapshot.entries().stream().filter(selection.in(snapshot))
                .sorted(newestFirst ? NEWEST_FIRST : BY_OFFSET).toList();
        int from = (int) Math.min((long) page * size, matching.size());
        List<DeadLetterIndex.Entry> shown = matching.subList(from, Math.min(from + size, matching.size()));
        List<RecordId> ids = shown.stream().map(DeadLetterIndex.Entry::id).toList();
        Map<RecordId, ConsumerRecord<byte[], byte[]>> records = ids.isEmpty() ? Map.of() : kafka.fetch(dlt, ids);
        Map<RecordId, Document> done = actions.find(dlt, ids);
        List<Map<String, Object>> views = new ArrayList<>();
        for (RecordId id : ids) {
            ConsumerRecord<byte[], byte[]> record = records.get(id);
            if (record != null) { // gone if the DLT's retention deleted it meanwhile
                views.add(view(DeadLetter.of(record), done.get(id), (int) properties.previewSize().toBytes()));
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("topic", dlt);
        answer.put("sourceTopic", snapshot.topic().sourceTopic());
        answer.put("status", selection.status());
        answer.put("order", newestFirst ? "newest" : "offset");
        answer.put("page", page);
        answer.put("size", size);
        answer.put("matching", matching.size());
        answer.put("hasNext", from + size < matching.size());
        answer.put("records", views);
        return answer;
    }

    Map<String, Object> inspect(String dlt, RecordId id) {
        DeadLetterTopics.Watched topic = snapshot(dlt).topic();
        DeadLetter letter = fetchOwned(topic, id);
        int cap = (int) properties.inspectSize().toBytes();
        Map<String, Object> answer = new LinkedHashMap<>(view(letter, actions.find(dlt, List.of(id)).get(id), cap));
        DeadLetter.Text value = DeadLetter.Text.of(letter.value(), cap);
        answer.remove("valuePreview");
        answer.put("value", value.text());
        answer.put("valueEncoding", value.encoding());
        answer.put("valueTruncated", value.truncated());
        answer.put("headers", letter.headerViews());
        answer.put("stacktrace", letter.stacktrace(16_000));
        return answer;
    }

    // ---- acting ---------------------------------------------------------------------------------------------

    Map<String, Object> replay(String dlt, RecordId id, Caller who) {
        DeadLetterTopics.Watched topic = snapshot(dlt).topic();
        DeadLetter letter = fetchOwned(topic, id);
        Outcome outcome = replay(topic, letter, who);
        if (outcome.before != null) {
            throw alreadyHandled(id, outcome.before);
        }
        return action(outcome.after, id);
    }

    Map<String, Object> discard(String dlt, RecordId id, Caller who, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.",
                    List.of(new ApiProblem.FieldProblem("reason", "reason-required",
                            "Cần nêu lý do bỏ bản ghi (tối đa " + MAX_REASON + " ký tự)",
                            "A reason is required to discard a dead letter (at most " + MAX_REASON + " characters)")));
        }
        DeadLetterTopics.Watched topic = snapshot(dlt).topic();
        DeadLetter letter = fetchOwned(topic, id);
        Optional<Document> before = actions.discard(dlt, letter, who, reason.strip());
        if (before.isPresent()) {
            throw alreadyHandled(id, before.get());
        }
        index.acted(dlt, id, DeadLetterActions.DISCARDED);
        meters.counter("govcomm.dlt.actions", "topic", topic.sourceTopic(), "action", DeadLetterActions.DISCARDED)
                .increment();
        log.info("Dead letter {}/{} discarded by {}: {}", dlt, id, who.userId(), reason.strip());
        return action(actions.find(dlt, List.of(id)).get(id), id);
    }

    /**
     * Replays the pending records named by {@code ids}, or those matching the selection's filters, oldest first
     * (offset order within a partition, so records of one key keep their order), at most
     * {@code govcomm.dead-letters.max-bulk}. Records already replayed or discarded are reported as skipped. The first
     * record the broker does not take stops the run (the ones after it would fail alike, and order matters).
     */
    Map<String, Object> replayMany(String dlt, List<String> ids, Selection selection, boolean dryRun, Caller who) {
        DeadLetterIndex.Snapshot snapshot = snapshot(dlt);
        List<Map<String, Object>> replayed = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        List<RecordId> candidates = new ArrayList<>();
        if (ids != null && !ids.isEmpty()) {
            Set<RecordId> known = new LinkedHashSet<>();
            snapshot.entries().forEach(e -> known.add(e.id()));
            for (String raw : new LinkedHashSet<>(ids)) {
                RecordId id = RecordId.parse(raw);
                if (!known.contains(id)) {
                    skipped.add(Map.of("id", id.toString(), "reason", "not-found"));
                } else if (!PENDING.equals(snapshot.status(id))) {
                    skipped.add(Map.of("id", id.toString(), "reason", "already-" + snapshot.status(id)));
                } else {
                    candidates.add(id);
                }
            }
        } else {
            snapshot.entries().stream().filter(new Selection(PENDING, selection.exceptionClass(),
                    selection.eventType(), selection.from(), selection.to()).in(snapshot))
                    .map(DeadLetterIndex.Entry::id).forEach(candidates::add);
        }
        candidates.sort(null);
        int remaining = Math.max(0, candidates.size() - properties.maxBulk());
        List<RecordId> chosen = candidates.subList(0, Math.min(candidates.size(), properties.maxBulk()));
        int notAttempted = 0;
        if (!dryRun && !chosen.isEmpty()) {
            Map<RecordId, ConsumerRecord<byte[], byte[]>> records = kafka.fetch(dlt, chosen);
            for (int i = 0; i < chosen.size(); i++) {
                RecordId id = chosen.get(i);
                ConsumerRecord<byte[], byte[]> record = records.get(id);
                if (record == null) {
                    skipped.add(Map.of("id", id.toString(), "reason", "not-found"));
                    continue;
                }
                try {
                    Outcome outcome = replay(snapshot.topic(), DeadLetter.of(record), who);
                    if (outcome.before != null) {
                        skipped.add(Map.of("id", id.toString(), "reason", "already-" + outcome.before.getString("action")));
                    } else {
                        replayed.add(action(outcome.after, id));
                    }
                } catch (DeadLetterLog.Unavailable e) {
                    failed.add(Map.of("id", id.toString(), "detail", e.getMessage()));
                    notAttempted = chosen.size() - i - 1;
                    break;
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("topic", dlt);
        answer.put("dryRun", dryRun);
        answer.put("matched", chosen.size() + remaining);
        answer.put("selected", dryRun ? chosen.stream().map(RecordId::toString).toList() : List.of());
        answer.put("replayed", replayed);
        answer.put("skipped", skipped);
        answer.put("failed", failed);
        answer.put("notAttempted", notAttempted);
        answer.put("remaining", remaining);
        return answer;
    }

    private record Outcome(Document before, Document after) {
    }

    private Outcome replay(DeadLetterTopics.Watched topic, DeadLetter letter, Caller who) {
        String dlt = topic.deadLetterTopic();
        Optional<Document> before = actions.claimReplay(dlt, letter, who, properties.replayLease());
        if (before.isPresent()) {
            return new Outcome(before.get(), null);
        }
        RecordMetadata sent;
        try {
            // Key-based partitioning puts it where the key's records go; a record without key goes back to its partition.
            Integer partition = letter.key() == null ? letter.originalPartition() : null;
            sent = kafka.send(new ProducerRecord<>(topic.sourceTopic(), partition, letter.key(), letter.value(),
                    letter.replayHeaders()));
        } catch (RuntimeException e) {
            actions.releaseReplay(dlt, letter.id());
            throw e;
        }
        Document after = actions.confirmReplay(dlt, letter.id(), sent);
        index.acted(dlt, letter.id(), DeadLetterActions.REPLAYED);
        meters.counter("govcomm.dlt.actions", "topic", topic.sourceTopic(), "action", DeadLetterActions.REPLAYED)
                .increment();
        log.info("Dead letter {}/{} replayed by {} to {}-{}@{}", dlt, letter.id(), who.userId(), sent.topic(),
                sent.partition(), sent.offset());
        return new Outcome(null, after);
    }

    private DeadLetterIndex.Snapshot snapshot(String dlt) {
        DeadLetterIndex.Snapshot snapshot = index.refresh(dlt);
        if (snapshot == null) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "dead-letter-topic-not-found",
                    "Dịch vụ này không có hàng đợi thư lỗi " + dlt + ". / This service has no dead-letter topic " + dlt + ".");
        }
        return snapshot;
    }

    private DeadLetter fetchOwned(DeadLetterTopics.Watched topic, RecordId id) {
        ConsumerRecord<byte[], byte[]> record = kafka.fetch(topic.deadLetterTopic(), List.of(id)).get(id);
        DeadLetter letter = record == null ? null : DeadLetter.of(record);
        if (letter == null || !topic.owns(letter.consumerGroup())) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "dead-letter-not-found", "Không tìm thấy bản ghi " + id
                    + " trong " + topic.deadLetterTopic() + ". / No dead letter " + id + " of this service in "
                    + topic.deadLetterTopic() + ".");
        }
        return letter;
    }

    private static ApiProblem alreadyHandled(RecordId id, Document before) {
        String action = before.getString("action");
        String by = before.getString("by") == null ? "?" : before.getString("by");
        String at = before.getDate("at") == null ? "?" : before.getDate("at").toInstant().toString();
        return switch (action) {
            case DeadLetterActions.DISCARDED -> new ApiProblem(HttpStatus.CONFLICT, "dead-letter-already-discarded",
                    "Bản ghi " + id + " đã bị bỏ bởi " + by + " lúc " + at + ". / Dead letter " + id
                            + " was discarded by " + by + " at " + at + ".");
            case DeadLetterActions.REPLAYING -> new ApiProblem(HttpStatus.CONFLICT, "dead-letter-replay-in-progress",
                    "Bản ghi " + id + " đang được gửi lại bởi " + by + ". / Dead letter " + id
                            + " is being replayed by " + by + " (since " + at + ").");
            default -> new ApiProblem(HttpStatus.CONFLICT, "dead-letter-already-replayed",
                    "Bản ghi " + id + " đã được gửi lại bởi " + by + " lúc " + at + ". / Dead letter " + id
                            + " was already replayed by " + by + " at " + at + ".");
        };
    }

    private static Map<String, Object> view(DeadLetter letter, Document action, int previewCap) {
        DeadLetter.Text preview = DeadLetter.Text.of(letter.value(), previewCap);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", letter.id().toString());
        v.put("partition", letter.id().partition());
        v.put("offset", letter.id().offset());
        v.put("deadLetteredAt", letter.deadLetteredAt().toString());
        v.put("key", letter.keyText());
        v.put("originalTopic", letter.originalTopic());
        v.put("originalPartition", letter.originalPartition());
        v.put("originalOffset", letter.originalOffset());
        Instant originalAt = letter.originalTimestamp();
        v.put("originalTimestamp", originalAt == null ? null : originalAt.toString());
        v.put("consumerGroup", letter.consumerGroup());
        v.put("exceptionClass", letter.exceptionClass());
        v.put("causeClass", letter.causeClass());
        v.put("exceptionMessage", letter.exceptionMessage());
        v.put("eventId", letter.eventId());
        v.put("eventType", letter.eventType());
        v.put("eventSource", letter.eventSource());
        v.put("eventSubject", letter.eventSubject());
        v.put("valuePreview", preview.text());
        v.put("valueEncoding", preview.encoding());
        v.put("valueBytes", letter.valueBytes());
        v.put("valueTruncated", preview.truncated());
        v.put("status", action == null ? PENDING : action.getString("action"));
        v.put("action", action == null ? null : action(action, letter.id()));
        return v;
    }

    private static Map<String, Object> action(Document d, RecordId id) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", id.toString());
        a.put("action", d.getString("action"));
        a.put("by", d.getString("by"));
        a.put("at", d.getDate("at") == null ? null : d.getDate("at").toInstant().toString());
        a.put("reason", d.getString("reason"));
        Document to = d.get("replayedTo", Document.class);
        a.put("replayedTo", to == null ? null : Map.of("topic", to.getString("topic"),
                "partition", to.getInteger("partition"), "offset", to.get("offset", Number.class).longValue()));
        return a;
    }
}
