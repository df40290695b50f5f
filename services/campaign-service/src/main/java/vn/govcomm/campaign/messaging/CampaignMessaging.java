package vn.govcomm.campaign.messaging;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.kafka.KitTopics;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxRelays;

/** Topics this service writes (single writer of both) and the relays draining its outboxes. */
@Configuration(proxyBeanMethods = false)
class CampaignMessaging {

    @Bean
    KafkaAdmin.NewTopics campaignTopics(@Value("${govcomm.kafka.partitions}") int partitions,
                                        @Value("${govcomm.kafka.replicas}") short replicas) {
        return new KafkaAdmin.NewTopics(
                KitTopics.topic(EventTypes.TOPIC_CAMPAIGN_EVENTS, partitions, replicas),
                KitTopics.compacted(EventTypes.TOPIC_AGENCY_DIRECTORY, partitions, replicas));
    }

    @Bean
    OutboxRelay campaignOutbox(OutboxRelays relays) {
        return relays.forCollection("campaigns");
    }

    @Bean
    OutboxRelay directoryOutbox(OutboxRelays relays) {
        return relays.forCollection("agencies");
    }
}
