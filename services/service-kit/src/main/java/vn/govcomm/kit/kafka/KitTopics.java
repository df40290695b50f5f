package vn.govcomm.kit.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Topic declarations: a service declares (as {@code KafkaAdmin.NewTopics} beans) the topics it writes and the
 * dead-letter topics of those it reads; KafkaAdmin creates missing ones at start-up. Partitions and replicas
 * come from configuration ({@code govcomm.kafka.partitions}, {@code govcomm.kafka.replicas}).
 */
public final class KitTopics {
    private KitTopics() {
    }

    public static NewTopic topic(String name, int partitions, short replicas) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replicas).build();
    }

    public static NewTopic deadLetterOf(String consumedTopic, int partitions, short replicas) {
        return topic(DeadLetters.topicFor(consumedTopic), partitions, replicas);
    }

    public static NewTopic compacted(String name, int partitions, short replicas) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replicas).compact().build();
    }
}
