package vn.govcomm.facebook.graph;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The guard every Graph exchange of a Page goes through — creates, look-ups, read-backs, deletes and token checks
 * alike ({@link #exchange}): the Page's (and the app's) pause until Facebook's regain time, the Page's circuit
 * breaker, its rate limiter whose permits follow the usage headers, the app's rate limiter, and a bulkhead of
 * concurrent calls. A refusal is a {@link PageUnavailable} with the time to come back; nothing is sent. Around a
 * whole operation, {@link #withRetries} retries temporary Graph errors a few times (in-call); rate limits are never
 * retried in-call: they pause the Page and the delivery waits durably ({@code RetryLater}).
 * <p>
 * Breakers count only temporary errors and calls without answer (not permanent errors, not rate limits: those
 * have their own pause). Resilience4j instances are named per Page internally; metrics are aggregated per channel
 * ({@code resilience4j.circuitbreaker.state{name=facebook,state}} counts Pages per state).
 */
@Component
public class PageGuards {

    private static final Logger log = LoggerFactory.getLogger(PageGuards.class);
    private static final Duration BUSY_WAIT = Duration.ofSeconds(1);
    private static final Duration HALF_OPEN_WAIT = Duration.ofSeconds(2);

    private final FacebookProperties.RateLimit rateLimit;
    private final Duration waitInOpen;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry limiters;
    private final RateLimiter appLimiter;
    private final RetryConfig retryConfig;
    private final RetryConfig idempotentRetryConfig;
    private final ChannelMetrics metrics;
    private final Clock clock;
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final Map<String, Instant> openUntil = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker> pageBreakers = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> appPausedUntil = new AtomicReference<>(Instant.EPOCH);
    /**
     * Until when the app-wide limiter applies: {@code pause-for} after the last answer whose {@code X-App-Usage}
     * reported the app's Platform budget in use. Page-token calls (all of ours) are charged to each Page's Business
     * Use Case budget (facebook.md "Rate limits"), which the per-Page limiter follows; while Facebook reports no app
     * usage, a cap on all Pages together would be a limit of our own, not Facebook's (issue 18: it paced a 2,000-agency
     * campaign at 50 calls/s; docs/benchmarks.md).
     */
    private final AtomicReference<Instant> appBudgetReportedUntil = new AtomicReference<>(Instant.EPOCH);

    @org.springframework.beans.factory.annotation.Autowired
    public PageGuards(FacebookProperties properties, ChannelMetrics metrics) {
        this(properties, metrics, Clock.systemUTC());
    }

    public PageGuards(FacebookProperties properties, ChannelMetrics metrics, Clock clock) {
        this.rateLimit = properties.rateLimit();
        this.metrics = metrics;
        this.clock = clock;
        FacebookProperties.CircuitBreaker cb = properties.circuitBreaker();
        this.waitInOpen = cb.waitInOpen();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(cb.slidingWindow())
                .minimumNumberOfCalls(cb.minimumCalls())
                .failureRateThreshold(cb.failureRatePercent())
                .waitDurationInOpenState(cb.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        FacebookProperties.Bulkhead bh = properties.bulkhead();
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(bh.maxConcurrentCalls()).maxWaitDuration(bh.maxWait()).build());
        RateLimiterConfig limiterConfig = RateLimiterConfig.custom()
                .limitForPeriod(rateLimit.permitsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(rateLimit.waitForPermit())
                .build();
        this.limiters = RateLimiterRegistry.of(limiterConfig);
        this.appLimiter = RateLimiter.of("facebook-app", RateLimiterConfig.from(limiterConfig)
                .limitForPeriod(rateLimit.appPermitsPerSecond()).build());
        FacebookProperties.Retry retry = properties.retry();
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(retry.initialBackoff(),
                retry.multiplier(), retry.jitter(), retry.maxBackoff());
        this.retryConfig = RetryConfig.custom().maxAttempts(retry.maxAttempts()).intervalFunction(backoff)
                .retryOnException(e -> e instanceof GraphFailure f && f.temporary()).build();
        this.idempotentRetryConfig = RetryConfig.custom().maxAttempts(retry.maxAttempts()).intervalFunction(backoff)
                .retryOnException(e -> e instanceof GraphFailure f
                        && (f.temporary() || f.kind() == GraphFailure.Kind.NO_ANSWER)).build();
        for (CircuitBreaker.State state : new CircuitBreaker.State[]{CircuitBreaker.State.CLOSED,
                CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN}) {
            Gauge.builder("resilience4j.circuitbreaker.state", breakers, r -> r.getAllCircuitBreakers().stream()
                            .filter(b -> b.getState() == state).count())
                    .tag("name", ChannelMetrics.CHANNEL).tag("state", state.name().toLowerCase())
                    .description("Facebook Pages whose circuit breaker is in this state")
                    .register(metrics.registry());
        }
    }

    /**
     * Runs one operation of a Page (one or more guarded exchanges), retrying temporary Graph errors with backoff;
     * calls without answer are retried too when {@code idempotent} (reads, look-ups, deletes), never for a create,
     * which must be looked up instead. Rate limits, refusals of the guards and permanent errors are thrown at once.
     */
    public <T> T withRetries(String pageId, boolean idempotent, Supplier<T> operation) {
        Retry retry = Retry.of("facebook-" + pageId, idempotent ? idempotentRetryConfig : retryConfig);
        retry.getEventPublisher().onRetry(event -> {
            metrics.retried();
            log.info("Retrying a Graph call for Page {} (attempt {}): {}", pageId, event.getNumberOfRetryAttempts(),
                    event.getLastThrowable() == null ? "?" : event.getLastThrowable().toString());
        });
        return Retry.decorateSupplier(retry, operation).get();
    }

    /**
     * One Graph exchange of a Page through its guards. {@code beforeSend} runs once every permit is granted, right
     * before the request leaves (a create records its attempt there, so a refused call leaves no "unconfirmed" trace).
     *
     * @throws PageUnavailable when the guards refuse the call (nothing was sent)
     */
    public <T> T exchange(String pageId, Runnable beforeSend, Supplier<T> call) {
        PageUnavailable wait = unavailable(pageId);
        if (wait != null) {
            throw wait;
        }
        CircuitBreaker breaker = breaker(pageId);
        if (!breaker.tryAcquirePermission()) {
            throw circuitOpen(pageId);
        }
        Bulkhead bulkhead = bulkhead(pageId);
        boolean sent = false;
        try {
            if (!limiter(pageId).acquirePermission() || (appBudgetReported() && !appLimiter.acquirePermission())) {
                throw new PageUnavailable("RATE_LIMITED", clock.instant().plus(BUSY_WAIT));
            }
            if (!bulkhead.tryAcquirePermission()) {
                throw new PageUnavailable("FB_PAGE_BUSY", clock.instant().plus(BUSY_WAIT));
            }
            try {
                beforeSend.run();
                sent = true;
                long started = System.nanoTime();
                try {
                    T result = call.get();
                    breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    return result;
                } catch (GraphFailure f) {
                    if (f.temporary() || f.kind() == GraphFailure.Kind.NO_ANSWER) {
                        breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, f);
                    } else {
                        breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    }
                    if (f.rateLimited()) {
                        rateLimited(pageId, f);
                    }
                    throw f;
                } catch (AdapterStopping e) {
                    breaker.releasePermission();
                    throw e;
                } catch (RuntimeException e) {
                    breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                    throw e;
                }
            } finally {
                bulkhead.onComplete();
            }
        } finally {
            if (!sent) {
                breaker.releasePermission();
            }
        }
    }

    /** Whether Facebook reported the app's own budget in use lately (then the app-wide limiter applies). */
    boolean appBudgetReported() {
        return clock.instant().isBefore(appBudgetReportedUntil.get());
    }

    /** Why the Page cannot be called now and until when (paused, circuit open), or null if it can. */
    public PageUnavailable unavailable(String pageId) {
        Instant now = clock.instant();
        Instant paused = pausedUntil.getOrDefault(pageId, Instant.EPOCH);
        Instant app = appPausedUntil.get();
        Instant until = paused.isAfter(app) ? paused : app;
        if (now.isBefore(until)) {
            return new PageUnavailable("RATE_LIMITED", until);
        }
        // Open until its wait is over; after that the next call's permission request moves it to half-open (a trial).
        if (breaker(pageId).getState() == CircuitBreaker.State.OPEN
                && now.isBefore(openUntil.getOrDefault(pageId, Instant.EPOCH))) {
            return circuitOpen(pageId);
        }
        return null;
    }

    /** Called with the usage headers of every Graph answer for the Page. */
    public void observe(String pageId, PageThrottle.Usage usage) {
        RateLimiter limiter = limiter(pageId);
        int permits = PageThrottle.permitsFor(rateLimit.permitsPerSecond(), usage.pagePercent());
        if (limiter.getRateLimiterConfig().getLimitForPeriod() != permits) {
            log.info("Facebook usage for Page {} at {} %: {} call(s) per second", pageId, usage.pagePercent(), permits);
            limiter.changeLimitForPeriod(permits);
        }
        Instant now = clock.instant();
        if (usage.appPercent() > 0) {
            appBudgetReportedUntil.accumulateAndGet(now.plus(rateLimit.pauseFor()), (a, b) -> a.isAfter(b) ? a : b);
        }
        int appPermits = PageThrottle.permitsFor(rateLimit.appPermitsPerSecond(), usage.appPercent());
        if (appLimiter.getRateLimiterConfig().getLimitForPeriod() != appPermits) {
            log.info("Facebook app usage at {} %: {} call(s) per second for all Pages", usage.appPercent(), appPermits);
            appLimiter.changeLimitForPeriod(appPermits);
        }
        if (usage.pageRegain() > 0) {
            pausePage(pageId, now.plus(rateLimit.regainUnit().multipliedBy(usage.pageRegain())));
        } else if (usage.pagePercent() >= rateLimit.pauseAtPercent()) {
            pausePage(pageId, now.plus(rateLimit.pauseFor()));
        }
        if (usage.appRegain() > 0) {
            pauseApp(now.plus(rateLimit.regainUnit().multipliedBy(usage.appRegain())));
        } else if (usage.appPercent() >= rateLimit.pauseAtPercent()) {
            pauseApp(now.plus(rateLimit.pauseFor()));
        }
    }

    /** A rate-limit answer: the Page (code 4: the whole app) pauses, for its regain time if the headers gave one. */
    private void rateLimited(String pageId, GraphFailure f) {
        Instant fallback = clock.instant().plus(rateLimit.pauseFor());
        if (f.code() == 4) {
            if (!clock.instant().isBefore(appPausedUntil.get())) {
                pauseApp(fallback);
            }
        } else if (!clock.instant().isBefore(pausedUntil.getOrDefault(pageId, Instant.EPOCH))) {
            pausePage(pageId, fallback);
        }
    }

    private void pausePage(String pageId, Instant until) {
        Instant previous = pausedUntil.get(pageId);
        if (previous == null || until.isAfter(previous)) {
            log.warn("Facebook Page {} throttled: no calls until {}", pageId, until);
            pausedUntil.put(pageId, until);
        }
    }

    private void pauseApp(Instant until) {
        Instant previous = appPausedUntil.getAndAccumulate(until, (a, b) -> a.isAfter(b) ? a : b);
        if (until.isAfter(previous)) {
            log.warn("Facebook app throttled: no calls for any Page until {}", until);
        }
    }

    /** Current calls per second allowed for a Page (for tests and diagnostics). */
    public int permitsPerSecond(String pageId) {
        return limiter(pageId).getRateLimiterConfig().getLimitForPeriod();
    }

    public boolean paused(String pageId) {
        PageUnavailable wait = unavailable(pageId);
        return wait != null && "RATE_LIMITED".equals(wait.reasonCode());
    }

    public CircuitBreaker.State circuitState(String pageId) {
        return breaker(pageId).getState();
    }

    private PageUnavailable circuitOpen(String pageId) {
        Instant now = clock.instant();
        Instant until = openUntil.getOrDefault(pageId, now.plus(waitInOpen));
        return new PageUnavailable("FB_CIRCUIT_OPEN", until.isAfter(now) ? until : now.plus(HALF_OPEN_WAIT));
    }

    private CircuitBreaker breaker(String pageId) {
        return pageBreakers.computeIfAbsent(pageId, id -> {
            CircuitBreaker breaker = breakers.circuitBreaker("facebook-page-" + id);
            breaker.getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    openUntil.put(id, clock.instant().plus(waitInOpen));
                    log.warn("Facebook Page {}: circuit open until {}", id, openUntil.get(id));
                }
            });
            return breaker;
        });
    }

    private Bulkhead bulkhead(String pageId) {
        return bulkheads.bulkhead("facebook-page-" + pageId);
    }

    private RateLimiter limiter(String pageId) {
        return limiters.rateLimiter("facebook-page-" + pageId);
    }

    /** True when our guards refused the call (nothing was sent to Facebook). */
    public static boolean refusedLocally(Throwable e) {
        return e instanceof PageUnavailable;
    }
}
