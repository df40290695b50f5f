package vn.govcomm.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health on the platform as the README's command starts it (one JVM; the durable Kafka broker and the H2-file
 * store under a data directory, demo data loaded), on free ports: {@code /actuator/health} and both probes are UP on
 * every port, and each service's readiness is made of its store and broker checks. Stopping the store or the
 * broker is tested on the process platform (infra/system-tests, HealthProbeTests), where they are processes of
 * their own; here they live inside this JVM.
 */
class PlatformHealthTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static LocalPlatform platform;

    @BeforeAll
    static void start() {
        Path dataDir = Path.of("target", "platform-health", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        platform = LocalPlatform.start(new LocalPlatform.Settings(true, dataDir, null, null, true));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /**
     * The contexts start side by side, and each SpringApplication sets up the one Logback context of this JVM: it is
     * set up once (Boot's mark is there, its suppress-everything filter gone), writes to the console, and the levels
     * the launcher gives every service apply.
     */
    @Test
    void loggingIsSetUpOnceForAllContextsWithTheLevelsTheLauncherSets() {
        ch.qos.logback.classic.LoggerContext logback =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        assertThat(logback.getObject(org.springframework.boot.logging.LoggingSystem.class.getName()))
                .as("Boot marks the Logback context it set up").isNotNull();
        assertThat(logback.getTurboFilterList()).as("Boot's filter that holds everything back until set up")
                .noneMatch(filter -> filter.getClass().getName().startsWith("org.springframework.boot."));
        ch.qos.logback.classic.Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("CONSOLE")).isNotNull();
        assertThat(root.getAppender("CONSOLE").isStarted()).isTrue();
        for (String quiet : List.of("org.apache.kafka", "kafka", "org.mongodb.driver", "de.bwaldvogel")) {
            assertThat(logback.getLogger(quiet).getLevel()).as(quiet).isEqualTo(ch.qos.logback.classic.Level.WARN);
        }
        org.slf4j.Logger service = org.slf4j.LoggerFactory.getLogger("vn.govcomm.reporting.SomeClass");
        assertThat(service.isInfoEnabled()).isTrue();
        assertThat(org.slf4j.LoggerFactory.getLogger("org.apache.kafka.clients.SomeClass").isInfoEnabled()).isFalse();
    }

    /**
     * Each context's {@code LogbackMetrics} is the launcher's, made under the logging lock (its constructor adds a
     * listener to the JVM's one Logback context while other contexts' logging set-ups walk that list), and Actuator's
     * backed off; it is still bound: the context's registry counts log events.
     */
    @Test
    void eachContextsLogbackMetricsIsTheLaunchersAndCountsLogEvents() {
        for (PlatformService service : PlatformService.values()) {
            ConfigurableApplicationContext context = platform.context(service);
            assertThat(context.getBeanNamesForType(io.micrometer.core.instrument.binder.logging.LogbackMetrics.class))
                    .as(service.serviceName()).containsExactly("logbackMetrics");
            assertThat(context.getBeanFactory().getBeanDefinition("logbackMetrics").getFactoryMethodName())
                    .as(service.serviceName() + ": not Actuator's @Bean method").isNull();
            assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .find("logback.events").counters()).as(service.serviceName()).isNotEmpty();
        }
    }

    /**
     * Every context sees every jar in this JVM, yet holds only what its own jars bring, as in production
     * ({@link OwnClasspath}): no service has the gateway's routing or the Resilience4j starter, the gateway has no
     * Kafka client; each still has its own (the services a Kafka template, the gateway its routes' handler).
     */
    @Test
    void eachContextHoldsOnlyTheBeansItsOwnJarsBring() {
        for (PlatformService service : PlatformService.values()) {
            ConfigurableApplicationContext context = platform.context(service);
            List<String> types = java.util.Arrays.stream(context.getBeanDefinitionNames())
                    .map(name -> context.getBeanFactory().getType(name, false))
                    .filter(java.util.Objects::nonNull).map(Class::getName).toList();
            if (service == PlatformService.GATEWAY) {
                assertThat(types).as("gateway").noneMatch(type -> type.startsWith("org.springframework.kafka."))
                        .anyMatch(type -> type.startsWith("org.springframework.cloud.gateway."));
            } else {
                assertThat(types).as(service.serviceName())
                        .noneMatch(type -> type.startsWith("org.springframework.cloud."))
                        .noneMatch(type -> type.startsWith("io.github.resilience4j.springboot3."))
                        .contains(org.springframework.kafka.core.KafkaTemplate.class.getName());
            }
        }
    }

    /**
     * The Facebook and Zalo adapters bring Apache HttpClient onto the launcher's one classpath; the gateway's jar has
     * none, so its proxy and console clients must stay on the JDK client here too (gateway.yml names it).
     */
    @Test
    void theGatewaysClientsStayOnTheJdkClientWithApacheOnTheSharedClasspath() throws Exception {
        assertThat(org.springframework.util.ClassUtils.isPresent(
                "org.apache.hc.client5.http.impl.classic.HttpClients", getClass().getClassLoader())).isTrue();
        ConfigurableApplicationContext gateway = platform.context(PlatformService.GATEWAY);
        var builder = gateway.getBean(org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder.class);
        org.springframework.http.client.ClientHttpRequestFactory factory = builder.build();
        try {
            assertThat(factory).isInstanceOf(org.springframework.http.client.JdkClientHttpRequestFactory.class);
        } finally {
            if (factory instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void theWholeHealthAndBothProbesAreUpOnEveryPort() {
        for (PlatformService service : PlatformService.values()) {
            RestClient client = RestClient.builder().baseUrl(platform.url(service))
                    .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
            for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
                ResponseEntity<String> answer = client.get().uri(path).retrieve().toEntity(String.class);
                assertThat(answer.getStatusCode().value()).as("%s %s: %s", service.serviceName(), path, answer.getBody())
                        .isEqualTo(200);
                assertThat(JSON.readTree(answer.getBody()).path("status").asString()).isEqualTo("UP");
            }
        }
    }

    @Test
    void everyServiceIsReadyOnlyWithItsStoreAndBrokerAndTheGatewayChecksItsStoreOutsideReadiness() {
        for (PlatformService service : PlatformService.values()) {
            ConfigurableApplicationContext context = platform.context(service);
            HealthContributorRegistry contributors = context.getBean(HealthContributorRegistry.class);
            HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
            String name = service.serviceName();
            assertThat(contributors.getContributor("mongo")).as(name + ": Boot's check sends hello").isNull();
            assertThat(((HealthIndicator) contributors.getContributor("store")).health().getStatus()).as(name)
                    .isEqualTo(Status.UP);
            assertThat(groups.get("liveness").isMember("store")).as(name).isFalse();
            assertThat(groups.get("liveness").isMember("kafka")).as(name).isFalse();
            if (service == PlatformService.GATEWAY) {
                // the audit trail is queued: a store outage must not take the front door out of rotation
                assertThat(contributors.getContributor("kafka")).isNull();
                assertThat(groups.get("readiness").isMember("store")).isFalse();
            } else {
                assertThat(((HealthIndicator) contributors.getContributor("kafka")).health().getStatus()).as(name)
                        .isEqualTo(Status.UP);
                assertThat(groups.get("readiness").isMember("store")).as(name).isTrue();
                assertThat(groups.get("readiness").isMember("kafka")).as(name).isTrue();
            }
        }
    }

    @Test
    void everyConsumerOfTheLauncherGivesUpADeadGroupMemberAfterTenSeconds() {
        for (PlatformService service : PlatformService.values()) {
            if (service == PlatformService.GATEWAY) {
                continue; // no Kafka in the gateway
            }
            Map<String, ConsumerFactory> factories = platform.context(service).getBeansOfType(ConsumerFactory.class);
            assertThat(factories).as(service.serviceName()).isNotEmpty();
            factories.forEach((name, factory) -> {
                Map<String, Object> config = factory.getConfigurationProperties();
                assertThat(String.valueOf(config.get("session.timeout.ms"))).as(service.serviceName() + " " + name)
                        .isEqualTo("10000");
                assertThat(String.valueOf(config.get("heartbeat.interval.ms"))).as(service.serviceName() + " " + name)
                        .isEqualTo("3000");
            });
        }
    }
}
