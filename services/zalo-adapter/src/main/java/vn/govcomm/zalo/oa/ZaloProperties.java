package vn.govcomm.zalo.oa;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * {@code govcomm.zalo.*}: where Zalo is, how patient to be with it, and the bootstrap credentials the launcher
 * (or a deployment) may provide. Bootstrap credentials are copied, encrypted, into the connection store once;
 * after that the store wins, because the refresh token is single-use and rotates.
 */
@ConfigurationProperties("govcomm.zalo")
public record ZaloProperties(
        String openapiBaseUrl,
        String oauthBaseUrl,
        String znsBaseUrl,
        String apiVersion,
        String tokenPath,
        Duration connectTimeout,
        Duration readTimeout,
        Duration tokenExpirySkew,
        /* Walking-skeleton fallback: one static access token for every OA without credentials (no refresh). */
        String accessToken,
        Bootstrap defaultApp,
        Map<String, AppSecret> apps,
        Map<String, OaBootstrap> oas,
        Resilience resilience,
        Workflow workflow,
        Broadcast broadcast) {

    public ZaloProperties {
        openapiBaseUrl = strip(openapiBaseUrl == null ? "https://openapi.zalo.me" : openapiBaseUrl);
        oauthBaseUrl = strip(blank(oauthBaseUrl) ? openapiBaseUrl : oauthBaseUrl);
        znsBaseUrl = strip(blank(znsBaseUrl) ? openapiBaseUrl : znsBaseUrl);
        apiVersion = blank(apiVersion) ? "v2.0" : apiVersion;
        tokenPath = blank(tokenPath) ? "/v4/oa/access_token" : tokenPath;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        tokenExpirySkew = tokenExpirySkew == null ? Duration.ofMinutes(5) : tokenExpirySkew;
        apps = apps == null ? Map.of() : apps;
        oas = oas == null ? Map.of() : oas;
        resilience = resilience == null ? new Resilience(null, null, null, null, null, null, null, null, null) : resilience;
        workflow = workflow == null ? new Workflow(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null) : workflow;
        broadcast = broadcast == null ? new Broadcast(null, null) : broadcast;
    }

    /** A default app used by every OA that has no connection of its own. */
    public record Bootstrap(String appId, String secret, String refreshToken, String accessToken, String webhookSecret) {
        boolean present() {
            return !blank(appId) && !blank(secret) && (!blank(refreshToken) || !blank(accessToken));
        }
    }

    /** {@code govcomm.zalo.apps.<appId>.secret}. */
    public record AppSecret(String secret, String webhookSecret) {
    }

    /** {@code govcomm.zalo.oas.<oaId>.app-id / refresh-token [/ access-token]}. */
    public record OaBootstrap(String appId, String refreshToken, String accessToken) {
    }

    /** Per-OA Resilience4j settings (one instance of each per OA; metrics are aggregated per channel). */
    public record Resilience(Integer retryAttempts, Duration retryInitialWait, Duration retryMaxWait,
                             Integer callsPerSecond, Integer maxConcurrentCalls, Duration bulkheadMaxWait,
                             Integer breakerWindow, Integer breakerFailureRate, Duration breakerOpenFor) {
        public Resilience {
            retryAttempts = retryAttempts == null ? 3 : retryAttempts;
            retryInitialWait = retryInitialWait == null ? Duration.ofMillis(300) : retryInitialWait;
            retryMaxWait = retryMaxWait == null ? Duration.ofSeconds(5) : retryMaxWait;
            callsPerSecond = callsPerSecond == null ? 8 : callsPerSecond;
            maxConcurrentCalls = maxConcurrentCalls == null ? 4 : maxConcurrentCalls;
            bulkheadMaxWait = bulkheadMaxWait == null ? Duration.ofSeconds(2) : bulkheadMaxWait;
            breakerWindow = breakerWindow == null ? 10 : breakerWindow;
            breakerFailureRate = breakerFailureRate == null ? 50 : breakerFailureRate;
            breakerOpenFor = breakerOpenFor == null ? Duration.ofSeconds(30) : breakerOpenFor;
        }
    }

    /**
     * The article workflow (ArticleWorkflow): its threads, the quick polls of verify and look-ups (initialDelay × 2^n
     * up to maxDelay), how long a lost create is looked up before it is created again (lookupHorizon, Zalo's listing
     * lag must stay well under it) and how long stray articles of unconfirmed creates are watched for
     * (reconcileHorizon), the lease that makes one worker run a delivery at a time (a dead worker's lease expires),
     * the sweeper of due plans, and the -32 handling (quota call, fallback wait). UNCONFIRMED Zalo behaviour lives
     * in these values, not in code.
     */
    public record Workflow(Integer threads, Duration initialDelay, Duration maxDelay, Integer verifyAttempts,
                           Duration lookupHorizon, Integer lookupPageSize, Integer lookupPages, Integer recreations,
                           Duration reconcileHorizon, Duration lease, Duration pollInterval, Duration orphanGrace,
                           Duration orphanInterval, Duration rateLimitWait, String quotaPath, String quotaResetField) {
        public Workflow {
            threads = threads == null ? 32 : threads;
            initialDelay = initialDelay == null ? Duration.ofMillis(200) : initialDelay;
            maxDelay = maxDelay == null ? Duration.ofSeconds(30) : maxDelay;
            verifyAttempts = verifyAttempts == null ? 15 : verifyAttempts;
            lookupHorizon = lookupHorizon == null ? Duration.ofMinutes(2) : lookupHorizon;
            lookupPageSize = lookupPageSize == null ? 20 : lookupPageSize;
            lookupPages = lookupPages == null ? 5 : lookupPages;
            recreations = recreations == null ? 3 : recreations;
            reconcileHorizon = reconcileHorizon == null ? Duration.ofMinutes(10) : reconcileHorizon;
            lease = lease == null ? Duration.ofSeconds(30) : lease;
            pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
            orphanGrace = orphanGrace == null ? Duration.ofMinutes(1) : orphanGrace;
            orphanInterval = orphanInterval == null ? Duration.ofMinutes(1) : orphanInterval;
            rateLimitWait = rateLimitWait == null ? Duration.ofMinutes(1) : rateLimitWait;
            quotaPath = quotaPath == null || quotaPath.isBlank() ? "/oa/quota/message" : quotaPath;
            quotaResetField = quotaResetField == null || quotaResetField.isBlank() ? "reset_time" : quotaResetField;
        }

        /** Exponential backoff: initialDelay × 2^n, capped at maxDelay. */
        public Duration delay(int n) {
            long ms = initialDelay.toMillis() << Math.min(Math.max(n, 0), 20);
            return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
        }
    }

    /** Broadcast of the verified article to the OA's followers ({@code oa/message}); target is passed as is. */
    public record Broadcast(Boolean enabled, Map<String, String> target) {
        public Broadcast {
            enabled = enabled == null || enabled;
            target = target == null ? Map.of() : target;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
