package vn.govcomm.local;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link OwnClasspath} on this module's test classpath, which, like the launcher's, holds every service's and the
 * gateway's jars together with their runtime artifact lists.
 */
class OwnClasspathUnitTests {

    static final String GATEWAY_MVC = "org.springframework.cloud.gateway.server.mvc.GatewayServerMvcAutoConfiguration";
    static final String RESILIENCE4J_STARTER =
            "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration";
    static final String KAFKA = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";
    static final String SPRING_DATA_MONGODB = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration";
    static final String WEB_MVC = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration";
    static final String SERVICE_KIT = "vn.govcomm.kit.ServiceKitAutoConfiguration";

    @Test
    void everyServiceAndTheGatewayListTheirRuntimeArtifacts() {
        for (PlatformService service : PlatformService.values()) {
            Set<String> artifacts = OwnClasspath.artifacts(service.serviceName(), getClass().getClassLoader());
            assertThat(artifacts).as(service.serviceName())
                    .contains(service.serviceName(), "spring-boot-webmvc", "spring-boot-actuator", "mongodb-driver-sync")
                    .doesNotContain("spring-boot-starter-test", "junit-jupiter-api", "local-platform");
            if (service == PlatformService.GATEWAY) {
                assertThat(artifacts).contains("spring-cloud-gateway-server-webmvc").doesNotContain("spring-kafka");
            } else {
                assertThat(artifacts).contains("spring-kafka", "service-kit")
                        .doesNotContain("spring-cloud-gateway-server-webmvc", "spring-cloud-commons");
            }
        }
    }

    @Test
    void aServiceKeepsItsOwnJarsAutoConfigurationsAndLosesTheGatewaysAndTheOtherWayRound() {
        String[] candidates = {GATEWAY_MVC, RESILIENCE4J_STARTER, KAFKA, SPRING_DATA_MONGODB, WEB_MVC, null};

        assertThat(filter("zalo-adapter").match(candidates.clone(), null))
                .containsExactly(false, false, true, true, true, true);
        assertThat(filter("gateway").match(candidates.clone(), null))
                .containsExactly(true, true, false, false, true, true);
        // service-kit: a jar here or, in a build that has not packaged it, a directory left to the other filters
        assertThat(filter("zalo-adapter").match(new String[] {SERVICE_KIT}, null)).containsExactly(true);
    }

    @Test
    void withoutThePropertyEverythingIsLeftToTheOtherFilters() {
        OwnClasspath filter = new OwnClasspath();
        filter.setEnvironment(new MockEnvironment());
        filter.setBeanClassLoader(getClass().getClassLoader());

        assertThat(filter.match(new String[] {GATEWAY_MVC, KAFKA}, null)).containsExactly(true, true);
    }

    @Test
    void anArtifactWithoutAListFailsTheStartWithWhatToDo() {
        OwnClasspath filter = filter("no-such-service");

        assertThatThrownBy(() -> filter.match(new String[] {KAFKA}, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("META-INF/govcomm/runtime-artifacts/no-such-service.txt is missing");
    }

    @Test
    void aJarIsMatchedByItsArtifactIdWhateverItsVersionOrClassifier() {
        Set<String> ids = Set.of("spring-boot", "netty-transport-native-epoll", "zalo-adapter");

        assertThat(OwnClasspath.fromOneOf("spring-boot-4.0.9", ids)).isTrue();
        assertThat(OwnClasspath.fromOneOf("spring-boot-3.5.0", ids)).isTrue();
        assertThat(OwnClasspath.fromOneOf("spring-boot-autoconfigure-4.0.9", ids)).isFalse();
        assertThat(OwnClasspath.fromOneOf("spring-boot-kafka-4.0.9", ids)).isFalse();
        assertThat(OwnClasspath.fromOneOf("netty-transport-native-epoll-4.2.19.Final-linux-x86_64", ids)).isTrue();
        assertThat(OwnClasspath.fromOneOf("netty-transport-4.2.19.Final", ids)).isFalse();
        assertThat(OwnClasspath.fromOneOf("zalo-adapter-0.1.0-SNAPSHOT", ids)).isTrue();
        assertThat(OwnClasspath.fromOneOf("spring-boot", ids)).as("no version").isFalse();
    }

    private OwnClasspath filter(String artifact) {
        OwnClasspath filter = new OwnClasspath();
        filter.setEnvironment(new MockEnvironment().withProperty(OwnClasspath.PROPERTY, artifact));
        filter.setBeanClassLoader(getClass().getClassLoader());
        return filter;
    }
}
