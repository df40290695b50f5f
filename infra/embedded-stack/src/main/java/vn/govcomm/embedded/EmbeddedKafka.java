package vn.govcomm.embedded;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.HashMap;
import java.util.Map;

/**
 * A real Kafka broker (KRaft, combined controller+broker) running inside this JVM, its log in a fresh temporary
 * directory: gone when it stops. For integration tests on machines without Docker and the launcher's test mode; the
 * launcher's persistent run uses {@link DurableKafka} (same settings, data kept across restarts and crashes).
 * Production uses a Kafka cluster instead.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;
    private final String bootstrapServers;

    private EmbeddedKafka(EmbeddedKafkaKraftBroker broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    /** A broker on a random port. */
    public static EmbeddedKafka start() {
        return start(0, 3);
    }

    /**
     * @param fixedPort 0 for a random port; otherwise also listens on 127.0.0.1:fixedPort (the spring-kafka
     *                  {@code kafkaPorts} setting is ignored in KRaft mode, so an extra listener is added)
     * @param defaultPartitions partitions of auto-created topics
     */
    public static EmbeddedKafka start(int fixedPort, int defaultPartitions) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, defaultPartitions);
        Map<String, String> props = new HashMap<>();
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", String.valueOf(defaultPartitions));
        props.put("offsets.topic.num.partitions", "5");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        if (fixedPort > 0) {
            props.put("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,FIXED://127.0.0.1:" + fixedPort);
            props.put("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,FIXED:PLAINTEXT");
        }
        broker.brokerProperties(props);
        broker.afterPropertiesSet();
        String bootstrap = fixedPort > 0 ? "127.0.0.1:" + fixedPort : broker.getBrokersAsString();
        return new EmbeddedKafka(broker, bootstrap);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
