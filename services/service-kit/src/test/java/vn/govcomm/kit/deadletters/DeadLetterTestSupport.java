package vn.govcomm.kit.deadletters;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.testing.TestCallers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running service for the dead-letter tests (a real KRaft broker, the MongoDB-wire store, the kit's
 * auto-configuration and a listener that fails on demand), shared by the test classes that extend this; and what
 * they need: HTTP calls with caller tokens, dead letters written straight into the DLT as spring-kafka writes them.
 */
@SpringBootTest(classes = DeadLetterApiIntegrationTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=" + DeadLetterTestSupport.AUDIENCE, "govcomm.database=dlt",
                "govcomm.kafka.max-retries=1", "govcomm.dead-letters.refresh-interval=1h",
                "govcomm.dead-letters.preview-size=64B", "govcomm.dead-letters.max-bulk=3"})
abstract class DeadLetterTestSupport {

    static final String AUDIENCE = "dlt-test";
    static final String SOURCE = "dlt.orders";
    static final String DLT = "dlt.orders.DLT";
    static final String GROUP = "dlt-test.orders";
    static final String BASE = "/api/dead-letters/topics";
    static final String ADMIN = TestCallers.bearer(AUDIENCE, "admin.sokhcn", "so-khoa-hoc-cong-nghe", "admin");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Started once for every class of this JVM that extends this (they share one Spring context). */
    static final class Infrastructure {
        static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
        static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
        static final DeadLetterLog PROBE = new DeadLetterLog(Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
                Map.of("bootstrap.servers", KAFKA.bootstrapServers()), "probe", java.time.Duration.ofSeconds(10));

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
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(java.util.UUID.randomUUID().toString()));
        headers.add("ce_type", bytes(eventType));
        headers.add("ce_source", bytes("/services/dlt-test"));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes("org.springframework.kafka.listener.ListenerExecutionFailedException"));
        headers.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, bytes(exceptionClass));
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes("Listener failed; " + exceptionClass + ": broken"));
        headers.add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, bytes(exceptionClass + ": broken\n\tat somewhere"));
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(SOURCE));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(0).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(7).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(System.currentTimeMillis()).array());
        if (group != null) {
            headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, bytes(group));
        }
        RecordMetadata sent = kafka.send(new ProducerRecord<>(DLT, null, key, bytes(value), headers)).get(10, TimeUnit.SECONDS)
                .getRecordMetadata();
        return new RecordId(sent.partition(), sent.offset());
    }

    /** The end offsets of the source topic: whether anything was replayed to it. */
    Map<Integer, Long> sourceEnds() {
        Map<Integer, Long> ends = new java.util.TreeMap<>();
        Infrastructure.PROBE.ranges(SOURCE).forEach((p, r) -> ends.put(p, r.end()));
        return ends;
    }

    Document action(RecordId id) {
        return mongo.findById(id.key(DLT), Document.class, DeadLetterActions.COLLECTION);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
