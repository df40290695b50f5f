package vn.govcomm.facebook;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.facebook.credentials.PageCredentials;
import vn.govcomm.fakes.facebook.FakeFacebookGraph;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * One Spring context shared by the integration test classes (same configuration → cached): a real Kafka broker,
 * the MongoDB-wire store and the Facebook Graph fake. Every test uses its own Page, so tests do not interfere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=facebook-adapter")
@AutoConfigureMockMvc
public abstract class FacebookAdapterTestSupport {

    public static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    public static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    public static final FakeFacebookGraph GRAPH = new FakeFacebookGraph().start();
    public static final String ENCRYPTION_KEY = Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes());
    public static final String BOOTSTRAP_PAGE = "100000000000001";
    public static final String BOOTSTRAP_TOKEN = "EAAbootstrapTokenForPage1";
    public static final String APP_SECRET = "test-app-secret";
    public static final String VERIFY_TOKEN = "test-verify-token";
    /** The caller tokens' audience: this service's {@code spring.application.name}. */
    public static final String AUDIENCE = "facebook-adapter";
    private static final AtomicLong PAGES = new AtomicLong(200_000_000_000_000L);

    static {
        // Usage stays low in the shared context; throttling has its own tests (PageGuardsTests).
        GRAPH.settings().pageCallsPerMinute(100_000).appCallsPerMinute(1_000_000)
                .regainAccessUnit(java.time.temporal.ChronoUnit.SECONDS);
        GRAPH.registerPage(BOOTSTRAP_PAGE, BOOTSTRAP_TOKEN);
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("govcomm_facebook"));
        registry.add("govcomm.credentials.encryption-key", () -> ENCRYPTION_KEY);
        registry.add("govcomm.facebook.graph-base-url", GRAPH::baseUrl);
        registry.add("govcomm.facebook.page-tokens." + BOOTSTRAP_PAGE, () -> BOOTSTRAP_TOKEN);
        registry.add("govcomm.facebook.read-timeout", () -> "1s");
        registry.add("govcomm.facebook.retry.initial-backoff", () -> "50ms");
        registry.add("govcomm.facebook.retry.max-backoff", () -> "200ms");
        registry.add("govcomm.facebook.webhook.app-secret", () -> APP_SECRET);
        registry.add("govcomm.facebook.webhook.verify-token", () -> VERIFY_TOKEN);
        registry.add("govcomm.kafka.max-retries", () -> "2");
        fastWaits(registry::add);
    }

    /** {@link #fastWaits} as command-line arguments, for contexts a test starts and stops itself. */
    public static java.util.List<String> fastWaitArgs() {
        java.util.List<String> args = new java.util.ArrayList<>();
        fastWaits((name, value) -> args.add("--" + name + "=" + value.get()));
        return args;
    }

    /**
     * The waits of production (30 s backoff, 2-minute leases, a 5-minute visibility horizon, 60 s pauses, regain
     * times in minutes) scaled down so that tests finish in seconds; the behaviour is the same.
     */
    public static void fastWaits(java.util.function.BiConsumer<String, java.util.function.Supplier<Object>> registry) {
        registry.accept("govcomm.delivery.retry.first-delay", () -> "200ms");
        registry.accept("govcomm.delivery.retry.max-delay", () -> "1s");
        registry.accept("govcomm.delivery.retry.poll-interval", () -> "100ms");
        registry.accept("govcomm.delivery.retry.lease", () -> "3s");
        registry.accept("govcomm.facebook.lanes.renew-every", () -> "500ms");
        registry.accept("govcomm.facebook.visibility-horizon", () -> "2s");
        registry.accept("govcomm.facebook.cleanup-interval", () -> "200ms");
        registry.accept("govcomm.facebook.rate-limit.pause-for", () -> "1s");
        registry.accept("govcomm.facebook.rate-limit.regain-unit", () -> "1s");
        registry.accept("govcomm.facebook.circuit-breaker.wait-in-open", () -> "1s");
        registry.accept("govcomm.facebook.webhook.sweep-interval", () -> "200ms");
        registry.accept("govcomm.facebook.webhook.lease", () -> "2s");
    }

    @Autowired protected EventPublisher publisher;
    @Autowired protected AdapterDeliveries deliveries;
    @Autowired protected PageCredentials credentials;
    @Autowired protected JsonMapper json;

    /** {@code Authorization} value of an admin's caller token for this service, as the gateway mints it. */
    protected static String adminBearer(String user) {
        return TestCallers.bearer(AUDIENCE, user, "so-noi-vu", "admin");
    }

    /** A new Page on the fake, connected in the adapter's store with {@code token}. */
    protected String connectedPage(String token) {
        String pageId = newPage(token);
        credentials.connect(pageId, "Trang thử nghiệm", token, "test");
        return pageId;
    }

    protected static String newPage(String token) {
        String pageId = Long.toString(PAGES.incrementAndGet());
        GRAPH.registerPage(pageId, token);
        return pageId;
    }

    protected static String newDeliveryId() {
        return "dlv-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** A DeliveryRequested built from the contract example, for the facebook channel and this Page. */
    protected String requestJson(String deliveryId, String pageId, int attempt, String text) {
        ObjectNode data = (ObjectNode) json.readTree(Contracts.get().example("vn.govcomm.delivery.requested.v1"));
        data.put("deliveryId", deliveryId).put("channel", "facebook").put("endpointId", "so-y-te.facebook")
                .put("externalId", pageId).put("attempt", attempt);
        data.remove("ledSchedule");
        // The window is open: deliveries that must wait are retried until its end (the example's is in 2023).
        ((ObjectNode) data.path("window")).put("endsAt", Instant.now().plus(Duration.ofHours(2)).toString());
        ((ObjectNode) data.path("content")).remove("lines");
        ((ObjectNode) data.path("content")).put("text", text);
        return json.writeValueAsString(data);
    }

    protected String request(String pageId, String text) {
        String deliveryId = newDeliveryId();
        send(pageId, "vn.govcomm.delivery.requested.v1", deliveryId, requestJson(deliveryId, pageId, 1, text));
        return deliveryId;
    }

    protected void send(String pageId, String type, String deliveryId, String data) {
        publisher.send(OutgoingEvent.of("delivery.requests.facebook", "so-y-te.facebook." + pageId, type,
                "/services/notice-publishing-service", deliveryId,
                "https://govcomm.vn/contracts/schemas/" + (type.contains("retracted") ? "delivery-retracted" : "delivery-requested")
                        + ".v1.json", Instant.now(), data)).join();
    }

    protected void retract(String pageId, String deliveryId, String reason) {
        ObjectNode data = json.createObjectNode();
        data.put("deliveryId", deliveryId).put("campaignId", "cmp-2023-khaosat-hailong").put("agencyId", "so-y-te")
                .put("channel", "facebook").put("endpointId", "so-y-te.facebook").put("externalId", pageId)
                .put("reason", reason).put("occurredAt", Instant.now().toString());
        send(pageId, "vn.govcomm.delivery.retracted.v1", deliveryId, json.writeValueAsString(data));
    }

    protected AdapterDeliveries.Stored awaitStatus(String deliveryId, DeliveryStatus status) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.find(deliveryId).orElse(null),
                stored -> stored != null && stored.status() == status);
    }

    protected org.bson.Document deliveryDocument(String deliveryId) {
        return mongo().findById(deliveryId, org.bson.Document.class, AdapterDeliveries.COLLECTION);
    }

    @Autowired private org.springframework.data.mongodb.core.MongoTemplate mongoTemplate;

    protected org.springframework.data.mongodb.core.MongoTemplate mongo() {
        return mongoTemplate;
    }
}
