package vn.govcomm.kit.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.events.PoisonEventException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter API of a running service against a real broker and store: a record its listener cannot handle
 * lands in the DLT and is listed with its exception; a replay hands it back to that listener in this process, on
 * the replay worker, and answers once the listener has returned (replayed, once, never twice) or thrown (a problem
 * naming the exception, the record still pending); nothing is ever written to the source topic. A discard needs a
 * reason and also happens once; filtered replays report each record; an outage stops them; a listener still running
 * at the timeout ends on its own; what other services' consumer groups dead-lettered is not shown here; the gauges
 * follow.
 */
class DeadLetterApiIntegrationTests extends DeadLetterTestSupport {

    @Autowired MeterRegistry meters;

    /** Sends a CloudEvent the listener fails on and waits for its dead letter in the pending list. */
    JsonNode poison(String key, String eventId) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(eventId));
        headers.add("ce_type", bytes("vn.govcomm.test.order-placed.v1"));
        headers.add("ce_source", bytes("/services/shop"));
        headers.add("content-type", bytes("application/json"));
        kafka.send(new ProducerRecord<>(SOURCE, null, key, bytes(poisonValue(key)), headers))
                .get(10, TimeUnit.SECONDS);
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode r : get(BASE + "/" + DLT + "/records?size=200").body().path("records")) {
                if (eventId.equals(r.path("eventId").asString())) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static String poisonValue(String key) {
        return "fail {\"order\":\"" + key + "\",\"note\":\"Giao hàng trước 8 giờ sáng\"}";
    }

    @Test
    void aRecordTheListenerCannotHandleIsListedWithItsExceptionReplayedInProcessOnceAndNeverTwice() throws Exception {
        String key = "order-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();

        JsonNode listed = poison(key, eventId);

        assertThat(listed.path("status").asString()).isEqualTo("pending");
        assertThat(listed.path("key").asString()).isEqualTo(key);
        assertThat(listed.path("exceptionClass").asString() + " " + listed.path("causeClass").asString())
                .contains(PoisonEventException.class.getName());
        assertThat(listed.path("exceptionMessage").asString()).contains("cannot handle order " + key);
        assertThat(listed.path("originalTopic").asString()).isEqualTo(SOURCE);
        assertThat(listed.path("originalOffset").isNumber()).isTrue();
        assertThat(listed.path("consumerGroup").asString()).isEqualTo(GROUP);
        assertThat(listed.path("eventType").asString()).isEqualTo("vn.govcomm.test.order-placed.v1");
        assertThat(listed.path("valueBytes").asInt()).isGreaterThan(64);
        assertThat(listed.path("valueTruncated").asBoolean()).as("preview capped at 64 bytes").isTrue();
        String id = listed.path("id").asString();

        JsonNode topics = get(BASE).body().path("topics");
        assertThat(topics).extracting(t -> t.path("topic").asString()).contains(DLT).doesNotContain("dlt.quiet.DLT");
        Answer inspected = get(BASE + "/" + DLT + "/records/" + id);
        assertThat(inspected.status()).isEqualTo(200);
        assertThat(inspected.body().path("value").asString()).isEqualTo(poisonValue(key));
        assertThat(inspected.body().path("stacktrace").asString()).contains("PoisonEventException");
        assertThat(inspected.body().path("headers")).extracting(h -> h.path("name").asString()).contains("ce_id",
                "kafka_dlt-original-offset");

        orders.fixed.add(key);
        Map<Integer, Long> ends = sourceEnds();
        Answer replayed = post(BASE + "/" + DLT + "/records/" + id + "/replay", null);

        assertThat(replayed.status()).as(replayed.raw()).isEqualTo(200);
        assertThat(replayed.body().path("action").asString()).isEqualTo("replayed");
        assertThat(replayed.body().path("by").asString()).isEqualTo("admin.sokhcn");
        assertThat(replayed.body().path("byName").asString()).isEqualTo(ADMIN_NAME);
        assertThat(replayed.body().path("replayedIn").path("listener").asString()).isEqualTo(LISTENER);
        assertThat(replayed.body().path("replayedIn").path("consumerGroup").asString()).isEqualTo(GROUP);
        assertThat(replayed.body().path("replayedIn").path("topic").asString()).isEqualTo(SOURCE);
        // synchronous: the listener has processed it before the answer, on the replay worker, as it got it first
        assertThat(orders.handled(key)).hasSize(1);
        assertThat(orders.threads.get(key).getName()).isEqualTo("dead-letters-replay");
        ConsumerRecord<String, byte[]> again = orders.handled(key).getFirst();
        assertThat(again.topic()).isEqualTo(SOURCE);
        assertThat(again.partition()).isEqualTo(listed.path("originalPartition").asInt());
        assertThat(again.offset()).isEqualTo(listed.path("originalOffset").asLong());
        assertThat(again.timestamp()).isEqualTo(Instant.parse(listed.path("originalTimestamp").asString()).toEpochMilli());
        assertThat(again.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(again.key()).isEqualTo(key);
        assertThat(header(again, DeadLetterManagement.REPLAY_OF_HEADER)).isEqualTo(DLT + "/" + id.replace('-', '/'));
        assertThat(header(again, "ce_id")).isEqualTo(eventId);
        assertThat(header(again, "content-type")).isEqualTo("application/json");
        assertThat(again.headers()).extracting(Header::key).noneMatch(k -> k.startsWith("kafka_dlt-"));
        assertThat(new String(again.value(), StandardCharsets.UTF_8)).isEqualTo(poisonValue(key));
        Document audit = action(RecordId.parse(id));
        assertThat(audit.getString("action")).isEqualTo("replayed");
        assertThat(audit.getString("by")).isEqualTo("admin.sokhcn");
        assertThat(audit.getString("byName")).isEqualTo(ADMIN_NAME);
        assertThat(audit.get("replayedIn", Document.class).getString("consumerGroup")).isEqualTo(GROUP);
        assertThat(audit.getDate("replayedAt")).isNotNull();

        Answer twice = post(BASE + "/" + DLT + "/records/" + id + "/replay", null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.contentType()).startsWith("application/problem+json");
        assertThat(twice.code()).isEqualTo("dead-letter-already-replayed");
        assertThat(twice.body().path("detail").asString()).as("who, in people's words").contains("bởi " + ADMIN_NAME)
                .doesNotContain("admin.sokhcn");
        Answer bulk = post(BASE + "/" + DLT + "/replay", "{\"ids\":[\"" + id + "\"]}");
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.body().path("replayed")).isEmpty();
        assertThat(bulk.body().path("skipped").get(0).path("reason").asString()).isEqualTo("already-replayed");
        assertThat(orders.handled(key)).as("processed once").hasSize(1);
        assertThat(sourceEnds()).as("nothing was written to the source topic").isEqualTo(ends);

        assertThat(get(BASE + "/" + DLT + "/records?size=200").body().path("records"))
                .extracting(r -> r.path("id").asString()).doesNotContain(id);
        assertThat(get(BASE + "/" + DLT + "/records?status=replayed&size=200").body().path("records"))
                .anySatisfy(r -> {
                    assertThat(r.path("id").asString()).isEqualTo(id);
                    assertThat(r.path("action").path("by").asString()).isEqualTo("admin.sokhcn");
                    assertThat(r.path("action").path("byName").asString()).isEqualTo(ADMIN_NAME);
                });
    }

    @Test
    void aReplayTheListenerFailsAgainIsAProblemNamingTheExceptionAndTheRecordStaysPending() throws Exception {
        String key = "again-" + UUID.randomUUID();
        RecordId id = deadLetter(key, "fail still broken", "test.Again", "vn.govcomm.test.again.v1", GROUP);
        Map<Integer, Long> ends = sourceEnds();
        double failedBefore = counter("replay-failed");

        Answer failed = post(BASE + "/" + DLT + "/records/" + id + "/replay", null);

        assertThat(failed.status()).as(failed.raw()).isEqualTo(422);
        assertThat(failed.contentType()).startsWith("application/problem+json");
        assertThat(failed.code()).isEqualTo("replay-failed");
        assertThat(failed.body().path("exceptionClass").asString()).isEqualTo(PoisonEventException.class.getName());
        assertThat(failed.body().path("exceptionMessage").asString()).isEqualTo("cannot handle order " + key);
        assertThat(failed.body().path("detail").asString()).contains("PoisonEventException: cannot handle order " + key)
                .contains("still pending");
        assertThat(action(id)).as("not marked replayed, the claim released").isNull();
        assertThat(orders.handled(key)).isEmpty();
        assertThat(counter("replay-failed")).isEqualTo(failedBefore + 1);
        assertThat(get(BASE + "/" + DLT + "/records?eventType=vn.govcomm.test.again.v1&size=200").body().path("records"))
                .anySatisfy(r -> {
                    assertThat(r.path("id").asString()).isEqualTo(id.toString());
                    assertThat(r.path("status").asString()).isEqualTo("pending");
                });

        orders.fixed.add(key);
        Answer replayed = post(BASE + "/" + DLT + "/records/" + id + "/replay", null);

        assertThat(replayed.status()).as(replayed.raw()).isEqualTo(200);
        assertThat(orders.handled(key)).hasSize(1);
        assertThat(action(id).getString("action")).isEqualTo("replayed");
        assertThat(sourceEnds()).isEqualTo(ends);
    }

    @Test
    void aDiscardNeedsAReasonHappensOnceAndIsNeverReplayed() throws Exception {
        String key = "order-" + UUID.randomUUID();
        String id = poison(key, UUID.randomUUID().toString()).path("id").asString();
        String discard = BASE + "/" + DLT + "/records/" + id + "/discard";

        Answer noBody = post(discard, null);
        Answer blank = post(discard, "{\"reason\":\"   \"}");
        Answer notText = post(discard, "{\"reason\":42}");

        for (Answer refused : List.of(noBody, blank, notText)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().path("errors").get(0).path("field").asString()).isEqualTo("reason");
        }
        assertThat(action(RecordId.parse(id))).isNull();

        Answer discarded = post(discard, "{\"reason\":\"Test order from the load test, not a real one\"}");
        assertThat(discarded.status()).as(discarded.raw()).isEqualTo(200);
        assertThat(discarded.body().path("action").asString()).isEqualTo("discarded");
        assertThat(discarded.body().path("reason").asString()).isEqualTo("Test order from the load test, not a real one");
        assertThat(action(RecordId.parse(id)).getString("by")).isEqualTo("admin.sokhcn");

        assertThat(post(discard, "{\"reason\":\"again\"}").code()).isEqualTo("dead-letter-already-discarded");
        orders.fixed.add(key);
        Answer replay = post(BASE + "/" + DLT + "/records/" + id + "/replay", null);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.code()).isEqualTo("dead-letter-already-discarded");
        assertThat(action(RecordId.parse(id)).getString("action")).isEqualTo("discarded");
        assertThat(orders.handled(key)).isEmpty();
    }

    @Test
    void aFilteredReplayReportsEachRecordReplayedOrFailedInOffsetOrderAtMostMaxBulk() throws Exception {
        String failure = "test.Failure" + UUID.randomUUID().toString().replace("-", "");
        String type = "vn.govcomm.test.bulk." + UUID.randomUUID() + ".v1";
        String key = "bulk-" + UUID.randomUUID(); // one key: one partition, offsets in order
        List<RecordId> ids = new ArrayList<>();
        for (String value : List.of("ok 0", "fail 1", "ok 2", "ok 3", "ok 4")) {
            ids.add(deadLetter(key, value, failure, type, GROUP));
        }
        RecordId other = deadLetter(key, "ok other", "test.OtherFailure", type, GROUP);
        String replay = BASE + "/" + DLT + "/replay";
        Map<Integer, Long> ends = sourceEnds();

        assertThat(post(replay, "{}").code()).isEqualTo("filter-required");
        assertThat(post(replay, "{\"everything\":true}").code()).isEqualTo("unknown-field");
        Answer dry = post(replay, "{\"exceptionClass\":\"" + failure.substring(failure.lastIndexOf('.') + 1) + "\",\"dryRun\":true}");
        assertThat(dry.status()).as(dry.raw()).isEqualTo(200);
        assertThat(dry.body().path("matched").asInt()).isEqualTo(5);
        assertThat(dry.body().path("selected")).extracting(JsonNode::asString)
                .containsExactly(ids.get(0).toString(), ids.get(1).toString(), ids.get(2).toString());
        assertThat(dry.body().path("remaining").asInt()).isEqualTo(2);
        assertThat(action(ids.getFirst())).as("a dry run changes nothing").isNull();

        Answer run = post(replay, "{\"exceptionClass\":\"" + failure + "\",\"eventType\":\"" + type + "\"}");

        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        assertThat(run.body().path("replayed")).extracting(r -> r.path("id").asString())
                .containsExactly(ids.get(0).toString(), ids.get(2).toString());
        assertThat(run.body().path("failed")).singleElement().satisfies(f -> {
            assertThat(f.path("id").asString()).isEqualTo(ids.get(1).toString());
            assertThat(f.path("code").asString()).isEqualTo("replay-failed");
            assertThat(f.path("exceptionClass").asString()).isEqualTo(PoisonEventException.class.getName());
            assertThat(f.path("detail").asString()).isEqualTo("PoisonEventException: cannot handle order " + key);
        });
        assertThat(run.body().path("notAttempted").asInt()).isZero();
        assertThat(run.body().path("stopped").isNull()).isTrue();
        assertThat(run.body().path("remaining").asInt()).isEqualTo(2);
        assertThat(orders.handled(key)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("ok 0", "ok 2");
        assertThat(action(ids.get(1))).as("the failed one stays pending").isNull();

        orders.fixed.add(key);
        Answer rest = post(replay, "{\"exceptionClass\":\"" + failure + "\"}");
        assertThat(rest.body().path("replayed")).extracting(r -> r.path("id").asString())
                .containsExactly(ids.get(1).toString(), ids.get(3).toString(), ids.get(4).toString());
        assertThat(orders.handled(key)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("ok 0", "ok 2", "fail 1", "ok 3", "ok 4");
        assertThat(action(other)).as("another exception class stays pending").isNull();
        assertThat(sourceEnds()).isEqualTo(ends);
    }

    @Test
    void anOutageWhileReplayingIsA503AndStopsAFilteredReplayBeforeTheRecordsAfterIt() throws Exception {
        String failure = "test.Outage" + UUID.randomUUID().toString().replace("-", "");
        String key = "outage-" + UUID.randomUUID();
        RecordId first = deadLetter(key, "outage 0", failure, "vn.govcomm.test.outage.v1", GROUP);
        RecordId second = deadLetter(key, "ok 1", failure, "vn.govcomm.test.outage.v1", GROUP);

        Answer one = post(BASE + "/" + DLT + "/records/" + first + "/replay", null);

        assertThat(one.status()).as(one.raw()).isEqualTo(503);
        assertThat(one.code()).isEqualTo("replay-unavailable");
        assertThat(one.body().path("exceptionClass").asString()).isEqualTo(DataAccessResourceFailureException.class.getName());
        assertThat(action(first)).isNull();

        Answer bulk = post(BASE + "/" + DLT + "/replay", "{\"exceptionClass\":\"" + failure + "\"}");

        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(200);
        assertThat(bulk.body().path("failed")).singleElement().satisfies(f -> {
            assertThat(f.path("id").asString()).isEqualTo(first.toString());
            assertThat(f.path("code").asString()).isEqualTo("replay-unavailable");
        });
        assertThat(bulk.body().path("replayed")).isEmpty();
        assertThat(bulk.body().path("stopped").asString()).isEqualTo("unavailable");
        assertThat(bulk.body().path("notAttempted").asInt()).isEqualTo(1);
        assertThat(action(first)).isNull();
        assertThat(action(second)).as("not attempted, still pending").isNull();
        assertThat(orders.handled(key)).isEmpty();
    }

    /** The listener outlives the API's wait: 202 replaying; the worker is busy meanwhile; it ends as replayed. */
    @Test
    void aReplayStillRunningAtTheTimeoutIsAcceptedAndEndsOnItsOwn() throws Exception {
        String slowKey = "slow-" + UUID.randomUUID();
        String nextKey = "next-" + UUID.randomUUID();
        RecordId slow = deadLetter(slowKey, "slow 0", "test.Slow", "vn.govcomm.test.slow.v1", GROUP);
        RecordId next = deadLetter(nextKey, "ok 1", "test.Slow", "vn.govcomm.test.slow.v1", GROUP);
        CountDownLatch release = new CountDownLatch(1);
        orders.slow = release;
        try {
            Answer accepted = post(BASE + "/" + DLT + "/records/" + slow + "/replay", null);

            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            assertThat(accepted.body().path("action").asString()).isEqualTo("replaying");
            assertThat(action(slow).getString("action")).isEqualTo("replaying");
            assertThat(post(BASE + "/" + DLT + "/records/" + slow + "/discard", "{\"reason\":\"x\"}").code())
                    .isEqualTo("dead-letter-replay-in-progress");

            Answer busy = post(BASE + "/" + DLT + "/records/" + next + "/replay", null);

            assertThat(busy.status()).as(busy.raw()).isEqualTo(503);
            assertThat(busy.code()).isEqualTo("replay-busy");
            assertThat(action(next)).as("never started, pending again").isNull();
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "replayed".equals(action(slow).getString("action")));
        assertThat(orders.handled(slowKey)).hasSize(1);
        assertThat(post(BASE + "/" + DLT + "/records/" + next + "/replay", null).status()).isEqualTo(200);
        assertThat(orders.handled(nextKey)).hasSize(1);
    }

    @Test
    void aDeadLetterWhoseListenerIsGoneCannotBeReplayedHere() throws Exception {
        RecordId id = deadLetter("gone-" + UUID.randomUUID(), "ok", "test.Gone", "vn.govcomm.test.gone.v1", GROUP,
                "dlt.nobody");

        Answer answer = post(BASE + "/" + DLT + "/records/" + id + "/replay", null);
        Answer bulk = post(BASE + "/" + DLT + "/replay", "{\"ids\":[\"" + id + "\"]}");

        assertThat(answer.status()).as(answer.raw()).isEqualTo(409);
        assertThat(answer.code()).isEqualTo("replay-no-listener");
        assertThat(bulk.body().path("failed")).singleElement().satisfies(f ->
                assertThat(f.path("code").asString()).isEqualTo("replay-no-listener"));
        assertThat(action(id)).isNull();
    }

    @Test
    void listsOnlyThisServicesDeadLettersNewestFirstOrByOffset() throws Exception {
        String type = "vn.govcomm.test.mine." + UUID.randomUUID() + ".v1";
        RecordId first = deadLetter("k-" + UUID.randomUUID(), "ok", "test.Mine", type, GROUP);
        RecordId foreign = deadLetter("k-" + UUID.randomUUID(), "ok", "test.Mine", type, "reporting-service.orders");
        RecordId anonymous = deadLetter("k-" + UUID.randomUUID(), "ok", "test.Mine", type, null);

        JsonNode newest = get(BASE + "/" + DLT + "/records?eventType=" + type).body();
        JsonNode byOffset = get(BASE + "/" + DLT + "/records?order=offset&eventType=" + type).body();

        assertThat(newest.path("matching").asInt()).isEqualTo(2);
        List<String> listed = new ArrayList<>();
        newest.path("records").forEach(r -> listed.add(r.path("id").asString()));
        assertThat(listed).containsExactlyInAnyOrder(first.toString(), anonymous.toString())
                .doesNotContain(foreign.toString());
        assertThat(Instant.parse(newest.path("records").get(0).path("deadLetteredAt").asString()))
                .isAfterOrEqualTo(Instant.parse(newest.path("records").get(1).path("deadLetteredAt").asString()));
        List<RecordId> ordered = new ArrayList<>();
        byOffset.path("records").forEach(r -> ordered.add(RecordId.parse(r.path("id").asString())));
        assertThat(ordered).isSorted();
        assertThat(get(BASE + "/" + DLT + "/records/" + foreign).code()).isEqualTo("dead-letter-not-found");
        assertThat(get(BASE + "/" + DLT + "/records?eventType=" + type + "&size=1&page=1").body().path("records"))
                .hasSize(1);
        // a dead letter without a group goes to the one listener of its topic
        Answer replayed = post(BASE + "/" + DLT + "/records/" + anonymous + "/replay", null);
        assertThat(replayed.status()).as(replayed.raw()).isEqualTo(200);
        assertThat(replayed.body().path("replayedIn").path("consumerGroup").asString()).isEqualTo(GROUP);
    }

    @Test
    void pendingGaugesAndActionCountersFollowWhatIsDone() throws Exception {
        RecordId id = deadLetter("g-" + UUID.randomUUID(), "ok", "test.Gauge", "vn.govcomm.test.gauge.v1", GROUP);
        RecordId other = deadLetter("g-" + UUID.randomUUID(), "ok", "test.Gauge", "vn.govcomm.test.gauge.v1", GROUP);
        JsonNode topic = topic();
        assertThat(gauge("govcomm.dlt.pending")).isEqualTo(topic.path("pending").asDouble()).isGreaterThanOrEqualTo(2);
        assertThat(gauge("govcomm.dlt.pending.oldest.age")).isGreaterThanOrEqualTo(0);
        double discarded = counter("discarded");
        double replayed = counter("replayed");

        post(BASE + "/" + DLT + "/records/" + id + "/discard", "{\"reason\":\"gauge test\"}");
        post(BASE + "/" + DLT + "/records/" + other + "/replay", null);

        assertThat(counter("discarded")).isEqualTo(discarded + 1);
        assertThat(counter("replayed")).isEqualTo(replayed + 1);
        assertThat(gauge("govcomm.dlt.pending")).isEqualTo(topic.path("pending").asDouble() - 2);
        assertThat(gauge("govcomm.dlt.pending")).isEqualTo(topic().path("pending").asDouble());
    }

    @Test
    void unknownTopicsRecordsAndParametersAreProblems() throws Exception {
        assertThat(get(BASE + "/dlt.unknown.DLT/records").code()).isEqualTo("dead-letter-topic-not-found");
        assertThat(get(BASE + "/" + SOURCE + "/records").code()).as("a source topic is no DLT")
                .isEqualTo("dead-letter-topic-not-found");
        Answer missing = get(BASE + "/" + DLT + "/records/1-999999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("dead-letter-not-found");
        assertThat(get(BASE + "/" + DLT + "/records/abc").code()).isEqualTo("bad-record-id");
        Answer badSize = get(BASE + "/" + DLT + "/records?size=5000");
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSize.body().path("errors").get(0).path("field").asString()).isEqualTo("size");
        assertThat(get(BASE + "/" + DLT + "/records?status=lost").status()).isEqualTo(400);
        assertThat(get(BASE + "/" + DLT + "/records?from=yesterday").status()).isEqualTo(400);
        assertThat(post(BASE + "/" + DLT + "/replay", "[1,2]").code()).isEqualTo("malformed-json");
    }

    /**
     * The service stopped while a listener ran a replay: after the lease, the record may be replayed again; only the
     * run holding the current claim confirms or releases it.
     */
    @Test
    void anUnconfirmedReplayBlocksTheRecordOnlyForTheLease(@Autowired MongoTemplate mongo) throws Exception {
        RecordId id = deadLetter("l-" + UUID.randomUUID(), "ok", "test.Lease", "vn.govcomm.test.lease.v1", GROUP);
        DeadLetter letter = new DeadLetter(DLT, id, Instant.now(), null, new byte[0], new RecordHeaders());
        Instant t0 = Instant.now();
        Caller first = new Caller("first.admin", Set.of("admin"), "so-noi-vu", false);
        Caller second = new Caller("second.admin", Set.of("admin"), "so-noi-vu", false, "Lý Văn Hai");

        DeadLetterActions.Claim stale = new DeadLetterActions(mongo, Clock.fixed(t0, ZoneOffset.UTC))
                .claimReplay(DLT, letter, first, Duration.ofMinutes(2));
        assertThat(stale.claimed()).isTrue();
        DeadLetterActions.Claim refused = new DeadLetterActions(mongo, Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC))
                .claimReplay(DLT, letter, second, Duration.ofMinutes(2));
        assertThat(refused.claimed()).isFalse();
        assertThat(refused.before().getString("by")).isEqualTo("first.admin");
        assertThat(refused.before().getString("byName")).as("a caller without a name: the id alone").isNull();
        assertThat(post(BASE + "/" + DLT + "/records/" + id + "/replay", null).code())
                .isEqualTo("dead-letter-replay-in-progress");
        DeadLetterActions.Claim takenOver = new DeadLetterActions(mongo, Clock.fixed(t0.plusSeconds(180), ZoneOffset.UTC))
                .claimReplay(DLT, letter, second, Duration.ofMinutes(2));
        assertThat(takenOver.claimed()).isTrue();
        assertThat(action(id).getString("by")).isEqualTo("second.admin");
        assertThat(action(id).getString("byName")).isEqualTo("Lý Văn Hai");
        assertThat(action(id).getString("takenOverFrom")).isEqualTo("first.admin");

        DeadLetterActions actions = new DeadLetterActions(mongo, Clock.systemUTC());
        actions.releaseReplay(stale);
        assertThat(action(id)).as("the stale run cannot release the claim taken over").isNotNull();
        actions.releaseReplay(takenOver);
        assertThat(action(id)).as("a failed replay releases its claim").isNull();
    }

    private JsonNode topic() throws Exception {
        for (JsonNode t : get(BASE).body().path("topics")) {
            if (DLT.equals(t.path("topic").asString())) {
                return t;
            }
        }
        throw new AssertionError("no " + DLT);
    }

    private double gauge(String name) {
        return meters.get(name).tag("topic", SOURCE).gauge().value();
    }

    private double counter(String action) {
        var c = meters.find("govcomm.dlt.actions").tags("topic", SOURCE, "action", action).counter();
        return c == null ? 0 : c.count();
    }
}
