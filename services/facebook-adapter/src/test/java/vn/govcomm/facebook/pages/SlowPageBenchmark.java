package vn.govcomm.facebook.pages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.facebook.FacebookAdapterApplication;
import vn.govcomm.facebook.FacebookAdapterTestSupport;
import vn.govcomm.facebook.credentials.PageCredentials;
import vn.govcomm.fakes.facebook.FakeFacebookGraph;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Benchmark, not a unit test (off in CI; run with
 * {@code ./mvnw -o -pl services/facebook-adapter verify -Dgovcomm.benchmark=true -Dtest=SlowPageBenchmark}): the
 * throughput of {@value #FAST_PAGES} healthy Pages × {@value #PER_PAGE} deliveries (a) alone, (b) while one more
 * Page answers every call after 12 s (the adapter's read timeout is 10 s, as in production), (c) the same as (b)
 * with one lane worker — what a single consumer thread did before the Page lanes. Figures are printed
 * ({@code BENCHMARK ...} lines) and recorded in the README.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "govcomm.benchmark", matches = "true")
class SlowPageBenchmark {

    static final int FAST_PAGES = 20;
    static final int PER_PAGE = 10;
    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final FakeFacebookGraph GRAPH = new FakeFacebookGraph().start();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final MongoTemplate STORE = new MongoTemplate(com.mongodb.client.MongoClients.create(
            MONGO.uri("govcomm_facebook")), "govcomm_facebook");

    @AfterAll
    static void stop() {
        GRAPH.close();
        MONGO.close();
        KAFKA.close();
    }

    @Test
    void oneSlowPageDoesNotLowerTheOtherPagesThroughput() {
        GRAPH.settings().enforceRateLimits(false);
        List<String> fast = new ArrayList<>();
        for (int i = 0; i < FAST_PAGES; i++) {
            fast.add(Long.toString(400_000_000_000_000L + i));
        }
        String slow = "400000000099999";
        double alone;
        double withSlow;
        double oneWorker;
        try (ConfigurableApplicationContext adapter = start(16)) {
            connect(adapter, fast, slow);
            run(adapter, "warm-up", fast, null);
            alone = run(adapter, "a", fast, null);
            GRAPH.slowPage(slow, Duration.ofSeconds(12));
            withSlow = run(adapter, "b", fast, slow);
        }
        try (ConfigurableApplicationContext adapter = start(1)) {
            oneWorker = run(adapter, "c", fast, slow);
        }
        GRAPH.faults().clear();
        System.out.printf("BENCHMARK fast Pages alone: %.1f deliveries/s%n", alone);
        System.out.printf("BENCHMARK fast Pages with 1 slow Page (12 s answers, 10 s timeout): %.1f deliveries/s%n", withSlow);
        System.out.printf("BENCHMARK same, 1 lane worker (like one consumer thread): %.1f deliveries/s%n", oneWorker);
        assertThat(withSlow).isGreaterThan(alone * 0.5);
    }

    /** Sends PER_PAGE deliveries to every fast Page (and the slow one); returns the fast Pages' deliveries per second. */
    private static double run(ConfigurableApplicationContext adapter, String name, List<String> fast, String slow) {
        String campaign = "cmp-bench-" + name;
        long started = System.nanoTime();
        for (int n = 0; n < PER_PAGE; n++) {
            if (slow != null) {
                send(adapter, campaign, slow, "dlv-bench-" + name + "-slow-" + n);
            }
            for (String page : fast) {
                send(adapter, campaign, page, "dlv-bench-" + name + "-" + page + "-" + n);
            }
        }
        int total = fast.size() * PER_PAGE;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> published(campaign) >= total
                || Duration.ofNanos(System.nanoTime() - started).toSeconds() >= 60);
        double seconds = (System.nanoTime() - started) / 1e9;
        long done = published(campaign);
        System.out.printf("BENCHMARK run %s: %d of %d fast deliveries PUBLISHED in %.1f s%n", name, done, total, seconds);
        return done / seconds;
    }

    private static long published(String campaign) {
        return STORE.count(Query.query(Criteria.where("campaignId").is(campaign).and("status").is("PUBLISHED")
                .and("externalId").ne("400000000099999")), AdapterDeliveries.COLLECTION);
    }

    private static void connect(ConfigurableApplicationContext adapter, List<String> fast, String slow) {
        PageCredentials credentials = adapter.getBean(PageCredentials.class);
        List<String> all = new ArrayList<>(fast);
        all.add(slow);
        for (String page : all) {
            GRAPH.registerPage(page, "tok-" + page);
            credentials.connect(page, null, "tok-" + page, "benchmark");
        }
    }

    private static ConfigurableApplicationContext start(int workers) {
        List<String> args = new ArrayList<>(FacebookAdapterTestSupport.fastWaitArgs());
        args.addAll(List.of("--spring.config.name=" + FacebookAdapterApplication.CONFIG_NAME, "--server.port=0",
                "--spring.main.banner-mode=off",
                "--" + TestCallers.PUBLIC_KEYS_PROPERTY + "=" + TestCallers.publicKeys(),
                "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--spring.mongodb.uri=" + MONGO.uri("govcomm_facebook"),
                "--govcomm.credentials.encryption-key=" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                "--govcomm.facebook.graph-base-url=" + GRAPH.baseUrl(),
                "--govcomm.facebook.read-timeout=10s",
                "--govcomm.facebook.rate-limit.permits-per-second=50",
                "--govcomm.facebook.rate-limit.app-permits-per-second=2000",
                "--govcomm.facebook.lanes.concurrency=" + workers,
                "--logging.level.vn.govcomm=WARN"));
        return new SpringApplicationBuilder(FacebookAdapterApplication.class).run(args.toArray(String[]::new));
    }

    private static void send(ConfigurableApplicationContext adapter, String campaign, String page, String deliveryId) {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.get().example("vn.govcomm.delivery.requested.v1"));
        data.put("deliveryId", deliveryId).put("campaignId", campaign).put("channel", "facebook")
                .put("endpointId", "ep." + page).put("externalId", page).put("attempt", 1);
        data.remove("ledSchedule");
        ((ObjectNode) data.path("content")).remove("lines");
        ((ObjectNode) data.path("content")).put("text", "Benchmark " + deliveryId);
        ((ObjectNode) data.path("window")).put("endsAt", Instant.now().plus(Duration.ofHours(2)).toString());
        adapter.getBean(EventPublisher.class).send(OutgoingEvent.of("delivery.requests.facebook", "ep." + page,
                "vn.govcomm.delivery.requested.v1", "/services/notice-publishing-service", deliveryId,
                "https://govcomm.vn/contracts/schemas/delivery-requested.v1.json", Instant.now(),
                JSON.writeValueAsString(data))).join();
    }
}
