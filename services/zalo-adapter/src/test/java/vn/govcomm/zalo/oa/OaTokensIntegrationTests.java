package vn.govcomm.zalo.oa;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloError;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.kit.secrets.CredentialCipher;
import vn.govcomm.zalo.ZaloTestSupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens, rotation, resilience and encryption against the Zalo fake and a wire-protocol MongoDB, without Spring. */
class OaTokensIntegrationTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final MongoClient CLIENT = MongoClients.create(MONGO.uri("zalo"));

    FakeZalo fake;
    MongoTemplate mongo;
    SimpleMeterRegistry meters;
    OaConnections connections;
    OaAttention attention;
    ZaloProperties properties;
    ZaloHttp http;
    ZaloClient client;
    OaTokens tokens;
    ZaloTokens issued;

    @BeforeEach
    void setUp() {
        fake = new FakeZalo().registerApp("app-1", "secret-1").start(0);
        issued = fake.issueTokens("app-1");
        mongo = new MongoTemplate(CLIENT, "zalo-" + UUID.randomUUID());
        meters = new SimpleMeterRegistry();
        connections = new OaConnections(mongo, new CredentialCipher(ZaloTestSupport.TEST_KEY, "t1"), Clock.systemUTC());
        attention = new OaAttention(mongo, meters);
        properties = new ZaloProperties(fake.baseUrl(), null, null, null, null, Duration.ofSeconds(2),
                Duration.ofSeconds(3), null, null, null, null, null,
                new ZaloProperties.Resilience(3, Duration.ofMillis(10), Duration.ofMillis(50), 100, 4, null, 10, 50,
                        Duration.ofMinutes(1)), null, null);
        http = new ZaloHttp(properties, ZaloTestSupport.JSON, meters);
        tokens = newTokens();
        client = new ZaloClient(http, tokens, new OaResilience(properties.resilience(), meters), properties);
    }

    OaTokens newTokens() {
        return new OaTokens(connections, http, properties, attention, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @AfterAll
    static void closeMongo() {
        CLIENT.close();
        MONGO.close();
    }

    void connectDefault(String accessToken, Instant expiresAt) {
        connections.connect(OaConnections.DEFAULT, "app-1", "secret-1", issued.refreshToken(), accessToken,
                expiresAt, null, "test", true);
    }

    @Test
    void refreshesAnExpiredTokenAndStoresTheRotatedRefreshToken() {
        connectDefault(issued.accessToken(), Instant.now().minusSeconds(1));

        OaTokens.Token token = tokens.current("oa-1");

        assertThat(token.value()).isNotEqualTo(issued.accessToken());
        assertThat(token.generation()).isEqualTo(2);
        assertThat(fake.isRefreshTokenLive(issued.refreshToken())).isFalse();
        OaConnections.Connection stored = connections.find(OaConnections.DEFAULT).orElseThrow();
        assertThat(fake.isRefreshTokenLive(stored.refreshToken())).isTrue();
        assertThat(stored.accessToken()).isEqualTo(token.value());
        assertThat(stored.accessExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(1)));
        var refresh = fake.requests("POST", ".*/access_token").getFirst();
        assertThat(refresh.header("secret_key")).isEqualTo("secret-1");
        assertThat(refresh.bodyText()).contains("grant_type=refresh_token");
    }

    @Test
    void concurrentRefreshesInTwoAdapterInstancesRedeemTheSingleUseRefreshTokenOnce() throws Exception {
        connectDefault(issued.accessToken(), Instant.now().minusSeconds(1));
        List<OaTokens> instances = List.of(tokens, newTokens());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<OaTokens.Token>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            OaTokens instance = instances.get(i % 2);
            String oaId = i % 3 == 0 ? "oa-1" : "oa-2";
            results.add(pool.submit(() -> {
                go.await();
                return instance.current(oaId);
            }));
        }
        go.countDown();
        List<String> values = new ArrayList<>();
        for (Future<OaTokens.Token> result : results) {
            values.add(result.get().value());
        }
        pool.shutdown();

        assertThat(fake.requests("POST", ".*/access_token")).hasSize(1);
        assertThat(values).containsOnly(connections.find(OaConnections.DEFAULT).orElseThrow().accessToken());
        assertThat(connections.find(OaConnections.DEFAULT).orElseThrow().attentionReason()).isNull();
    }

    @Test
    void aLostRefreshTokenMarksTheOaAsNeedingAttentionWithAnOfficerReadableReason() {
        connectDefault(issued.accessToken(), Instant.now().minusSeconds(1));
        fake.revokeRefreshToken(issued.refreshToken());

        assertThatThrownBy(() -> tokens.current("oa-1")).isInstanceOfSatisfying(ZaloCallException.class, e -> {
            assertThat(e.permanent()).isTrue();
            assertThat(e.code()).isEqualTo(ZaloError.REFRESH_TOKEN_INVALID);
            assertThat(e.officerReason()).contains("reconnect the OA");
        });
        assertThat(connections.status(OaConnections.DEFAULT).orElseThrow().attentionReason())
                .isEqualTo("refresh_token_invalid");
        assertThat(meters.get("govcomm.endpoints.attention").tags("channel", "zalo", "reason", "refresh_token_invalid")
                .gauge().value()).isEqualTo(1.0);
    }

    @Test
    void aRejectedAccessTokenIsRefreshedOnceAndTheCallRepeated() {
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));
        fake.revokeAccessToken(issued.accessToken());

        JsonNode slice = client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice");

        assertThat(slice.path("error").asInt()).isZero();
        assertThat(fake.requests("POST", ".*/access_token")).hasSize(1);
        assertThat(fake.requests("GET", ".*/getslice")).hasSize(2);
    }

    @Test
    void minus124IsARejectedAccessTokenToo() {
        fake.settings().accessTokenErrorCode(ZaloError.ACCESS_TOKEN_EXPIRED);
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));
        fake.revokeAccessToken(issued.accessToken());

        assertThat(client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice").path("error").asInt())
                .isZero();
        assertThat(fake.requests("POST", ".*/access_token")).hasSize(1);

        fake.faults().failNext(2, "GET", ".*/getslice", new ZaloError(-124, "Access token is invalid").asFault());
        assertThatThrownBy(() -> client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice"))
                .isInstanceOfSatisfying(ZaloCallException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.reasonCode()).isEqualTo("ZALO_TOKEN_INVALID");
                });
    }

    @Test
    void minus32IsAWaitNotAFailureAndTheQuotaCallTellsHowLong() {
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));
        fake.throttle("app-1", Duration.ofSeconds(40));

        assertThatThrownBy(() -> client.post("oa-1", ZaloClient.Operation.ARTICLE_CREATE, "/article/create", Map.of()))
                .isInstanceOfSatisfying(ZaloCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ZaloCallException.Kind.THROTTLED);
                    assertThat(e.reasonCode()).isEqualTo("ZALO_RATE_LIMITED");
                });
        assertThat(fake.requests("POST", ".*/article/create")).as("not retried blindly").hasSize(1);
        ZaloQuota quota = new ZaloQuota(client, properties, Clock.systemUTC());
        assertThat(quota.waitFor("oa-1")).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(35), Duration.ofSeconds(40)));
    }

    @Test
    void aTokenRotatedByAnotherInstanceWhileThisOneRemembersTheOldOneCostsOneRejectionNotARefresh() {
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));
        client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice"); // this instance now remembers it
        OaConnections elsewhere = new OaConnections(mongo, new CredentialCipher(ZaloTestSupport.TEST_KEY, "t1"), Clock.systemUTC());
        OaTokens.Token rotated = new OaTokens(elsewhere, http, properties, attention, Clock.systemUTC())
                .refresh(OaConnections.DEFAULT, 1);
        fake.revokeAccessToken(issued.accessToken());

        JsonNode slice = client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice");

        assertThat(slice.path("error").asInt()).isZero();
        assertThat(fake.requests("POST", ".*/access_token")).as("only the other instance's refresh").hasSize(1);
        var calls = fake.requests("GET", ".*/getslice");
        assertThat(calls).hasSize(3); // first call, the remembered (revoked) token, the rotated one
        assertThat(calls.getLast().header("access_token")).isEqualTo(rotated.value());
    }

    @Test
    void aTokenRefusedEvenAfterRefreshFailsFastAsReconnectTheOa() {
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));
        fake.faults().failNext(5, "GET", ".*/getslice", ZaloError.accessTokenInvalid().asFault());

        assertThatThrownBy(() -> client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice"))
                .isInstanceOfSatisfying(ZaloCallException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.officerReason()).contains("OA access token invalid: reconnect the OA");
                });
        assertThat(fake.requests("GET", ".*/getslice")).hasSize(2);
        assertThat(fake.requests("POST", ".*/access_token")).hasSize(1);
        assertThat(meters.get("govcomm.endpoints.attention").tags("reason", "token_expired").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void aStaticTokenWithoutRefreshTokenIsPermanentWhenRejected() {
        connections.connect(OaConnections.DEFAULT, null, null, null, "static-token", null, null, "config-static", true);

        assertThatThrownBy(() -> client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice"))
                .isInstanceOfSatisfying(ZaloCallException.class, e -> assertThat(e.reasonCode())
                        .isEqualTo("ZALO_TOKEN_INVALID"));
        assertThat(fake.requests("POST", ".*/access_token")).isEmpty();
    }

    @Test
    void credentialsAreEncryptedAtRestAndNeverPrinted() {
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));

        String raw = mongo.findById(OaConnections.DEFAULT, Document.class, OaConnections.COLLECTION).toJson();
        OaConnections.Connection connection = connections.find(OaConnections.DEFAULT).orElseThrow();

        for (String secret : List.of("secret-1", issued.refreshToken(), issued.accessToken())) {
            assertThat(raw).doesNotContain(secret);
            assertThat(connection.toString()).doesNotContain(secret);
            assertThat(connections.status(OaConnections.DEFAULT).orElseThrow().toString()).doesNotContain(secret);
        }
        assertThat(raw).contains("v1:t1:");
        assertThat(connection.refreshToken()).isEqualTo(issued.refreshToken());
    }

    @Test
    void retriesRetryableFailuresWithBackoffButNotPermanentOnes() {
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));
        fake.faults().failNext(2, "GET", ".*/getslice", Fault.status(502));

        assertThat(client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice").path("error").asInt())
                .isZero();
        assertThat(meters.get("govcomm.channel.retries").tag("channel", "zalo").counter().count()).isEqualTo(2.0);

        fake.faults().failNext(1, "GET", ".*/getslice", ZaloError.invalidParameter("bad").asFault());
        int before = fake.requests("GET", ".*/getslice").size();
        assertThatThrownBy(() -> client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice"))
                .isInstanceOfSatisfying(ZaloCallException.class, e -> assertThat(e.reasonCode()).isEqualTo("ZALO_-201"));
        assertThat(fake.requests("GET", ".*/getslice")).hasSize(before + 1);
        assertThat(meters.get("govcomm.channel.calls").tags("operation", "article_list", "outcome", "permanent")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void aCreatingCallThatTimedOutIsNotResentBlindly() {
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));
        fake.faults().failNext(1, "POST", ".*/article/create", Fault.delay(Duration.ofSeconds(8)));

        assertThatThrownBy(() -> client.post("oa-1", ZaloClient.Operation.ARTICLE_CREATE, "/article/create",
                Map.of("type", "normal", "title", "T", "description", "D",
                        "cover", Map.of("cover_type", "photo", "photo_url", "https://x.vn/c.png", "status", "show"),
                        "body", List.of(Map.of("type", "text", "content", "x")))))
                .isInstanceOfSatisfying(ZaloCallException.class, e ->
                        assertThat(e.kind()).isEqualTo(ZaloCallException.Kind.AMBIGUOUS));
        assertThat(fake.requests("POST", ".*/article/create")).hasSize(1);
        assertThat(fake.articles()).hasSize(1);
    }

    @Test
    void theCircuitOpensForTheFailingOaOnly() {
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));
        fake.faults().failNext(12, "GET", ".*/getslice", Fault.status(503));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice"))
                    .isInstanceOf(ZaloCallException.class);
        }

        assertThat(client.breakerState("oa-1")).isEqualTo("OPEN");
        assertThat(client.breakerState("oa-2")).isEqualTo("CLOSED");
        assertThatThrownBy(() -> client.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice"))
                .isInstanceOfSatisfying(ZaloCallException.class, e ->
                        assertThat(e.reasonCode()).isEqualTo("ZALO_CIRCUIT_OPEN"));
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "zalo", "state", "open").gauge()
                .value()).isEqualTo(1.0);
    }

    ZaloProperties bootstrapConfig(ZaloTokens pair) {
        return new ZaloProperties(fake.baseUrl(), null, null, null, null, null, null, null, null,
                new ZaloProperties.Bootstrap("app-1", "secret-1", pair.refreshToken(), pair.accessToken(), null),
                Map.of(), Map.of("oa-admin", new ZaloProperties.OaBootstrap("app-1", pair.refreshToken(), null)),
                null, null, null);
    }

    @Test
    void bootstrapKeepsARotatedTokenForTheSameConfigurationButTakesNewConfiguredValues() {
        connections.connect("oa-admin", "app-1", "secret-1", "admin-refresh", null, null, null, "admin", true);
        // Bootstrapped once, then rotated by a refresh:
        new OaBootstrap(connections, bootstrapConfig(issued), attention).afterPropertiesSet();
        String rotated = tokens.refresh(OaConnections.DEFAULT, 1).value();

        new OaBootstrap(connections, bootstrapConfig(issued), attention).afterPropertiesSet(); // restart, same config
        assertThat(connections.find(OaConnections.DEFAULT).orElseThrow().accessToken()).isEqualTo(rotated);

        ZaloTokens fresh = fake.issueTokens("app-1");
        new OaBootstrap(connections, bootstrapConfig(fresh), attention).afterPropertiesSet(); // new demo tokens
        assertThat(connections.find(OaConnections.DEFAULT).orElseThrow().refreshToken()).isEqualTo(fresh.refreshToken());
        assertThat(connections.find("oa-admin").orElseThrow().refreshToken())
                .as("admin-made connections are never overwritten by configuration").isEqualTo("admin-refresh");
    }

    @Test
    void theBulkheadOfABusyOaRejectsExtraCallsWithoutSendingThem() throws Exception {
        connectDefault(issued.accessToken(), Instant.now().plusSeconds(3600));
        ZaloClient oneAtATime = new ZaloClient(http, tokens, new OaResilience(new ZaloProperties.Resilience(2,
                Duration.ofMillis(10), Duration.ofMillis(20), 100, 1, Duration.ofMillis(10), 10, 50,
                Duration.ofMinutes(1)), meters), properties);
        fake.faults().failNext(1, "GET", ".*/getslice", Fault.delay(Duration.ofSeconds(2)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<JsonNode> slow = pool.submit(() -> oneAtATime.get("oa-1", ZaloClient.Operation.ARTICLE_LIST,
                "/article/getslice"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> fake.requests("GET", ".*/getslice").size() == 1);

        assertThatThrownBy(() -> oneAtATime.get("oa-1", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice"))
                .isInstanceOfSatisfying(ZaloCallException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo("ZALO_THROTTLED");
                    assertThat(e.kind()).isEqualTo(ZaloCallException.Kind.NOT_SENT);
                });
        assertThat(oneAtATime.get("oa-2", ZaloClient.Operation.ARTICLE_LIST, "/article/getslice").path("error").asInt())
                .as("another OA has its own bulkhead").isZero();
        assertThat(slow.get().path("error").asInt()).isZero();
        pool.shutdown();
    }
}
