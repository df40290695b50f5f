package vn.govcomm.kit;

import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.DeliveryStateUpdates;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxRelays;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = KitIntegrationTests.KitApp.class, properties = {
        "spring.application.name=kit-test", "govcomm.database=kit", "govcomm.kafka.max-retries=2"})
class KitIntegrationTests {

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("kit"));
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }

    @AfterAll
    static void stop() {
        KAFKA.close();
        MONGO.close();
    }

    @SpringBootApplication
    static class KitApp {
        final List<String> handled = new CopyOnWriteArrayList<>();

        @Bean
        OutboxRelay thingsOutbox(OutboxRelays relays) {
            return relays.forCollection("things");
        }

        @KafkaListener(topics = "kit.input", groupId = "kit-test")
        void on(ConsumerRecord<String, byte[]> record) {
            IncomingEvent event = IncomingEvent.from(record); // poison if headers are missing
            handled.add(event.id());
        }
    }

    @Autowired MongoTemplate mongo;
    @Autowired OutboxRelay relay;
    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired KitApp app;
    @Autowired EventPublisher publisher;

    @Test
    void relaysEmbeddedOutboxEventsInOrderAndRemovesThem() {
        String topic = "kit.relay." + UUID.randomUUID();
        List<Document> outbox = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            outbox.add(OutboxRelay.toDocument(OutgoingEvent.of(topic, "thing-1", "vn.govcomm.test.v1",
                    "/services/kit-test", "thing-1", null, Instant.now(), "{\"n\":" + i + "}")));
        }
        mongo.insert(new Document("_id", "thing-1").append("state", "DONE").append("outbox", outbox), "things");

        relay.nudge();

        List<ConsumerRecord<String, byte[]>> received = consume(topic, 3);
        assertThat(received).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        assertThat(received).allSatisfy(r -> assertThat(IncomingEvent.from(r).type()).isEqualTo("vn.govcomm.test.v1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                mongo.findById("thing-1", Document.class, "things").getList("outbox", Document.class)).isEmpty());
    }

    @Test
    void aRelayTurnOverManyDocumentsCostsOneReadAndOneBulkWriteOfTheStore() throws Exception {
        String topic = "kit.bulk." + UUID.randomUUID();
        // the topic exists and the producer knows it before the turn (its creation is not what is measured)
        publisher.send(OutgoingEvent.of(topic, "warm-up", "vn.govcomm.test.v1", "/services/kit-test", "warm-up", null,
                Instant.now(), "{}")).get(60, java.util.concurrent.TimeUnit.SECONDS);
        String collection = "bulk-" + UUID.randomUUID();
        List<Object> ids = new ArrayList<>();
        for (int d = 0; d < 50; d++) {
            String id = "doc-" + d;
            ids.add(id);
            List<Document> outbox = new ArrayList<>();
            for (int e = 0; e < 2; e++) {
                outbox.add(OutboxRelay.toDocument(OutgoingEvent.of(topic, id, "vn.govcomm.test.v1", "/services/kit-test",
                        id, null, Instant.now(), "{\"n\":" + e + "}")));
            }
            mongo.insert(new Document("_id", id).append("outbox", outbox), collection);
        }
        // the relay's own client, with every command it sends to the store counted
        Map<String, Integer> commands = new java.util.concurrent.ConcurrentHashMap<>();
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(
                com.mongodb.MongoClientSettings.builder().applyConnectionString(new com.mongodb.ConnectionString(MONGO.uri("kit")))
                        .addCommandListener(new com.mongodb.event.CommandListener() {
                            @Override
                            public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                                commands.merge(event.getCommandName(), 1, Integer::sum);
                            }
                        }).build())) {
            OutboxRelay counted = new OutboxRelay(new MongoTemplate(client, "kit"), publisher, collection,
                    Duration.ofHours(1), 200, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

            assertThat(counted.relay(ids)).isEqualTo(100);

            // 100 events of 50 documents: one find by _id, one bulk update pulling them (was one update per document)
            assertThat(commands).containsExactlyInAnyOrderEntriesOf(Map.of("find", 1, "update", 1));
        }
        assertThat(consume(topic, 101)).hasSize(101);
        assertThat(mongo.find(new org.springframework.data.mongodb.core.query.Query(), Document.class, collection))
                .hasSize(50).allSatisfy(doc -> assertThat(doc.getList("outbox", Document.class)).isEmpty());
    }

    @Test
    void relaysANudgedDocumentAtOnceWithoutWaitingForTheSweep() throws Exception {
        String topic = "kit.nudge." + UUID.randomUUID();
        String collection = "nudged-" + UUID.randomUUID();
        var relayMeters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        OutboxRelay slow = new OutboxRelay(mongo, publisher, collection, Duration.ofHours(1), 200, relayMeters);
        slow.start();
        try {
            // the start-up sweep runs first; afterwards only a nudge can relay within the hour
            await().atMost(Duration.ofSeconds(5)).until(() -> relayMeters.counter("govcomm.outbox.sweeps",
                    "collection", collection).count() >= 1);
            List<Document> outbox = List.of(
                    OutboxRelay.toDocument(OutgoingEvent.of(topic, "a", "vn.govcomm.test.v1", "/services/kit-test", "a",
                            null, Instant.now(), "{\"n\":1}")),
                    OutboxRelay.toDocument(OutgoingEvent.of(topic, "a", "vn.govcomm.test.v1", "/services/kit-test", "a",
                            null, Instant.now(), "{\"n\":2}")));
            mongo.insert(new Document("_id", "a").append("outbox", outbox), collection);
            mongo.insert(new Document("_id", "b").append("outbox", List.of(OutboxRelay.toDocument(OutgoingEvent.of(topic,
                    "b", "vn.govcomm.test.v1", "/services/kit-test", "b", null, Instant.now(), "{\"n\":3}")))), collection);

            slow.nudge("a");

            assertThat(consume(topic, 2)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("{\"n\":1}", "{\"n\":2}");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    mongo.findById("a", Document.class, collection).getList("outbox", Document.class)).isEmpty());
            // "b" was not nudged: it waits for a sweep, which nudge() asks for
            assertThat(mongo.findById("b", Document.class, collection).getList("outbox", Document.class)).hasSize(1);
            slow.nudge();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    mongo.findById("b", Document.class, collection).getList("outbox", Document.class)).isEmpty());
        } finally {
            slow.stop();
        }
    }

    @Test
    void aStartedRelayIndexesItsCollectionAndItsSweepRelaysEveryDocumentWithPendingEvents() throws Exception {
        String topic = "kit.sweep." + UUID.randomUUID();
        String collection = "swept-" + UUID.randomUUID();
        // pending events on two documents; one drained (empty outbox), one never had one, one with quarantined events
        for (String id : List.of("a", "b")) {
            mongo.insert(new Document("_id", id).append("outbox", List.of(OutboxRelay.toDocument(OutgoingEvent.of(topic,
                    id, "vn.govcomm.test.v1", "/services/kit-test", id, null, Instant.now(), "{\"id\":\"" + id + "\"}")))),
                    collection);
        }
        mongo.insert(new Document("_id", "drained").append("outbox", List.of()), collection);
        mongo.insert(new Document("_id", "plain").append("state", "DONE"), collection);
        mongo.insert(new Document("_id", "broken").append("outbox", List.of()).append(OutboxRelay.QUARANTINE, List.of(
                new Document("eventId", "q-1").append("reason", "too-large"),
                new Document("eventId", "q-2").append("reason", "invalid-topic"))), collection);
        var relayMeters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        OutboxRelay swept = new OutboxRelay(mongo, publisher, collection, Duration.ofHours(1), 200, relayMeters);
        swept.start();
        try {
            // only the start-up sweep can relay within the hour (nothing is nudged)
            assertThat(consume(topic, 2)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("{\"id\":\"a\"}", "{\"id\":\"b\"}");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(List.of("a", "b"))
                    .allSatisfy(id -> assertThat(mongo.findById(id, Document.class, collection)
                            .getList("outbox", Document.class)).isEmpty()));
        } finally {
            swept.stop();
        }
        // the sweep's and the quarantine count's indexes, declared before the first sweep (the embedded store keeps
        // but does not plan with them; QueryPlansContainerTests checks MongoDB uses them)
        Map<String, Document> indexes = new java.util.HashMap<>();
        mongo.getCollection(collection).listIndexes().forEach(index -> indexes.put(index.getString("name"), index));
        Document pending = indexes.get(OutboxRelay.PENDING_INDEX);
        assertThat(pending).as("index %s of %s", OutboxRelay.PENDING_INDEX, indexes.keySet()).isNotNull();
        assertThat(pending.get("key", Document.class)).isEqualTo(new Document("outbox.eventId", 1));
        assertThat(pending.getBoolean("sparse")).isTrue();
        Document quarantined = indexes.get(OutboxRelay.QUARANTINED_INDEX);
        assertThat(quarantined).as("index %s of %s", OutboxRelay.QUARANTINED_INDEX, indexes.keySet()).isNotNull();
        assertThat(quarantined.get("key", Document.class)).isEqualTo(new Document(OutboxRelay.QUARANTINE + ".eventId", 1));
        assertThat(quarantined.getBoolean("sparse")).isTrue();
        // the quarantine count finds the quarantined entries, the drained and plain documents are left alone
        assertThat(swept.countQuarantined()).isEqualTo(2);
        assertThat(mongo.findById("plain", Document.class, collection)).isEqualTo(
                new Document("_id", "plain").append("state", "DONE"));
        assertThat(swept.relayOnce()).isZero();
    }

    @Test
    void aDeliveryCompareAndSetMovesOnlyTheDocumentItNamesFromTheStateItExpects() {
        mongo.insert(new Document("_id", "d1").append("status", "PENDING").append("attempt", 1), "cas-things");
        mongo.insert(new Document("_id", "d2").append("status", "PENDING").append("attempt", 1), "cas-things");
        assertThat(DeliveryStateUpdates.advance(mongo, "cas-things", "d1", DeliveryStatus.DISPATCHED, 1, Update::new)).isTrue();
        assertThat(DeliveryStateUpdates.advance(mongo, "cas-things", "d1", DeliveryStatus.PENDING, 1, Update::new)).isFalse();
        assertThat(mongo.findById("d1", Document.class, "cas-things").getString("status")).isEqualTo("DISPATCHED");
        assertThat(mongo.findById("d2", Document.class, "cas-things").getString("status")).isEqualTo("PENDING");
    }

    @Test
    void sendsPoisonRecordsToTheDeadLetterTopicAndKeepsConsuming() {
        kafka.send(new ProducerRecord<>("kit.input", "k", "not a cloud event".getBytes(StandardCharsets.UTF_8)));
        OutgoingEvent good = OutgoingEvent.of("kit.input", "k", "vn.govcomm.test.v1", "/services/kit-test", null,
                null, Instant.now(), "{}");
        kafka.send(EventPublisher.toRecord(good));

        List<ConsumerRecord<String, byte[]>> dead = consume("kit.input.DLT", 1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not a cloud event");
        assertThat(dead.get(0).headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> app.handled.contains(good.eventId()));
    }

    private static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }
}
