package vn.govcomm.reporting.projections;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import vn.govcomm.kit.kafka.KitTopics;

import java.util.ArrayList;
import java.util.List;

/** Reads campaign.events, directory.agencies, delivery.requests.* and delivery.status.*; writes nothing but their dead letters. */
@Configuration(proxyBeanMethods = false)
class ReportingTopics {

    @Bean
    KafkaAdmin.NewTopics reportingDeadLetters(@Value("${govcomm.kafka.partitions}") int partitions,
                                              @Value("${govcomm.kafka.replicas}") short replicas) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(KitTopics.deadLetterOf("campaign.events", partitions, replicas));
        topics.add(KitTopics.deadLetterOf("directory.agencies", partitions, replicas));
        for (String channel : List.of("portal", "facebook", "zalo", "led")) {
            topics.add(KitTopics.deadLetterOf("delivery.requests." + channel, partitions, replicas));
            topics.add(KitTopics.deadLetterOf("delivery.status." + channel, partitions, replicas));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
