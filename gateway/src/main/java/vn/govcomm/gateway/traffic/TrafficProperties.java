package vn.govcomm.gateway.traffic;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/** {@code govcomm.gateway.*}: rate limits, CORS and circuit breaker settings (routes are in spring.cloud.gateway). */
@ConfigurationProperties("govcomm.gateway")
public record TrafficProperties(@DefaultValue RateLimit rateLimit, @DefaultValue Cors cors,
                                @DefaultValue CircuitBreaker circuitBreaker) {

    /**
     * A token bucket per user (per client IP when anonymous): {@code capacity} requests at once, refilled at
     * {@code capacity} per {@code period}. Over the limit → 429 problem details with Retry-After.
     */
    public record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("120") int capacity,
                            @DefaultValue("PT1M") Duration period,
                            @DefaultValue({"/api/**", "/oauth2/token", "/console/login"}) List<String> paths,
                            @DefaultValue("100000") int maxTrackedClients) {
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
