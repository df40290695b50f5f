package vn.govcomm.kit.health;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import vn.govcomm.embedded.DurableKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.testing.TestCallers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kit's health checks in a service-like context (the kit's defaults, a real broker, the embedded store) over
 * HTTP: the store and the broker are stopped and started again on the same ports, as an outage would.
 */
@SpringBootTest(classes = HealthIntegrationTests.HealthApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=kit-health-test", "govcomm.database=kit_health",
                "govcomm.health.kafka.cache-time=1s"})
class HealthIntegrationTests {

    static final int MONGO_PORT = freePort();
    static final int KAFKA_PORT = freePort();
    static final Path KAFKA_DIR = Path.of("target", "kit-health-kafka-" + System.nanoTime()).toAbsolutePath();
    static EmbeddedMongo mongo = EmbeddedMongo.inMemory(MONGO_PORT);
    static DurableKafka kafka = DurableKafka.start(KAFKA_DIR, KAFKA_PORT, 1, false);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> kafka.bootstrapServers());
        registry.add("spring.mongodb.uri", () -> mongo.uri("kit_health"));
        registry.add(TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys);
    }

    @AfterAll
    static void stop() {
        kafka.close();
        mongo.close();
    }

    @SpringBootApplication
    static class HealthApp {
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    HealthEndpointGroups groups;
    @Autowired
    HealthContributorRegistry contributors;
    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    @Test
    void theWholeHealthIsUpOnTheEmbeddedStoreWithTheStoreCheckInsteadOfBootsMongoCheck() {
        assertThat(status("/actuator/health")).isEqualTo(200);
        assertThat(get("/actuator/health").getBody()).contains("\"UP\"");
        assertThat(contributors.getContributor("store")).isInstanceOf(StoreHealthIndicator.class);
        assertThat(contributors.getContributor("kafka")).isInstanceOf(KafkaHealthIndicator.class);
        assertThat(contributors.getContributor("mongo")).as("Boot's check sends hello").isNull();
    }

    @Test
    void readinessFollowsStoreAndBrokerAndLivenessFollowsNeither() {
        HealthEndpointGroup readiness = groups.get("readiness");
        HealthEndpointGroup liveness = groups.get("liveness");
        for (String member : List.of("readinessState", "store", "kafka")) {
            assertThat(readiness.isMember(member)).as("readiness includes " + member).isTrue();
        }
        assertThat(readiness.isMember("livenessState")).isFalse();
        assertThat(readiness.isMember("diskSpace")).isFalse();
        assertThat(liveness.isMember("livenessState")).isTrue();
        for (String member : List.of("readinessState", "store", "kafka", "diskSpace")) {
            assertThat(liveness.isMember(member)).as("liveness leaves out " + member).isFalse();
        }
    }

    @Test
    void readinessGoesDownWhileTheStoreIsStoppedAndUpWhenItReturns() {
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        mongo.close();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status("/actuator/health/readiness") == 503);
            // bounded by the check's timeout (2 s), not by the driver's server selection (30 s)
            long started = System.nanoTime();
            assertThat(status("/actuator/health/readiness")).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(status("/actuator/health")).isEqualTo(503);
            assertThat(status("/actuator/health/liveness")).as("an outage does not restart the pod").isEqualTo(200);
        } finally {
            mongo = EmbeddedMongo.inMemory(MONGO_PORT);
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("/actuator/health/readiness") == 200);
        assertThat(status("/actuator/health")).isEqualTo(200);
    }

    @Test
    void readinessGoesDownWhileTheBrokerIsStoppedAndUpWhenItReturns() {
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        kafka.close();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status("/actuator/health/readiness") == 503);
            assertThat(status("/actuator/health")).isEqualTo(503);
            assertThat(status("/actuator/health/liveness")).as("an outage does not restart the pod").isEqualTo(200);
        } finally {
            kafka = DurableKafka.start(KAFKA_DIR, KAFKA_PORT, 1, false); // the same broker: its data, its port
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("/actuator/health/readiness") == 200);
        assertThat(status("/actuator/health")).isEqualTo(200);
    }

    private int status(String path) {
        return get(path).getStatusCode().value();
    }

    private ResponseEntity<String> get(String path) {
        return http.get().uri(path).retrieve().toEntity(String.class);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
