package vn.govcomm.embedded;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** In this JVM: the durable broker formats its directory once and restarts on it with its data and cluster id. */
class DurableKafkaTests {

    @TempDir
    Path dir;

    @Test
    void formatsOnceThenRestartsOnItsOwnDataWithTheSameClusterId() throws Exception {
        Path data = dir.resolve("kafka");
        String clusterId;
        String metaProperties;
        try (DurableKafka kafka = DurableKafka.start(data, 0)) {
            clusterId = kafka.clusterId();
            try (KafkaProducer<String, String> producer = DurableKafkaCrashTests.producer(kafka.bootstrapServers())) {
                producer.send(new ProducerRecord<>("restart.topic", "k", "before restart")).get(30, TimeUnit.SECONDS);
            }
            metaProperties = Files.readString(data.resolve("data").resolve("meta.properties"));
            assertThat(metaProperties).contains("cluster.id=" + clusterId).contains("node.id=1");
            assertThat(data.resolve("metadata").resolve("meta.properties")).exists();
        }

        // Another start on the same directory (on another port: the old one may linger in TIME_WAIT).
        try (DurableKafka kafka = DurableKafka.start(data, 0)) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(Files.readString(data.resolve("data").resolve("meta.properties"))).isEqualTo(metaProperties);
            assertThat(TopicProbe.read(kafka.bootstrapServers(), "restart.topic", r -> "k".equals(r.key()), 1,
                    Duration.ofSeconds(30))).singleElement()
                    .satisfies(r -> assertThat(new String(r.value())).isEqualTo("before restart"));
        }
    }
}
