package vn.govcomm.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable broker keeps what it acknowledged through a {@code kill -9} of its JVM: topics (declared and
 * auto-created), records, consumer groups' committed offsets and the cluster id. The broker runs alone in a child JVM
 * ({@link DurableKafkaMain}) so the test can kill it the hard way.
 */
class DurableKafkaCrashTests {

    @TempDir
    Path dir;

    @Test
    void topicsRecordsCommittedOffsetsAndClusterIdSurviveKillMinus9() throws Exception {
        int port = freePort();
        Path data = dir.resolve("kafka");
        String bootstrap = "127.0.0.1:" + port;
        String clusterIdBefore;
        Map<TopicPartition, OffsetAndMetadata> committed;
        List<String> produced = new ArrayList<>();

        try (ChildProcess broker = ChildProcess.start(DurableKafkaMain.class, dir.resolve("broker.log"), data.toString(),
                String.valueOf(port)).awaitLine("broker ready", 1)) {
            try (Admin admin = admin(bootstrap)) {
                admin.createTopics(List.of(new NewTopic("crash.declared", 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
                clusterIdBefore = admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                for (int i = 0; i < 200; i++) {
                    String topic = i % 2 == 0 ? "crash.declared" : "crash.auto-created";
                    producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get(30, TimeUnit.SECONDS);
                    produced.add(topic + "/value-" + i);
                }
            }
            // A consumer group reads part of the declared topic and commits where it stopped.
            try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "crash-group")) {
                consumer.subscribe(List.of("crash.declared"));
                int read = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (read < 30 && System.nanoTime() < deadline) {
                    read += consumer.poll(Duration.ofMillis(200)).count();
                }
                assertThat(read).isGreaterThanOrEqualTo(30);
                consumer.commitSync(Duration.ofSeconds(30));
                committed = new HashMap<>(consumer.committed(consumer.assignment(), Duration.ofSeconds(30)));
                committed.values().removeIf(java.util.Objects::isNull); // partitions it never fetched from
            }
            // The last acknowledged write before the crash: it must be there after it.
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                producer.send(new ProducerRecord<>("crash.declared", "last", "value-last")).get(30, TimeUnit.SECONDS);
                produced.add("crash.declared/value-last");
            }
            broker.kill();
        }
        assertThat(committed.values()).anySatisfy(o -> assertThat(o.offset()).isPositive());

        try (ChildProcess broker = ChildProcess.start(DurableKafkaMain.class, dir.resolve("broker.log"), data.toString(),
                String.valueOf(port)).awaitLine("broker ready", 2);
             Admin admin = admin(bootstrap)) {
            assertThat(admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS)).isEqualTo(clusterIdBefore);
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .contains("crash.declared", "crash.auto-created");
            assertThat(admin.describeTopics(Set.of("crash.declared")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("crash.declared").partitions()).hasSize(4);
            assertThat(admin.listConsumerGroupOffsets("crash-group").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)).isEqualTo(committed);

            List<String> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "reader-after-crash")) {
                consumer.subscribe(List.of("crash.declared", "crash.auto-created"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (read.size() < produced.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        read.add(r.topic() + "/" + r.value());
                    }
                }
            }
            assertThat(read).containsExactlyInAnyOrderElementsOf(produced);

            // The group resumes exactly where it committed: it sees only what it had not read.
            try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "crash-group")) {
                consumer.subscribe(List.of("crash.declared"));
                int rest = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long expected = 101 - committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
                while (rest < expected && System.nanoTime() < deadline) {
                    rest += consumer.poll(Duration.ofMillis(200)).count();
                }
                rest += consumer.poll(Duration.ofSeconds(1)).count(); // and nothing more
                assertThat(rest).isEqualTo(expected);
            }
        }
        // Formatted once: the id written before the first format is the one the broker runs with.
        assertThat(Files.readString(data.resolve("cluster.id")).strip()).isEqualTo(clusterIdBefore);
    }

    /**
     * A port free now below the ephemeral range (32768 and up on Linux): the broker binds it again after its kill, and
     * a port from that range could meanwhile be the local port of any outgoing connection.
     */
    static int freePort() throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No free port below the ephemeral range");
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
