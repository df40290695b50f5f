package vn.govcomm.facebook;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Configuration of the adapter ({@code govcomm.facebook.*}); defaults are in {@code facebook-adapter.yml}.
 * {@code pageTokens} is only a bootstrap source imported into the encrypted credential store at start-up.
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
        Retry retry,
        CircuitBreaker circuitBreaker,
        RateLimit rateLimit,
        Bulkhead bulkhead,
        Webhook webhook) {

    public FacebookProperties {
        pageTokens = pageTokens == null ? Map.of() : Map.copyOf(pageTokens);
    }

    /** Retries of retryable errors only: exponential backoff with jitter. */
    public record Retry(int maxAttempts, Duration initialBackoff, double multiplier, double jitter, Duration maxBackoff) {
    }

    public record CircuitBreaker(int slidingWindow, int minimumCalls, float failureRatePercent, Duration waitInOpen) {
    }

    /**
     * Calls per Page per second while Facebook's usage headers are low; fewer as they climb; none (pause) from
     * {@code pauseAtPercent} until {@code pauseFor} has passed or Facebook's estimated time to regain access.
     */
    public record RateLimit(int permitsPerSecond, Duration waitForPermit, int pauseAtPercent, Duration pauseFor) {
    }

    public record Bulkhead(int maxConcurrentCalls, Duration maxWait) {
    }

    /** Webhook secrets (never logged, never returned): empty = webhooks refused. */
    public record Webhook(String verifyToken, String appSecret) {
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
