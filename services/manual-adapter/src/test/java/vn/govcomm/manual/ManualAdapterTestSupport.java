package vn.govcomm.manual;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.OutgoingEvent;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Spring context for every integration test of the module (same properties = cached context): a real Kafka
 * broker (KRaft, in-process) and mongo-java-server. Each test uses its own delivery and campaign ids. Callers carry
 * caller tokens for this service ({@value #AUDIENCE}) signed by {@link TestCallers}' key. Evidence files are
 * limited to 256 KB here; the repair sweep runs every 300 ms for reports older than 2 s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=manual-adapter",
        "govcomm.kafka.max-retries=2",
        "govcomm.manual.console-base-url=" + ManualAdapterTestSupport.CONSOLE,
        "govcomm.manual.evidence.max-file-size=256KB",
        "govcomm.manual.report-sweep-interval=300ms",
        "govcomm.manual.report-grace=2s",
        "govcomm.manual.metrics-interval=1h"})
public abstract class ManualAdapterTestSupport {

    public static final String AUDIENCE = "manual-adapter";
    public static final String CONSOLE = "https://console.govcomm.test";
    public static final String REQUESTED = "vn.govcomm.delivery.requested.v1";
    public static final String RETRACTED = "vn.govcomm.delivery.retracted.v1";
    public static final String STATUS = "vn.govcomm.delivery.status-changed.v1";
    /** The agency that must publish (the contract example's agencyId). */
    public static final String TARGET = "so-y-te";
    /** The agency that issued the campaign and reviews the evidence (the contract example's issuingAgencyId). */
    public static final String ISSUER = "so-noi-vu";
    public static final String OTHER = "so-tai-chinh";
    public static final String ENDPOINT_NAME = "Bảng tin Bộ phận Một cửa";
    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    public static final byte[] PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);
    public static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};

    protected static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    protected static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("govcomm_manual"));
    }

    @LocalServerPort protected int port;
    @Autowired protected MongoTemplate mongo;
    @Autowired protected EventPublisher publisher;
    @Autowired protected AdapterDeliveries deliveries;
    @Autowired protected ChannelAdapter channel;

    protected static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    // ---- callers ---------------------------------------------------------------------------------------------

    public static String bearer(String user, String agency, String role) {
        return TestCallers.bearer(AUDIENCE, user, agency, role);
    }

    /** With a display name in the token (the target approver and the issuing officer have none: ids only). */
    protected static String targetOfficer() {
        return TestCallers.namedBearer(AUDIENCE, "le.thi.hoa", "Lê Thị Hoa", TARGET, "officer");
    }

    protected static String targetApprover() {
        return bearer("pham.van.duc", TARGET, "approver");
    }

    protected static String issuingOfficer() {
        return bearer("tran.thi.lan", ISSUER, "officer");
    }

    protected static String issuingApprover() {
        return TestCallers.namedBearer(AUDIENCE, "nguyen.van.minh", "Nguyễn Văn Minh", ISSUER, "approver");
    }

    protected static String admin() {
        return bearer("hoang.quoc.bao", "so-khoa-hoc-cong-nghe", "admin");
    }

    // ---- deliveries ------------------------------------------------------------------------------------------

    /**
     * The contract example of DeliveryRequested as a manual delivery to {@value #TARGET}'s One-Stop notice board,
     * window from an hour ago for a week, deadline in five days.
     */
    protected static ObjectNode request(String deliveryId, String campaignId) {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.get().example(REQUESTED));
        data.put("deliveryId", deliveryId);
        data.put("campaignId", campaignId);
        data.put("channel", "manual");
        data.put("endpointId", TARGET + ".manual-1");
        data.put("externalId", "one-stop-board");
        data.put("endpointName", ENDPOINT_NAME);
        ObjectNode window = (ObjectNode) data.get("window");
        window.put("startsAt", Instant.now().minus(Duration.ofHours(1)).toString());
        window.put("endsAt", Instant.now().plus(Duration.ofDays(7)).toString());
        data.put("deadline", Instant.now().plus(Duration.ofDays(5)).toString());
        data.remove("ledSchedule");
        ((ObjectNode) data.get("content")).remove("lines");
        return data;
    }

    /** Publishes a request or retraction on delivery.requests.manual (validated against the contract first). */
    protected void send(String type, ObjectNode data) {
        String json = data.toString();
        assertThat(Contracts.get().validate(type, json)).as("test input matches the contract").isEmpty();
        publisher.send(OutgoingEvent.of("delivery.requests.manual", data.path("endpointId").asString(), type,
                "/services/notice-publishing-service", data.path("deliveryId").asString(),
                Contracts.get().contract(type).dataschema(), Instant.now(), json)).join();
    }

    protected void retract(ObjectNode request, String reason) {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.get().example(RETRACTED));
        for (String field : List.of("deliveryId", "campaignId", "agencyId", "channel", "endpointId", "externalId")) {
            data.set(field, request.get(field));
        }
        data.put("reason", reason);
        send(RETRACTED, data);
    }

    /** A task opened over Kafka; waits until its ACCEPTED status is recorded. */
    protected String requestOverKafka(ObjectNode request) {
        send(REQUESTED, request);
        String id = request.path("deliveryId").asString();
        awaitDeliveryStatus(id, "ACCEPTED");
        return id;
    }

    /**
     * A task opened in-process, as the kit's dispatcher would (record the request, then the adapter's publish):
     * for tests that need many tasks and are not about the wire.
     */
    protected String openTask(String campaignId) {
        String id = newId("dlv");
        ObjectNode data = request(id, campaignId);
        DeliveryRequested request = JSON.readValue(data.toString(), DeliveryRequested.class);
        assertThat(deliveries.accept(request, Document.parse(data.toString()))).isTrue();
        channel.publish(request);
        return id;
    }

    protected Document task(String deliveryId) {
        return mongo.findById(deliveryId, Document.class, "manual_tasks");
    }

    protected String taskState(String deliveryId) {
        Document task = task(deliveryId);
        return task == null ? null : task.getString("state");
    }

    protected String deliveryStatus(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, "deliveries");
        return doc == null ? null : doc.getString("status");
    }

    protected void awaitDeliveryStatus(String deliveryId, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deliveryStatus(deliveryId)).isEqualTo(status));
    }

    protected long files(String deliveryId) {
        return mongo.count(Query.query(Criteria.where("deliveryId").is(deliveryId)), "manual_evidence_files");
    }

    /** The status events of a delivery on delivery.status.manual, each validated against the contract. */
    protected List<JsonNode> statusEvents(String deliveryId, int expected) {
        List<ConsumerRecord<String, byte[]>> records = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.manual",
                r -> deliveryId.equals(r.key()), expected, Duration.ofSeconds(20));
        return records.stream().map(r -> {
            IncomingEvent event = IncomingEvent.from(r);
            assertThat(event.type()).isEqualTo(STATUS);
            assertThat(event.source()).isEqualTo("/services/manual-adapter");
            assertThat(Contracts.get().validate(STATUS, event.dataAsString())).as(event.dataAsString()).isEmpty();
            return JSON.readTree(event.dataAsString());
        }).toList();
    }

    protected static LocalDate today() {
        return LocalDate.now(VIETNAM);
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    protected HttpResponse<String> get(String path, String authorization) throws Exception {
        return call("GET", path, headers(authorization), null, null);
    }

    protected HttpResponse<byte[]> download(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        headers(authorization).forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    protected HttpResponse<String> postJson(String path, String authorization, String json) throws Exception {
        return call("POST", path, headers(authorization), "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    protected HttpResponse<String> review(String deliveryId, String authorization, String decision, String reason)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision);
        if (reason != null) {
            body.put("reason", reason);
        }
        return postJson("/api/manual/tasks/" + deliveryId + "/review", authorization, JSON.writeValueAsString(body));
    }

    protected HttpResponse<String> submitEvidence(String deliveryId, String authorization, Multipart form)
            throws Exception {
        return postMultipart("/api/manual/tasks/" + deliveryId + "/evidence", headers(authorization), form);
    }

    protected HttpResponse<String> postMultipart(String path, Map<String, String> headers, Multipart form)
            throws Exception {
        return call("POST", path, headers, "multipart/form-data; boundary=" + form.boundary, form.body());
    }

    protected HttpResponse<String> call(String method, String path, Map<String, String> headers, String contentType,
                                        byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    protected static Map<String, String> headers(String authorization) {
        return authorization == null ? Map.of() : Map.of("Authorization", authorization);
    }

    /** Valid evidence: a link, a note, published today. */
    protected static Multipart linkEvidence(String url) {
        return new Multipart().text("url", url).text("note", "Đã niêm yết tại bảng tin tầng 1.")
                .text("publishedOn", today().toString());
    }

    /** Valid evidence: a photo only, published today. */
    protected static Multipart photoEvidence() {
        return new Multipart().text("publishedOn", today().toString()).file("file", "ảnh bảng tin.png", "image/png", PNG);
    }

    /** A multipart/form-data body as a browser sends it (text parts in UTF-8 without a charset). */
    public static final class Multipart {
        final String boundary = "----govcomm" + UUID.randomUUID().toString().replace("-", "");
        private final List<byte[]> parts = new ArrayList<>();

        public Multipart text(String name, String value) {
            parts.add(("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value)
                    .getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Multipart file(String name, String fileName, String contentType, byte[] data) {
            return fileWithDisposition("form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"", contentType,
                    data);
        }

        /** A file part with this Content-Disposition as it stands (e.g. Spring's filename plus filename*). */
        public Multipart fileWithDisposition(String disposition, String contentType, byte[] data) {
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            part.writeBytes(("Content-Disposition: " + disposition + "\r\n"
                    + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            part.writeBytes(data);
            parts.add(part.toByteArray());
            return this;
        }

        byte[] body() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(part);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }
    }
}
