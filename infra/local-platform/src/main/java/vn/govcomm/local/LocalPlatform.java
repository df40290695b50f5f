package vn.govcomm.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import org.springframework.core.Ordered;
import com.nimbusds.jose.jwk.ECKey;
import vn.govcomm.embedded.DurableKafka;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.identity.CallerKeys;
import vn.govcomm.identity.CallerToken;
import vn.govcomm.identity.CallerTokenSigner;
import vn.govcomm.embedded.EmbeddedMongo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The whole platform in one JVM for a laptop, a demo or one small server: a real Kafka broker (KRaft, in-process),
 * a MongoDB-wire store and the channel fakes, all persisted under {@code .local-data/} (the same data after a restart
 * or a crash), every service in its own Spring context with its own port and configuration file, and the gateway.
 * With {@code KAFKA_BOOTSTRAP_SERVERS} / {@code MONGODB_URI} set, it uses those instead of the embedded ones.
 * Production runs each service as its own Boot jar; nothing here is used there.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

    /**
     * How to start. {@code randomPorts} is for tests running beside a developer's platform. {@code dataDir} null keeps
     * everything in memory (tests); otherwise the broker, the store and the channel fakes keep their data under it
     * and find it again at the next start. {@code portOffset} moves every fixed port (8080–8090, 9092, 9101–9103, 3025, 3143, 27017) by that much, so
     * a second platform (or a system test) can run beside the first. {@code syncWrites} makes the broker and the store
     * fsync every write before acknowledging it (survives a power loss; costs one fsync per write).
     */
    public record Settings(boolean randomPorts, Path dataDir, String kafkaBootstrapServers, String mongoUri,
                           boolean demoData, int portOffset, boolean syncWrites) {

        public Settings(boolean randomPorts, Path dataDir, String kafkaBootstrapServers, String mongoUri,
                        boolean demoData) {
            this(randomPorts, dataDir, kafkaBootstrapServers, mongoUri, demoData, 0, false);
        }

        public static Settings fromEnvironment() {
            return new Settings(false, Path.of(System.getenv().getOrDefault("GOVCOMM_DATA_DIR", ".local-data")),
                    blankToNull(System.getenv("KAFKA_BOOTSTRAP_SERVERS")), blankToNull(System.getenv("MONGODB_URI")),
                    !"false".equals(System.getenv("GOVCOMM_DEMO_DATA")), portOffset(System.getenv("GOVCOMM_PORT_OFFSET")),
                    "true".equals(System.getenv("GOVCOMM_SYNC_WRITES")));
        }

        public static Settings forTests() {
            return new Settings(true, null, null, null, false);
        }

        /** The port for a service or server that listens on {@code defaultPort} in the standard local run. */
        public int port(int defaultPort) {
            return randomPorts ? 0 : defaultPort + portOffset;
        }

        private static int portOffset(String value) {
            if (value == null || value.isBlank()) {
                return 0;
            }
            int offset = Integer.parseInt(value.strip());
            if (offset < 0 || offset > 65535 - 27017) {
                throw new IllegalArgumentException("GOVCOMM_PORT_OFFSET must be between 0 and " + (65535 - 27017)
                        + ", not " + offset);
            }
            return offset;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    /**
     * Local-only secrets: a fixed, publicly known key so the embedded store's encrypted credentials survive
     * restarts of the local run. Production takes CREDENTIALS_ENCRYPTION_KEY from a secret.
     */
    static final Map<String, Object> LOCAL_SECRETS = Map.of(
            "govcomm.credentials.encryption-key", "bG9jYWwtZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZCE=");

    /**
     * Service-kit's caller-token verification, which the gateway (the tokens' signer, without service-kit in
     * production) must never get. {@link OwnClasspath} already keeps every service-only auto-configuration (Kafka,
     * Spring Data MongoDB, service-kit's) from the gateway when they come from jars; this stays for a build that has
     * not packaged service-kit, where its classes come from a directory the filter leaves alone.
     */
    static final List<String> GATEWAY_EXCLUDES = List.of(
            // The gateway is the caller tokens' signer, not one of their audiences.
            "vn.govcomm.kit.security.CallerSecurityAutoConfiguration");

    /** How many services' contexts start at once (system property), before the gateway. */
    static final String START_THREADS_PROPERTY = "govcomm.start-threads";
    static final int DEFAULT_START_THREADS = 2;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<PlatformService, ConfigurableApplicationContext> contexts = new EnumMap<>(PlatformService.class);
    private final Map<PlatformService, String> urls = new EnumMap<>(PlatformService.class);
    private int gatewayPort;
    private String kafkaBootstrapServers;
    private String mongoUri;
    private LocalChannels channels;
    private final Map<PlatformService, ApplicationContextInitializer<ConfigurableApplicationContext>> initializers =
            new EnumMap<>(PlatformService.class);
    /** The caller-token key pair of this run: a fresh one at every start (tokens live 60 s, nothing to keep). */
    private final ECKey callerKey = CallerKeys.generate();

    private LocalPlatform() {
    }

    public static LocalPlatform start(Settings settings) {
        return start(settings, Map.of());
    }

    /**
     * As {@link #start(Settings)}, with extra initialisers for some services' contexts (tests: e.g. a clock the test
     * moves for the notification service's schedule).
     */
    public static LocalPlatform start(Settings settings,
                                      Map<PlatformService, ApplicationContextInitializer<ConfigurableApplicationContext>> initializers) {
        LocalPlatform platform = new LocalPlatform();
        platform.initializers.putAll(initializers);
        try {
            platform.startAll(settings);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private void startAll(Settings settings) {
        long started = System.nanoTime();
        int threads = startThreads();
        if (settings.kafkaBootstrapServers() != null) {
            kafkaBootstrapServers = settings.kafkaBootstrapServers();
        } else if (settings.dataDir() != null) {
            // The README's start command: a real Kafka server whose log, metadata and cluster id live beside the
            // store's file, so after a crash the broker still holds the requests and the offsets the store expects.
            DurableKafka kafka = DurableKafka.start(settings.dataDir().resolve("kafka"), settings.port(9092), 3,
                    settings.syncWrites());
            resources.add(kafka);
            kafkaBootstrapServers = kafka.bootstrapServers();
        } else {
            // Tests: in memory, gone at close.
            EmbeddedKafka kafka = EmbeddedKafka.start(settings.port(9092), 3);
            resources.add(kafka);
            kafkaBootstrapServers = kafka.bootstrapServers();
        }
        if (settings.mongoUri() != null) {
            mongoUri = settings.mongoUri();
        } else {
            EmbeddedMongo mongo = settings.dataDir() == null ? EmbeddedMongo.inMemory()
                    : EmbeddedMongo.persistent(settings.dataDir().resolve("mongo"), settings.port(27017),
                    settings.syncWrites());
            resources.add(mongo);
            mongoUri = mongo.uri("").replaceAll("/$", "");
        }
        channels = LocalChannels.start(settings.randomPorts(), settings.portOffset(), settings.dataDir());
        resources.add(channels);
        // Known before the services start: they put the gateway's address in what they send out (file links, feeds).
        gatewayPort = settings.randomPorts() ? freePort() : settings.port(PlatformService.GATEWAY.defaultPort());

        startServices(settings, threads);
        if (settings.demoData()) {
            new DemoData(url(PlatformService.GATEWAY)).load();
        }
        log.info("GovComm platform up in {} s", (System.nanoTime() - started) / 1_000_000_000);
    }

    /**
     * The services' contexts, {@code govcomm.start-threads} at a time (system property, default
     * {@value #DEFAULT_START_THREADS}; 1 starts them one after the other), then the gateway, which needs their URLs
     * (random ports in tests).
     * <p>
     * Logging: every SpringApplication's {@code LoggingApplicationListener} sets up the one Logback context of this JVM
     * unless Boot has marked it set up, then applies its {@code logging.level.*} (the same for every service,
     * {@link #serviceProperties}). Two of those set-ups side by side reset Logback under each other (seen: "Unable to
     * find Spring Environment in logger context"), so that early part of each start runs under {@link #LOGGING_SETUP},
     * one context at a time; the rest of the starts (the beans, Tomcat, Kafka clients) run side by side.
     * <p>
     * A context that fails: the ones not yet begun are skipped, the ones running are awaited, and the exception is
     * thrown (others' as suppressed) after every context that did start is in {@link #contexts}, so that
     * {@link #close()} stops them, in the reverse of {@link PlatformService}'s order whatever order they started in.
     */
    private void startServices(Settings settings, int threads) {
        List<PlatformService> services = new ArrayList<>(List.of(PlatformService.values()));
        services.remove(PlatformService.GATEWAY);
        AtomicBoolean failed = new AtomicBoolean();
        Map<PlatformService, Future<ConfigurableApplicationContext>> starting = new EnumMap<>(PlatformService.class);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, services.size()),
                Thread.ofPlatform().name("govcomm-start-", 1).factory());
        try {
            for (PlatformService service : services) {
                String[] args = arguments(service, settings); // before the pool: the gateway's port, the channels
                starting.put(service, pool.submit(() -> {
                    if (failed.get()) {
                        return null; // another context failed: the platform will not start
                    }
                    Thread thread = Thread.currentThread();
                    String name = thread.getName();
                    thread.setName(service.serviceName()); // the log's thread column says whose start a line is
                    try {
                        return run(service, args);
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    } finally {
                        thread.setName(name);
                    }
                }));
            }
        } finally {
            pool.shutdown();
        }
        Throwable failure = null;
        for (Map.Entry<PlatformService, Future<ConfigurableApplicationContext>> s : starting.entrySet()) {
            try {
                ConfigurableApplicationContext context = s.getValue().get();
                if (context != null) {
                    started(s.getKey(), context);
                }
            } catch (ExecutionException e) {
                log.error("{} did not start: {}", s.getKey().serviceName(), e.getCause().toString());
                if (failure == null) {
                    failure = e.getCause();
                } else {
                    failure.addSuppressed(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the services started", e);
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
        started(PlatformService.GATEWAY, startContext(PlatformService.GATEWAY, settings));
    }

    static int startThreads() {
        int threads = Integer.getInteger(START_THREADS_PROPERTY, DEFAULT_START_THREADS);
        if (threads < 1) {
            throw new IllegalArgumentException(START_THREADS_PROPERTY + " must be at least 1, not " + threads);
        }
        return threads;
    }

    private ConfigurableApplicationContext startContext(PlatformService service, Settings settings) {
        return run(service, arguments(service, settings));
    }

    /** The service's properties as command-line arguments: they outrank its own file and the shared defaults. */
    private String[] arguments(PlatformService service, Settings settings) {
        return properties(service, settings).entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private ConfigurableApplicationContext run(PlatformService service, String[] args) {
        // main: "Started CampaignServiceApplication in …" (Boot looks for a main method on the stack otherwise)
        SpringApplicationBuilder builder = new SpringApplicationBuilder(service.application()).main(service.application())
                .listeners(new LoggingSetUp()).initializers(LocalPlatform::logbackMetricsUnderTheLoggingLock);
        if (initializers.containsKey(service)) {
            builder.initializers(initializers.get(service));
        }
        LOGGING_SETUP.lock(); // released by LoggingSetUp once this context's logging is set up
        try {
            return builder.run(args);
        } finally {
            if (LOGGING_SETUP.isHeldByCurrentThread()) {
                LOGGING_SETUP.unlock(); // the start failed before its environment was ready
            }
        }
    }

    /**
     * Held by a context's start from before its {@code ApplicationStartingEvent} until its
     * {@code ApplicationEnvironmentPreparedEvent} has been handled: the steps in which Boot's
     * {@code LoggingApplicationListener} sets up (or, already set up, leaves alone) the JVM's one Logback context and
     * applies the context's {@code logging.level.*}. JVM-wide, as Logback's context is.
     */
    static final ReentrantLock LOGGING_SETUP = new ReentrantLock();

    /**
     * Each context's {@code LogbackMetrics} (Actuator's, for {@code logback.events}), made under {@link #LOGGING_SETUP}:
     * its constructor adds a listener to the JVM's one Logback context, a plain list that another context's logging
     * set-up walks when it applies its levels. Made side by side, one start failed with a
     * {@code ConcurrentModificationException} in Logback's {@code fireOnLevelChange} (fresh-clone CI run). Registered
     * here, Actuator's own {@code @ConditionalOnMissingBean} one backs off; bound to the context's registry as before.
     * Only the launcher needs it: in production each service has its JVM and its Logback context to itself.
     */
    static void logbackMetricsUnderTheLoggingLock(ConfigurableApplicationContext context) {
        if (context instanceof GenericApplicationContext generic) {
            generic.registerBean("logbackMetrics", LogbackMetrics.class, LocalPlatform::newLogbackMetrics);
        }
    }

    static LogbackMetrics newLogbackMetrics() {
        LOGGING_SETUP.lock();
        try {
            return new LogbackMetrics();
        } finally {
            LOGGING_SETUP.unlock();
        }
    }

    /** Runs after Boot's LoggingApplicationListener (lowest precedence) and lets the next context start. */
    private static final class LoggingSetUp implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            if (LOGGING_SETUP.isHeldByCurrentThread()) {
                LOGGING_SETUP.unlock();
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    private void started(PlatformService service, ConfigurableApplicationContext context) {
        contexts.put(service, context);
        // Services listen on the loopback address only; the gateway (and the console's cookies) on localhost.
        urls.put(service, (service == PlatformService.GATEWAY ? "http://localhost:" : "http://127.0.0.1:")
                + context.getEnvironment().getProperty("local.server.port"));
    }

    private Map<String, Object> properties(PlatformService service, Settings settings) {
        Map<String, Object> p = serviceProperties(service, service == PlatformService.GATEWAY ? gatewayPort
                        : settings.port(service.defaultPort()), kafkaBootstrapServers,
                mongoUri, channels.serviceProperties(), urls, callerKey);
        // After a kill -9 the new consumers of a group wait for the dead members' sessions to expire before the
        // rebalance completes (Kafka's default 45 s). One JVM, one machine: a member that misses 10 s of heartbeats is
        // gone. Production keeps the defaults.
        p.put("spring.kafka.consumer.properties.session.timeout.ms", 10000);
        p.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 3000);
        // Only the services that send mail get the relay (every context sees the mail jars in this one JVM).
        if (service == PlatformService.EMAIL || service == PlatformService.NOTIFICATIONS) {
            p.putAll(channels.mailProperties());
        }
        if (service == PlatformService.GATEWAY) {
            p.put("govcomm.console.mailbox-url", channels.mailboxUrl());
        }
        // Where readers outside reach published files and feeds: this platform's gateway, wherever
        // GOVCOMM_PORT_OFFSET put it (the services' defaults say port 8080).
        p.put("govcomm.attachments.public-base-url", "http://localhost:" + gatewayPort);
        p.put("govcomm.portal.public-base-url", "http://localhost:" + gatewayPort);
        if (service == PlatformService.CAMPAIGN) {
            // the 2025 communication plan (seed 004) comes with the demo campaigns, which link to its tasks
            p.put("govcomm.plans.demo-data", settings.demoData());
        }
        return p;
    }

    /**
     * The command-line properties one service gets, in this JVM or as its own process (system tests): where
     * Kafka, MongoDB and the channels are, its port, its half of the caller-token keys (the gateway signs with
     * {@code callerKey}, services verify with its public part), and for the gateway the services' URLs and the
     * demo issuer. Services listen on 127.0.0.1 only: the gateway is the way in.
     */
    public static Map<String, Object> serviceProperties(PlatformService service, int port, String kafka, String mongoUri,
                                                        Map<String, Object> channelProperties,
                                                        Map<PlatformService, String> serviceUrls, ECKey callerKey) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.config.name", service.serviceName());
        // Only the auto-configurations of the service's own jars, though every jar of the platform is on this classpath.
        p.put(OwnClasspath.PROPERTY, service.serviceName());
        p.put("server.port", port);
        p.put("spring.kafka.bootstrap-servers", kafka);
        p.put("spring.mongodb.uri", mongoUri);
        p.put("spring.main.banner-mode", "off");
        p.put("logging.level.org.apache.kafka", "WARN");
        p.put("logging.level.kafka", "WARN");
        p.put("logging.level.org.mongodb.driver", "WARN");
        p.put("logging.level.de.bwaldvogel", "WARN");
        p.putAll(channelProperties);
        p.putAll(LOCAL_SECRETS);
        if (service == PlatformService.GATEWAY) {
            serviceUrls.forEach((s, url) -> {
                if (s.urlVariable() != null) {
                    p.put(s.urlVariable(), url);
                }
            });
            // The gateway's own database in the same store: its durable audit trail.
            p.put("govcomm.audit.database", "govcomm_gateway");
            p.put("spring.autoconfigure.exclude", String.join(",", GATEWAY_EXCLUDES));
            p.put(CallerToken.SIGNING_KEY_PROPERTY, callerKey.toJSONString());
            // The demo users' issuer exists only because the launcher asks for it (never in production).
            p.put("govcomm.security.local-issuer.enabled", "true");
        } else {
            p.put("server.address", "127.0.0.1");
            p.put(CallerToken.PUBLIC_KEYS_PROPERTY, CallerKeys.publicKeySet(callerKey));
        }
        // Every context sees every jar in this JVM; only the gateway's configuration file declares routes.
        return p;
    }

    /**
     * A port free now for the gateway (tests beside a developer's platform), which binds it only after every other
     * service has started, seconds later. Picked below the kernel's ephemeral range (32768 and up on Linux), where the
     * connections the services open meanwhile get their local ports: a port from {@code new ServerSocket(0)} comes from
     * that range and was once taken in between (a fresh-clone run, session 26: "Port 40027 is already in use").
     */
    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String url(PlatformService service) {
        return urls.get(service);
    }

    /**
     * {@code Bearer <caller token>} for calling {@code service} directly, as the gateway would for that user (tests
     * that reach a service behind the gateway's back).
     */
    public String callerBearer(PlatformService service, String user, String agency, String... roles) {
        return callerBearer(callerKey, service, user, agency, roles);
    }

    public static String callerBearer(ECKey key, PlatformService service, String user, String agency, String... roles) {
        return "Bearer " + new CallerTokenSigner(key, java.time.Clock.systemUTC())
                .mint(service.serviceName(), user, List.of(roles), agency);
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public LocalChannels channels() {
        return channels;
    }

    public ConfigurableApplicationContext context(PlatformService service) {
        return contexts.get(service);
    }

    /** Stops one service as a crash would stop it (for failure tests), leaving the rest running. */
    public void stop(PlatformService service) {
        ConfigurableApplicationContext context = contexts.remove(service);
        if (context != null) {
            context.close();
        }
    }

    @Override
    public void close() {
        List<PlatformService> running = new ArrayList<>(contexts.keySet());
        java.util.Collections.reverse(running);
        running.forEach(this::stop);
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", resources.get(i), e.toString());
            }
        }
    }

    public String describe() {
        StringBuilder sb = new StringBuilder("\n  GovComm platform is running\n");
        sb.append("  Gateway (start here)     ").append(url(PlatformService.GATEWAY)).append('\n');
        sb.append("  Officers' console        ").append(url(PlatformService.GATEWAY))
                .append("/console   (users: tran.thi.lan officer, nguyen.van.minh approver; password demo)\n");
        for (PlatformService s : PlatformService.values()) {
            if (s != PlatformService.GATEWAY) {
                sb.append(String.format("  %-25s %s   health %s/actuator/health   metrics %s/actuator/prometheus%n",
                        s.serviceName(), url(s), url(s), url(s)));
            }
        }
        sb.append("  Campaign API             ").append(url(PlatformService.GATEWAY)).append("/api/campaigns\n");
        sb.append("  Agency directory         ").append(url(PlatformService.GATEWAY)).append("/api/agencies\n");
        sb.append("  Reports                  ").append(url(PlatformService.GATEWAY)).append("/api/reports/campaigns/{id}\n");
        sb.append("  Kafka                    ").append(kafkaBootstrapServers).append('\n');
        sb.append("  MongoDB                  ").append(mongoUri).append('\n');
        channels.describe(sb);
        sb.append("  Stop with Ctrl+C.\n");
        return sb.toString();
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && List.of("backup", "restore").contains(args[0])) {
            DataBackup.main(args); // the data directory of a stopped platform (see DataBackup)
            return;
        }
        SharedArchive.check(); // an unfinished archive deleted, a recording first start named (README's start command)
        LocalPlatform platform = LocalPlatform.start(Settings.fromEnvironment());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "govcomm-shutdown"));
        System.out.println(platform.describe());
        stopped.await();
    }
}
