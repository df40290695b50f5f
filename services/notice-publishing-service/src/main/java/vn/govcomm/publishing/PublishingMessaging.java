package vn.govcomm.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.kafka.KitTopics;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxRelays;
import vn.govcomm.publishing.dispatch.BulkDispatcher;
import vn.govcomm.publishing.publications.PublishingProperties;
import vn.govcomm.publishing.reconciliation.ReconcileProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Topics: writes delivery.requests.*, reads campaign.events, directory.agencies and delivery.status.*. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PublishingProperties.class, ReconcileProperties.class})
class PublishingMessaging {

    @Bean
    KafkaAdmin.NewTopics publishingTopics(@Value("${govcomm.kafka.partitions}") int partitions,
                                          @Value("${govcomm.kafka.replicas}") short replicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (String channel : Channels.ALL) {
            topics.add(KitTopics.topic(EventTypes.deliveryRequestsTopic(channel), partitions, replicas));
            topics.add(KitTopics.deadLetterOf(EventTypes.deliveryStatusTopic(channel), partitions, replicas));
        }
        topics.add(KitTopics.deadLetterOf(EventTypes.TOPIC_CAMPAIGN_EVENTS, partitions, replicas));
        topics.add(KitTopics.deadLetterOf(EventTypes.TOPIC_AGENCY_DIRECTORY, partitions, replicas));
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /** The fan-out's own producer: batching settings that the shared KafkaTemplate does not need. */
    @Bean(destroyMethod = "close")
    BulkDispatcher bulkDispatcher(KafkaProperties kafka) {
        return new BulkDispatcher(kafka.buildProducerProperties());
    }

    /**
     * Outbox relay for officers' re-sends only (one delivery at a time). The bulk fan-out does not use it; its
     * poll is slow because, on mongo-java-server, each poll scans the deliveries collection (no secondary
     * indexes); a re-send nudges it, so it still leaves at once.
     */
    @Bean
    OutboxRelay resendOutbox(OutboxRelays relays,
                             @Value("${govcomm.publishing.resend-poll-interval:5s}") Duration pollInterval) {
        return relays.forCollection("deliveries", pollInterval); // the kit's: size check, quarantine, quiet sends
    }
}
