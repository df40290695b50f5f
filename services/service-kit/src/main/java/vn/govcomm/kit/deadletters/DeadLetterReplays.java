package vn.govcomm.kit.deadletters;

import java.time.Instant;
import java.util.Collections;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.TopicPartitionOffset;
import vn.govcomm.kit.web.ApiProblem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A replay in this process: the dead letter goes back to the listener that dead-lettered it (the container of its
 * original topic and consumer group, {@code kafka_dlt-original-topic} / {@code -consumer-group}), rebuilt as the
 * record that listener got (original topic, partition, offset, timestamp, key and value deserialized as the
 * service's consumers do, headers without {@code kafka_dlt-*} plus {@value DeadLetterManagement#REPLAY_OF_HEADER}).
 * Nothing is written to Kafka: the service needs no Write on a topic it consumes (one writer per topic), and no
 * other consumer group sees the record again.
 *
 * <p>The listener runs on one worker thread of its own, never a consumer thread (those belong to their containers
 * and must keep polling) nor the HTTP thread (whose request context must not leak into listener code), one record
 * at a time: replays keep their order, and at most one listener call runs beside the consumers. The listener's
 * message listener is called as its container calls it, without the container's error handler: a failure comes back
 * to the admin, it is not retried nor dead-lettered a second time.
 */
class DeadLetterReplays implements AutoCloseable {

    /** A listener of this service: its container's message listener, group and the topic it is handed. */
    record Target(String listenerId, String group, String topic, Object listener, boolean manualAck) {
    }

    /**
     * Why a listener did not take a record: its exception (unwrapped from spring-kafka's
     * {@code ListenerExecutionFailedException}), the root cause, and whether it is an outage of the store or the
     * broker (retried without limit by the consumers' error handler) rather than something about the record.
     */
    record Failure(String exceptionClass, String causeClass, String message, boolean outage) {

        private static final int MESSAGE_CAP = 1000;

        static Failure of(Throwable thrown) {
            Throwable t = thrown;
            while ((t instanceof ListenerExecutionFailedException || t instanceof BatchListenerFailedException)
                    && t.getCause() != null) {
                t = t.getCause();
            }
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = t.getMessage() == null ? "" : t.getMessage();
            return new Failure(t.getClass().getName(), root == t ? null : root.getClass().getName(),
                    message.length() > MESSAGE_CAP ? message.substring(0, MESSAGE_CAP) + "…" : message,
                    vn.govcomm.kit.kafka.DeadLetters.isInfrastructureOutage(thrown));
        }

        /** {@code PoisonEventException: no ce_type}: what the admin reads. */
        String describe() {
            String simple = exceptionClass.substring(exceptionClass.lastIndexOf('.') + 1);
            return message.isEmpty() ? simple : simple + ": " + message;
        }
    }

    private static final Acknowledgment NO_ACK = new Acknowledgment() {
        @Override
        public void acknowledge() {
            // a replayed record has no position in the consumer's partition: nothing to commit
        }
    };

    private final Supplier<Collection<MessageListenerContainer>> containers;
    private final Deserializer<?> keys;
    private final Deserializer<?> values;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("dead-letters-replay").factory());

    DeadLetterReplays(Supplier<Collection<MessageListenerContainer>> containers, Deserializer<?> keys,
                      Deserializer<?> values) {
        this.containers = containers;
        this.keys = keys;
        this.values = values;
    }

    /**
     * The listener that dead-lettered this record: the one container of this service that consumes its original
     * topic in its original consumer group (for a dead letter without a group name: the one container of the topic).
     *
     * @throws ApiProblem 409 when there is none (the listener was removed or renamed since) or more than one
     */
    Target target(DeadLetterTopics.Watched watched, DeadLetter letter) {
        String topic = letter.originalTopic() == null ? watched.sourceTopic() : letter.originalTopic();
        String group = letter.consumerGroup();
        List<Target> found = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (MessageListenerContainer container : containers.get()) {
            ContainerProperties properties = container.getContainerProperties();
            Object listener = properties.getMessageListener();
            if (listener == null || !consumes(properties, topic) || (group != null && !group.equals(container.getGroupId()))
                    || !seen.add(listener)) {
                continue;
            }
            ContainerProperties.AckMode ack = properties.getAckMode();
            found.add(new Target(container.getListenerId(), container.getGroupId(), topic, listener,
                    ack == ContainerProperties.AckMode.MANUAL || ack == ContainerProperties.AckMode.MANUAL_IMMEDIATE));
        }
        if (found.size() == 1) {
            return found.getFirst();
        }
        String who = group == null ? "" : " in group " + group;
        if (found.isEmpty()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "replay-no-listener", "Dịch vụ này không còn bộ xử lý nào cho "
                    + topic + (group == null ? "" : " (nhóm " + group + ")") + ", không thể xử lý lại bản ghi "
                    + letter.id() + ". / No listener of this service consumes " + topic + who
                    + " any more: dead letter " + letter.id() + " cannot be replayed here.");
        }
        throw new ApiProblem(HttpStatus.CONFLICT, "replay-listener-ambiguous", "Có " + found.size()
                + " bộ xử lý cho " + topic + " mà bản ghi " + letter.id() + " không ghi nhóm tiêu thụ. / "
                + found.size() + " listeners consume " + topic + " and dead letter " + letter.id()
                + " names no consumer group: replay it where it belongs by hand.");
    }

    /** Runs {@code task} on the replay worker, after the replays handed to it before. */
    <T> Future<T> submit(Callable<T> task) {
        return worker.submit(task);
    }

    /**
     * On the replay worker: the record rebuilt and handed to the target's listener, which returns normally (the
     * listener took it) or throws what it threw (a key or value that does not deserialize throws too).
     */
    void handOver(Target target, DeadLetter letter) {
        ConsumerRecord<Object, Object> record = record(target.topic(), letter);
        KafkaUtils.setConsumerGroupId(target.group()); // as on a consumer thread, for code that asks
        try {
            invoke(target, record);
        } finally {
            KafkaUtils.clearConsumerGroupId();
        }
    }

    /** The record as the listener got it the first time (partition / offset -1 when the DLT headers lack them). */
    ConsumerRecord<Object, Object> record(String topic, DeadLetter letter) {
        Headers headers = letter.replayHeaders();
        byte[] key = letter.key();
        byte[] value = letter.value();
        Object k = key == null ? null : keys.deserialize(topic, headers, key);
        Object v = value == null ? null : values.deserialize(topic, headers, value);
        Integer partition = letter.originalPartition();
        Long offset = letter.originalOffset();
        Instant timestamp = letter.originalTimestamp();
        return new ConsumerRecord<>(topic, partition == null ? -1 : partition, offset == null ? -1 : offset,
                timestamp == null ? ConsumerRecord.NO_TIMESTAMP : timestamp.toEpochMilli(),
                timestamp == null ? org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE
                        : letter.originalTimestampType(),
                key == null ? ConsumerRecord.NULL_SIZE : key.length, value == null ? ConsumerRecord.NULL_SIZE : value.length,
                k, v, headers, Optional.empty());
    }

    /** As the container calls its listener, by the listener's type (no Consumer: it belongs to the consumer thread). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void invoke(Target target, ConsumerRecord<Object, Object> record) {
        Acknowledgment ack = target.manualAck() ? NO_ACK : null;
        Consumer<?, ?> noConsumer = null;
        Object listener = target.listener();
        if (listener instanceof BatchMessageListener batch) {
            if (batch.wantsPollResult()) {
                batch.onMessage(new ConsumerRecords<>(Map.of(new TopicPartition(record.topic(), record.partition()),
                        List.of(record)), Map.of()), ack, null);
                return;
            }
            List<ConsumerRecord<Object, Object>> one = List.of(record);
            switch (ListenerUtils.determineListenerType(listener)) {
                case ACKNOWLEDGING_CONSUMER_AWARE -> batch.onMessage(one, ack, noConsumer);
                case ACKNOWLEDGING -> batch.onMessage(one, ack);
                case CONSUMER_AWARE -> batch.onMessage(one, noConsumer);
                case SIMPLE -> batch.onMessage(one);
            }
        } else if (listener instanceof MessageListener single) {
            switch (ListenerUtils.determineListenerType(listener)) {
                case ACKNOWLEDGING_CONSUMER_AWARE -> single.onMessage(record, ack, noConsumer);
                case ACKNOWLEDGING -> single.onMessage(record, ack);
                case CONSUMER_AWARE -> single.onMessage(record, noConsumer);
                case SIMPLE -> single.onMessage(record);
            }
        } else {
            throw new IllegalStateException("Listener " + target.listenerId() + " is neither a record nor a batch "
                    + "message listener: " + listener.getClass().getName());
        }
    }

    private static boolean consumes(ContainerProperties properties, String topic) {
        if (properties.getTopics() != null) {
            return Arrays.asList(properties.getTopics()).contains(topic);
        }
        if (properties.getTopicPattern() != null) {
            return properties.getTopicPattern().matcher(topic).matches();
        }
        TopicPartitionOffset[] partitions = properties.getTopicPartitions();
        return partitions != null && Arrays.stream(partitions).anyMatch(p -> topic.equals(p.getTopic()));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
