package vn.govcomm.kit.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter API of a running service against a real broker and store: a record its listener cannot handle
 * lands in the DLT, is listed with its exception, replayed once to the source topic (and consumed again, carrying
 * the replay header), never twice; a discard needs a reason and also happens once; filtered replays; what other
 * services' consumer groups dead-lettered is not shown here; the gauges follow.
 */
class DeadLetterApiIntegrationTests extends DeadLetterTestSupport {

    @SpringBootApplication
    static class App {
        @Bean
        KafkaAdmin.NewTopics topics() {
            return new KafkaAdmin.NewTopics(TopicBuilder.name(SOURCE).partitions(2).build(),
                    TopicBuilder.name(DLT).partitions(2).build());
        }

        @Bean
        Orders orders() {
            return new Orders();
        }
    }

    /** Fails on values starting with "fail" until the key is fixed, like a bug fixed after the fact. */
    static class Orders {
        final Set<String> fixed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<ConsumerRecord<String, byte[]>> handled = new CopyOnWriteArrayList<>();

        // a second topic whose DLT does not exist: not listed
        @KafkaListener(topics = {SOURCE, "dlt.quiet"}, groupId = GROUP)
        void on(ConsumerRecord<String, byte[]> record) {
            if (new String(record.value(), StandardCharsets.UTF_8).startsWith("fail") && !fixed.contains(record.key())) {
                throw new PoisonEventException("cannot handle order " + record.key());
            }
            handled.add(record);
        }

        List<ConsumerRecord<String, byte[]>> handled(String key) {
            return handled.stream().filter(r -> key.equals(r.key())).toList();
        }
    }

    @Autowired Orders orders;
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
    void aRecordTheListenerCannotHandleIsListedWithItsExceptionReplayedOnceAndNeverTwice() throws Exception {
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
        Answer replayed = post(BASE + "/" + DLT + "/records/" + id + "/replay", null);

        assertThat(replayed.status()).as(replayed.raw()).isEqualTo(200);
        assertThat(replayed.body().path("action").asString()).isEqualTo("replayed");
        assertThat(replayed.body().path("by").asString()).isEqualTo("admin.sokhcn");
        assertThat(replayed.body().path("replayedTo").path("topic").asString()).isEqualTo(SOURCE);
        await().atMost(Duration.ofSeconds(20)).until(() -> orders.handled(key).size() == 1);
        ConsumerRecord<String, byte[]> again = orders.handled(key).getFirst();
        assertThat(header(again, DeadLetterManagement.REPLAY_OF_HEADER)).isEqualTo(DLT + "/" + id.replace('-', '/'));
        assertThat(header(again, "ce_id")).isEqualTo(eventId);
        assertThat(header(again, "content-type")).isEqualTo("application/json");
        assertThat(again.headers()).extracting(Header::key).noneMatch(k -> k.startsWith("kafka_dlt-"));
        assertThat(new String(again.value(), StandardCharsets.UTF_8)).isEqualTo(poisonValue(key));
        Document audit = action(RecordId.parse(id));
        assertThat(audit.getString("action")).isEqualTo("replayed");
        assertThat(audit.getString("by")).isEqualTo("admin.sokhcn");
        assertThat(audit.get("replayedTo", Document.class).getString("topic")).isEqualTo(SOURCE);

        Map<Integer, Long> ends = sourceEnds();
        Answer twice = post(BASE + "/" + DLT + "/records/" + id + "/replay", null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.contentType()).startsWith("application/problem+json");
        assertThat(twice.code()).isEqualTo("dead-letter-already-replayed");
        Answer bulk = post(BASE + "/" + DLT + "/replay", "{\"ids\":[\"" + id + "\"]}");
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.body().path("replayed")).isEmpty();
        assertThat(bulk.body().path("skipped").get(0).path("reason").asString()).isEqualTo("already-replayed");
        assertThat(sourceEnds()).as("nothing more went to the source topic").isEqualTo(ends);

        assertThat(get(BASE + "/" + DLT + "/records?size=200").body().path("records"))
                .extracting(r -> r.path("id").asString()).doesNotContain(id);
        assertThat(get(BASE + "/" + DLT + "/records?status=replayed&size=200").body().path("records"))
                .anySatisfy(r -> {
                    assertThat(r.path("id").asString()).isEqualTo(id);
                    assertThat(r.path("action").path("by").asString()).isEqualTo("admin.sokhcn");
                });
    }

    @Test
    void aDiscardNeedsAReasonHappensOnceAndIsNeverReplayed() throws Exception {
        String key = "order-" + UUID.randomUUID();
        String id = poison(key, UUID.randomUUID().toString()).path("id").asString();
        String discard = BASE + "/" + DLT + "/records/" + id + "/discard";
        Map<Integer, Long> ends = sourceEnds();

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
        Answer replay = post(BASE + "/" + DLT + "/records/" + id + "/replay", null);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.code()).isEqualTo("dead-letter-already-discarded");
        assertThat(action(RecordId.parse(id)).getString("action")).isEqualTo("discarded");
        assertThat(sourceEnds()).isEqualTo(ends);
    }

    @Test
    void aFilteredReplayTakesThePendingRecordsOfThatExceptionInOffsetOrderAtMostMaxBulk() throws Exception {
        String failure = "test.Failure" + UUID.randomUUID().toString().replace("-", "");
        String type = "vn.govcomm.test.bulk." + UUID.randomUUID() + ".v1";
        String key = "bulk-" + UUID.randomUUID(); // one key: one partition, offsets in order
        List<RecordId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(deadLetter(key, "ok " + i, failure, type, GROUP));
        }
        RecordId other = deadLetter(key, "ok other", "test.OtherFailure", type, GROUP);
        String replay = BASE + "/" + DLT + "/replay";

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
                .containsExactly(ids.get(0).toString(), ids.get(1).toString(), ids.get(2).toString());
        assertThat(run.body().path("remaining").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> orders.handled(key).size() == 3);
        assertThat(orders.handled(key)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("ok 0", "ok 1", "ok 2");
        Answer rest = post(replay, "{\"exceptionClass\":\"" + failure + "\"}");
        assertThat(rest.body().path("replayed")).extracting(r -> r.path("id").asString())
                .containsExactly(ids.get(3).toString(), ids.get(4).toString());
        assertThat(action(other)).as("another exception class stays pending").isNull();
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
    }

    @Test
    void pendingGaugesAndActionCountersFollowWhatIsDone() throws Exception {
        RecordId id = deadLetter("g-" + UUID.randomUUID(), "ok", "test.Gauge", "vn.govcomm.test.gauge.v1", GROUP);
        JsonNode topic = topic();
        assertThat(gauge("govcomm.dlt.pending")).isEqualTo(topic.path("pending").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(gauge("govcomm.dlt.pending.oldest.age")).isGreaterThanOrEqualTo(0);
        double discarded = counter("discarded");

        post(BASE + "/" + DLT + "/records/" + id + "/discard", "{\"reason\":\"gauge test\"}");

        assertThat(counter("discarded")).isEqualTo(discarded + 1);
        assertThat(gauge("govcomm.dlt.pending")).isEqualTo(topic.path("pending").asDouble() - 1);
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

    /** The service stopped between claiming a replay and the broker's answer: after the lease, it may be replayed. */
    @Test
    void anUnconfirmedReplayBlocksTheRecordOnlyForTheLease(@Autowired MongoTemplate mongo) throws Exception {
        RecordId id = deadLetter("l-" + UUID.randomUUID(), "ok", "test.Lease", "vn.govcomm.test.lease.v1", GROUP);
        DeadLetter letter = new DeadLetter(DLT, id, Instant.now(), null, new byte[0], new RecordHeaders());
        Instant t0 = Instant.now();
        Caller first = new Caller("first.admin", Set.of("admin"), "so-noi-vu", false);
        Caller second = new Caller("second.admin", Set.of("admin"), "so-noi-vu", false);

        assertThat(new DeadLetterActions(mongo, Clock.fixed(t0, ZoneOffset.UTC))
                .claimReplay(DLT, letter, first, Duration.ofMinutes(2))).isEmpty();
        assertThat(new DeadLetterActions(mongo, Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC))
                .claimReplay(DLT, letter, second, Duration.ofMinutes(2)))
                .hasValueSatisfying(d -> assertThat(d.getString("by")).isEqualTo("first.admin"));
        assertThat(post(BASE + "/" + DLT + "/records/" + id + "/replay", null).code())
                .isEqualTo("dead-letter-replay-in-progress");
        assertThat(new DeadLetterActions(mongo, Clock.fixed(t0.plusSeconds(180), ZoneOffset.UTC))
                .claimReplay(DLT, letter, second, Duration.ofMinutes(2))).isEmpty();
        assertThat(action(id).getString("by")).isEqualTo("second.admin");
        assertThat(action(id).getString("takenOverFrom")).isEqualTo("first.admin");

        new DeadLetterActions(mongo, Clock.systemUTC()).releaseReplay(DLT, id);
        assertThat(action(id)).as("a failed send releases its claim").isNull();
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

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
