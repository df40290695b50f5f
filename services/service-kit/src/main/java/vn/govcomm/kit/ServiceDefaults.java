package vn.govcomm.kit;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Defaults every service shares, added with the LOWEST precedence so a service's own application.yml,
 * environment variables and command-line arguments override them. Keeps seven application.yml files from
 * repeating the same Kafka serialisers, actuator exposure and probe settings.
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("spring.kafka.bootstrap-servers", "${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}"),
            Map.entry("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer"),
            Map.entry("spring.kafka.producer.value-serializer", "org.apache.kafka.common.serialization.ByteArraySerializer"),
            Map.entry("spring.kafka.producer.acks", "all"),
            Map.entry("spring.kafka.producer.properties.enable.idempotence", "true"),
            Map.entry("spring.kafka.producer.properties.linger.ms", "5"),
            Map.entry("spring.kafka.consumer.key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer"),
            Map.entry("spring.kafka.consumer.value-deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer"),
            Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
            Map.entry("spring.kafka.consumer.enable-auto-commit", "false"),
            Map.entry("spring.kafka.listener.ack-mode", "record"),
            Map.entry("spring.kafka.listener.observation-enabled", "false"),
            Map.entry("spring.mongodb.uri", "${MONGODB_URI:mongodb://localhost:27017}"),
            // One database per service; the URI names the cluster, this names the database.
            Map.entry("spring.mongodb.database", "${MONGODB_DATABASE:${govcomm.database}}"),
            Map.entry("spring.data.mongodb.auto-index-creation", "true"),
            Map.entry("spring.threads.virtual.enabled", "true"),
            Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.show-details", "never"),
            Map.entry("management.health.livenessstate.enabled", "true"),
            Map.entry("management.health.readinessstate.enabled", "true"),
            // Health (kit.health): Boot's MongoDB check sends "hello", which the embedded store does not know; the
            // kit's "store" check pings instead. Readiness follows the store and the broker (a pod that cannot reach
            // them gets no traffic); liveness does not (an outage of either must not restart every pod).
            Map.entry("management.health.mongodb.enabled", "false"),
            // The dead-letter tooling's reader assigns and unassigns DLT partitions at each refresh; Kafka then warns
            // "Not updating high watermark ... no longer assigned" for fetches still in flight, which is harmless.
            Map.entry("logging.level.org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils", "ERROR"),
            Map.entry("management.endpoint.health.group.readiness.include", "readinessState,store,kafka"),
            Map.entry("management.endpoint.health.group.liveness.include", "livenessState"),
            Map.entry("management.metrics.tags.application", "${spring.application.name}"),
            Map.entry("management.metrics.distribution.percentiles-histogram.govcomm", "true"),
            Map.entry("spring.jackson.deserialization.fail-on-unknown-properties", "false"),
            // Identity (kit.security): the gateway's public keys; no default, a service without them does not start.
            Map.entry("govcomm.security.caller-token.public-keys", "${CALLER_TOKEN_PUBLIC_KEYS:}"),
            Map.entry("govcomm.identity.province-wide-agencies",
                    "${GOVCOMM_PROVINCE_WIDE_AGENCIES:so-noi-vu,ubnd-tinh,van-phong-ubnd-tinh}"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("govcomm-service-defaults", DEFAULTS));
    }
}
