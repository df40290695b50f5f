package vn.govcomm.facebook.pages;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import vn.govcomm.fakes.facebook.FacebookError;
import vn.govcomm.fakes.facebook.FacebookPost;
import vn.govcomm.fakes.facebook.FakeFacebookGraph;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * N Pages × 1 campaign against a Graph fake that behaves like Facebook on a bad day: new posts show on the feed late
 * (eventual consistency), Pages are throttled with a regain time, bursts of errors open breakers, answers are lost
 * after Facebook acted or come too late, and a few Pages have an expired token or no permission. Every healthy Page
 * ends PUBLISHED with exactly one live post, only the broken Pages end FAILED (named), and cancelling leaves no live
 * post — also when the adapter is stopped in the middle (work abandoned) and started again on the same store.
 * <p>
 * N is {@code -Dgovcomm.test.pages} (default 50, so the class runs in well under a minute of waits; 500 was run once,
 * see the README). Own broker, store and fake: nothing else shares them.
 */
class PagesUnderStressTests {

    static final int PAGES = Integer.getInteger("govcomm.test.pages", 50);
    /** Generous waits, growing with N. */
    static final Duration SETTLE = Duration.ofSeconds(Math.max(90, PAGES / 2));
    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final FakeFacebookGraph GRAPH = new FakeFacebookGraph().start();
    static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final AtomicInteger RUN = new AtomicInteger();
    static ConfigurableApplicationContext adapter;
    /** The test's own view of the adapter's store: it outlives every adapter instance. */
    static final MongoTemplate STORE = new MongoTemplate(com.mongodb.client.MongoClients.create(
            MONGO.uri("govcomm_facebook")), "govcomm_facebook");

    @BeforeAll
    static void start() {
        GRAPH.settings().regainAccessUnit(ChronoUnit.SECONDS).usageWindow(Duration.ofSeconds(5))
                .pageCallsPerMinute(12).appCallsPerMinute(1_000_000).rateLimitPenalty(Duration.ofSeconds(2));
        adapter = startAdapter();
    }

    @AfterEach
    void calm() {
        GRAPH.faults().clear();
        GRAPH.settings().feedVisibilityLag(Duration.ZERO).readVisibilityLag(Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        if (adapter != null) {
            adapter.close();
        }
        GRAPH.close();
        MONGO.close();
        KAFKA.close();
    }

    static ConfigurableApplicationContext startAdapter() {
        List<String> args = new ArrayList<>(FacebookAdapterTestSupport.fastWaitArgs());
        args.addAll(List.of("--spring.config.name=" + FacebookAdapterApplication.CONFIG_NAME, "--server.port=0",
                "--spring.main.banner-mode=off",
                "--" + TestCallers.PUBLIC_KEYS_PROPERTY + "=" + TestCallers.publicKeys(),
                "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--spring.mongodb.uri=" + MONGO.uri("govcomm_facebook"),
                "--govcomm.credentials.encryption-key=" + KEY,
                "--govcomm.facebook.graph-base-url=" + GRAPH.baseUrl(),
                "--govcomm.facebook.read-timeout=1s",
                "--govcomm.facebook.retry.initial-backoff=50ms",
                "--govcomm.facebook.retry.max-backoff=200ms",
                "--govcomm.delivery.retry.concurrency=8",
                "--logging.level.vn.govcomm=WARN"));
        return new SpringApplicationBuilder(FacebookAdapterApplication.class).run(args.toArray(String[]::new));
    }

    /** The Pages of one run, by role, registered on the fake and connected in the adapter. */
    record Campaign(String campaignId, Map<String, String> deliveryByPage, Set<String> expired, Set<String> forbidden) {
        List<String> healthy() {
            return deliveryByPage.keySet().stream().filter(p -> !expired.contains(p) && !forbidden.contains(p)).toList();
        }
    }

    /**
     * Registers the Pages and scripts the bad day: 1 in 5 throttled for 2–4 s, 1 in 7 a burst of errors that opens
     * its breaker, 1 in 6 loses the answer after Facebook created the post, 1 in 8 answers after the read timeout,
     * usage budgets small enough that busy Pages go over them; two Pages expired, two without permission.
     */
    static Campaign campaign(boolean stormy) {
        int run = RUN.incrementAndGet();
        Map<String, String> deliveries = new LinkedHashMap<>();
        Set<String> expired = new java.util.HashSet<>();
        Set<String> forbidden = new java.util.HashSet<>();
        PageCredentials credentials = adapter.getBean(PageCredentials.class);
        for (int i = 0; i < PAGES; i++) {
            String page = Long.toString(300_000_000_000_000L + run * 10_000L + i);
            String token = "tok-" + page;
            GRAPH.registerPage(page, token);
            credentials.connect(page, "Trang " + i, token, "test");
            deliveries.put(page, "dlv-r" + run + "-p" + i + "-" + Long.toHexString(System.nanoTime()));
            if (i == 3) {
                GRAPH.expireToken(page);
                expired.add(page);
            } else if (i == 4) {
                GRAPH.invalidateToken(page, 460);
                expired.add(page);
            } else if (i == 8 || i == 9) {
                GRAPH.revokePermissions(page, "pages_manage_posts");
                forbidden.add(page);
            } else if (stormy) {
                if (i % 5 == 0) {
                    GRAPH.throttlePage(page, Duration.ofSeconds(2 + i % 3));
                }
                if (i % 7 == 1) {
                    GRAPH.failPageCalls(page, 8, i % 2 == 0 ? FacebookError.service() : FacebookError.unknown());
                }
                if (i % 6 == 2) {
                    GRAPH.faults().failNext(1, "POST", "/v25.0/" + page + "/feed", Fault.dropAfterProcessing());
                }
                if (i % 8 == 3) {
                    GRAPH.faults().failNext(1, "POST", "/v25.0/" + page + "/feed", Fault.delay(Duration.ofMillis(1500)));
                }
            }
        }
        return new Campaign("cmp-stress-" + run, deliveries, expired, forbidden);
    }

    @Test
    void everyHealthyPageIsPublishedOnceUnderLagStormsAndBurstsAndCancellingLeavesNoLivePost() {
        GRAPH.settings().feedVisibilityLag(Duration.ofSeconds(1)).readVisibilityLag(Duration.ofMillis(300));
        Campaign campaign = campaign(true);
        long started = System.nanoTime();

        campaign.deliveryByPage().forEach((page, deliveryId) -> request(campaign, page, deliveryId));

        awaitAllSettled(campaign);
        System.out.printf("STRESS %d Pages settled in %.1f s (%d PUBLISHED, %d FAILED)%n", PAGES,
                (System.nanoTime() - started) / 1e9, count(campaign, DeliveryStatus.PUBLISHED),
                count(campaign, DeliveryStatus.FAILED));
        assertOutcome(campaign);
        cancelAndAssertNothingLive(campaign, false);
    }

    @Test
    void stoppingTheAdapterInTheMiddleAndStartingItAgainLosesNothingAndPostsNothingTwice() {
        GRAPH.settings().feedVisibilityLag(Duration.ofSeconds(1));
        Campaign campaign = campaign(true);
        // Some Pages answer slowly, so calls are in flight when the adapter stops.
        campaign.healthy().stream().filter(p -> p.hashCode() % 4 == 0).forEach(p ->
                GRAPH.faults().failNext(1, "POST", "/v25.0/" + p + "/feed", Fault.delay(Duration.ofMillis(800))));

        campaign.deliveryByPage().forEach((page, deliveryId) -> request(campaign, page, deliveryId));
        await().atMost(SETTLE).until(() -> count(campaign, DeliveryStatus.PUBLISHED) >= PAGES / 5);
        adapter.close(); // abandons queued work and calls in flight; only the store remembers
        long stopped = System.nanoTime();
        long unfinished = campaign.deliveryByPage().values().stream().map(PagesUnderStressTests::status)
                .filter(s -> !s.isTerminal() && !s.isAchieved()).count();
        adapter = startAdapter();

        awaitAllSettled(campaign);
        System.out.printf("STRESS %d Pages, %d unfinished at the stop, all settled again %.1f s after the stop%n",
                PAGES, unfinished, (System.nanoTime() - stopped) / 1e9);
        assertThat(unfinished).as("deliveries still in flight when the adapter stopped").isPositive();
        assertOutcome(campaign);
        cancelAndAssertNothingLive(campaign, true);
    }

    @Test
    void aDuplicateAnswerWhileOurPostIsNotVisibleYetIsAdoptedAndACancelStillFindsAndDeletesIt() {
        // The feed shows new posts only after 4 s, longer than the 2 s visibility horizon: the look-ups after the
        // lost answer miss, the re-post gets Facebook's 506, and the delivery keeps looking until the post shows.
        GRAPH.settings().feedVisibilityLag(Duration.ofSeconds(4));
        int run = RUN.incrementAndGet();
        String page = Long.toString(300_000_000_000_000L + run * 10_000L);
        String late = Long.toString(300_000_000_000_000L + run * 10_000L + 1);
        for (String p : List.of(page, late)) {
            GRAPH.registerPage(p, "tok-" + p);
            adapter.getBean(PageCredentials.class).connect(p, null, "tok-" + p, "test");
            GRAPH.faults().failNext(1, "POST", "/v25.0/" + p + "/feed", Fault.dropAfterProcessing());
        }
        Campaign campaign = new Campaign("cmp-lag-" + run, new LinkedHashMap<>(Map.of(page, "dlv-lag-" + run + "-a",
                late, "dlv-lag-" + run + "-b")), Set.of(), Set.of());

        request(campaign, page, "dlv-lag-" + run + "-a");
        await().atMost(Duration.ofSeconds(30)).until(() -> status("dlv-lag-" + run + "-a") == DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.livePosts(page)).hasSize(1);
        // The answer was lost, then every re-post past the horizon got 506 until the post showed: one post ever made.
        assertThat(GRAPH.requests("POST", "/v25.0/" + page + "/feed")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(GRAPH.posts(page)).hasSize(1);
        assertThat(STORE.findById("dlv-lag-" + run + "-a", Document.class, AdapterDeliveries.COLLECTION).getString("externalRef"))
                .isEqualTo(GRAPH.livePosts(page).getFirst().id());

        // Cancelled while its post (created, answer lost) is not visible yet: the cleanup keeps looking and deletes it.
        request(campaign, late, "dlv-lag-" + run + "-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> GRAPH.posts(late).size() == 1);
        retract(campaign, late, "dlv-lag-" + run + "-b");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> status("dlv-lag-" + run + "-b") == DeliveryStatus.CANCELLED
                    && GRAPH.livePosts(late).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            dump("dlv-lag-" + run + "-b", late);
            throw e;
        }
        assertThat(GRAPH.posts(late)).hasSize(1);
    }

    private static void assertOutcome(Campaign campaign) {
        AdapterDeliveries deliveries = adapter.getBean(AdapterDeliveries.class);
        MongoTemplate mongo = STORE;
        for (String page : campaign.healthy()) {
            String deliveryId = campaign.deliveryByPage().get(page);
            AdapterDeliveries.Stored stored = deliveries.find(deliveryId).orElseThrow();
            assertThat(stored.status()).as("delivery to healthy Page %s: %s", page,
                    mongo.findById(deliveryId, Document.class, AdapterDeliveries.COLLECTION)).isEqualTo(DeliveryStatus.PUBLISHED);
            List<FacebookPost> live = GRAPH.livePosts(page);
            assertThat(live).as("live posts of Page %s", page).hasSize(1);
            assertThat(live.getFirst().message()).endsWith("#" + deliveryId);
            assertThat(stored.externalRef()).isEqualTo(live.getFirst().id());
        }
        for (String page : campaign.expired()) {
            Document doc = mongo.findById(campaign.deliveryByPage().get(page), Document.class, AdapterDeliveries.COLLECTION);
            assertThat(doc.getString("status")).isEqualTo("FAILED");
            assertThat(doc.getString("reasonCode")).isEqualTo("FB_TOKEN_EXPIRED");
            assertThat(GRAPH.livePosts(page)).isEmpty();
        }
        for (String page : campaign.forbidden()) {
            Document doc = mongo.findById(campaign.deliveryByPage().get(page), Document.class, AdapterDeliveries.COLLECTION);
            assertThat(doc.getString("status")).isEqualTo("FAILED");
            assertThat(doc.getString("reasonCode")).isEqualTo("FB_PERMISSION");
            assertThat(doc.getString("reason")).contains("pages_manage_posts");
        }
    }

    private static void cancelAndAssertNothingLive(Campaign campaign, boolean crashInTheMiddle) {
        campaign.deliveryByPage().forEach((page, deliveryId) -> retract(campaign, page, deliveryId));
        if (crashInTheMiddle) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(campaign, DeliveryStatus.CANCELLED) >= 1);
            adapter.close();
            adapter = startAdapter();
        }
        await().atMost(SETTLE).until(() -> count(campaign, DeliveryStatus.CANCELLED) == PAGES
                && campaign.deliveryByPage().keySet().stream().allMatch(p -> GRAPH.livePosts(p).isEmpty()));
        for (String page : campaign.healthy()) {
            assertThat(GRAPH.posts(page)).as("posts ever made on Page %s", page).hasSize(1);
        }
    }

    private static void awaitAllSettled(Campaign campaign) {
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(() ->
                    count(campaign, DeliveryStatus.PUBLISHED) + count(campaign, DeliveryStatus.FAILED) == PAGES);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            STORE.find(Query.query(Criteria.where("campaignId").is(campaign.campaignId())
                    .and("status").nin("PUBLISHED", "FAILED")), Document.class, AdapterDeliveries.COLLECTION).forEach(d -> {
                d.remove("request");
                d.remove("outbox");
                System.out.println("UNSETTLED " + d.toJson() + "\n  ATTEMPTS " + STORE.findById(d.getString("_id"),
                        Document.class, PostAttempts.COLLECTION) + "\n  REQUESTS " + GRAPH.requestLog().stream()
                        .filter(r -> r.path().contains(d.getString("externalId")))
                        .map(r -> r.receivedAt() + " " + r.method() + " " + r.path() + " " + r.fault()).toList());
            });
            throw e;
        }
    }

    private static void dump(String deliveryId, String page) {
        Document d = STORE.findById(deliveryId, Document.class, AdapterDeliveries.COLLECTION);
        if (d != null) {
            d.remove("request");
            d.remove("outbox");
        }
        System.out.println("UNSETTLED " + (d == null ? null : d.toJson()) + "\n  ATTEMPTS " + STORE.findById(deliveryId,
                Document.class, PostAttempts.COLLECTION) + "\n  REQUESTS " + GRAPH.requestLog().stream()
                .filter(r -> r.path().contains(page))
                .map(r -> r.receivedAt() + " " + r.method() + " " + r.path() + " " + r.fault()).toList()
                + "\n  POSTS " + GRAPH.posts(page));
    }

    private static long count(Campaign campaign, DeliveryStatus status) {
        return STORE.count(Query.query(Criteria.where("campaignId").is(campaign.campaignId())
                .and("status").is(status.name())), AdapterDeliveries.COLLECTION);
    }

    private static DeliveryStatus status(String deliveryId) {
        Document doc = STORE.findById(deliveryId, Document.class, AdapterDeliveries.COLLECTION);
        return doc == null ? DeliveryStatus.PENDING : DeliveryStatus.valueOf(doc.getString("status"));
    }

    static void request(Campaign campaign, String page, String deliveryId) {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.get().example("vn.govcomm.delivery.requested.v1"));
        data.put("deliveryId", deliveryId).put("campaignId", campaign.campaignId()).put("channel", "facebook")
                .put("endpointId", "ep." + page).put("externalId", page).put("attempt", 1);
        data.remove("ledSchedule");
        ((ObjectNode) data.path("content")).remove("lines");
        ((ObjectNode) data.path("content")).put("text", "Thông báo chiến dịch " + campaign.campaignId());
        ((ObjectNode) data.path("window")).put("endsAt", Instant.now().plus(Duration.ofHours(2)).toString());
        send(page, "vn.govcomm.delivery.requested.v1", deliveryId, "delivery-requested", JSON.writeValueAsString(data));
    }

    static void retract(Campaign campaign, String page, String deliveryId) {
        ObjectNode data = JSON.createObjectNode();
        data.put("deliveryId", deliveryId).put("campaignId", campaign.campaignId()).put("agencyId", "so-y-te")
                .put("channel", "facebook").put("endpointId", "ep." + page).put("externalId", page)
                .put("reason", "CAMPAIGN_CANCELLED").put("occurredAt", Instant.now().toString());
        send(page, "vn.govcomm.delivery.retracted.v1", deliveryId, "delivery-retracted", JSON.writeValueAsString(data));
    }

    private static void send(String page, String type, String deliveryId, String schema, String data) {
        adapter.getBean(EventPublisher.class).send(OutgoingEvent.of("delivery.requests.facebook", "ep." + page, type,
                "/services/notice-publishing-service", deliveryId,
                "https://govcomm.vn/contracts/schemas/" + schema + ".v1.json", Instant.now(), data)).join();
    }
}
