package vn.govcomm.zalo.oa;

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
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import vn.govcomm.contracts.Channels;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One retry, circuit breaker, rate limiter and bulkhead per OA, so one failing or throttled OA does not hold
 * up the others. Metrics are aggregated per channel (never an OA id as a tag): {@code govcomm.channel.retries}
 * and {@code resilience4j.circuitbreaker.state{name=zalo, state}} = number of OAs in that state.
 * Retry only for failures a resend cannot make worse: any retryable failure of an idempotent call, only
 * "certainly not sent" failures of a creating call (the workflow looks those up instead).
 */
class OaResilience {

    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final RateLimiterRegistry limiters;
    private final BulkheadRegistry bulkheads;
    private final Counter retryCounter;
    private final Duration breakerOpenFor;

    OaResilience(ZaloProperties.Resilience settings, MeterRegistry meters) {
        this.breakerOpenFor = settings.breakerOpenFor();
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.retryInitialWait(), 2.0, 0.5,
                settings.retryMaxWait());
        this.retries = RetryRegistry.of(RetryConfig.custom().maxAttempts(settings.retryAttempts())
                .intervalFunction(backoff).failAfterMaxAttempts(false)
                .retryOnException(e -> e instanceof ZaloCallException z && z.retryable(true)).build());
        retries.addConfiguration("creating", RetryConfig.custom().maxAttempts(settings.retryAttempts())
                .intervalFunction(backoff)
                .retryOnException(e -> e instanceof ZaloCallException z && z.retryable(false)).build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.max(2, settings.breakerWindow() / 2))
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                // Only the OA's health counts: a rejected article is not a sign that Zalo is down.
                .recordException(e -> e instanceof ZaloCallException z && z.healthFailure())
                .build());
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(settings.callsPerSecond()).limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofSeconds(5)).build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls()).maxWaitDuration(settings.bulkheadMaxWait()).build());
        this.retryCounter = Counter.builder("govcomm.channel.retries").tag("channel", Channels.ZALO)
                .description("Zalo calls retried").register(meters);
        retries.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onRetry(event -> retryCounter.increment()));
        for (CircuitBreaker.State state : new CircuitBreaker.State[]{CircuitBreaker.State.CLOSED,
                CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN}) {
            Gauge.builder("resilience4j.circuitbreaker.state", breakers, r -> r.getAllCircuitBreakers().stream()
                            .filter(b -> b.getState() == state).count())
                    .tags("name", Channels.ZALO, "state", state.name().toLowerCase()).register(meters);
        }
    }

    <T> T call(String oaId, boolean idempotent, Supplier<T> call) {
        Retry retry = idempotent ? retries.retry("zalo:" + oaId) : retries.retry("zalo:" + oaId + ":creating", "creating");
        CircuitBreaker breaker = breakers.circuitBreaker("zalo:" + oaId);
        RateLimiter limiter = limiters.rateLimiter("zalo:" + oaId);
        Bulkhead bulkhead = bulkheads.bulkhead("zalo:" + oaId);
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker,
                RateLimiter.decorateSupplier(limiter, Bulkhead.decorateSupplier(bulkhead, call)));
        Supplier<T> decorated = Retry.decorateSupplier(retry, () -> {
            try {
                return guarded.get();
            } catch (CallNotPermittedException e) {
                // Open: the delivery waits at least as long as the breaker stays open (never a failure).
                throw new ZaloCallException(ZaloCallException.Kind.NOT_SENT, 0, "ZALO_CIRCUIT_OPEN",
                        "Zalo đang lỗi liên tục, tạm ngừng gửi. / Zalo keeps failing: sending is paused.", e,
                        breakerOpenFor);
            } catch (RequestNotPermitted | BulkheadFullException e) {
                throw new ZaloCallException(ZaloCallException.Kind.NOT_SENT, 0, "ZALO_THROTTLED",
                        "Đang giới hạn tốc độ gửi tới OA. / Sending to this OA is being throttled.", e,
                        Duration.ofSeconds(1));
            }
        });
        return decorated.get();
    }

    CircuitBreaker.State breakerState(String oaId) {
        return breakers.circuitBreaker("zalo:" + oaId).getState();
    }
}
