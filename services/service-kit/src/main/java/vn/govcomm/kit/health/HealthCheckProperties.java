package vn.govcomm.kit.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code govcomm.health.*}: how long the readiness checks wait. Both timeouts together (4 s by default, the checks
 * run one after the other) stay under the Kubernetes readiness probe's {@code timeoutSeconds} (5).
 *
 * @param store the {@code store} check: its ping's timeout
 * @param kafka the {@code kafka} check: its describeCluster timeout and how long an answer is reused
 */
@ConfigurationProperties("govcomm.health")
public record HealthCheckProperties(@DefaultValue Store store, @DefaultValue Kafka kafka) {

    public record Store(@DefaultValue("2s") Duration timeout) {
    }

    public record Kafka(@DefaultValue("2s") Duration timeout, @DefaultValue("5s") Duration cacheTime) {
    }
}
