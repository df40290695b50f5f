package vn.govcomm.gateway.traffic;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * {@code govcomm.gateway.*}: rate limits, body limits, CORS and circuit breaker settings (routes are in
 * spring.cloud.gateway; trusted proxies in the edge package).
 */
@ConfigurationProperties("govcomm.gateway")
public record TrafficProperties(@DefaultValue RateLimit rateLimit, @DefaultValue BodyLimits bodyLimits,
                                @DefaultValue Cors cors, @DefaultValue CircuitBreaker circuitBreaker) {

    /**
     * A token bucket per user (per client IP when anonymous): {@code capacity} requests at once, refilled at
     * {@code capacity} per {@code period}. Over the limit → 429 problem details with Retry-After.
     */
    public record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("120") int capacity,
                            @DefaultValue("PT1M") Duration period,
                            @DefaultValue({"/api/**", "/oauth2/token", "/console/login"}) List<String> paths,
                            @DefaultValue("100000") int maxTrackedClients) {
    }

    /**
     * Request body limits by (decoded) path, first matching rule wins, {@code defaultMaxSize} for any other path.
     * Enforced on Content-Length and while the body streams (chunked bodies have no Content-Length) → 413.
     */
    public record BodyLimits(@DefaultValue("2MB") DataSize defaultMaxSize, @DefaultValue List<BodyLimit> rules) {

        private static final AntPathMatcher PATHS = new AntPathMatcher();

        public long maxBytes(String path) {
            for (BodyLimit rule : rules) {
                if (rule.paths().stream().anyMatch(p -> PATHS.match(p, path))) {
                    return rule.maxSize().toBytes();
                }
            }
            return defaultMaxSize.toBytes();
        }
    }

    public record BodyLimit(List<String> paths, DataSize maxSize) {
    }

    public record Cors(@DefaultValue List<String> allowedOrigins,
                       @DefaultValue({"GET", "POST", "PUT", "PATCH", "DELETE"}) List<String> allowedMethods,
                       @DefaultValue({"Authorization", "Content-Type", "If-None-Match"}) List<String> allowedHeaders,
                       @DefaultValue({"/api/**", "/feeds/**"}) List<String> paths,
                       @DefaultValue("PT30M") Duration maxAge) {
    }

    /** Per-route breakers share these settings; each route names its own breaker in gateway.yml. */
    public record CircuitBreaker(@DefaultValue("PT15S") Duration timeout, @DefaultValue("50") float failureRateThreshold,
                                 @DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumNumberOfCalls,
                                 @DefaultValue("PT20S") Duration waitInOpenState) {
    }
}
