package vn.govcomm.kit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.kafka.BatchListeners;
import vn.govcomm.kit.kafka.DeadLetters;
import vn.govcomm.kit.outbox.OutboxRelays;
import vn.govcomm.kit.outbox.OutboxWriter;
import vn.govcomm.kit.web.ProblemDetailsAdvice;

import java.time.Duration;

/** Wires the shared pieces into every service (and every child context of the local launcher). */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@Import(vn.govcomm.kit.delivery.AdapterConfiguration.class)
public class ServiceKitAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(KafkaTemplate<String, byte[]> kafka) {
        return new EventPublisher(kafka);
    }

    @Bean(BatchListeners.FACTORY)
    @ConditionalOnBean(ConcurrentKafkaListenerContainerFactoryConfigurer.class)
    @ConditionalOnMissingBean(name = BatchListeners.FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> batchListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer boot, ConsumerFactory<Object, Object> consumers) {
        return BatchListeners.factory(boot, consumers);
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler kafkaErrorHandler(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters,
                                         @Value("${govcomm.kafka.max-retries:6}") int maxRetries) {
        return DeadLetters.errorHandler(kafka, meters, maxRetries);
    }

    @Bean
    @ConditionalOnBean({MongoTemplate.class, EventPublisher.class})
    @ConditionalOnMissingBean
    OutboxRelays outboxRelays(MongoTemplate mongo, EventPublisher publisher, MeterRegistry meters,
                              @Value("${govcomm.outbox.sweep-interval:2s}") Duration pollInterval) {
        return new OutboxRelays(mongo, publisher, meters, pollInterval);
    }

    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    @ConditionalOnMissingBean
    OutboxWriter outboxWriter(MongoTemplate mongo) {
        return new OutboxWriter(mongo);
    }

    @Bean
    @ConditionalOnWebApplication
    @ConditionalOnMissingBean
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }
}
