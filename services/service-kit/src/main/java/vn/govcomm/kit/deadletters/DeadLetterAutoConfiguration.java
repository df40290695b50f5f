package vn.govcomm.kit.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;

/**
 * The dead-letter tooling of a service ({@code /api/dead-letters/topics/**}, the index behind it and its gauges):
 * only in a servlet service that has Kafka and Spring Data MongoDB (not in the gateway's context of the one-JVM
 * launcher, which has neither). Off with {@code govcomm.dead-letters.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "vn.govcomm.kit.ServiceKitAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({KafkaTemplate.class, MongoTemplate.class})
@ConditionalOnBean({KafkaTemplate.class, MongoTemplate.class, MeterRegistry.class})
@ConditionalOnSingleCandidate(ConsumerFactory.class)
@ConditionalOnProperty(name = "govcomm.dead-letters.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLetterAutoConfiguration {

    @Bean(destroyMethod = "close")
    DeadLetterLog deadLetterLog(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, byte[]> kafka,
                                DeadLetterProperties properties,
                                @Value("${spring.application.name:service}") String application) {
        // the client settings (servers, TLS, SASL) of the service's own consumers and of the template the kit sends with
        return new DeadLetterLog(consumers.getConfigurationProperties(),
                kafka.getProducerFactory().getConfigurationProperties(), application, properties.readTimeout());
    }

    @Bean
    DeadLetterActions deadLetterActions(MongoTemplate mongo) {
        return new DeadLetterActions(mongo, Clock.systemUTC());
    }

    @Bean
    DeadLetterIndex deadLetterIndex(DeadLetterProperties properties, ObjectProvider<KafkaListenerEndpointRegistry> listeners,
                                    DeadLetterLog kafka, DeadLetterActions actions, MeterRegistry meters) {
        return new DeadLetterIndex(new DeadLetterTopics(properties.topics(), listeners), kafka, actions, meters,
                Clock.systemUTC(), properties.indexLimit());
    }

    @Bean
    DeadLetterManagement deadLetterManagement(DeadLetterIndex index, DeadLetterLog kafka, DeadLetterActions actions,
                                              MeterRegistry meters, DeadLetterProperties properties) {
        return new DeadLetterManagement(index, kafka, actions, meters, properties);
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetterManagement management, DeadLetterProperties properties) {
        return new DeadLetterController(management, properties.maxBulk());
    }

    @Bean(destroyMethod = "close")
    DeadLetterRefresh deadLetterRefresh(DeadLetterIndex index, DeadLetterActions actions, DeadLetterProperties properties) {
        return new DeadLetterRefresh(index, actions, properties.refreshInterval());
    }
}
