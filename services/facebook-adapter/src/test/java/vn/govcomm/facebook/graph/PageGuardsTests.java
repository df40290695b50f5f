package vn.govcomm.facebook.graph;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
                Duration.ofSeconds(1), readTimeout, false, 2,
                new FacebookProperties.Retry(maxAttempts, Duration.ofMillis(20), 2.0, 0.5, Duration.ofMillis(100)),
                new FacebookProperties.CircuitBreaker(4, 4, 50, Duration.ofMinutes(1)),
                new FacebookProperties.RateLimit(permitsPerSecond, Duration.ofSeconds(2), 95, Duration.ofMinutes(1)),
                new FacebookProperties.Bulkhead(maxConcurrent, Duration.ZERO),
                new FacebookProperties.Webhook("", ""));
        guards = new PageGuards(properties, metrics);
        graph = new GraphClient(properties, JsonMapper.builder().build(), guards, metrics, new InFlightCalls());
    }

    String postOn(String page, String token) {
        return graph.postToFeed(page, token, "Bài thử " + System.nanoTime(), null);
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
                guards.call("501", () -> graph.readPost("501", "tok-501", post), f -> { });
                permits.add(guards.permitsPerSecond("501"));
            } catch (RuntimeException e) {
                refused = e;
            }
        }

        assertThat(refused).isInstanceOf(RequestNotPermitted.class);
        assertThat(permits).isSortedAccordingTo((a, b) -> Integer.compare(b, a)).contains(8, 4, 2, 1);
        assertThat(guards.paused("501")).isTrue();
        // The Page never went over its budget: Facebook never had to answer with a rate-limit error.
        assertThat(fake.requestLog()).hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void retriesRetryableCodesWithBackoffButNeverPermanentOnes() {
        fake.registerPage("502", "tok-502");
        client(50, 4, 2, Duration.ofSeconds(2));
        fake.failNextCalls(2, FacebookError.rateLimit(32).withHttpStatus(403)); // classified by code, not status
        List<Throwable> retried = new ArrayList<>();

        String id = guards.call("502", () -> postOn("502", "tok-502"), retried::add);

        assertThat(id).startsWith("502_");
        assertThat(retried).hasSize(2).allMatch(t -> t instanceof GraphFailure f && f.rateLimited());
        assertThat(meters.counter("govcomm.channel.retries", "channel", "facebook").count()).isEqualTo(2);

        fake.clearRequestLog();
        fake.invalidateToken("502", 460);
        assertThatThrownBy(() -> guards.call("502", () -> postOn("502", "tok-502"), retried::add))
                .isInstanceOfSatisfying(GraphFailure.class, f -> {
                    assertThat(f.attention()).isEqualTo(GraphFailure.Attention.TOKEN_EXPIRED);
                    assertThat(f.officerReason()).contains("Page token expired: reconnect the Page");
                });
        assertThat(fake.requestLog()).hasSize(1);
        assertThat(meters.find("govcomm.channel.calls").tags("operation", "publish", "outcome", "permanent").timer()
                .count()).isEqualTo(1);
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
    void opensTheCircuitOfAFailingPageOnlyAndAggregatesItsStatePerChannel() {
        fake.registerPage("504", "tok-504");
        fake.registerPage("505", "tok-505");
        client(50, 1, 2, Duration.ofSeconds(2));
        fake.faults().always(null, "/v25.0/504/.*", FacebookError.service().asFault());

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> guards.call("504", () -> postOn("504", "tok-504"), f -> { }))
                    .isInstanceOf(GraphFailure.class);
        }
        assertThatThrownBy(() -> guards.call("504", () -> postOn("504", "tok-504"), f -> { }))
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(guards.call("505", () -> postOn("505", "tok-505"), f -> { })).startsWith("505_");

        assertThat(guards.circuitState("504")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "facebook", "state", "open").gauge()
                .value()).isEqualTo(1);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "facebook", "state", "closed").gauge()
                .value()).isEqualTo(1);
        assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .noneMatch(t -> t.getValue().contains("504") || t.getValue().contains("505")));
    }

    @Test
    void bulkheadLimitsConcurrentCallsPerPage() {
        fake.registerPage("506", "tok-506");
        client(50, 1, 1, Duration.ofSeconds(5));
        fake.faults().delayNext(1, Duration.ofSeconds(1));

        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() ->
                guards.call("506", () -> postOn("506", "tok-506"), f -> { }));
        org.awaitility.Awaitility.await().until(() -> fake.requestLog().size() == 1);
        assertThatThrownBy(() -> guards.call("506", () -> postOn("506", "tok-506"), f -> { }))
                .isInstanceOf(BulkheadFullException.class);
        assertThat(slow.join()).startsWith("506_");
    }
}
