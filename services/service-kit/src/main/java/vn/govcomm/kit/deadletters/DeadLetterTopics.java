package vn.govcomm.kit.deadletters;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import vn.govcomm.kit.kafka.DeadLetters;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The DLTs this service looks after: {@code <topic>.DLT} of each topic its Kafka listeners consume (or of
 * {@code govcomm.dead-letters.topics}), with the consumer groups of those listeners. Several services consume
 * the same topic and dead-letter into the same DLT; spring-kafka names the group that failed in
 * {@code kafka_dlt-original-consumer-group}, so each service sees the dead letters of its own groups only.
 */
class DeadLetterTopics {

    /** A DLT, the topic its records came from, and the groups whose dead letters are this service's. */
    record Watched(String deadLetterTopic, String sourceTopic, Set<String> groups) {

        /** A dead letter without a group name (written by something else) is shown to every consumer of the topic. */
        boolean owns(String consumerGroup) {
            return groups.isEmpty() || consumerGroup == null || groups.contains(consumerGroup);
        }
    }

    private final List<String> configured;
    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;

    DeadLetterTopics(List<String> configured, ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        this.configured = configured;
        this.registry = registry;
    }

    /** This service's listener containers (none before the context has started). */
    Collection<MessageListenerContainer> containers() {
        KafkaListenerEndpointRegistry listeners = registry.getIfAvailable();
        return listeners == null ? List.of() : listeners.getAllListenerContainers();
    }

    /** By DLT name. Read when asked: listener containers are registered only once the context has started. */
    Map<String, Watched> watched() {
        Map<String, Set<String>> groupsByTopic = new TreeMap<>();
        for (MessageListenerContainer container : containers()) {
            String[] topics = container.getContainerProperties().getTopics();
            if (topics == null) {
                continue; // a pattern or explicit partitions: name the topics in govcomm.dead-letters.topics
            }
            for (String topic : topics) {
                Set<String> groups = groupsByTopic.computeIfAbsent(topic, t -> new TreeSet<>());
                if (container.getGroupId() != null) {
                    groups.add(container.getGroupId());
                }
            }
        }
        Collection<String> topics = configured.isEmpty() ? groupsByTopic.keySet() : configured;
        Map<String, Watched> watched = new TreeMap<>();
        for (String topic : topics) {
            if (topic.endsWith(".DLT")) {
                continue; // a listener on a DLT itself is not a source of dead letters here
            }
            String dlt = DeadLetters.topicFor(topic);
            watched.put(dlt, new Watched(dlt, topic, Set.copyOf(groupsByTopic.getOrDefault(topic, Set.of()))));
        }
        return watched;
    }
}
