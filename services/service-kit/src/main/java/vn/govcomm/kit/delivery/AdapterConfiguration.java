package vn.govcomm.kit.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.kafka.KitTopics;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxRelays;

import java.time.Clock;

/**
 * What every channel adapter has in common, switched on by {@code govcomm.adapter.channel}: its delivery
 * records with their outbox relay, the status event factory, and its topics (writes
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
    DeliveryRequestDispatcher deliveryRequestDispatcher(AdapterDeliveries deliveries, JsonMapper json,
                                                        @Value("${govcomm.adapter.channel}") String channel) {
        return new DeliveryRequestDispatcher(deliveries, json, channel);
    }

    @Bean
    KafkaAdmin.NewTopics adapterTopics(@Value("${govcomm.adapter.channel}") String channel,
                                       @Value("${govcomm.kafka.partitions:3}") int partitions,
                                       @Value("${govcomm.kafka.replicas:1}") short replicas) {
        return new KafkaAdmin.NewTopics(
                KitTopics.topic("delivery.status." + channel, partitions, replicas),
                KitTopics.deadLetterOf("delivery.requests." + channel, partitions, replicas));
    }
}
