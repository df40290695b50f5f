package vn.govcomm.kit.deadletters;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.events.PoisonEventException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One running service for the dead-letter tests (a real KRaft broker, the MongoDB-wire store, the kit's
 * auto-configuration and a listener that fails on demand), shared by the test classes that extend this; and what
 * they need: HTTP calls with caller tokens, dead letters written straight into the DLT as spring-kafka writes them.
 * Replays wait at most 6 s for the listener (far beyond what {@link Orders} takes, except where a test holds it).
 */
@SpringBootTest(classes = DeadLetterTestSupport.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=" + DeadLetterTestSupport.AUDIENCE, "govcomm.database=dlt",
                "govcomm.kafka.max-retries=1", "govcomm.dead-letters.refresh-interval=1h",
                "govcomm.dead-letters.preview-size=64B", "govcomm.dead-letters.max-bulk=3",
                "govcomm.dead-letters.replay-timeout=6s"})
abstract class DeadLetterTestSupport {

    static final String AUDIENCE = "dlt-test";
    static final String SOURCE = "dlt.orders";
    static final String DLT = "dlt.orders.DLT";
    static final String GROUP = "dlt-test.orders";
    static final String LISTENER = "dlt-test.orders-listener";
    static final int ORIGINAL_PARTITION = 1;
    static final long ORIGINAL_OFFSET = 7;
    static final long ORIGINAL_TIMESTAMP = 1_772_330_400_000L; // 2026-03-01T02:00:00Z
    static final String BASE = "/api/dead-letters/topics";
    /** The admin's display name, which the actions record next to the user id for people to read. */
    static final String ADMIN_NAME = "Đặng Thu Hà";
    static final String ADMIN = TestCallers.namedBearer(AUDIENCE, "admin.sokhcn", ADMIN_NAME, "so-khoa-hoc-cong-nghe", "admin");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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

    /**
     * The service's listener. Values starting with "fail" fail (poison) until their key is fixed, like a bug fixed
     * after the fact; "outage" ones fail as an unreachable store would; "slow" ones wait until released.
     */
    static class Orders {
        final Set<String> fixed = ConcurrentHashMap.newKeySet();
        final List<ConsumerRecord<String, byte[]>> handled = new CopyOnWriteArrayList<>();
        final Map<String, Thread> threads = new ConcurrentHashMap<>();
        volatile CountDownLatch slow = new CountDownLatch(0);

        // a second topic whose DLT does not exist: not listed
        @KafkaListener(id = LISTENER, topics = {SOURCE, "dlt.quiet"}, groupId = GROUP)
        void on(ConsumerRecord<String, byte[]> record) throws InterruptedException {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            if (record.key() != null) {
                threads.put(record.key(), Thread.currentThread());
            }
            if (value.startsWith("slow") && !slow.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            if (!fixed.contains(record.key())) {
                if (value.startsWith("fail")) {
                    throw new PoisonEventException("cannot handle order " + record.key());
                }
                if (value.startsWith("outage")) {
                    throw new DataAccessResourceFailureException("store unreachable for order " + record.key());
                }
            }
            handled.add(record);
        }

        List<ConsumerRecord<String, byte[]>> handled(String key) {
            return handled.stream().filter(r -> key.equals(r.key())).toList();
        }
    }

    /** Started once for every class of this JVM that extends this (they share one Spring context). */
    static final class Infrastructure {
        static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
        static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
        static final DeadLetterLog PROBE = new DeadLetterLog(Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
                "probe", java.time.Duration.ofSeconds(10));

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                PROBE.close();
                KAFKA.close();
                MONGO.close();
            }));
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", Infrastructure.KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> Infrastructure.MONGO.uri("dlt"));
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }

    @LocalServerPort int port;
    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired MongoTemplate mongo;
    @Autowired Orders orders;

    record Answer(int status, String contentType, JsonNode body, String raw) {
        String code() {
            return body.path("code").asString();
        }
    }

    Answer get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        headers.forEach(request::header);
        return answer(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    Answer get(String path) throws Exception {
        return get(path, Map.of("Authorization", ADMIN));
    }

    Answer post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return answer(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    Answer post(String path, String body) throws Exception {
        return post(path, body, Map.of("Authorization", ADMIN));
    }

    private static Answer answer(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (RuntimeException e) {
            body = JSON.createObjectNode();
        }
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body,
                response.body());
    }

    /**
     * A dead letter as spring-kafka's recoverer writes one: the original record's key, value and headers plus the
     * {@code kafka_dlt-*} headers; {@code group} null = a dead letter without a group name.
     */
    RecordId deadLetter(String key, String value, String exceptionClass, String eventType, String group)
            throws Exception {
        return deadLetter(key, value, exceptionClass, eventType, group, SOURCE);
    }

    RecordId deadLetter(String key, String value, String exceptionClass, String eventType, String group,
                        String originalTopic) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(java.util.UUID.randomUUID().toString()));
        headers.add("ce_type", bytes(eventType));
        headers.add("ce_source", bytes("/services/dlt-test"));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes("org.springframework.kafka.listener.ListenerExecutionFailedException"));
        headers.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, bytes(exceptionClass));
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes("Listener failed; " + exceptionClass + ": broken"));
        headers.add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, bytes(exceptionClass + ": broken\n\tat somewhere"));
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(originalTopic));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(ORIGINAL_PARTITION).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(ORIGINAL_OFFSET).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(ORIGINAL_TIMESTAMP).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, bytes("CreateTime"));
        if (group != null) {
            headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, bytes(group));
        }
        RecordMetadata sent = kafka.send(new ProducerRecord<>(DLT, null, key, bytes(value), headers)).get(10, TimeUnit.SECONDS)
                .getRecordMetadata();
        return new RecordId(sent.partition(), sent.offset());
    }

    /** The end offsets of the source topic: nothing is ever written to it by a replay. */
    Map<Integer, Long> sourceEnds() {
        Map<Integer, Long> ends = new java.util.TreeMap<>();
        Infrastructure.PROBE.ranges(SOURCE).forEach((p, r) -> ends.put(p, r.end()));
        return ends;
    }

    Document action(RecordId id) {
        return mongo.findById(id.key(DLT), Document.class, DeadLetterActions.COLLECTION);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
