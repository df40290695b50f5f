package vn.govcomm.facebook.graph;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.govcomm.facebook.FacebookProperties;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Resilience4j per Page: a bulkhead (concurrent calls), a circuit breaker (opened by retryable failures and calls
 * without answer, not by permanent errors), and a rate limiter whose permits follow Facebook's usage headers
 * ({@link PageThrottle}); around them a retry with exponential backoff and jitter for retryable errors only.
 * Instances are named per Page internally; metrics are aggregated per channel
 * ({@code resilience4j.circuitbreaker.state{name=facebook,state}} counts Pages per state).
 */
@Component
public class PageGuards {

    private static final Logger log = LoggerFactory.getLogger(PageGuards.class);

    private final FacebookProperties.RateLimit rateLimit;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry limiters;
    private final RetryConfig retryConfig;
    private final ChannelMetrics metrics;
    private final Clock clock;
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public PageGuards(FacebookProperties properties, ChannelMetrics metrics) {
        this(properties, metrics, Clock.systemUTC());
    }

    public PageGuards(FacebookProperties properties, ChannelMetrics metrics, Clock clock) {
        this.rateLimit = properties.rateLimit();
        this.metrics = metrics;
        this.clock = clock;
        FacebookProperties.CircuitBreaker cb = properties.circuitBreaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(cb.slidingWindow())
                .minimumNumberOfCalls(cb.minimumCalls())
                .failureRateThreshold(cb.failureRatePercent())
                .waitDurationInOpenState(cb.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof GraphFailure f && !f.permanent())
                .build());
        FacebookProperties.Bulkhead bh = properties.bulkhead();
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(bh.maxConcurrentCalls()).maxWaitDuration(bh.maxWait()).build());
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(rateLimit.permitsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(rateLimit.waitForPermit())
                .build());
        FacebookProperties.Retry retry = properties.retry();
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(retry.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(retry.initialBackoff(),
                        retry.multiplier(), retry.jitter(), retry.maxBackoff()))
                .retryOnException(PageGuards::retryable)
                .build();
        for (CircuitBreaker.State state : new CircuitBreaker.State[]{CircuitBreaker.State.CLOSED,
                CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN}) {
            Gauge.builder("resilience4j.circuitbreaker.state", breakers, r -> r.getAllCircuitBreakers().stream()
                            .filter(b -> b.getState() == state).count())
                    .tag("name", ChannelMetrics.CHANNEL).tag("state", state.name().toLowerCase())
                    .description("Facebook Pages whose circuit breaker is in this state")
                    .register(metrics.registry());
        }
    }

    /** Retryable: Graph said so, no answer, or our own limits said "not now". Never an open circuit or a shutdown. */
    static boolean retryable(Throwable e) {
        return (e instanceof GraphFailure f && !f.permanent()) || e instanceof RequestNotPermitted
                || e instanceof BulkheadFullException;
    }

    /**
     * Runs one Graph call for a Page through the guards, retrying retryable failures; {@code onRetry} runs before
     * each retry with the failure (e.g. to report RETRYING). The call itself must be safe to repeat (a POST looks up first).
     */
    public <T> T call(String pageId, Supplier<T> call, java.util.function.Consumer<Throwable> onRetry) {
        Retry retry = Retry.of("facebook-" + pageId, retryConfig);
        retry.getEventPublisher().onRetry(event -> {
            metrics.retried();
            log.info("Retrying a Graph call for Page {} (attempt {}): {}", pageId, event.getNumberOfRetryAttempts(),
                    event.getLastThrowable() == null ? "?" : event.getLastThrowable().toString());
            onRetry.accept(event.getLastThrowable());
        });
        Supplier<T> guarded = Bulkhead.decorateSupplier(bulkhead(pageId), call);
        guarded = RateLimiter.decorateSupplier(limiter(pageId), guarded);
        guarded = pauseAware(pageId, guarded);
        guarded = CircuitBreaker.decorateSupplier(breaker(pageId), guarded);
        return Retry.decorateSupplier(retry, guarded).get();
    }

    /** Called with the usage headers of every Graph answer for the Page. */
    public void observe(String pageId, PageThrottle.Usage usage) {
        RateLimiter limiter = limiter(pageId);
        int permits = PageThrottle.permitsFor(rateLimit.permitsPerSecond(), usage.percent());
        if (limiter.getRateLimiterConfig().getLimitForPeriod() != permits) {
            log.info("Facebook usage for Page {} at {} %: {} call(s) per second", pageId, usage.percent(), permits);
            limiter.changeLimitForPeriod(permits);
        }
        Instant until = PageThrottle.pauseUntil(usage, rateLimit.pauseAtPercent(), rateLimit.pauseFor(), clock);
        if (until != null) {
            log.warn("Facebook usage for Page {} at {} %: pausing calls until {}", pageId, usage.percent(), until);
            pausedUntil.put(pageId, until);
        }
    }

    /** Current calls per second allowed for a Page (for tests and diagnostics). */
    public int permitsPerSecond(String pageId) {
        return limiter(pageId).getRateLimiterConfig().getLimitForPeriod();
    }

    public boolean paused(String pageId) {
        Instant until = pausedUntil.get(pageId);
        return until != null && clock.instant().isBefore(until);
    }

    public CircuitBreaker.State circuitState(String pageId) {
        return breaker(pageId).getState();
    }

    private <T> Supplier<T> pauseAware(String pageId, Supplier<T> call) {
        return () -> {
            if (paused(pageId)) {
                throw RequestNotPermitted.createRequestNotPermitted(limiter(pageId));
            }
            return call.get();
        };
    }

    private CircuitBreaker breaker(String pageId) {
        return breakers.circuitBreaker("facebook-page-" + pageId);
    }

    private Bulkhead bulkhead(String pageId) {
        return bulkheads.bulkhead("facebook-page-" + pageId);
    }

    private RateLimiter limiter(String pageId) {
        return limiters.rateLimiter("facebook-page-" + pageId);
    }

    /** True for the exceptions that mean "our guards refused the call", for reasons shown to officers. */
    public static boolean refusedLocally(Throwable e) {
        return e instanceof CallNotPermittedException || e instanceof RequestNotPermitted
                || e instanceof BulkheadFullException;
    }
}
