package vn.govcomm.zalo.oa;

import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.kit.secrets.CredentialCipher;
import vn.govcomm.zalo.ZaloTestSupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OA credential store on a real MongoDB replica set: the refresh lease and the compare-and-set guarded by the
 * old refresh token, with two adapter instances racing to refresh. Skipped without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class ZaloCredentialsContainerTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    static MongoTemplate mongo;

    @BeforeAll
    static void connect() {
        mongo = new MongoTemplate(MongoClients.create(MONGO.getReplicaSetUrl()), "govcomm_zalo_it");
    }

    @AfterAll
    static void drop() {
        if (mongo != null) {
            mongo.getDb().drop();
        }
    }

    @Test
    void twoInstancesRefreshingAtOnceRedeemTheSingleUseRefreshTokenOnce() throws Exception {
        try (FakeZalo fake = new FakeZalo().registerApp("app-c", "secret-c").start(0)) {
            ZaloTokens issued = fake.issueTokens("app-c");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            OaConnections connections = new OaConnections(mongo, new CredentialCipher(ZaloTestSupport.TEST_KEY, "t1"),
                    Clock.systemUTC());
            OaAttention attention = new OaAttention(mongo, meters);
            ZaloProperties properties = new ZaloProperties(fake.baseUrl(), null, null, null, null, Duration.ofSeconds(2),
                    Duration.ofSeconds(5), null, null, null, null, null, null, null, null);
            ZaloHttp http = new ZaloHttp(properties, ZaloTestSupport.JSON, meters);
            connections.connect("oa-c", "app-c", "secret-c", issued.refreshToken(), issued.accessToken(),
                    Instant.now().minusSeconds(1), null, "test", true);
            List<OaTokens> instances = List.of(new OaTokens(connections, http, properties, attention, Clock.systemUTC()),
                    new OaTokens(connections, http, properties, attention, Clock.systemUTC()));

            ExecutorService pool = Executors.newFixedThreadPool(6);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<OaTokens.Token>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                OaTokens instance = instances.get(i % 2);
                results.add(pool.submit(() -> {
                    go.await();
                    return instance.current("oa-c");
                }));
            }
            go.countDown();
            for (Future<OaTokens.Token> result : results) {
                assertThat(result.get().generation()).isEqualTo(2);
            }
            pool.shutdown();

            assertThat(fake.requests("POST", ".*/access_token")).hasSize(1);
            OaConnections.Connection stored = connections.find("oa-c").orElseThrow();
            assertThat(fake.isRefreshTokenLive(stored.refreshToken())).isTrue();
            assertThat(connections.storeRefreshed(stored, "someone-else", "x", "y", Instant.now()))
                    .as("a writer without the lease cannot overwrite the rotated token").isFalse();
        }
    }
}
