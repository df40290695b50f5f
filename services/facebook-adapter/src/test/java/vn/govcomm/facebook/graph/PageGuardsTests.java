package vn.govcomm.facebook.graph;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.facebook.FacebookProperties;
import vn.govcomm.fakes.facebook.FacebookError;
import vn.govcomm.fakes.facebook.FakeFacebookGraph;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.SettableClock;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Graph client and the per-Page guards against the Graph fake, without Spring. */
class PageGuardsTests {

    final FakeFacebookGraph fake = new FakeFacebookGraph().start();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ChannelMetrics metrics = new ChannelMetrics(meters);
    PageGuards guards;
    GraphClient graph;

    @AfterEach
    void stop() {
        fake.close();
    }

    void client(int permitsPerSecond, int maxAttempts, int maxConcurrent, Duration readTimeout) {
        FacebookProperties properties = new FacebookProperties(fake.baseUrl(), "v25.0", Map.of(),
                Duration.ofSeconds(1), readTimeout, false, 2, Duration.ofMinutes(5),
                new FacebookProperties.Retry(maxAttempts, Duration.ofMillis(20), 2.0, 0.5, Duration.ofMillis(100)),
                new FacebookProperties.CircuitBreaker(4, 4, 50, Duration.ofMinutes(1)),
                new FacebookProperties.RateLimit(permitsPerSecond, Duration.ofSeconds(2), 95, Duration.ofMinutes(1),
                        1000, Duration.ofSeconds(1)),
                new FacebookProperties.Bulkhead(maxConcurrent, Duration.ZERO),
                new FacebookProperties.Lanes(4, 100),
                new FacebookProperties.Webhook("", "", null, 0));
        guards = new PageGuards(properties, metrics);
        graph = new GraphClient(properties, JsonMapper.builder().build(), guards, metrics, new InFlightCalls());
    }

    String postOn(String page, String token) {
        return graph.postToFeed(page, token, "Bài thử " + System.nanoTime(), null);
    }

    @Test
    void postsReuseTheClientsThreadsInsteadOfStartingOnePerRequest() {
        fake.registerPage("601", "tok-601");
        client(1000, 1, 4, Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            postOn("601", "tok-601"); // the pools of the client and the fake are up
        }
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < 50; i++) {
            postOn("601", "tok-601");
        }

        // Spring's default for the body's writing (SimpleAsyncTaskExecutor) started one thread per POST: 50 here
        assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(10);
        assertThat(fake.posts("601")).hasSize(55);
    }

    @Test
    void slowsThePageDownAsUsageHeadersClimbAndStopsBefore100Percent() {
        fake.settings().clock(new SettableClock(Instant.parse("2026-11-23T10:00:05Z")))
                .pageCallsPerMinute(20).usageHeadersAfterCalls(1);
        fake.registerPage("501", "tok-501");
        client(8, 1, 2, Duration.ofSeconds(2));
        String post = postOn("501", "tok-501");

        List<Integer> permits = new ArrayList<>();
        RuntimeException refused = null;
        for (int i = 0; i < 30 && refused == null; i++) {
            try {
                graph.readPost("501", "tok-501", post);
                permits.add(guards.permitsPerSecond("501"));
            } catch (RuntimeException e) {
                refused = e;
            }
        }

        assertThat(refused).isInstanceOfSatisfying(PageUnavailable.class,
                u -> assertThat(u.reasonCode()).isEqualTo("RATE_LIMITED"));
        assertThat(permits).isSortedAccordingTo((a, b) -> Integer.compare(b, a)).contains(8, 4, 2, 1);
        assertThat(guards.paused("501")).isTrue();
        // The Page never went over its budget: Facebook never had to answer with a rate-limit error.
        assertThat(fake.requestLog()).hasSizeLessThanOrEqualTo(20);
        // The usage was the Page's (BUC), not the app's: another Page is called at the full rate.
        fake.registerPage("504", "tok-504");
        assertThat(postOn("504", "tok-504")).startsWith("504_");
        assertThat(guards.permitsPerSecond("504")).isEqualTo(8);
        assertThat(guards.paused("504")).isFalse();
    }

    @Test
    void retriesTemporaryErrorsInCallButNeitherRateLimitsNorPermanentErrors() {
        fake.registerPage("502", "tok-502");
        client(50, 4, 2, Duration.ofSeconds(2));
        fake.failNextCalls(2, FacebookError.service().withHttpStatus(403)); // classified by code, not status

        String id = guards.withRetries("502", false, () -> postOn("502", "tok-502"));

        assertThat(id).startsWith("502_");
        assertThat(meters.counter("govcomm.channel.retries", "channel", "facebook").count()).isEqualTo(2);

        fake.clearRequestLog();
        fake.failNextCalls(1, FacebookError.rateLimit(613));
        assertThatThrownBy(() -> guards.withRetries("502", false, () -> postOn("502", "tok-502")))
                .isInstanceOfSatisfying(GraphFailure.class, f -> assertThat(f.rateLimited()).isTrue());
        assertThat(fake.requestLog()).hasSize(1);
        // Without a regain time in the answer, the Page pauses for pause-for (1 minute here).
        assertThat(guards.unavailable("502")).isNotNull().satisfies(u -> {
            assertThat(u.reasonCode()).isEqualTo("RATE_LIMITED");
            assertThat(u.until()).isAfter(Instant.now().plusSeconds(50));
        });

        fake.registerPage("503", "tok-503");
        fake.invalidateToken("503", 460);
        assertThatThrownBy(() -> guards.withRetries("503", false, () -> postOn("503", "tok-503")))
                .isInstanceOfSatisfying(GraphFailure.class, f -> {
                    assertThat(f.attention()).isEqualTo(GraphFailure.Attention.TOKEN_EXPIRED);
                    assertThat(f.officerReason()).contains("Page token expired: reconnect the Page");
                });
        assertThat(fake.requests(null, "/v25.0/503/.*")).hasSize(1);
        assertThat(meters.find("govcomm.channel.calls").tags("operation", "publish", "outcome", "permanent").timer()
                .count()).isEqualTo(1);
    }

    @Test
    void theRegainTimeInTheHeadersPausesEveryKindOfCallOfThePageAndCode4PausesTheApp() {
        fake.settings().regainAccessUnit(ChronoUnit.SECONDS);
        fake.registerPage("510", "tok-510");
        fake.registerPage("511", "tok-511");
        client(50, 4, 2, Duration.ofSeconds(2));
        String post = postOn("510", "tok-510");
        fake.throttlePage("510", Duration.ofSeconds(30));
        fake.clearRequestLog();

        assertThatThrownBy(() -> postOn("510", "tok-510"))
                .isInstanceOfSatisfying(GraphFailure.class, f -> assertThat(f.code()).isEqualTo(32));
        List<Supplier<?>> calls = List.of(() -> postOn("510", "tok-510"),
                () -> graph.readPost("510", "tok-510", post),
                () -> graph.findAllByMarker("510", "tok-510", "#dlv-x"),
                () -> graph.delete("510", "tok-510", post),
                () -> graph.whoAmI("510", "tok-510"));
        for (Supplier<?> call : calls) {
            assertThatThrownBy(call::get).isInstanceOfSatisfying(PageUnavailable.class, u -> {
                assertThat(u.reasonCode()).isEqualTo("RATE_LIMITED");
                assertThat(u.until()).isBetween(Instant.now().plusSeconds(25), Instant.now().plusSeconds(31));
            });
        }
        assertThat(fake.requestLog()).hasSize(1); // only the refused create reached Facebook
        assertThat(postOn("511", "tok-511")).startsWith("511_"); // another Page is not paused

        // The app's Platform throttle does not reach Page-token calls (they are under their Page's BUC budget)...
        fake.throttleApp(Duration.ofSeconds(20));
        assertThat(postOn("511", "tok-511")).startsWith("511_");
        // ...but should Facebook answer code 4 anyway, every Page pauses.
        fake.failNextCalls(1, FacebookError.rateLimit(4));
        assertThatThrownBy(() -> postOn("511", "tok-511"))
                .isInstanceOfSatisfying(GraphFailure.class, f -> assertThat(f.code()).isEqualTo(4));
        fake.registerPage("512", "tok-512");
        assertThatThrownBy(() -> postOn("512", "tok-512")).isInstanceOf(PageUnavailable.class);
    }

    /**
     * Our Page-token calls are charged to each Page's budget: no cap of our own on all Pages together while Facebook
     * reports no app usage; once X-App-Usage reports it, the app-wide limiter applies (and follows it).
     */
    @Test
    void theAppWideLimiterAppliesOnlyWhileFacebookReportsTheAppsBudgetInUse() {
        FacebookProperties properties = new FacebookProperties(fake.baseUrl(), "v25.0", Map.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(5), false, 2, Duration.ofMinutes(5),
                new FacebookProperties.Retry(1, Duration.ofMillis(20), 2.0, 0.5, Duration.ofMillis(100)),
                new FacebookProperties.CircuitBreaker(4, 4, 50, Duration.ofMinutes(1)),
                // 50 calls/s per Page, 2 for the whole app, no wait for a permit: a missing one refuses at once
                new FacebookProperties.RateLimit(50, Duration.ZERO, 95, Duration.ofMinutes(1), 2, Duration.ofSeconds(1)),
                new FacebookProperties.Bulkhead(4, Duration.ZERO),
                new FacebookProperties.Lanes(4, 100),
                new FacebookProperties.Webhook("", "", null, 0));
        guards = new PageGuards(properties, metrics);
        graph = new GraphClient(properties, JsonMapper.builder().build(), guards, metrics, new InFlightCalls());
        for (int i = 0; i < 8; i++) {
            fake.registerPage("60" + i, "tok-60" + i);
            fake.registerPage("61" + i, "tok-61" + i);
        }

        assertThat(guards.appBudgetReported()).isFalse();
        for (int i = 0; i < 8; i++) {   // 8 Pages at once, 4 times the app's 2 calls/s: none refused
            assertThat(postOn("60" + i, "tok-60" + i)).startsWith("60" + i + "_");
        }

        guards.observe("600", new PageThrottle.Usage(0, 60, 0, 0));   // X-App-Usage: 60 % -> 1 call/s for all Pages
        assertThat(guards.appBudgetReported()).isTrue();
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            try {
                postOn("61" + i, "tok-61" + i);
            } catch (PageUnavailable e) {
                assertThat(e.reasonCode()).isEqualTo("RATE_LIMITED");
                refused++;
            }
        }
        // at most 2 permits a second: 8 calls in the few seconds they take cannot all pass
        assertThat(refused).isPositive();
    }

    @Test
    void slowAnswersTimeOutAsCallsWithoutAnswer() {
        fake.registerPage("503", "tok-503");
        client(50, 1, 2, Duration.ofMillis(300));
        fake.faults().delayNext(1, Duration.ofSeconds(2));

        assertThatThrownBy(() -> postOn("503", "tok-503"))
                .isInstanceOfSatisfying(GraphFailure.class, f -> assertThat(f.kind()).isEqualTo(GraphFailure.Kind.NO_ANSWER));
        fake.faults().failNext(1, Fault.status(502)); // a proxy page: no Graph answer either
        assertThatThrownBy(() -> postOn("503", "tok-503"))
                .isInstanceOfSatisfying(GraphFailure.class, f -> assertThat(f.kind()).isEqualTo(GraphFailure.Kind.NO_ANSWER));
    }

    @Test
    void opensTheCircuitOfAFailingPageOnlyTellsHowLongAndAggregatesItsStatePerChannel() {
        fake.registerPage("504", "tok-504");
        fake.registerPage("505", "tok-505");
        client(50, 1, 2, Duration.ofSeconds(2));
        fake.failPageCalls("504", 100, FacebookError.service());

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> postOn("504", "tok-504")).isInstanceOf(GraphFailure.class);
        }
        assertThatThrownBy(() -> postOn("504", "tok-504")).isInstanceOfSatisfying(PageUnavailable.class, u -> {
            assertThat(u.reasonCode()).isEqualTo("FB_CIRCUIT_OPEN");
            assertThat(u.until()).isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61));
        });
        assertThat(postOn("505", "tok-505")).startsWith("505_");

        assertThat(guards.circuitState("504")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "facebook", "state", "open").gauge()
                .value()).isEqualTo(1);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "facebook", "state", "closed").gauge()
                .value()).isEqualTo(1);
        assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .noneMatch(t -> t.getValue().contains("504") || t.getValue().contains("505")));
    }

    @Test
    void rateLimitsAndPermanentErrorsDoNotOpenTheCircuit() {
        fake.registerPage("507", "tok-507");
        client(50, 1, 2, Duration.ofSeconds(2));
        fake.failPageCalls("507", 6, FacebookError.permission("Permissions error"));

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> postOn("507", "tok-507"))
                    .isInstanceOfSatisfying(GraphFailure.class, f -> assertThat(f.permanent()).isTrue());
        }
        assertThat(guards.circuitState("507")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void bulkheadLimitsConcurrentCallsPerPage() {
        fake.registerPage("506", "tok-506");
        client(50, 1, 1, Duration.ofSeconds(5));
        fake.faults().delayNext(1, Duration.ofSeconds(1));

        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> postOn("506", "tok-506"));
        org.awaitility.Awaitility.await().until(() -> fake.requestLog().size() == 1);
        assertThatThrownBy(() -> postOn("506", "tok-506")).isInstanceOfSatisfying(PageUnavailable.class,
                u -> assertThat(u.reasonCode()).isEqualTo("FB_PAGE_BUSY"));
        assertThat(slow.join()).startsWith("506_");
    }
}
