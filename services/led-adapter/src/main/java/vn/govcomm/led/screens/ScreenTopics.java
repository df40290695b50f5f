package vn.govcomm.led.screens;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.kafka.KitTopics;

/** This feature reads {@code directory.agencies}: it declares that topic's DLT (the kit declares the rest). */
@Configuration(proxyBeanMethods = false)
class ScreenTopics {

    @Bean
    KafkaAdmin.NewTopics ledDirectoryTopics(@Value("${govcomm.kafka.partitions:3}") int partitions,
                                            @Value("${govcomm.kafka.replicas:1}") short replicas) {
        return new KafkaAdmin.NewTopics(KitTopics.deadLetterOf(EventTypes.TOPIC_AGENCY_DIRECTORY, partitions, replicas));
    }
}
