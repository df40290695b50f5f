package vn.govcomm.kit.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.kafka.KitTopics;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxRelays;

import java.time.Clock;
import java.time.Duration;

/**
 * What every channel adapter has in common, switched on by {@code govcomm.adapter.channel}: its delivery
 * records with their outbox relay, the status event factory, durable retries ({@code govcomm.delivery.retry.*}),
 * and its topics (writes
 * {@code delivery.status.<channel>}, reads {@code delivery.requests.<channel>} whose DLT it declares).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("govcomm.adapter.channel")
public class AdapterConfiguration {

    @Bean
    StatusReports statusReports(@Value("${govcomm.adapter.channel}") String channel, JsonMapper json) {
        return new StatusReports(channel, json);
    }

    @Bean
    OutboxRelay adapterDeliveryOutbox(OutboxRelays relays) {
        return relays.forCollection(AdapterDeliveries.COLLECTION);
    }

    @Bean
    AdapterDeliveries adapterDeliveries(MongoTemplate mongo, StatusReports reports, OutboxRelay adapterDeliveryOutbox) {
        return new AdapterDeliveries(mongo, reports, adapterDeliveryOutbox, Clock.systemUTC());
    }

    @Bean
    DeliveryRetries deliveryRetries(MongoTemplate mongo, AdapterDeliveries deliveries, ObjectProvider<ChannelAdapter> adapter,
                                    JsonMapper json, MeterRegistry meters,
                                    @Value("${govcomm.adapter.channel}") String channel,
                                    @Value("${govcomm.delivery.retry.first-delay:30s}") Duration firstDelay,
                                    @Value("${govcomm.delivery.retry.multiplier:2.0}") double multiplier,
                                    @Value("${govcomm.delivery.retry.max-delay:15m}") Duration maxDelay,
                                    @Value("${govcomm.delivery.retry.max-wait:48h}") Duration maxWait,
                                    @Value("${govcomm.delivery.retry.poll-interval:5s}") Duration pollInterval,
                                    @Value("${govcomm.delivery.retry.lease:2m}") Duration lease,
                                    @Value("${govcomm.delivery.retry.concurrency:4}") int concurrency) {
        return new DeliveryRetries(mongo, deliveries, adapter::getObject, json, meters, channel,
                new DeliveryRetries.Settings(firstDelay, multiplier, maxDelay, maxWait, pollInterval, lease,
                        concurrency, 100), Clock.systemUTC());
    }

    @Bean
    DeliveryRequestDispatcher deliveryRequestDispatcher(AdapterDeliveries deliveries, DeliveryRetries retries,
                                                        JsonMapper json, @Value("${govcomm.adapter.channel}") String channel) {
        return new DeliveryRequestDispatcher(deliveries, retries, json, channel);
    }

    @Bean
    KafkaAdmin.NewTopics adapterTopics(@Value("${govcomm.adapter.channel}") String channel,
                                       @Value("${govcomm.kafka.partitions:3}") int partitions,
                                       @Value("${govcomm.kafka.replicas:1}") short replicas) {
        return new KafkaAdmin.NewTopics(
                KitTopics.topic(EventTypes.deliveryStatusTopic(channel), partitions, replicas),
                KitTopics.deadLetterOf(EventTypes.deliveryRequestsTopic(channel), partitions, replicas));
    }
}
