package vn.govcomm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import vn.govcomm.local.PlatformService;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probes on real processes: the store (its own JVM, H2 file) and the broker are killed with SIGKILL and started
 * again on the same data and port. Meanwhile every service's readiness answers 503 while its liveness stays 200 (an
 * outage takes pods out of rotation, it does not restart them); once the store or the broker is back, every service
 * is ready again without a restart.
 */
class HealthProbeTests {

    static ProcessPlatform platform;

    @BeforeAll
    static void start() {
        Path workDir = Path.of("target", "health-tests", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        platform = ProcessPlatform.start(workDir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyServiceIsUpOnItsWholeHealthAndBothProbes() {
        for (PlatformService service : ProcessPlatform.SERVICES) {
            for (String path : new String[]{"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
                assertThat(status(service, path)).as(service.serviceName() + " " + path).isEqualTo(200);
            }
        }
    }

    @Test
    void everyServiceIsUnreadyButAliveWhileTheStoreIsDownAndReadyWhenItReturns() {
        awaitReadiness(200);
        int storePort = URI.create(platform.mongoUri()).getPort();

        platform.mongoJvm().kill();
        try {
            awaitReadiness(503);
            assertAllAlive();
        } finally {
            platform.mongoJvm().start();
            Ports.awaitOpen("127.0.0.1", storePort, Duration.ofSeconds(60));
        }

        awaitReadiness(200);
    }

    @Test
    void everyServiceIsUnreadyButAliveWhileTheBrokerIsDownAndReadyWhenItReturns() {
        awaitReadiness(200);

        platform.killBroker();
        try {
            awaitReadiness(503);
            assertAllAlive();
        } finally {
            platform.startBroker();
        }

        awaitReadiness(200);
    }

    /** Until every service's readiness answers {@code status}; says which did not. */
    private static void awaitReadiness(int status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<PlatformService, Integer> answers = new EnumMap<>(PlatformService.class);
            ProcessPlatform.SERVICES.forEach(service -> answers.put(service, status(service, "/actuator/health/readiness")));
            assertThat(answers).as("readiness").allSatisfy((service, answer) -> assertThat(answer)
                    .as(service.serviceName()).isEqualTo(status));
        });
    }

    private static void assertAllAlive() {
        for (PlatformService service : ProcessPlatform.SERVICES) {
            assertThat(status(service, "/actuator/health/liveness")).as(service.serviceName() + " liveness")
                    .isEqualTo(200);
            assertThat(platform.jvm(service).isAlive()).as(service.serviceName() + " process").isTrue();
        }
    }

    private static int status(PlatformService service, String path) {
        try {
            return RestClient.builder().baseUrl(platform.url(service))
                    .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build()
                    .get().uri(path).retrieve().toBodilessEntity().getStatusCode().value();
        } catch (RuntimeException unreachable) {
            return -1; // no answer at all: neither ready nor alive
        }
    }
}
