package vn.govcomm.zalo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.zalo.oa.OaConnections;

import java.net.http.HttpClient;

/**
 * One Spring context shared by the test classes that extend it (same configuration → cached): a real Kafka broker,
 * the MongoDB-wire store and the Zalo fake, and the test key pair whose caller tokens the adapter trusts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=zalo-adapter")
public abstract class ZaloAdapterTestBase {

    public static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    public static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    public static final FakeZalo FAKE = new FakeZalo().registerApp("app-1", "secret-1").start(0);
    public static final ZaloTokens TOKENS = FAKE.issueTokens("app-1");
    public static final String OA = "oa-so-y-te";
    /** The caller tokens' audience: this service's {@code spring.application.name}. */
    public static final String AUDIENCE = "zalo-adapter";
    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.uri("zalo"));
        registry.add("govcomm.zalo.openapi-base-url", FAKE::baseUrl);
        registry.add("govcomm.zalo.default-app.app-id", () -> "app-1");
        registry.add("govcomm.zalo.default-app.secret", () -> "secret-1");
        registry.add("govcomm.zalo.default-app.refresh-token", TOKENS::refreshToken);
        registry.add("govcomm.zalo.default-app.access-token", TOKENS::accessToken);
        registry.add("govcomm.credentials.encryption-key", () -> ZaloTestSupport.TEST_KEY);
        registry.add("govcomm.zalo.read-timeout", () -> "3s");
        registry.add("govcomm.zalo.workflow.initial-delay", () -> "50ms");
        registry.add("govcomm.zalo.workflow.max-delay", () -> "400ms");
        registry.add("govcomm.zalo.workflow.lookup-horizon", () -> "5s");
        registry.add("govcomm.zalo.workflow.reconcile-horizon", () -> "20s");
        registry.add("govcomm.zalo.workflow.poll-interval", () -> "100ms");
        registry.add("govcomm.zalo.workflow.lease", () -> "3s");
        registry.add("govcomm.zalo.workflow.rate-limit-wait", () -> "1s");
        registry.add("govcomm.delivery.retry.first-delay", () -> "200ms");
        registry.add("govcomm.delivery.retry.max-delay", () -> "2s");
        registry.add("govcomm.delivery.retry.poll-interval", () -> "200ms");
        registry.add("govcomm.zalo.resilience.retry-initial-wait", () -> "20ms");
    }

    @LocalServerPort protected int port;
    @Autowired protected MongoTemplate mongo;
    @Autowired protected OaConnections connections;
    @Autowired protected AdapterDeliveries deliveries;
}
