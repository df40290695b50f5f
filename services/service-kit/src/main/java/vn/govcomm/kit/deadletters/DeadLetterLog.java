package vn.govcomm.kit.deadletters;

import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The DLTs as the tooling reads them: a plain {@link KafkaConsumer} that assigns partitions and seeks (no consumer
 * group, nothing committed, the services' own consumers untouched), with the service's Kafka client settings
 * (bootstrap servers, TLS, SASL) from its consumer factory. It needs Read + Describe on the DLTs and nothing else;
 * nothing is ever written (a replay hands the record to the listener in this process, {@link DeadLetterReplays}).
 * One consumer, used under a lock: this is an admin tool and a periodic refresh, not a hot path.
 */
class DeadLetterLog implements AutoCloseable {

    /** The broker could not be read in time, or refused (an ACL): the API answers 503. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** First (inclusive) and end (exclusive) offset of a partition. */
    record Range(long begin, long end) {
    }

    private final Map<String, Object> consumerConfig;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private KafkaConsumer<byte[], byte[]> consumer;

    DeadLetterLog(Map<String, Object> consumerFactoryConfig, String clientId, Duration timeout) {
        this.timeout = timeout;
        Map<String, Object> c = new HashMap<>(consumerFactoryConfig);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        c.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-dead-letters");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Looking at a DLT must never create it.
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Dead letters may be large (up to the broker's limit): bounded batches, whatever the service's own settings.
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.consumerConfig = c;
    }

    /** Which of these topics exist (listing topics never creates one). */
    Set<String> existing(Collection<String> topics) {
        return withConsumer(c -> {
            Set<String> found = new HashSet<>(c.listTopics(timeout).keySet());
            found.retainAll(topics);
            return found;
        });
    }

    /** The partitions of {@code topic} with their first and end offsets. */
    Map<Integer, Range> ranges(String topic) {
        return withConsumer(c -> {
            List<TopicPartition> partitions = partitions(c, topic);
            Map<TopicPartition, Long> begin = c.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
            Map<Integer, Range> ranges = new TreeMap<>();
            partitions.forEach(tp -> ranges.put(tp.partition(), new Range(begin.get(tp), end.get(tp))));
            return ranges;
        });
    }

    /** Hands every record of {@code topic} in the given offset ranges to {@code sink}, partition by partition in order. */
    void read(String topic, Map<Integer, Range> wanted, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Range> open = new HashMap<>();
        wanted.forEach((p, r) -> {
            if (r.begin() < r.end()) {
                open.put(new TopicPartition(topic, p), r);
            }
        });
        if (open.isEmpty()) {
            return;
        }
        withConsumer(c -> {
            c.assign(open.keySet());
            open.forEach((tp, r) -> c.seek(tp, r.begin()));
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (!open.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new Unavailable("Timed out reading " + topic, null);
                    }
                    for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(200))) {
                        Range r = open.get(new TopicPartition(record.topic(), record.partition()));
                        if (r != null && record.offset() >= r.begin() && record.offset() < r.end()) {
                            sink.accept(record);
                        }
                    }
                    List<TopicPartition> done = new ArrayList<>();
                    open.forEach((tp, r) -> {
                        if (c.position(tp, timeout) >= r.end()) {
                            done.add(tp);
                        }
                    });
                    if (!done.isEmpty()) {
                        c.pause(done);
                        done.forEach(open::remove);
                    }
                }
            } finally {
                c.assign(List.of());
            }
            return null;
        });
    }

    /** The records at these offsets of {@code topic} that still exist. */
    Map<RecordId, ConsumerRecord<byte[], byte[]>> fetch(String topic, Collection<RecordId> ids) {
        Map<Integer, List<Long>> byPartition = new TreeMap<>();
        ids.forEach(id -> byPartition.computeIfAbsent(id.partition(), p -> new ArrayList<>()).add(id.offset()));
        Map<RecordId, ConsumerRecord<byte[], byte[]>> found = new HashMap<>();
        Set<RecordId> wanted = new HashSet<>(ids);
        Map<Integer, Range> ranges = ranges(topic);
        // One read per partition when the wanted offsets are close together, one per record otherwise (a page of
        // records spread over a large DLT must not read everything between them).
        List<Map<Integer, Range>> reads = new ArrayList<>();
        byPartition.forEach((p, offsets) -> {
            Range existing = ranges.get(p);
            if (existing == null) {
                return;
            }
            List<Long> inRange = offsets.stream().filter(o -> o >= existing.begin() && o < existing.end()).sorted().toList();
            if (inRange.isEmpty()) {
                return;
            }
            long first = inRange.getFirst();
            long last = inRange.getLast();
            if (last - first < Math.max(64L, 4L * inRange.size())) {
                reads.add(Map.of(p, new Range(first, last + 1)));
            } else {
                inRange.forEach(o -> reads.add(Map.of(p, new Range(o, o + 1))));
            }
        });
        for (Map<Integer, Range> read : reads) {
            read(topic, read, record -> {
                RecordId id = new RecordId(record.partition(), record.offset());
                if (wanted.contains(id)) {
                    found.put(id, record);
                }
            });
        }
        return found;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic) {
        List<PartitionInfo> infos = c.partitionsFor(topic);
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private <T> T withConsumer(Function<KafkaConsumer<byte[], byte[]>, T> work) {
        lock.lock();
        try {
            if (consumer == null) {
                consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }
            return work.apply(consumer);
        } catch (Unavailable e) {
            discardConsumer();
            throw e;
        } catch (KafkaException | IllegalStateException e) {
            // A consumer that failed may hold half-done state (assignments, in-flight fetches): start afresh next time.
            discardConsumer();
            throw new Unavailable(e.toString(), e);
        } finally {
            lock.unlock();
        }
    }

    private void discardConsumer() {
        if (consumer != null) {
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
            } catch (RuntimeException ignored) {
                // closing a broken consumer: nothing more to do
            }
            consumer = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            discardConsumer();
        } finally {
            lock.unlock();
        }
    }
}
