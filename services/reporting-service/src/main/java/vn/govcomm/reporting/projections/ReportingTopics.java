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
 * lists from {@link #requestTopics()} and {@link #statusTopics()}, so a new channel in the contracts is consumed
 * without touching this service.
 */
@Configuration(proxyBeanMethods = false)
public class ReportingTopics {

    /** delivery.requests.&lt;channel&gt; of every channel. */
    public static String[] requestTopics() {
        return Channels.ALL.stream().map(EventTypes::deliveryRequestsTopic).toArray(String[]::new);
    }

    /** delivery.status.&lt;channel&gt; of every channel. */
    public static String[] statusTopics() {
        return Channels.ALL.stream().map(EventTypes::deliveryStatusTopic).toArray(String[]::new);
    }

    /** Every topic this service consumes. */
    public static List<String> consumed() {
        List<String> topics = new ArrayList<>(List.of(EventTypes.TOPIC_CAMPAIGN_EVENTS, EventTypes.TOPIC_AGENCY_DIRECTORY,
                EventTypes.TOPIC_NOTIFICATION_EVENTS));
        topics.addAll(List.of(requestTopics()));
        topics.addAll(List.of(statusTopics()));
        return topics;
    }

    @Bean
    KafkaAdmin.NewTopics reportingDeadLetters(@Value("${govcomm.kafka.partitions}") int partitions,
                                              @Value("${govcomm.kafka.replicas}") short replicas) {
        return new KafkaAdmin.NewTopics(consumed().stream()
                .map(topic -> KitTopics.deadLetterOf(topic, partitions, replicas)).toArray(NewTopic[]::new));
    }
}
