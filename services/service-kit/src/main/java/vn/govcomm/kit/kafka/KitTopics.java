package vn.govcomm.kit.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.ArrayList;
import java.util.List;

/**
 * Topic declarations: a service declares the topics it writes and the dead-letter topics of those it reads;
 * KafkaAdmin creates missing ones at start-up. Partitions and replicas come from configuration
 * ({@code govcomm.kafka.partitions}, {@code govcomm.kafka.replicas}).
 */
public final class KitTopics {
    private KitTopics() {
    }

    public static KafkaAdmin.NewTopics declare(int partitions, short replicas, List<String> writes, List<String> reads) {
        List<NewTopic> topics = new ArrayList<>();
        writes.forEach(t -> topics.add(TopicBuilder.name(t).partitions(partitions).replicas(replicas).build()));
        reads.forEach(t -> topics.add(TopicBuilder.name(DeadLetters.topicFor(t)).partitions(partitions)
                .replicas(replicas).build()));
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    public static NewTopic compacted(String name, int partitions, short replicas) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replicas).compact().build();
    }
}
