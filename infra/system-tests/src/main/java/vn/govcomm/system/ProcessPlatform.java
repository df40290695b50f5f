package vn.govcomm.system;

import com.nimbusds.jose.jwk.ECKey;
import org.springframework.web.client.RestClient;
import vn.govcomm.identity.CallerKeys;
import vn.govcomm.local.LocalChannels;
import vn.govcomm.local.LocalPlatform;
import vn.govcomm.local.PlatformService;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The platform as production runs it, minus the cluster: a Kafka broker process, a MongoDB-wire store process and
 * every service in its own JVM (the gateway is left out: tests talk to the services). The channel fakes run in
 * the test's JVM so tests can make them fail. The store is chosen with {@link Store} ({@code -Dstore=...}): the
 * embedded store as a process (H2 file or in memory) or a real MongoDB replica set in a container.
 */
public final class ProcessPlatform implements AutoCloseable {

    /** Where the services' data lives: {@code -Dstore=h2} (the default), {@code memory} or {@code mongodb}. */
    public enum Store {
        /** mongo-java-server as its own process, persisted to an H2 file (as the local launcher runs it). */
        H2("h2", "mongo-java-server process, H2 file"),
        /** mongo-java-server as its own process, in memory (the scale harness's large runs: docs/benchmarks.md). */
        MEMORY("memory", "mongo-java-server process, in memory"),
        /** A real MongoDB replica set in a container ({@link MongoReplicaSet}; needs Docker). */
        MONGODB("mongodb", "MongoDB replica set (Testcontainers, " + MongoReplicaSet.IMAGE + ")");

        private final String property;
        private final String description;

        Store(String property, String description) {
            this.property = property;
            this.description = description;
        }

        /** The {@code store} system property's choice ({@code h2} when unset); an unknown value is refused. */
        public static Store fromSystemProperty() {
            String value = System.getProperty("store", H2.property);
            for (Store store : values()) {
                if (store.property.equalsIgnoreCase(value)) {
                    return store;
                }
            }
            throw new IllegalArgumentException("-Dstore=" + value + ": expected one of h2, memory, mongodb");
        }
    }

    public static final List<PlatformService> SERVICES = List.of(PlatformService.CAMPAIGN, PlatformService.PUBLISHING,
            PlatformService.PORTAL, PlatformService.FACEBOOK, PlatformService.ZALO, PlatformService.LED,
            PlatformService.REPORTING);

    private final Path workDir;
    private final KafkaBrokerProcess kafka;
    private final Store store;
    /** The embedded store's process; null when the store is a MongoDB container. */
    private final ChildJvm mongo;
    private final int mongoPort;
    /** The MongoDB container once started; null for the embedded store. */
    private MongoReplicaSet replicaSet;
    private final LocalChannels channels;
    private final Map<PlatformService, ChildJvm> services = new EnumMap<>(PlatformService.class);
    private final Map<PlatformService, Integer> ports = new EnumMap<>(PlatformService.class);
    private final Map<String, Object> extraProperties;
    /** The caller-token keys of this run: tests call the services directly with tokens signed by it. */
    private final ECKey callerKey = CallerKeys.generate();

    private ProcessPlatform(Path workDir, Map<String, Object> extraProperties, Store store) {
        this.workDir = workDir;
        this.extraProperties = extraProperties;
        this.store = store;
        this.kafka = new KafkaBrokerProcess(workDir.resolve("kafka"), Ports.free(), Ports.free(), 6);
        if (store == Store.MONGODB) {
            this.mongoPort = -1;
            this.mongo = null;
        } else {
            this.mongoPort = Ports.free();
            this.mongo = new ChildJvm("mongo", MongoServerMain.class.getName(),
                    List.of(workDir.resolve("mongo").toString(), String.valueOf(mongoPort), store.property), workDir,
                    System.getProperty("storeHeap", "512m")); // the scale harness passes more for 10,000 agencies
        }
        this.channels = LocalChannels.start(true);
    }

    /**
     * Starts everything on the store {@code -Dstore} chooses; {@code extraProperties} go to every service (e.g. a
     * directory seed for the harness).
     */
    public static ProcessPlatform start(Path workDir, Map<String, Object> extraProperties) {
        return start(workDir, extraProperties, Store.fromSystemProperty());
    }

    /** Starts everything on {@code store}; {@code extraProperties} go to every service. */
    public static ProcessPlatform start(Path workDir, Map<String, Object> extraProperties, Store store) {
        ProcessPlatform platform = new ProcessPlatform(workDir, extraProperties, store);
        try {
            platform.kafka.start();
            if (platform.mongo != null) {
                platform.mongo.start();
                Ports.awaitOpen("127.0.0.1", platform.mongoPort, Duration.ofSeconds(60));
            } else {
                platform.replicaSet = MongoReplicaSet.start();
            }
            for (PlatformService service : SERVICES) {
                platform.ports.put(service, Ports.free());
            }
            // Start the JVMs together (2 cores: startup is CPU-bound, but waiting in parallel saves wall time).
            CompletableFuture.allOf(SERVICES.stream()
                    .map(s -> CompletableFuture.runAsync(() -> platform.startService(s))).toArray(CompletableFuture[]::new))
                    .join();
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    public void startService(PlatformService service) {
        Map<String, Object> properties = new java.util.LinkedHashMap<>(LocalPlatform.serviceProperties(service,
                ports.get(service), kafka.bootstrapServers(), mongoUri(),
                channels.serviceProperties(), Map.of(), callerKey));
        properties.putAll(extraProperties);
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        ChildJvm jvm = new ChildJvm(service.serviceName(), service.application().getName(), args, workDir, "384m").start();
        services.put(service, jvm);
        awaitReady(service, Duration.ofSeconds(180));
    }

    /** kill -9, as a crash would. */
    public void kill(PlatformService service) {
        services.get(service).kill();
    }

    public void restart(PlatformService service) {
        services.get(service).kill();
        startService(service);
    }

    public void killBroker() {
        kafka.kill();
    }

    public void startBroker() {
        kafka.start();
    }

    public String url(PlatformService service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public RestClient client(PlatformService service) {
        return RestClient.create(url(service));
    }

    /** {@code Bearer <caller token>} for {@code service}, as the gateway would send for that user. */
    public String bearer(PlatformService service, String user, String agency, String... roles) {
        return LocalPlatform.callerBearer(callerKey, service, user, agency, roles);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String mongoUri() {
        return replicaSet != null ? replicaSet.uri() : "mongodb://127.0.0.1:" + mongoPort;
    }

    public Store store() {
        return store;
    }

    /** Which store ran, for reports (for MongoDB with the server's version). */
    public String storeDescription() {
        return replicaSet != null ? replicaSet.describe() : store.description;
    }

    public LocalChannels channels() {
        return channels;
    }

    public ChildJvm jvm(PlatformService service) {
        return services.get(service);
    }

    public ChildJvm brokerJvm() {
        return kafka.jvm();
    }

    /** The embedded store's process (tests kill and restart it); there is none when the store is a MongoDB container. */
    public ChildJvm mongoJvm() {
        if (mongo == null) {
            throw new IllegalStateException("The store is " + storeDescription() + ", not a process of this platform");
        }
        return mongo;
    }

    private void awaitReady(PlatformService service, Duration timeout) {
        RestClient client = client(service);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!services.get(service).isAlive()) {
                throw new IllegalStateException(service.serviceName() + " exited during start-up: "
                        + services.get(service).exitReport());
            }
            try {
                String body = client.get().uri("/actuator/health/readiness").retrieve().body(String.class);
                if (body != null && body.contains("UP")) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L);
        }
        throw new IllegalStateException(service.serviceName() + " not ready after " + timeout + "; see "
                + services.get(service).logFile());
    }

    @Override
    public void close() {
        services.values().forEach(ChildJvm::close);
        if (mongo != null) {
            mongo.close();
        }
        if (replicaSet != null) {
            replicaSet.close();
        }
        kafka.close();
        channels.close();
    }
}
