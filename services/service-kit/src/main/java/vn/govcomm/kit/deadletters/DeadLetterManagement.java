package vn.govcomm.kit.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What an admin does with this service's dead letters: list the DLTs with their counts, list and inspect records,
 * replay one or a filtered set, or discard one with a reason. A replay hands the record back to the listener that
 * dead-lettered it, in this process ({@link DeadLetterReplays}: original key, value and headers without the DLT's,
 * plus {@value #REPLAY_OF_HEADER}), and waits for it: replayed when the listener returns, still pending when it
 * throws again. A record is replayed or discarded at most once ({@link DeadLetterActions} claims it first); every
 * action is stored with who did it, when and why.
 */
public class DeadLetterManagement {

    /** The header a replayed record carries: {@code <dlt>/<partition>/<offset>} of the dead letter it came from. */
    public static final String REPLAY_OF_HEADER = "govcomm-dlt-replay-of";
    static final String PENDING = "pending";
    static final Set<String> STATUSES = Set.of(PENDING, DeadLetterActions.REPLAYING, DeadLetterActions.REPLAYED,
            DeadLetterActions.DISCARDED, "all");
    static final int MAX_REASON = 1000;
    private static final int QUEUED = 0;
    private static final int STARTED = 1;
    private static final int WITHDRAWN = 2;

    private static final Logger log = LoggerFactory.getLogger(DeadLetterManagement.class);
    private static final Comparator<DeadLetterIndex.Entry> NEWEST_FIRST = Comparator
            .comparingLong(DeadLetterIndex.Entry::timestamp).reversed()
            .thenComparing(DeadLetterIndex.Entry::id, Comparator.reverseOrder());
    private static final Comparator<DeadLetterIndex.Entry> BY_OFFSET = Comparator.comparing(DeadLetterIndex.Entry::id);

    private final DeadLetterIndex index;
    private final DeadLetterLog kafka;
    private final DeadLetterActions actions;
    private final DeadLetterReplays replays;
    private final MeterRegistry meters;
    private final DeadLetterProperties properties;

    DeadLetterManagement(DeadLetterIndex index, DeadLetterLog kafka, DeadLetterActions actions,
                         DeadLetterReplays replays, MeterRegistry meters, DeadLetterProperties properties) {
        this.index = index;
        this.kafka = kafka;
        this.actions = actions;
        this.replays = replays;
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

    /**
     * Replays one dead letter and answers what became of it: the action ({@code replayed}) when the listener took
     * it; {@code replaying} when it still runs after {@code govcomm.dead-letters.replay-timeout} (it finishes on its
     * own, and the record becomes replayed or pending again); a {@link ReplayProblem} when it failed again or could
     * not run, the record still pending.
     */
    Map<String, Object> replay(String dlt, RecordId id, Caller who) {
        DeadLetterTopics.Watched topic = snapshot(dlt).topic();
        DeadLetter letter = fetchOwned(topic, id);
        Outcome outcome = replay(topic, letter, who, deadline());
        return switch (outcome) {
            case Outcome.Before before -> throw alreadyHandled(id, before.action());
            case Outcome.Replayed replayed -> action(replayed.action(), id);
            case Outcome.Running running -> action(running.claim(), id);
            case Outcome.Failed failed -> throw ReplayProblem.failed(id, failed.failure());
            case Outcome.NotStarted notStarted -> throw ReplayProblem.busy(id);
            case Outcome.Unrecorded unrecorded -> throw ReplayProblem.unrecorded(id, unrecorded.error());
        };
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
        count(topic, DeadLetterActions.DISCARDED);
        log.info("Dead letter {}/{} discarded by {}: {}", dlt, id, who.userId(), reason.strip());
        return action(actions.find(dlt, List.of(id)).get(id), id);
    }

    /**
     * Replays the pending records named by {@code ids}, or those matching the selection's filters, oldest first
     * (offset order within a partition, so records of one key keep their order), at most
     * {@code govcomm.dead-letters.max-bulk}, one after the other, reporting each: {@code replayed}, {@code failed}
     * (the listener threw again, or there is no listener for it: it stays pending and the run goes on, as the
     * consumer goes on after a dead letter), {@code skipped} (already replayed or discarded, or gone). The run stops
     * (the rest {@code notAttempted}, still pending) at an outage of the store or the broker (the records after it
     * would fail alike, and the consumers wait for those too), when a listener still runs at the deadline
     * ({@code running}), or when {@code govcomm.dead-letters.replay-timeout} is spent.
     */
    Map<String, Object> replayMany(String dlt, List<String> ids, Selection selection, boolean dryRun, Caller who) {
        DeadLetterIndex.Snapshot snapshot = snapshot(dlt);
        List<Map<String, Object>> replayed = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        List<String> running = new ArrayList<>();
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
        String stopped = null;
        if (!dryRun && !chosen.isEmpty()) {
            Map<RecordId, ConsumerRecord<byte[], byte[]>> records = kafka.fetch(dlt, chosen);
            long deadline = deadline();
            for (int i = 0; i < chosen.size() && stopped == null; i++) {
                RecordId id = chosen.get(i);
                ConsumerRecord<byte[], byte[]> record = records.get(id);
                if (record == null) {
                    skipped.add(Map.of("id", id.toString(), "reason", "not-found"));
                    continue;
                }
                if (System.nanoTime() - deadline >= 0) {
                    stopped = "time-limit";
                    notAttempted = chosen.size() - i;
                    break;
                }
                Outcome outcome;
                try {
                    outcome = replay(snapshot.topic(), DeadLetter.of(record), who, deadline);
                } catch (ApiProblem noListener) {
                    failed.add(failure(id, noListener.code(), noListener.getMessage(), null));
                    continue;
                }
                switch (outcome) {
                    case Outcome.Before before ->
                            skipped.add(Map.of("id", id.toString(), "reason", "already-" + before.action().getString("action")));
                    case Outcome.Replayed done -> replayed.add(action(done.action(), id));
                    case Outcome.Failed f -> {
                        failed.add(failure(id, f.failure().outage() ? "replay-unavailable" : "replay-failed",
                                f.failure().describe(), f.failure()));
                        if (f.failure().outage()) {
                            stopped = "unavailable";
                        }
                    }
                    case Outcome.Unrecorded u -> {
                        failed.add(failure(id, "replay-unrecorded", u.error(), null));
                        stopped = "unavailable";
                    }
                    case Outcome.Running r -> {
                        running.add(id.toString());
                        stopped = "still-running";
                    }
                    case Outcome.NotStarted n -> stopped = "busy";
                }
                if (stopped != null) {
                    // the records after this one; and this one too when it never started
                    notAttempted = chosen.size() - i - (outcome instanceof Outcome.NotStarted ? 0 : 1);
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
        answer.put("running", running);
        answer.put("notAttempted", notAttempted);
        answer.put("stopped", stopped);
        answer.put("remaining", remaining);
        return answer;
    }

    /** What one replay came to. */
    sealed interface Outcome {
        /** Replayed or discarded before, or being replayed by someone else: that action. */
        record Before(Document action) implements Outcome {
        }

        /** The listener took it: the action as stored. */
        record Replayed(Document action) implements Outcome {
        }

        /** The listener threw: the record is pending again. */
        record Failed(DeadLetterReplays.Failure failure) implements Outcome {
        }

        /** The listener still runs at the deadline: the record stays {@code replaying} until it ends. */
        record Running(Document claim) implements Outcome {
        }

        /** The worker was busy with an earlier replay until the deadline: never started, pending again. */
        record NotStarted() implements Outcome {
        }

        /** The listener took it, but the store did not take the confirmation: {@code replaying} until the lease ends. */
        record Unrecorded(String error) implements Outcome {
        }
    }

    private Outcome replay(DeadLetterTopics.Watched topic, DeadLetter letter, Caller who, long deadline) {
        String dlt = topic.deadLetterTopic();
        DeadLetterReplays.Target target = replays.target(topic, letter); // no listener: nothing claimed, 409
        DeadLetterActions.Claim claim = actions.claimReplay(dlt, letter, who, properties.replayLease());
        if (!claim.claimed()) {
            return new Outcome.Before(claim.before());
        }
        // queued -> started (by the worker) or withdrawn (by this thread at the deadline), never both: a Future's
        // cancel() cannot tell a queued task from a running one
        AtomicInteger state = new AtomicInteger(QUEUED);
        Future<Outcome> run;
        try {
            run = replays.submit(() -> state.compareAndSet(QUEUED, STARTED)
                    ? handOver(topic, letter, who, target, claim) : new Outcome.NotStarted());
        } catch (RejectedExecutionException stopping) {
            actions.releaseReplay(claim);
            return new Outcome.NotStarted();
        }
        try {
            return run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            if (state.compareAndSet(QUEUED, WITHDRAWN)) {
                run.cancel(false);
                actions.releaseReplay(claim); // never started: nobody else will release it
                return new Outcome.NotStarted();
            }
            if (run.isDone()) {
                return finished(run);
            }
            log.info("Dead letter {}/{} replayed by {}: listener {} still running, the record stays replaying until "
                    + "it ends", dlt, letter.id(), who.userId(), target.listenerId());
            Document claimed = actions.find(dlt, List.of(letter.id())).get(letter.id());
            return new Outcome.Running(claimed != null ? claimed : new Document("action", DeadLetterActions.REPLAYING));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterLog.Unavailable("Interrupted while replaying " + letter.id(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Replay of " + dlt + "/" + letter.id() + " failed", e.getCause());
        }
    }

    /** A run that is done: what it came to (handOver returns every outcome; it throws only on a bug). */
    private static Outcome finished(Future<Outcome> run) {
        try {
            return run.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterLog.Unavailable("Interrupted while replaying", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Replay failed", e.getCause());
        }
    }

    /**
     * On the replay worker: the listener, then the claim confirmed or released. Everything it does with the claim
     * happens here, so a replay that outlives the API's wait still ends as replayed or pending.
     */
    private Outcome handOver(DeadLetterTopics.Watched topic, DeadLetter letter, Caller who,
                             DeadLetterReplays.Target target, DeadLetterActions.Claim claim) {
        String dlt = topic.deadLetterTopic();
        try {
            replays.handOver(target, letter);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError thrown) { // the listener's, not the JVM's
            DeadLetterReplays.Failure failure = DeadLetterReplays.Failure.of(thrown);
            try {
                actions.releaseReplay(claim);
            } catch (RuntimeException e) {
                log.warn("Dead letter {}/{}: claim not released ({}), replayable again after the lease", dlt,
                        letter.id(), e.toString());
            }
            count(topic, "replay-failed");
            if (failure.outage()) { // the store or the broker: no stack trace, as the consumers log outages
                log.warn("Dead letter {}/{} replayed by {}: listener {} could not reach the store or the broker, the "
                        + "record stays pending: {}", dlt, letter.id(), who.userId(), target.listenerId(), failure.describe());
            } else {
                log.warn("Dead letter {}/{} replayed by {} failed again in listener {}, the record stays pending: {}",
                        dlt, letter.id(), who.userId(), target.listenerId(), failure.describe(), thrown);
            }
            return new Outcome.Failed(failure);
        }
        Document after;
        try {
            after = actions.confirmReplay(claim, target);
        } catch (RuntimeException e) {
            log.error("Dead letter {}/{} was processed by listener {} but its replay could not be recorded; it shows "
                    + "replaying until the lease ends: {}", dlt, letter.id(), target.listenerId(), e.toString());
            return new Outcome.Unrecorded(e.toString());
        }
        index.acted(dlt, letter.id(), DeadLetterActions.REPLAYED);
        count(topic, DeadLetterActions.REPLAYED);
        log.info("Dead letter {}/{} replayed by {}: processed by listener {} (group {})", dlt, letter.id(),
                who.userId(), target.listenerId(), target.group());
        return new Outcome.Replayed(after);
    }

    private long deadline() {
        return System.nanoTime() + properties.replayTimeout().toNanos();
    }

    private void count(DeadLetterTopics.Watched topic, String action) {
        meters.counter("govcomm.dlt.actions", "topic", topic.sourceTopic(), "action", action).increment();
    }

    private static Map<String, Object> failure(RecordId id, String code, String detail, DeadLetterReplays.Failure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("code", code);
        m.put("detail", detail);
        if (f != null) {
            m.put("exceptionClass", f.exceptionClass());
            m.put("causeClass", f.causeClass());
        }
        return m;
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
        String by = before.getString("byName") != null ? before.getString("byName")
                : before.getString("by") == null ? "?" : before.getString("by");
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
        a.put("byName", d.getString("byName"));
        a.put("at", d.getDate("at") == null ? null : d.getDate("at").toInstant().toString());
        a.put("reason", d.getString("reason"));
        Document in = d.get("replayedIn", Document.class);
        Map<String, Object> replayedIn = null;
        if (in != null) {
            replayedIn = new LinkedHashMap<>();
            replayedIn.put("listener", in.getString("listener"));
            replayedIn.put("consumerGroup", in.getString("consumerGroup"));
            replayedIn.put("topic", in.getString("topic"));
        }
        a.put("replayedIn", replayedIn);
        return a;
    }
}
