package vn.govcomm.zalo;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloArticle;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.zalo.oa.OaConnections;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adapter is killed (its Spring context closed) while the fake holds Zalo's answer, then a new adapter starts
 * on the same MongoDB and Kafka and the request is delivered again: exactly one article per delivery on the fake.
 */
class AdapterRestartIntegrationTests {

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final FakeZalo FAKE = new FakeZalo().registerApp("app-1", "secret-1").start(0);
    static final ZaloTokens TOKENS = FAKE.issueTokens("app-1");
    static final String OA = "oa-cong-an";

    ConfigurableApplicationContext adapter;

    ConfigurableApplicationContext startAdapter() {
        return startAdapter("zalo-restart", "--govcomm.zalo.default-app.app-id=app-1",
                "--govcomm.zalo.default-app.secret=secret-1",
                "--govcomm.zalo.default-app.refresh-token=" + TOKENS.refreshToken(),
                "--govcomm.zalo.default-app.access-token=" + TOKENS.accessToken(),
                "--govcomm.zalo.read-timeout=60s",
                "--govcomm.zalo.workflow.initial-delay=50ms",
                "--govcomm.zalo.workflow.max-delay=400ms",
                "--govcomm.zalo.workflow.lookup-horizon=20s",
                "--govcomm.zalo.workflow.poll-interval=100ms",
                "--govcomm.zalo.workflow.lease=2s",
                "--govcomm.zalo.workflow.reconcile-horizon=3s");
    }

    ConfigurableApplicationContext startAdapter(String database, String... settings) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--spring.mongodb.uri=" + MONGO.uri(database),
                "--govcomm.database=" + database,
                "--govcomm.zalo.openapi-base-url=" + FAKE.baseUrl(),
                "--govcomm.credentials.encryption-key=" + ZaloTestSupport.TEST_KEY,
                "--" + vn.govcomm.identity.testing.TestCallers.PUBLIC_KEYS_PROPERTY + "="
                        + vn.govcomm.identity.testing.TestCallers.publicKeys()));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(ZaloAdapterApplication.class)
                .properties("spring.config.name=" + ZaloAdapterApplication.CONFIG_NAME)
                .run(args.toArray(String[]::new));
    }

    @AfterEach
    void stop() {
        FAKE.faults().clear();
        if (adapter != null) {
            adapter.close();
        }
    }

    @AfterAll
    static void closeAll() {
        FAKE.close();
        KAFKA.close();
        MONGO.close();
    }

    void request(String deliveryId, String title) {
        ZaloTestSupport.send(KAFKA.bootstrapServers(), "vn.govcomm.delivery.requested.v1", "cong-an-tinh.zalo",
                ZaloTestSupport.request(deliveryId, OA, 1, title));
    }

    String phase(String deliveryId) {
        Document doc = adapter.getBean(MongoTemplate.class).findById(deliveryId, Document.class,
                AdapterDeliveries.COLLECTION);
        return doc == null || doc.get("zalo") == null ? null : doc.get("zalo", Document.class).getString("phase");
    }

    Document delivery(String deliveryId) {
        return adapter.getBean(MongoTemplate.class).findById(deliveryId, Document.class, AdapterDeliveries.COLLECTION);
    }

    static List<ZaloArticle> articlesTitled(String title) {
        return FAKE.articles().stream().filter(a -> title.equals(a.title())).toList();
    }

    @Test
    void killedWhileZaloHoldsTheCreateAnswerThenRestartedPostsExactlyOneArticle() throws Exception {
        String id = "dlv-" + UUID.randomUUID();
        String title = "Bị dừng giữa chừng " + id;
        FAKE.faults().failNext(1, "POST", ".*/article/create", Fault.delay(Duration.ofSeconds(60)));
        adapter = startAdapter();

        request(id, title);
        await().atMost(Duration.ofSeconds(30)).until(() -> articlesTitled(title).size() == 1);
        assertThat(phase(id)).isEqualTo("CREATING");
        String access = adapter.getBean(OaConnections.class).find(OaConnections.DEFAULT).orElseThrow().accessToken();
        adapter.close(); // the kill: the call in flight is abandoned, its answer never read

        // Meanwhile Zalo finishes processing the article it did create.
        ZaloArticle created = articlesTitled(title).getFirst();
        for (int i = 0; i < 3; i++) {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(FAKE.baseUrl() + "/v2.0/article/verify"))
                            .header("access_token", access).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + created.token() + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        adapter = startAdapter();
        request(id, title); // the request comes again (Kafka redelivery)

        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(id)));
        assertThat(articlesTitled(title)).hasSize(1);
        assertThat(delivery(id).getString("status")).isEqualTo("PUBLISHED");
        assertThat(delivery(id).getString("externalRef")).isEqualTo(created.id());
        assertThat(FAKE.broadcasts().stream().filter(b -> b.articleId().equals(created.id()))).hasSize(1);
    }

    /**
     * The create's token is held in memory over the quick verify polls and written only with the status they prove: a
     * stop while a verify call is in flight leaves the plan CREATING, as a kill mid-create does. The next start looks
     * the article up by its reference and adopts it: one article.
     */
    @Test
    void killedWhileVerifyingBeforeTheTokenIsWrittenThenRestartedAdoptsTheArticleByItsReference() {
        String id = "dlv-" + UUID.randomUUID();
        String title = "Đang xác minh " + id;
        FAKE.faults().failNext(1, "POST", ".*/article/verify", Fault.delay(Duration.ofSeconds(60)));
        adapter = startAdapter();

        request(id, title);
        // The verify of THIS delivery's token is being held by the fake (the request log is shared by the tests).
        await().atMost(Duration.ofSeconds(30)).until(() -> !articlesTitled(title).isEmpty()
                && FAKE.requests("POST", ".*/article/verify").stream().anyMatch(r -> r.bodyText()
                .contains(articlesTitled(title).getFirst().token())));
        assertThat(phase(id)).as("the token is not written while the verify is in flight").isEqualTo("CREATING");
        adapter.close();

        adapter = startAdapter();
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(id)));
        assertThat(articlesTitled(title)).hasSize(1);
        assertThat(delivery(id).getString("status")).isEqualTo("PUBLISHED");
        assertThat(delivery(id).getString("externalRef")).isEqualTo(articlesTitled(title).getFirst().id());
    }

    @Test
    void theLaunchersStaticAccessTokenAloneStillPublishesWithDefaultTimings() {
        // What infra/local-platform passes today: only govcomm.zalo.access-token (walking skeleton).
        ZaloTokens launcher = FAKE.issueTokens("app-1");
        adapter = startAdapter("zalo-static", "--govcomm.zalo.access-token=" + launcher.accessToken(),
                "--govcomm.zalo.workflow.lookup-horizon=1s", "--govcomm.zalo.workflow.reconcile-horizon=3s");
        String id = "dlv-" + UUID.randomUUID();
        String title = "Khởi chạy cục bộ " + id;

        request(id, title);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(phase(id)));
        assertThat(delivery(id).getString("status")).isEqualTo("PUBLISHED");
        assertThat(articlesTitled(title)).hasSize(1);

        // A create dropped before Zalo handled it: looked up for the whole window, not found, created once more.
        String dropped = "dlv-" + UUID.randomUUID();
        String droppedTitle = "Kết nối bị ngắt " + dropped;
        FAKE.faults().failNext(1, "POST", ".*/article/create", Fault.drop());
        request(dropped, droppedTitle);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(dropped)));
        assertThat(delivery(dropped).getString("status")).isEqualTo("PUBLISHED");
        assertThat(articlesTitled(droppedTitle)).hasSize(1);
        assertThat(delivery(dropped).get("zalo", Document.class).getInteger("recreations")).isEqualTo(1);
    }
}
