package vn.govcomm.notification.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ContainerProperties;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.kafka.KitTopics;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes notification.events (single writer); reads campaign.events, directory.agencies and delivery.status.<channel>
 * for every channel of {@link Channels#ALL}, and declares their dead-letter topics. The batch listeners (statuses,
 * directory) use {@value #BATCH_FACTORY}: Boot's factory (the kit's error handler included) in batch mode,
 * committing after each batch.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationTopics {

    public static final String BATCH_FACTORY = "notificationBatchListenerFactory";

    /** The status topics, for {@code @KafkaListener(topics = "#{T(...NotificationTopics).statusTopics()}")}. */
    public static String[] statusTopics() {
        return Channels.ALL.stream().map(EventTypes::deliveryStatusTopic).toArray(String[]::new);
    }

    @Bean
    KafkaAdmin.NewTopics notificationServiceTopics(@Value("${govcomm.kafka.partitions}") int partitions,
                                            @Value("${govcomm.kafka.replicas}") short replicas) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(KitTopics.topic(EventTypes.TOPIC_NOTIFICATION_EVENTS, partitions, replicas));
        topics.add(KitTopics.deadLetterOf(EventTypes.TOPIC_CAMPAIGN_EVENTS, partitions, replicas));
        topics.add(KitTopics.deadLetterOf(EventTypes.TOPIC_AGENCY_DIRECTORY, partitions, replicas));
        for (String topic : statusTopics()) {
            topics.add(KitTopics.deadLetterOf(topic, partitions, replicas));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean(BATCH_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> notificationBatchListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        return factory;
    }
}
