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
 * the test's JVM so tests can make them fail.
 */
public final class ProcessPlatform implements AutoCloseable {

    public static final List<PlatformService> SERVICES = List.of(PlatformService.CAMPAIGN, PlatformService.PUBLISHING,
            PlatformService.PORTAL, PlatformService.FACEBOOK, PlatformService.ZALO, PlatformService.LED,
            PlatformService.REPORTING);

    private final Path workDir;
    private final KafkaBrokerProcess kafka;
    private final ChildJvm mongo;
    private final int mongoPort;
    private final LocalChannels channels;
    private final Map<PlatformService, ChildJvm> services = new EnumMap<>(PlatformService.class);
    private final Map<PlatformService, Integer> ports = new EnumMap<>(PlatformService.class);
    private final Map<String, Object> extraProperties;
    /** The caller-token keys of this run: tests call the services directly with tokens signed by it. */
    private final ECKey callerKey = CallerKeys.generate();

    private ProcessPlatform(Path workDir, Map<String, Object> extraProperties) {
        this.workDir = workDir;
        this.extraProperties = extraProperties;
        this.kafka = new KafkaBrokerProcess(workDir.resolve("kafka"), Ports.free(), Ports.free(), 6);
        this.mongoPort = Ports.free();
        this.mongo = new ChildJvm("mongo", MongoServerMain.class.getName(),
                List.of(workDir.resolve("mongo").toString(), String.valueOf(mongoPort), System.getProperty("store", "h2")), workDir,
                System.getProperty("storeHeap", "512m")); // the scale harness passes more for 10,000 agencies
        this.channels = LocalChannels.start(true);
    }

    /** Starts everything; {@code extraProperties} go to every service (e.g. a directory seed for the harness). */
    public static ProcessPlatform start(Path workDir, Map<String, Object> extraProperties) {
        ProcessPlatform platform = new ProcessPlatform(workDir, extraProperties);
        try {
            platform.kafka.start();
            platform.mongo.start();
            Ports.awaitOpen("127.0.0.1", platform.mongoPort, Duration.ofSeconds(60));
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
                ports.get(service), kafka.bootstrapServers(), "mongodb://127.0.0.1:" + mongoPort,
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
        return "mongodb://127.0.0.1:" + mongoPort;
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

    public ChildJvm mongoJvm() {
        return mongo;
    }

    private void awaitReady(PlatformService service, Duration timeout) {
        RestClient client = client(service);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!services.get(service).isAlive()) {
                throw new IllegalStateException(service.serviceName() + " exited during start-up; see "
                        + services.get(service).logFile());
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
        mongo.close();
        kafka.close();
        channels.close();
    }
}
