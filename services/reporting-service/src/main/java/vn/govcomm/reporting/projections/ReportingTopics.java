package vn.govcomm.reporting.projections;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.kafka.KitTopics;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads campaign.events, directory.agencies, notification.events, and delivery.requests.* / delivery.status.* of
 * every channel in {@link Channels#ALL}; writes nothing but their dead letters. The listeners take their topic
 * lists from the contracts ({@link EventTypes#deliveryRequestsTopics()}, {@link EventTypes#deliveryStatusTopics()}),
 * so a new channel in the contracts is consumed without touching this service.
 */
@Configuration(proxyBeanMethods = false)
public class ReportingTopics {

    /** Every topic this service consumes. */
    public static List<String> consumed() {
        List<String> topics = new ArrayList<>(List.of(EventTypes.TOPIC_CAMPAIGN_EVENTS, EventTypes.TOPIC_AGENCY_DIRECTORY,
                EventTypes.TOPIC_NOTIFICATION_EVENTS));
        topics.addAll(List.of(EventTypes.deliveryRequestsTopics()));
        topics.addAll(List.of(EventTypes.deliveryStatusTopics()));
        return topics;
    }

    @Bean
    KafkaAdmin.NewTopics reportingDeadLetters(@Value("${govcomm.kafka.partitions}") int partitions,
                                              @Value("${govcomm.kafka.replicas}") short replicas) {
        return new KafkaAdmin.NewTopics(consumed().stream()
                .map(topic -> KitTopics.deadLetterOf(topic, partitions, replicas)).toArray(NewTopic[]::new));
    }
}
