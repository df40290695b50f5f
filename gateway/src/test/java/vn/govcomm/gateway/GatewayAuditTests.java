package vn.govcomm.gateway;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.testing.TestCallers;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The durable audit trail over real HTTP, with whole gateway contexts started and stopped on one store
 * (mongo-java-server over the wire): entries survive a restart, filters and paging, admins only, retention index,
 * and a store that is down neither fails nor delays the audited request.
 */
class GatewayAuditTests {

    static final EchoUpstream UPSTREAM = new EchoUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();

    EmbeddedMongo store;
    final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @BeforeEach
    void freshStore() {
        store = EmbeddedMongo.inMemory();
    }

    @AfterEach
    void stopAll() {
        contexts.forEach(ConfigurableApplicationContext::close);
        store.close();
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    ConfigurableApplicationContext start(String mongoUri, String... extra) {
        String[] args = Stream.concat(Stream.of("--spring.config.name=gateway", "--server.port=0",
                "--spring.main.banner-mode=off", "--MONGODB_URI=" + mongoUri,
                "--CAMPAIGN_SERVICE_URL=" + UPSTREAM.url(), "--PUBLISHING_SERVICE_URL=" + UPSTREAM.url(),
                "--GOVCOMM_LOCAL_ISSUER=true", "--CALLER_TOKEN_SIGNING_KEY=" + TestCallers.signingKey()),
                Stream.of(extra)).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(args);
        contexts.add(context);
        return context;
    }

    static RestClient client(ConfigurableApplicationContext context) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"))
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
    }

    static ResponseEntity<String> post(RestClient gateway, String path, String user) {
        return gateway.post().uri(path).headers(h -> h.setBearerAuth(Tokens.of(gateway, user)))
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(String.class);
    }

    static ResponseEntity<String> audit(RestClient gateway, String user, String query) {
        return gateway.get().uri("/api/audit/gateway" + query)
                .headers(h -> {
                    if (user != null) {
                        h.setBearerAuth(Tokens.of(gateway, user));
                    }
                }).retrieve().toEntity(String.class);
    }

    static List<JsonNode> entries(RestClient gateway, String query) {
        ResponseEntity<String> response = audit(gateway, "hoang.quoc.bao", query);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.getBody()).path("entries").forEach(out::add);
        return out;
    }

    @Test
    void keepsTheTrailAcrossARestartOfTheGateway() {
        ConfigurableApplicationContext first = start(store.uri(""));
        assertThat(post(client(first), "/api/campaigns", "tran.thi.lan").getStatusCode().value()).isEqualTo(200);
        assertThat(post(client(first), "/api/campaigns/cmp-7/approve", "nguyen.van.minh").getStatusCode().value()).isEqualTo(200);
        first.close(); // a restart: what was queued is stored on the way down

        RestClient second = client(start(store.uri("")));
        List<JsonNode> kept = entries(second, "");
        assertThat(kept).extracting(e -> e.path("actor").asString() + " " + e.path("action").asString() + " "
                + e.path("path").asString())
                .containsExactly("nguyen.van.minh approve /api/campaigns/cmp-7/approve", "tran.thi.lan create /api/campaigns");
        assertThat(kept.getFirst().path("agency").asString()).isEqualTo("so-noi-vu");
        assertThat(kept.getFirst().path("status").asInt()).isEqualTo(200);
        assertThat(kept.getFirst().path("via").asString()).isEqualTo("api");
    }

    @Test
    void filtersByActorActionAgencyAndTimeNewestFirstInPages() {
        RestClient gateway = client(start(store.uri("")));
        post(gateway, "/api/campaigns", "tran.thi.lan");
        post(gateway, "/api/campaigns", "tran.thi.lan");
        await().atMost(Duration.ofSeconds(10)).until(() -> entries(gateway, "").size() == 2);
        Instant middle = Instant.now();
        post(gateway, "/api/campaigns/cmp-1/submit", "tran.thi.lan");
        post(gateway, "/api/campaigns/cmp-1/approve", "pham.van.duc");
        post(gateway, "/api/campaigns/cmp-2/submit", "le.thi.hoa");
        await().atMost(Duration.ofSeconds(10)).until(() -> entries(gateway, "").size() == 5);

        List<JsonNode> all = entries(gateway, "");
        for (int i = 1; i < all.size(); i++) {
            assertThat(Instant.parse(all.get(i - 1).path("at").asString()))
                    .isAfterOrEqualTo(Instant.parse(all.get(i).path("at").asString()));
        }
        assertThat(all.getFirst().path("actor").asString()).isEqualTo("le.thi.hoa");
        assertThat(entries(gateway, "?actor=tran.thi.lan")).hasSize(3)
                .allSatisfy(e -> assertThat(e.path("actor").asString()).isEqualTo("tran.thi.lan"));
        assertThat(entries(gateway, "?action=submit")).extracting(e -> e.path("actor").asString())
                .containsExactly("le.thi.hoa", "tran.thi.lan");
        assertThat(entries(gateway, "?agency=so-y-te")).extracting(e -> e.path("action").asString())
                .containsExactly("submit", "approve");
        assertThat(entries(gateway, "?agency=so-y-te&action=approve")).extracting(e -> e.path("actor").asString())
                .containsExactly("pham.van.duc");
        assertThat(entries(gateway, "?from=" + middle)).hasSize(3);
        assertThat(entries(gateway, "?to=" + middle)).hasSize(2)
                .allSatisfy(e -> assertThat(e.path("action").asString()).isEqualTo("create"));

        JsonNode page0 = JSON.readTree(audit(gateway, "hoang.quoc.bao", "?size=2").getBody());
        JsonNode page2 = JSON.readTree(audit(gateway, "hoang.quoc.bao", "?size=2&page=2").getBody());
        assertThat(page0.path("entries").size()).isEqualTo(2);
        assertThat(page0.path("hasNext").asBoolean()).isTrue();
        assertThat(page0.path("entries").get(0).path("actor").asString()).isEqualTo("le.thi.hoa");
        assertThat(page2.path("entries").size()).isEqualTo(1);
        assertThat(page2.path("hasNext").asBoolean()).isFalse();
        assertThat(page2.path("entries").get(0).path("action").asString()).isEqualTo("create");
        assertThat(audit(gateway, "hoang.quoc.bao", "?from=yesterday").getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void onlyAdminsReadTheTrail() {
        RestClient gateway = client(start(store.uri("")));
        assertThat(audit(gateway, "tran.thi.lan", "").getStatusCode().value()).isEqualTo(403);
        assertThat(audit(gateway, "vo.thi.mai", "").getStatusCode().value()).isEqualTo(403);
        // Headers are never identity: without a token they get 401, with a viewer's token still 403.
        ResponseEntity<String> forged = gateway.get().uri("/api/audit/gateway").header("X-User-Id", "x")
                .header("X-User-Roles", "admin").retrieve().toEntity(String.class);
        assertThat(forged.getStatusCode().value()).isEqualTo(401);
        String viewer = Tokens.of(gateway, "vo.thi.mai");
        ResponseEntity<String> forgedWithToken = gateway.get().uri("/api/audit/gateway").headers(h -> h.setBearerAuth(viewer))
                .header("X-User-Roles", "admin").retrieve().toEntity(String.class);
        assertThat(forgedWithToken.getStatusCode().value()).isEqualTo(403);
        assertThat(audit(gateway, "hoang.quoc.bao", "").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void recordsTheClientAddressATrustedProxyForwardedAndOtherwiseTheSocketPeer() {
        RestClient trusting = client(start(store.uri(""), "--TRUSTED_PROXIES=127.0.0.1"));
        String token = Tokens.of(trusting, "tran.thi.lan");
        trusting.post().uri("/api/campaigns").headers(h -> h.setBearerAuth(token)).header("X-Forwarded-For", "198.51.100.23")
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toBodilessEntity();
        await().atMost(Duration.ofSeconds(10)).until(() -> entries(trusting, "").size() == 1);
        assertThat(entries(trusting, "").getFirst().path("clientIp").asString()).isEqualTo("198.51.100.23");

        RestClient plain = client(start(store.uri("")));
        String again = Tokens.of(plain, "tran.thi.lan");
        plain.post().uri("/api/campaigns").headers(h -> h.setBearerAuth(again)).header("X-Forwarded-For", "198.51.100.24")
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toBodilessEntity();
        await().atMost(Duration.ofSeconds(10)).until(() -> entries(plain, "").size() == 2);
        assertThat(entries(plain, "").getFirst().path("clientIp").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void keepsEntriesForTheConfiguredRetentionWithATtlIndex() {
        RestClient gateway = client(start(store.uri(""), "--AUDIT_RETENTION=P30D"));
        post(gateway, "/api/campaigns", "tran.thi.lan");
        try (MongoClient mongo = MongoClients.create(store.uri(""))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<Document> indexes = mongo.getDatabase("govcomm_gateway").getCollection("audit").listIndexes()
                        .into(new ArrayList<>());
                assertThat(indexes).filteredOn(i -> "at_ttl".equals(i.getString("name")))
                        .singleElement().satisfies(i -> assertThat(((Number) i.get("expireAfterSeconds")).longValue())
                                .isEqualTo(Duration.ofDays(30).toSeconds()));
            });
        }
    }

    @Test
    void aStoreThatIsDownNeitherFailsNorDelaysTheRequestAndIsCounted() throws Exception {
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort();
        }
        ConfigurableApplicationContext context = start("mongodb://127.0.0.1:" + nobody + "/?serverSelectionTimeoutMS=300");
        RestClient gateway = client(context);
        String token = Tokens.of(gateway, "tran.thi.lan");
        long started = System.nanoTime();
        ResponseEntity<String> created = gateway.post().uri("/api/campaigns").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(String.class);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(created.getStatusCode().value()).isEqualTo(200);
        assertThat(millis).isLessThan(250);
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meters.get("govcomm.audit.store.failures")
                .tag("reason", "store_unavailable").counter().count()).isGreaterThanOrEqualTo(1.0));
        ResponseEntity<String> read = audit(gateway, "hoang.quoc.bao", "");
        assertThat(read.getStatusCode().value()).isEqualTo(503);
        assertThat(JSON.readTree(read.getBody()).path("code").asString()).isEqualTo("audit-store-unavailable");
    }
}
