package vn.govcomm.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A durable single-node Kafka for the one-machine platform: the Kafka server itself ({@link KafkaRaftServer}, KRaft
 * combined broker + controller, the classes {@code kafka.Kafka} runs), not a test utility. Everything it keeps lives
 * under one directory and is reused at the next start:
 * <pre>
 *   &lt;dir&gt;/cluster.id   the cluster id, generated once (before the first format) and never changed
 *   &lt;dir&gt;/data/        log.dirs: topics, records, committed offsets (__consumer_offsets)
 *   &lt;dir&gt;/metadata/    metadata.log.dir: the KRaft metadata log (topics, partitions, configs)
 * </pre>
 * The storage is formatted (as {@code kafka-storage.sh format} does) only when a directory has no
 * {@code meta.properties} yet; a formatted one is opened as it is, so topics, records and consumer groups' committed
 * offsets survive a restart, including a {@code kill -9}.
 *
 * <p><b>Durability.</b> With one node, {@code acks=all} means "appended by this one broker". Kafka does not fsync an
 * append by default (it counts on replicas); an acknowledged record is then in the operating system's page cache,
 * which survives the death of the JVM: a {@code kill -9}, an out-of-memory kill or a crash of the platform loses
 * nothing that was acknowledged (on restart Kafka recovers the unflushed tail of each log and checks its CRCs). A power
 * loss or a kernel panic loses what the kernel had not written back yet: on Linux defaults up to ~30 s
 * ({@code vm.dirty_expire_centisecs}). {@code syncEveryWrite} closes that window at a price: it sets
 * {@code log.flush.interval.messages=1}, so the broker fsyncs every append before it acknowledges it (one fsync per
 * produce request and partition: ~2–5 ms on the dev machines' disks). The launcher's default is the page cache;
 * {@code GOVCOMM_SYNC_WRITES=true} asks for fsync (README, "What survives a crash").
 */
public final class DurableKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DurableKafka.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final Path directory;
    private final String clusterId;
    private final String bootstrapServers;

    private DurableKafka(KafkaRaftServer server, Path directory, String clusterId, String bootstrapServers) {
        this.server = server;
        this.directory = directory;
        this.clusterId = clusterId;
        this.bootstrapServers = bootstrapServers;
    }

    /** Page-cache durability (see the class comment), 3 partitions for auto-created topics. */
    public static DurableKafka start(Path directory, int port) {
        return start(directory, port, 3, false);
    }

    /**
     * @param directory         where the broker keeps everything (created if missing); reused as it is when formatted
     * @param port              the client listener on 127.0.0.1 (0: a free port, chosen at this start)
     * @param defaultPartitions partitions of auto-created topics
     * @param syncEveryWrite    fsync every append before acknowledging it ({@code log.flush.interval.messages=1})
     */
    public static DurableKafka start(Path directory, int port, int defaultPartitions, boolean syncEveryWrite) {
        Path dir = directory.toAbsolutePath();
        int clientPort = port > 0 ? port : freePort();
        // The controller's port is private to this broker and may change at every start: with a static voter set
        // (controller.quorum.voters, KRaft version 0) no endpoint is written to the metadata log.
        int controllerPort = freePort();
        Map<String, String> props = brokerProperties(dir, clientPort, controllerPort, defaultPartitions, syncEveryWrite);
        KafkaConfig config = new KafkaConfig(props, false);
        String clusterId = clusterId(dir);
        formatIfNeeded(config, clusterId);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        long started = System.nanoTime();
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw new IllegalStateException("The durable Kafka broker in " + dir + " did not start", e);
        }
        String bootstrap = "127.0.0.1:" + clientPort;
        DurableKafka kafka = new DurableKafka(server, dir, clusterId, bootstrap);
        try {
            kafka.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        log.info("Durable Kafka broker up on {} (cluster {}, data in {}, {}) in {} ms", bootstrap, clusterId, dir,
                syncEveryWrite ? "fsync per write" : "page cache", (System.nanoTime() - started) / 1_000_000);
        return kafka;
    }

    /** The broker configuration: the same settings as {@link EmbeddedKafka}, on disk under {@code dir}. */
    static Map<String, String> brokerProperties(Path dir, int clientPort, int controllerPort, int defaultPartitions,
                                                boolean syncEveryWrite) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("metadata.log.dir", dir.resolve("metadata").toString());
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", String.valueOf(defaultPartitions));
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the restarted broker registers with its own controller, which refuses it
        // (DuplicateBrokerRegistrationException) until the dead incarnation's session expires: 9 s by default, on
        // every restart. One node heartbeating to itself over loopback needs no such margin.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "1000");
        // A laptop or one server: small segments and indexes instead of 1 GiB / 10 MiB preallocated ones.
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("log.retention.hours", String.valueOf(7 * 24));
        // A platform switched off for a holiday keeps its consumer groups' positions (Kafka's default: 7 days).
        p.put("offsets.retention.minutes", String.valueOf(30 * 24 * 60));
        if (syncEveryWrite) {
            p.put("log.flush.interval.messages", "1");
        }
        return p;
    }

    /** The cluster id of this directory: read back if it was ever generated, otherwise generated and stored first. */
    static String clusterId(Path dir) {
        Path file = dir.resolve("cluster.id");
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = Uuid.randomUuid().toString();
            // Written before formatting, atomically: a crash during the first format reuses the same id.
            Path tmp = dir.resolve("cluster.id.tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the Kafka cluster id in " + file, e);
        }
    }

    /** Formats the directories that are not formatted yet (like {@code kafka-storage.sh format --ignore-formatted}). */
    private static void formatIfNeeded(KafkaConfig config, String clusterId) {
        boolean formatted = Files.exists(Path.of(config.metadataLogDir(), "meta.properties"))
                && config.logDirs().stream().allMatch(d -> Files.exists(Path.of(d, "meta.properties")));
        if (formatted) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setNodeId(config.nodeId())
                .setClusterId(clusterId)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(true)
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setHasDynamicQuorum(false);
        formatter.addDirectory(config.metadataLogDir());
        config.logDirs().forEach(formatter::addDirectory);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Formatting the Kafka storage failed: " + output.toString(StandardCharsets.UTF_8), e);
        }
        log.info("Formatted the Kafka storage (cluster {}): {}", clusterId, output.toString(StandardCharsets.UTF_8).strip());
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            RuntimeException last = null;
            while (Instant.now().isBefore(deadline)) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (Exception e) {
                    last = new IllegalStateException(e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
            throw new IllegalStateException("The durable Kafka broker on " + bootstrapServers + " is not ready after "
                    + timeout, last);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Stopping the Kafka broker failed: {}", e.toString());
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String clusterId() {
        return clusterId;
    }

    public Path directory() {
        return directory;
    }

    /** A clean shutdown: the logs are flushed and marked clean, so the next start skips recovery. */
    @Override
    public void close() {
        shutdownQuietly(server);
    }
}
