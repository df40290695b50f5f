package vn.govcomm.kit.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.govcomm.embedded.DurableKafka;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.events.OutgoingEvent;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison in the embedded outbox, on a real broker: the relays come from the auto-configured {@link OutboxRelays}
 * (the application's producer, its max.request.size set small here: 64 KB), relaying is driven by the tests
 * ({@link OutboxRelay#relayOnce()}), no relay thread runs.
 */
@SpringBootTest(classes = OutboxQuarantineIntegrationTests.App.class, properties = {
        "spring.application.name=outbox-test", "govcomm.database=outbox", "spring.main.web-application-type=none",
        "spring.kafka.producer.properties.max.request.size=" + OutboxQuarantineIntegrationTests.MAX_REQUEST_SIZE,
        // a send the broker cannot take fails after ~2 s instead of the default 2 minutes
        "spring.kafka.producer.properties.delivery.timeout.ms=2000",
        "spring.kafka.producer.properties.request.timeout.ms=1000",
        "spring.kafka.producer.properties.retry.backoff.ms=100"})
@ExtendWith(OutputCaptureExtension.class)
class OutboxQuarantineIntegrationTests {

    static final int MAX_REQUEST_SIZE = 64 * 1024;
    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("outbox"));
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }

    @AfterAll
    static void stop() {
        KAFKA.close();
        MONGO.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    /** An aggregate as services write them with {@link OutboxWriter}. */
    record Thing(@Id String id, long version, String state) {
    }

    @Autowired MongoTemplate mongo;
    @Autowired OutboxRelays relays;
    @Autowired MeterRegistry meters;

    @Test
    void quarantinesAnEventLargerThanTheProducerAcceptsAndPublishesTheEventsBehindIt(CapturedOutput output) {
        String topic = "outbox.oversize." + UUID.randomUUID();
        String collection = "things-" + UUID.randomUUID();
        OutboxRelay relay = relays.forCollection(collection);
        OutgoingEvent poison = event(topic, "a", "vn.govcomm.test.big.v1", json(100 * 1024));
        mongo.insert(new Document("_id", "a").append(OutboxRelay.FIELD, List.of(
                OutboxRelay.toDocument(event(topic, "a", "vn.govcomm.test.v1", "{\"n\":1}")),
                OutboxRelay.toDocument(poison),
                OutboxRelay.toDocument(event(topic, "a", "vn.govcomm.test.v1", "{\"n\":2}")))), collection);
        mongo.insert(new Document("_id", "b").append(OutboxRelay.FIELD, List.of(
                OutboxRelay.toDocument(event(topic, "b", "vn.govcomm.test.v1", "{\"n\":3}")))), collection);

        assertThat(relay.relayOnce()).isEqualTo(3);

        // the events behind the poison one, on its document and on the other, are on the topic, in order
        assertThat(values(topic, "a")).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(values(topic, "b")).containsExactly("{\"n\":3}");
        Document a = mongo.findById("a", Document.class, collection);
        assertThat(a.getList(OutboxRelay.FIELD, Document.class)).isEmpty();
        List<Document> quarantine = a.getList(OutboxRelay.QUARANTINE, Document.class);
        assertThat(quarantine).singleElement().satisfies(entry -> {
            assertThat(entry.getString("eventId")).isEqualTo(poison.eventId());
            assertThat(entry.getString("type")).isEqualTo("vn.govcomm.test.big.v1");
            assertThat(entry.getString("topic")).isEqualTo(topic);
            assertThat(entry.getString("reason")).isEqualTo("too-large");
            assertThat(entry.getString("error")).isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
            assertThat(entry.getString("message")).contains("max.request.size (" + MAX_REQUEST_SIZE + " bytes)");
            assertThat(entry.getInteger("limitBytes")).isEqualTo(MAX_REQUEST_SIZE);
            assertThat(entry.getInteger("recordBytes")).isGreaterThan(100 * 1024);
            assertThat(entry.getDate("quarantinedAt")).isNotNull();
            // nothing is lost: the whole event is kept
            assertThat(OutboxRelay.fromDocument(entry.get("event", Document.class))).isEqualTo(poison);
        });
        assertThat(mongo.findById("b", Document.class, collection).get(OutboxRelay.QUARANTINE)).isNull();
        assertThat(meters.counter("govcomm.outbox.quarantined", "collection", collection,
                "type", "vn.govcomm.test.big.v1").count()).isEqualTo(1);
        assertThat(meters.get("govcomm.outbox.quarantined.events").tag("collection", collection).gauge().value())
                .isEqualTo(1);
        assertThat(relay.countQuarantined()).isEqualTo(1);
        // one ERROR naming the event and where it is; no producer stack trace
        assertThat(occurrences(output.getOut(), "can never be sent and is quarantined")).isEqualTo(1);
        assertThat(output.getOut()).contains(poison.eventId() + " (vn.govcomm.test.big.v1, topic " + topic + ")");
        assertThat(output.getOut()).doesNotContain("Exception thrown when sending").doesNotContain("\tat org.apache.kafka");

        // quarantined means out of the way: the next turns have nothing left to send and nothing more to quarantine
        assertThat(relay.relayOnce()).isZero();
        assertThat(mongo.findById("a", Document.class, collection).getList(OutboxRelay.QUARANTINE, Document.class)).hasSize(1);
    }

    @Test
    void quarantinesEventsTheBrokerOrTheProducerRefusesAndKeepsGoing() throws Exception {
        String topic = "outbox.small-records." + UUID.randomUUID();
        String collection = "things-" + UUID.randomUUID();
        createTopic(topic, Map.of("max.message.bytes", "8192"));
        OutboxRelay relay = relays.forCollection(collection);
        // 20 KB fits the producer (64 KB) but not the topic (8 KB): the broker refuses it
        OutgoingEvent tooBigForTheTopic = event(topic, "c", "vn.govcomm.test.big.v1", json(20 * 1024));
        OutgoingEvent invalidTopic = event("not a topic!", "c", "vn.govcomm.test.v1", "{\"n\":0}");
        Document notAnEvent = new Document("eventId", UUID.randomUUID().toString()).append("type", "vn.govcomm.test.v1")
                .append("topic", topic); // no key, time, data
        mongo.insert(new Document("_id", "c").append(OutboxRelay.FIELD, List.of(
                OutboxRelay.toDocument(event(topic, "c", "vn.govcomm.test.v1", "{\"n\":1}")),
                OutboxRelay.toDocument(tooBigForTheTopic),
                OutboxRelay.toDocument(invalidTopic),
                notAnEvent,
                OutboxRelay.toDocument(event(topic, "c", "vn.govcomm.test.v1", "{\"n\":2}")))), collection);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.relayOnce();
            return mongo.findById("c", Document.class, collection).getList(OutboxRelay.FIELD, Document.class).isEmpty();
        });

        assertThat(values(topic, "c")).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(mongo.findById("c", Document.class, collection).getList(OutboxRelay.QUARANTINE, Document.class))
                .extracting(e -> e.getString("eventId") + " " + e.getString("reason") + " " + e.getString("error"))
                .containsExactly(
                        tooBigForTheTopic.eventId() + " too-large org.apache.kafka.common.errors.RecordTooLargeException",
                        invalidTopic.eventId() + " invalid-topic org.apache.kafka.common.errors.InvalidTopicException",
                        notAnEvent.getString("eventId") + " invalid-event java.lang.NullPointerException");
        assertThat(relay.countQuarantined()).isEqualTo(3);
    }

    @Test
    void aBrokerOutageIsRetriedNotQuarantinedAndLoggedOncePerOutage(@TempDir Path kafkaDir, CapturedOutput output)
            throws Exception {
        // a broker of its own, stopped and started again on the same port and data: an outage and its end
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DurableKafka broker = DurableKafka.start(kafkaDir, port, 1, false);
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
        String topic = "outbox.outage." + UUID.randomUUID();
        String collection = "things-" + UUID.randomUUID();
        OutboxRelay relay = new OutboxRelays(mongo, null, meters, Duration.ofSeconds(2)).useProducer(producers)
                .forCollection(collection);
        try {
            mongo.insert(new Document("_id", "d0").append(OutboxRelay.FIELD, List.of(
                    OutboxRelay.toDocument(event(topic, "d", "vn.govcomm.test.v1", "{\"n\":0}")))), collection);
            assertThat(relay.relayOnce()).isEqualTo(1);

            broker.close();
            mongo.insert(new Document("_id", "d").append(OutboxRelay.FIELD, List.of(
                    OutboxRelay.toDocument(event(topic, "d", "vn.govcomm.test.v1", "{\"n\":1}")),
                    OutboxRelay.toDocument(event(topic, "d", "vn.govcomm.test.v1", "{\"n\":2}")))), collection);
            for (int turn = 0; turn < 3; turn++) {
                assertThat(relay.relayOnce()).isZero();
            }

            Document d = mongo.findById("d", Document.class, collection);
            assertThat(d.getList(OutboxRelay.FIELD, Document.class)).hasSize(2);
            assertThat(d.get(OutboxRelay.QUARANTINE)).isNull();
            assertThat(meters.counter("govcomm.outbox.failures", "collection", collection).count()).isEqualTo(3);
            assertThat(occurrences(output.getOut(), "Outbox relay of " + collection + " cannot publish")).isEqualTo(1);
            assertThat(output.getOut()).doesNotContain("Exception thrown when sending");

            // the broker is back: the same events go out, in order, and the log says so once
            broker = DurableKafka.start(kafkaDir, port, 1, false);
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.relayOnce() > 0);
            assertThat(mongo.findById("d", Document.class, collection).getList(OutboxRelay.FIELD, Document.class)).isEmpty();
            assertThat(mongo.findById("d", Document.class, collection).get(OutboxRelay.QUARANTINE)).isNull();
            assertThat(values(broker.bootstrapServers(), topic, "d"))
                    .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
            assertThat(occurrences(output.getOut(), "Outbox relay of " + collection + " publishes again")).isEqualTo(1);
        } finally {
            producers.destroy();
            broker.close();
        }
    }

    @Test
    void anEventThatResolvesTheQuarantineMovesWhatItReplacesOutOfItOnceItIsPublished() {
        String topic = "outbox.repair." + UUID.randomUUID();
        String collection = "things-" + UUID.randomUUID();
        OutboxRelay relay = relays.forCollection(collection);
        OutboxWriter writer = new OutboxWriter(mongo);
        OutgoingEvent poison = event(topic, "e", "vn.govcomm.test.big.v1", json(100 * 1024));
        writer.insert(new Thing("e", 1, "BIG"), collection, List.of(poison));
        relay.relayOnce();
        assertThat(relay.countQuarantined()).isEqualTo(1);

        // an update mapping the aggregate does not touch the quarantine; its event is sent, then resolves it
        OutgoingEvent repair = event(topic, "e", "vn.govcomm.test.small.v1", "{\"n\":1}");
        writer.update(new Thing("e", 2, "SMALL"), 1, collection, List.of(repair), event -> true);
        Document written = mongo.findById("e", Document.class, collection);
        assertThat(written.getString("state")).isEqualTo("SMALL");
        assertThat(written.getList(OutboxRelay.QUARANTINE, Document.class)).hasSize(1);

        assertThat(relay.relayOnce()).isEqualTo(1);

        assertThat(values(topic, "e")).containsExactly("{\"n\":1}");
        Document e = mongo.findById("e", Document.class, collection);
        assertThat(e.getList(OutboxRelay.FIELD, Document.class)).isEmpty();
        assertThat(e.getList(OutboxRelay.QUARANTINE, Document.class)).isEmpty();
        assertThat(e.getList(OutboxRelay.RESOLVED, Document.class)).singleElement().satisfies(entry -> {
            assertThat(entry.getString("eventId")).isEqualTo(poison.eventId());
            assertThat(entry.getString("reason")).isEqualTo("too-large");
            assertThat(entry.getString("resolvedBy")).isEqualTo(repair.eventId());
            assertThat(entry.getDate("resolvedAt")).isNotNull();
            assertThat(entry.get("event")).as("the replaced payload is not kept").isNull();
        });
        assertThat(relay.countQuarantined()).isZero();
        assertThat(meters.counter("govcomm.outbox.quarantine.resolved", "collection", collection,
                "type", "vn.govcomm.test.big.v1").count()).isEqualTo(1);
    }

    @Test
    void anEventThatResolvesNothingLeavesTheQuarantineAlone() {
        String topic = "outbox.no-repair." + UUID.randomUUID();
        String collection = "things-" + UUID.randomUUID();
        OutboxRelay relay = relays.forCollection(collection);
        OutboxWriter writer = new OutboxWriter(mongo);
        writer.insert(new Thing("f", 1, "BIG"), collection, List.of(event(topic, "f", "vn.govcomm.test.big.v1", json(100 * 1024))));
        relay.relayOnce();

        writer.update(new Thing("f", 2, "NEXT"), 1, collection, List.of(event(topic, "f", "vn.govcomm.test.v1", "{\"n\":1}")));
        assertThat(relay.relayOnce()).isEqualTo(1);

        Document f = mongo.findById("f", Document.class, collection);
        assertThat(f.getList(OutboxRelay.QUARANTINE, Document.class)).hasSize(1);
        assertThat(f.get(OutboxRelay.RESOLVED)).isNull();
    }

    @Test
    void anOperatorMovesAQuarantinedEventBackAndARelayThatAcceptsItSendsItWithItsOriginalId() {
        String topic = "outbox.replay." + UUID.randomUUID();
        String collection = "things-" + UUID.randomUUID();
        OutgoingEvent poison = event(topic, "g", "vn.govcomm.test.big.v1", json(100 * 1024));
        mongo.insert(new Document("_id", "g").append(OutboxRelay.FIELD, List.of(OutboxRelay.toDocument(poison))), collection);
        relays.forCollection(collection).relayOnce();

        // the operator raised the producer's limit (here: another relay whose producer takes 1 MB) and moves it back,
        // as the README's mongosh lines do
        DefaultKafkaProducerFactory<String, byte[]> larger = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        try {
            OutboxRelay relay = new OutboxRelays(mongo, null, meters, Duration.ofSeconds(2)).useProducer(larger)
                    .forCollection(collection);
            Query withEntry = Query.query(Criteria.where("_id").is("g").and(OutboxRelay.QUARANTINE + ".eventId").is(poison.eventId()));
            withEntry.fields().elemMatch(OutboxRelay.QUARANTINE, Criteria.where("eventId").is(poison.eventId()));
            Document entry = mongo.findOne(withEntry, Document.class, collection).getList(OutboxRelay.QUARANTINE, Document.class).getFirst();
            assertThat(mongo.updateFirst(withEntry, new Update().push(OutboxRelay.FIELD, entry.get("event"))
                    .pull(OutboxRelay.QUARANTINE, new Document("eventId", poison.eventId())), collection).getModifiedCount())
                    .isEqualTo(1);

            assertThat(relay.relayOnce()).isEqualTo(1);

            assertThat(values(topic, "g")).singleElement().asString().startsWith("{\"text\":\"xxx");
            Document g = mongo.findById("g", Document.class, collection);
            assertThat(g.getList(OutboxRelay.FIELD, Document.class)).isEmpty();
            assertThat(g.getList(OutboxRelay.QUARANTINE, Document.class)).isEmpty();
            assertThat(relay.countQuarantined()).isZero();
        } finally {
            larger.destroy();
        }
    }

    private static OutgoingEvent event(String topic, String key, String type, String data) {
        // the store keeps milliseconds
        return OutgoingEvent.of(topic, key, type, "/services/outbox-test", key, null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), data);
    }

    private static String json(int bytes) {
        return "{\"text\":\"" + "x".repeat(bytes) + "\"}";
    }

    private static int occurrences(String text, String part) {
        return (int) Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }

    private static void createTopic(String topic, Map<String, String> config) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(config))).all().get();
        }
    }

    private static List<String> values(String topic, String key) {
        return values(KAFKA.bootstrapServers(), topic, key);
    }

    /** The values on the topic for this key, read up to its end offsets. */
    private static List<String> values(String bootstrapServers, String topic, String key) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (key.equals(r.key())) {
                        values.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return values;
    }
}
