package vn.govcomm.kit.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.beans.BeanUtils;
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
import org.springframework.util.ClassUtils;

import java.time.Clock;

/**
 * The dead-letter tooling of a service ({@code /api/dead-letters/topics/**}, the index behind it, its gauges and the
 * in-process replay): only in a servlet service that has Kafka consumers and Spring Data MongoDB (not in the
 * gateway's context of the one-JVM launcher, which has neither). Off with {@code govcomm.dead-letters.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "vn.govcomm.kit.ServiceKitAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({KafkaListenerEndpointRegistry.class, MongoTemplate.class})
@ConditionalOnBean({MongoTemplate.class, MeterRegistry.class})
@ConditionalOnSingleCandidate(ConsumerFactory.class)
@ConditionalOnProperty(name = "govcomm.dead-letters.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLetterAutoConfiguration {

    @Bean(destroyMethod = "close")
    DeadLetterLog deadLetterLog(ConsumerFactory<?, ?> consumers, DeadLetterProperties properties,
                                @Value("${spring.application.name:service}") String application) {
        // the client settings (servers, TLS, SASL) of the service's own consumers
        return new DeadLetterLog(consumers.getConfigurationProperties(), application, properties.readTimeout());
    }

    @Bean
    DeadLetterTopics deadLetterTopics(DeadLetterProperties properties,
                                      ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
        return new DeadLetterTopics(properties.topics(), listeners);
    }

    @Bean(destroyMethod = "close")
    DeadLetterReplays deadLetterReplays(DeadLetterTopics topics, ConsumerFactory<?, ?> consumers) {
        // a replayed record's key and value are deserialized as the service's consumers deserialize them
        return new DeadLetterReplays(topics::containers, deserializer(consumers, true), deserializer(consumers, false));
    }

    @Bean
    DeadLetterActions deadLetterActions(MongoTemplate mongo) {
        return new DeadLetterActions(mongo, Clock.systemUTC());
    }

    @Bean
    DeadLetterIndex deadLetterIndex(DeadLetterProperties properties, DeadLetterTopics topics, DeadLetterLog kafka,
                                    DeadLetterActions actions, MeterRegistry meters) {
        return new DeadLetterIndex(topics, kafka, actions, meters, Clock.systemUTC(), properties.indexLimit());
    }

    @Bean
    DeadLetterManagement deadLetterManagement(DeadLetterIndex index, DeadLetterLog kafka, DeadLetterActions actions,
                                              DeadLetterReplays replays, MeterRegistry meters,
                                              DeadLetterProperties properties) {
        return new DeadLetterManagement(index, kafka, actions, replays, meters, properties);
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetterManagement management, DeadLetterProperties properties) {
        return new DeadLetterController(management, properties.maxBulk());
    }

    @Bean(destroyMethod = "close")
    DeadLetterRefresh deadLetterRefresh(DeadLetterIndex index, DeadLetterActions actions, DeadLetterProperties properties) {
        return new DeadLetterRefresh(index, actions, properties.refreshInterval());
    }

    /** The factory's deserializer instance, else one of the configured class (bytes when none is configured). */
    static Deserializer<?> deserializer(ConsumerFactory<?, ?> consumers, boolean key) {
        Deserializer<?> given = key ? consumers.getKeyDeserializer() : consumers.getValueDeserializer();
        if (given != null) {
            return given;
        }
        Object configured = consumers.getConfigurationProperties().get(key
                ? ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG : ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        if (configured == null) {
            return new ByteArrayDeserializer();
        }
        Class<?> type = configured instanceof Class<?> c ? c
                : ClassUtils.resolveClassName(configured.toString().trim(), DeadLetterAutoConfiguration.class.getClassLoader());
        Deserializer<?> deserializer = (Deserializer<?>) BeanUtils.instantiateClass(type);
        deserializer.configure(consumers.getConfigurationProperties(), key);
        return deserializer;
    }
}
