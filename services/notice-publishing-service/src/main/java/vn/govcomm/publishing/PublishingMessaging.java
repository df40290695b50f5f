package vn.govcomm.publishing;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import vn.govcomm.kit.kafka.KitTopics;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxRelays;

import java.util.ArrayList;
import java.util.List;

/** Topics: writes delivery.requests.*, reads campaign.events, directory.agencies and delivery.status.*. */
@Configuration(proxyBeanMethods = false)
class PublishingMessaging {

    static final List<String> CHANNELS = List.of("portal", "facebook", "zalo", "led");

    @Bean
    KafkaAdmin.NewTopics publishingTopics(@Value("${govcomm.kafka.partitions}") int partitions,
                                          @Value("${govcomm.kafka.replicas}") short replicas) {
        List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
        for (String channel : CHANNELS) {
            topics.add(KitTopics.topic("delivery.requests." + channel, partitions, replicas));
            topics.add(KitTopics.deadLetterOf("delivery.status." + channel, partitions, replicas));
        }
        topics.add(KitTopics.deadLetterOf("campaign.events", partitions, replicas));
        topics.add(KitTopics.deadLetterOf("directory.agencies", partitions, replicas));
        return new KafkaAdmin.NewTopics(topics.toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }

    @Bean
    OutboxRelay deliveryOutbox(OutboxRelays relays) {
        return relays.forCollection("deliveries");
    }
}
