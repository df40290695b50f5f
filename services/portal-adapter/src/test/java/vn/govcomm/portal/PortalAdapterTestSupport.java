package vn.govcomm.portal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import vn.govcomm.fakes.wordpress.FakeWordPress;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.OutgoingEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Spring context for every integration test of the module (same properties = cached context): a real Kafka
 * broker (KRaft, in-process) and mongo-java-server. Each test uses its own portal id, so tests do not interfere.
 * Callers authenticate with caller tokens for this service ({@link #AUDIENCE}) signed by {@link TestCallers}' key.
 * The fakes the adapter calls listen on 127.0.0.1: exactly their host:port pairs are allow-listed for outbound
 * calls (plain http allowed), so every other loopback or private URL is still refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=portal-adapter",
        "govcomm.portal.public-base-url=" + PortalAdapterTestSupport.PUBLIC_BASE,
        "govcomm.credentials.encryption-key=" + PortalAdapterTestSupport.KEY,
        "govcomm.kafka.max-retries=2",
        "govcomm.outbound.allow-http=true",
        // Compressed time for the waits of deliveries WordPress cannot take yet (the kit's durable retries):
        "govcomm.delivery.retry.first-delay=200ms",
        "govcomm.delivery.retry.max-delay=1s",
        "govcomm.delivery.retry.poll-interval=100ms",
        "govcomm.portal.wordpress.unconfirmed-horizon=3s",
        "govcomm.portal.wordpress.trash-retry-interval=300ms",
        "govcomm.outbound.read-timeout=2s"})
public abstract class PortalAdapterTestSupport {

    public static final String PUBLIC_BASE = "https://feeds.govcomm.test";
    static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public static final String REQUESTED = "vn.govcomm.delivery.requested.v1";
    public static final String RETRACTED = "vn.govcomm.delivery.retracted.v1";
    public static final String STATUS = "vn.govcomm.delivery.status-changed.v1";
    /** "Khánh Hòa" with decomposed diacritics (NFD): what some editors paste. */
    public static final String NFD_KHANH_HOA = java.text.Normalizer.normalize("Khánh Hòa", java.text.Normalizer.Form.NFD);
    /** The aud of caller tokens for this service (its spring.application.name). */
    public static final String AUDIENCE = "portal-adapter";
    /** The agency of the test deliveries unless a test says otherwise. */
    public static final String AGENCY = "so-y-te";

    protected static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    protected static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The WordPress site of every push test (runs for the whole test JVM: the context's allow-list names its port). */
    protected static final FakeWordPress WORDPRESS = new FakeWordPress().start();
    /** Reserved for the WebSub subscriber a test starts ({@code new FakeWebSubSubscriber().start(SUBSCRIBER_PORT)}). */
    protected static final int SUBSCRIBER_PORT = freePort();
    /**
     * Reserved for a WordPress site that is down (nothing listens: connection refused) until a test starts a fake
     * on it ({@code new FakeWordPress().start(DOWN_SITE_PORT)}).
     */
    protected static final int DOWN_SITE_PORT = freePort();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("govcomm_portal"));
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
        registry.add("govcomm.outbound.allowed-hosts",
                () -> "127.0.0.1:" + WORDPRESS.port() + ",127.0.0.1:" + SUBSCRIBER_PORT + ",127.0.0.1:" + DOWN_SITE_PORT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Bearer <caller token>} for this service. */
    protected static String bearer(String user, String agency, String... roles) {
        return TestCallers.bearer(AUDIENCE, user, agency, roles);
    }

    protected static String admin() {
        return bearer("quan.tri", "so-thong-tin-truyen-thong", "admin");
    }

    @LocalServerPort protected int port;
    @Autowired protected MongoTemplate mongo;
    @Autowired protected EventPublisher publisher;

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    protected static String newPortal() {
        return "portal-t" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A delivery for a portal, built from the contract example and checked against the contract. */
    protected static ObjectNode delivery(String portalId, String campaignId, int noticeVersion) {
        return delivery(portalId, campaignId, noticeVersion, AGENCY);
    }

    /** A delivery to a portal of {@code agency}. */
    protected static ObjectNode delivery(String portalId, String campaignId, int noticeVersion, String agency) {
        ObjectNode d = (ObjectNode) JSON.readTree(Contracts.get().example(REQUESTED));
        d.put("deliveryId", "dlv-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        d.put("campaignId", campaignId);
        d.put("noticeVersion", noticeVersion);
        d.put("agencyId", agency);
        d.put("channel", "portal");
        d.put("endpointId", agency + "." + portalId);
        d.put("externalId", portalId);
        d.remove("ledSchedule");
        // Open now: the example's window ended in 2023, and a delivery waiting for WordPress gives up at its end.
        ObjectNode window = (ObjectNode) d.get("window");
        window.put("startsAt", Instant.now().minus(Duration.ofHours(1)).toString());
        window.put("endsAt", Instant.now().plus(Duration.ofDays(1)).toString());
        ObjectNode content = (ObjectNode) d.get("content");
        content.remove("lines");
        content.put("title", "Thông báo khảo sát mức độ hài lòng – tỉnh " + NFD_KHANH_HOA);
        content.put("html", "<p onclick=\"steal()\">Lực lượng khảo sát viên sẽ lấy ý kiến người dân tỉnh "
                + NFD_KHANH_HOA + ".</p><script>alert('x')</script><p><a href=\"javascript:alert(1)\">xem</a></p>");
        content.put("summary", "Khảo sát từ tháng 9 đến tháng 11/2023.");
        assertThat(Contracts.get().validate(REQUESTED, d.toString())).as("test delivery matches the contract").isEmpty();
        return d;
    }

    protected static ObjectNode retraction(ObjectNode delivery, String reason) {
        ObjectNode r = JSON.createObjectNode();
        for (String field : List.of("deliveryId", "campaignId", "agencyId", "channel", "endpointId", "externalId")) {
            r.set(field, delivery.get(field));
        }
        r.put("reason", reason);
        r.put("occurredAt", Instant.now().toString());
        assertThat(Contracts.get().validate(RETRACTED, r.toString())).as("test retraction matches the contract").isEmpty();
        return r;
    }

    protected void send(String type, ObjectNode data) throws Exception {
        publisher.send(OutgoingEvent.of("delivery.requests.portal", data.get("endpointId").asString(), type,
                "/services/notice-publishing-service", data.get("deliveryId").asString(),
                "https://govcomm.vn/contracts/schemas/" + (type.equals(REQUESTED) ? "delivery-requested" : "delivery-retracted")
                        + ".v1.json", Instant.now(), data.toString())).get();
    }

    /** Waits for a status event of this delivery on delivery.status.portal and checks it against the contract. */
    protected static JsonNode awaitStatus(String deliveryId, String status) {
        List<ConsumerRecord<String, byte[]>> records = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.portal",
                r -> deliveryId.equals(r.key()) && status.equals(JSON.readTree(r.value()).path("status").asString()),
                1, Duration.ofSeconds(20));
        IncomingEvent event = IncomingEvent.from(records.get(0));
        assertThat(event.type()).isEqualTo(STATUS);
        assertThat(Contracts.get().validate(STATUS, event.dataAsString())).as("emitted status matches the contract").isEmpty();
        return JSON.readTree(event.dataAsString());
    }

    /** All statuses emitted so far for a delivery (reads until the topic is quiet for a moment). */
    protected static List<String> statuses(String deliveryId, int expected) {
        return TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.portal", r -> deliveryId.equals(r.key()),
                expected, Duration.ofSeconds(20)).stream()
                .map(r -> JSON.readTree(r.value()).path("status").asString()).toList();
    }

    protected String issueToken(String portalId) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/portal/portals/" + portalId
                + "/feed-token")).header("Authorization", admin()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        return JSON.readTree(r.body()).path("token").asString();
    }

    protected HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
