package vn.govcomm.kit.health;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The {@code store} and {@code kafka} health checks of every service, each only where the service has that
 * dependency. The readiness group includes both and the liveness group neither (ServiceDefaults), so a pod that
 * cannot reach its store or broker gets no traffic but is not restarted for it. Boot's own MongoDB check is switched
 * off there too ({@code management.health.mongodb.enabled=false}): {@link StoreHealthIndicator} says why.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration"})
@EnableConfigurationProperties(HealthCheckProperties.class)
public class KitHealthAutoConfiguration {

    /** Named {@code store} in the health endpoint and its groups. */
    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    @ConditionalOnMissingBean(name = "storeHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("store")
    StoreHealthIndicator storeHealthIndicator(MongoTemplate mongo, HealthCheckProperties properties) {
        return new StoreHealthIndicator(mongo.getDb(), properties.store().timeout());
    }

    /** Named {@code kafka} in the health endpoint and its groups. */
    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, HealthCheckProperties properties,
                                              @Value("${spring.application.name:service}") String application) {
        return KafkaHealthIndicator.describingCluster(admin.getConfigurationProperties(), application + "-health",
                properties.kafka().timeout(), properties.kafka().cacheTime());
    }
}
