package vn.govcomm.led;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.xibo.FakeXibo;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.OutgoingEvent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Spring context for every integration test of the module (same properties = cached context): a real
 * Kafka broker, mongo-java-server, and a fake Xibo CMS whose display group drives screen {@value #XIBO_SCREEN}.
 * Screens poll every second here and are offline after 2 s without a heartbeat. The context trusts
 * {@link TestCallers}' key: {@code /api/**} calls carry a caller token for audience {@value #AUDIENCE}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=led-adapter",
        "govcomm.led.screens.poll-interval=1s",
        "govcomm.led.screens.offline-after-missed-heartbeats=2",
        "govcomm.led.screens.health-check-interval=300ms",
        "govcomm.led.xibo.client-id=" + LedAdapterTestSupport.XIBO_CLIENT,
        "govcomm.led.xibo.client-secret=" + LedAdapterTestSupport.XIBO_SECRET,
        "govcomm.led.xibo.retry-wait=20ms",
        "govcomm.led.xibo.sweep-interval=1h",
        // Compressed time for deliveries Xibo cannot take yet (the kit's durable retries):
        "govcomm.delivery.retry.first-delay=200ms",
        "govcomm.delivery.retry.max-delay=1s",
        "govcomm.delivery.retry.poll-interval=100ms"})
public abstract class LedAdapterTestSupport {

    public static final String XIBO_CLIENT = "govcomm-led";
    public static final String XIBO_SECRET = "xibo-test-secret";
    public static final String XIBO_SCREEN = "scr-xibo-trung-tam-1";
    public static final String REQUESTED = "vn.govcomm.delivery.requested.v1";
    public static final String RETRACTED = "vn.govcomm.delivery.retracted.v1";
    public static final String STATUS = "vn.govcomm.delivery.status-changed.v1";
    public static final String AGENCY_CHANGED = "vn.govcomm.directory.agency-changed.v1";
    /** The caller tokens' audience: this service's name. */
    public static final String AUDIENCE = "led-adapter";
    /** The agency of the directory's contract example, and so of the screens {@link #registerScreen} registers. */
    public static final String SCREEN_AGENCY = "so-y-te";

    protected static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    protected static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    protected static final FakeXibo XIBO = new FakeXibo().registerClient(XIBO_CLIENT, XIBO_SECRET).start(0);
    protected static final int XIBO_DISPLAY = XIBO.addDisplay("Trung tâm Phục vụ hành chính công - màn hình 1");

    static {
        serveEventSearchIfTheFakeLacksIt();
    }
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("govcomm_led"));
        registry.add("govcomm.led.xibo.base-url", XIBO::baseUrl);
        registry.add("govcomm.led.xibo.screens." + XIBO_SCREEN + ".display-group-id",
                () -> XIBO.displayGroupOf(XIBO_DISPLAY));
    }

    /**
     * The bridge finds a schedule whose answer was lost with {@code GET /schedule/data/events} (Xibo's calendar
     * data). A channel-fakes jar built before FakeXibo learnt that route answers 404 "Not Found" (unauthenticated,
     * where the route answers 401): then the route is filled in from the fake's own events, as Xibo answers it
     * ({@code {"success":1,"result":[{"id", "event":{eventId, campaignId, …}}]}}, the bridge filtering by campaign).
     */
    private static void serveEventSearchIfTheFakeLacksIt() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            int status = client.send(HttpRequest.newBuilder(URI.create(XIBO.baseUrl() + "/api/schedule/data/events"))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            XIBO.clearRequestLog();
            if (status != 404) {
                return;
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("fake Xibo not reachable", e);
        }
        XIBO.faults().always("GET", ".*/schedule/data/events", Fault.respondWith(() -> Response.json(200, Map.of(
                "success", 1, "result", XIBO.events().stream().map(e -> Map.of("id", e.eventId(), "event", Map.of(
                        "eventId", e.eventId(), "campaignId", e.campaignId(), "eventTypeId", e.eventTypeId(),
                        "displayGroupIds", e.displayGroupIds()))).toList())), "calendar data (test shim)"));
    }

    @LocalServerPort protected int port;
    @Autowired protected MongoTemplate mongo;
    @Autowired protected EventPublisher publisher;

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    protected static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** The contract example of DeliveryRequested, for this delivery and screen, valid from an hour ago for a day. */
    protected static ObjectNode request(String deliveryId, String screenId) {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.get().example(REQUESTED));
        data.put("deliveryId", deliveryId);
        data.put("externalId", screenId);
        ObjectNode window = (ObjectNode) data.get("window");
        window.put("startsAt", Instant.now().minus(Duration.ofHours(1)).toString());
        window.put("endsAt", Instant.now().plus(Duration.ofDays(1)).toString());
        data.remove("ledSchedule");
        return data;
    }

    protected void send(String type, ObjectNode data) {
        String json = data.toString();
        assertThat(Contracts.get().validate(type, json)).as("test input matches the contract").isEmpty();
        publisher.send(OutgoingEvent.of("delivery.requests.led", data.path("endpointId").asString(), type,
                "/services/notice-publishing-service", data.path("deliveryId").asString(),
                Contracts.get().contract(type).dataschema(), Instant.now(), json)).join();
    }

    protected void retract(String deliveryId, String screenId, String reason) {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.get().example(RETRACTED));
        data.put("deliveryId", deliveryId);
        data.put("externalId", screenId);
        data.put("reason", reason);
        send(RETRACTED, data);
    }

    protected String status(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, "deliveries");
        return doc == null ? null : doc.getString("status");
    }

    protected void awaitStatus(String deliveryId, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status(deliveryId)).isEqualTo(status));
    }

    /** The status events emitted for a delivery, each validated against the contract schema. */
    protected List<JsonNode> statusEvents(String deliveryId, int expected) {
        List<ConsumerRecord<String, byte[]>> records = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.led",
                r -> deliveryId.equals(r.key()), expected, Duration.ofSeconds(20));
        return records.stream().map(r -> {
            IncomingEvent event = IncomingEvent.from(r);
            assertThat(event.type()).isEqualTo(STATUS);
            assertThat(Contracts.get().validate(STATUS, event.dataAsString())).as(event.dataAsString()).isEmpty();
            return JSON.readTree(event.dataAsString());
        }).toList();
    }

    /** {@code Bearer <caller token>} of an admin (the local run's hoang.quoc.bao), minted now (tokens live 60 s). */
    protected static String admin() {
        return TestCallers.bearer(AUDIENCE, "hoang.quoc.bao", "so-khoa-hoc-cong-nghe", "admin");
    }

    /** {@code Bearer <caller token>} of an officer of {@value #SCREEN_AGENCY} (the local run's le.thi.hoa). */
    protected static String officer() {
        return TestCallers.bearer(AUDIENCE, "le.thi.hoa", SCREEN_AGENCY, "officer");
    }

    /** Issues a device secret through the admin API. */
    protected String issueCredential(String screenId) throws Exception {
        HttpResponse<String> response = api("POST", "/api/led/screens/" + screenId + "/credential", admin(), null);
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body()).path("secret").asString();
    }

    /** A platform API call with {@code authorization} (a caller token's header value, or null for none). */
    protected HttpResponse<String> api(String method, String path, String authorization, String body) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return call(method, path, headers, body);
    }

    protected HttpResponse<String> call(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        headers.forEach(request::header);
        request.header("Content-Type", "application/json").method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes the directory's contract example (agency {@value #SCREEN_AGENCY}) with its LED screen as this one. */
    protected void publishAgencySnapshot(String screenId, int lines, int charsPerLine, Instant at) {
        ObjectNode agency = (ObjectNode) JSON.readTree(Contracts.get().example(AGENCY_CHANGED));
        for (JsonNode endpoint : agency.path("endpoints")) {
            if ("led".equals(endpoint.path("channel").asString())) {
                ((ObjectNode) endpoint).put("externalId", screenId);
                ((ObjectNode) endpoint.path("screen")).put("lines", lines).put("charsPerLine", charsPerLine);
            }
        }
        assertThat(Contracts.get().validate(AGENCY_CHANGED, agency.toString())).isEmpty();
        publisher.send(OutgoingEvent.of("directory.agencies", SCREEN_AGENCY, AGENCY_CHANGED,
                "/services/campaign-service", SCREEN_AGENCY, Contracts.get().contract(AGENCY_CHANGED).dataschema(), at,
                agency.toString())).join();
    }

    /** A 4 × 40 screen of {@value #SCREEN_AGENCY}, registered from the directory (waits until it is stored). */
    protected void registerScreen(String screenId) {
        publishAgencySnapshot(screenId, 4, 40, Instant.now());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Document screen = mongo.findById(screenId, Document.class, "screens");
            assertThat(screen == null ? null : screen.getString("agencyId")).isEqualTo(SCREEN_AGENCY);
        });
    }

    /** A device's call, with its secret ({@code Authorization: Bearer <secret>}) or none. */
    protected HttpResponse<String> http(String method, String path, String secret, String body) throws Exception {
        return api(method, path, secret == null ? null : "Bearer " + secret, body);
    }
}
