package vn.govcomm.facebook;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Configuration of the adapter ({@code govcomm.facebook.*}); defaults are in {@code facebook-adapter.yml} (and here,
 * for the values added later, so an older configuration file still starts). {@code pageTokens} is only a bootstrap
 * source imported into the encrypted credential store at start-up.
 *
 * @param visibilityHorizon how long a post whose create call went unanswered (or was answered 506 "duplicate") is
 *                          looked for on the Page's edges, which are eventually consistent, before it is posted again
 */
@ConfigurationProperties("govcomm.facebook")
public record FacebookProperties(
        String graphBaseUrl,
        String apiVersion,
        Map<String, String> pageTokens,
        Duration connectTimeout,
        Duration readTimeout,
        boolean verifyOnConnect,
        int lookupPages,
        Duration visibilityHorizon,
        Retry retry,
        CircuitBreaker circuitBreaker,
        RateLimit rateLimit,
        Bulkhead bulkhead,
        Lanes lanes,
        Webhook webhook) {

    public FacebookProperties {
        pageTokens = pageTokens == null ? Map.of() : Map.copyOf(pageTokens);
        visibilityHorizon = visibilityHorizon == null ? Duration.ofMinutes(5) : visibilityHorizon;
        lanes = lanes == null ? new Lanes(16, 10_000) : lanes;
        webhook = webhook == null ? new Webhook("", "", null, 0) : webhook;
    }

    /** In-call retries of temporary errors only (codes 1, 2, transient; no answer for reads): backoff with jitter. */
    public record Retry(int maxAttempts, Duration initialBackoff, double multiplier, double jitter, Duration maxBackoff) {
    }

    public record CircuitBreaker(int slidingWindow, int minimumCalls, float failureRatePercent, Duration waitInOpen) {
    }

    /**
     * Calls per Page per second while Facebook's usage headers are low; fewer as they climb; none (pause) from
     * {@code pauseAtPercent} or after a rate-limit answer, for Facebook's {@code estimated_time_to_regain_access}
     * (counted in {@code regainUnit}: minutes per third-party clients, UNCONFIRMED) or else {@code pauseFor}.
     * {@code appPermitsPerSecond} is the budget of the whole app (every Page), which follows {@code X-App-Usage}.
     */
    public record RateLimit(int permitsPerSecond, Duration waitForPermit, int pauseAtPercent, Duration pauseFor,
                            int appPermitsPerSecond, Duration regainUnit) {
        public RateLimit {
            appPermitsPerSecond = appPermitsPerSecond <= 0 ? 50 : appPermitsPerSecond;
            regainUnit = regainUnit == null ? Duration.ofMinutes(1) : regainUnit;
        }
    }

    public record Bulkhead(int maxConcurrentCalls, Duration maxWait) {
    }

    /**
     * Page lanes: deliveries are served per Page, in order, by {@code concurrency} workers shared by all Pages (a slow
     * Page holds one of them at most); at most {@code maxQueued} deliveries wait in memory before the Kafka listener
     * slows down.
     */
    public record Lanes(int concurrency, int maxQueued) {
        public Lanes {
            concurrency = concurrency <= 0 ? 48 : concurrency;
            maxQueued = maxQueued <= 0 ? 10_000 : maxQueued;
        }
    }

    /**
     * Webhook secrets (never logged, never returned): empty = webhooks refused. {@code lease}: an event left
     * PROCESSING longer than this (its instance died mid-way) is taken up again, at most {@code maxAttempts} times.
     */
    public record Webhook(String verifyToken, String appSecret, Duration lease, int maxAttempts) {
        public Webhook {
            lease = lease == null ? Duration.ofMinutes(2) : lease;
            maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
        }

        @Override
        public String toString() {
            return "Webhook[secrets redacted]";
        }
    }

    @Override
    public String toString() {
        return "FacebookProperties[graphBaseUrl=" + graphBaseUrl + ", apiVersion=" + apiVersion + ", pages="
                + pageTokens.keySet() + "]";
    }
}
