package vn.govcomm.fakes.zalo;

import java.time.Clock;
import java.time.Duration;

/**
 * Tunables of {@link FakeZalo}. Much of Zalo is UNCONFIRMED (see zalo.md), so each such value is a setting here.
 * Paths are read when the fake starts; everything else takes effect immediately.
 */
public final class ZaloSettings {

    private volatile Clock clock = Clock.systemUTC();
    private volatile String tokenPath = "/v4/oa/access_token";
    private volatile String openApiVersion = "v2.0";
    private volatile String quotaPath = "/v2.0/oa/quota/message"; // UNCONFIRMED: also seen under v3.0
    private volatile String znsPath = "/message/template";
    // UNCONFIRMED lifetimes: 25 h vs 1 h access token, ~3 months refresh token.
    private volatile Duration accessTokenLifetime = Duration.ofHours(25);
    private volatile Duration refreshTokenLifetime = Duration.ofDays(90);
    private volatile boolean expiresInAsString = true;
    private volatile boolean refreshRevokesOldAccessToken = false;
    private volatile boolean requireAppSecretProof = false;
    private volatile String articleIdField = "id"; // UNCONFIRMED: "id" or "article_id"
    private volatile int verifyNotReadyAnswers = 2;
    private volatile Duration verifyDelay = Duration.ZERO; // UNCONFIRMED: moderation/processing time
    private volatile Duration listingLag = Duration.ZERO;  // UNCONFIRMED: getslice is eventually consistent
    private volatile int accessTokenErrorCode = ZaloError.ACCESS_TOKEN_INVALID; // -216 (SDK) or -124 (3P, newer APIs)
    private volatile int callLimit = 0;                    // UNCONFIRMED: API calls per app and window; 0 = none
    private volatile Duration callWindow = Duration.ofMinutes(1);
    private volatile Duration broadcastQuotaPeriod = Duration.ofDays(1);
    private volatile Duration quotaOffset = Duration.ofHours(7); // periods start at midnight in Vietnam (UTC+7)
    private volatile int titleMax = 150;
    private volatile int authorMax = 50;
    private volatile int descriptionMax = 300;
    private volatile int broadcastQuota = 100;
    private volatile int znsDailyQuota = 500;
    private volatile Duration webhookTimeout = Duration.ofSeconds(2);
    private volatile int webhookMaxAttempts = 5;
    private volatile Duration webhookBackoff = Duration.ofSeconds(1);
    private volatile double webhookBackoffMultiplier = 2.0;
    private volatile boolean webhookMacPrefix = false; // UNCONFIRMED "mac=" prefix
    private volatile boolean disableWebhookAfterGivingUp = true;

    public Clock clock() {
        return clock;
    }

    public ZaloSettings clock(Clock value) {
        clock = value;
        return this;
    }

    public String tokenPath() {
        return tokenPath;
    }

    public ZaloSettings tokenPath(String value) {
        tokenPath = value;
        return this;
    }

    public String openApiVersion() {
        return openApiVersion;
    }

    /** Version segment of the article and OA message paths, e.g. {@code v2.0} or {@code v3.0}. */
    public ZaloSettings openApiVersion(String value) {
        openApiVersion = value;
        return this;
    }

    public String quotaPath() {
        return quotaPath;
    }

    public ZaloSettings quotaPath(String value) {
        quotaPath = value;
        return this;
    }

    public String znsPath() {
        return znsPath;
    }

    public ZaloSettings znsPath(String value) {
        znsPath = value;
        return this;
    }

    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    public ZaloSettings accessTokenLifetime(Duration value) {
        accessTokenLifetime = value;
        return this;
    }

    public Duration refreshTokenLifetime() {
        return refreshTokenLifetime;
    }

    public ZaloSettings refreshTokenLifetime(Duration value) {
        refreshTokenLifetime = value;
        return this;
    }

    public boolean expiresInAsString() {
        return expiresInAsString;
    }

    /** Zalo is reported to send {@code expires_in} as a JSON string ("90000"); false sends a number. */
    public ZaloSettings expiresInAsString(boolean value) {
        expiresInAsString = value;
        return this;
    }

    public boolean refreshRevokesOldAccessToken() {
        return refreshRevokesOldAccessToken;
    }

    public ZaloSettings refreshRevokesOldAccessToken(boolean value) {
        refreshRevokesOldAccessToken = value;
        return this;
    }

    public boolean requireAppSecretProof() {
        return requireAppSecretProof;
    }

    /** When true, API calls must carry {@code appsecret_proof}; a wrong proof is always refused. */
    public ZaloSettings requireAppSecretProof(boolean value) {
        requireAppSecretProof = value;
        return this;
    }

    public String articleIdField() {
        return articleIdField;
    }

    public ZaloSettings articleIdField(String value) {
        articleIdField = value;
        return this;
    }

    public int verifyNotReadyAnswers() {
        return verifyNotReadyAnswers;
    }

    /** How many {@code article/verify} calls answer -214 before the id (for articles created afterwards). */
    public ZaloSettings verifyNotReadyAnswers(int value) {
        verifyNotReadyAnswers = value;
        return this;
    }

    public Duration verifyDelay() {
        return verifyDelay;
    }

    /**
     * How long Zalo processes an article after {@code article/create} (for articles created afterwards): until then
     * {@code article/verify} answers -214 and the article is not live. Processing goes on whether or not anyone calls
     * verify, so an article whose create answer was lost still goes live.
     */
    public ZaloSettings verifyDelay(Duration value) {
        verifyDelay = value;
        return this;
    }

    public Duration listingLag() {
        return listingLag;
    }

    /** A processed article shows in {@code article/getslice} only this long after it went live. */
    public ZaloSettings listingLag(Duration value) {
        listingLag = value;
        return this;
    }

    public int accessTokenErrorCode() {
        return accessTokenErrorCode;
    }

    /** The error an invalid, expired or revoked access token gets: -216 (default) or -124. */
    public ZaloSettings accessTokenErrorCode(int value) {
        accessTokenErrorCode = value;
        return this;
    }

    public int callLimit() {
        return callLimit;
    }

    public Duration callWindow() {
        return callWindow;
    }

    /**
     * At most {@code calls} API calls per app in each {@code window} (aligned to the epoch); the next ones answer -32
     * "reached limit call api" until the window ends. 0 (the default) = no limit. The quota call is never limited.
     */
    public ZaloSettings callLimit(int calls, Duration window) {
        callLimit = calls;
        callWindow = window;
        return this;
    }

    public Duration broadcastQuotaPeriod() {
        return broadcastQuotaPeriod;
    }

    public Duration quotaOffset() {
        return quotaOffset;
    }

    /** The broadcast quota counts per period: one day from midnight in Vietnam by default. */
    public ZaloSettings broadcastQuotaPeriod(Duration period, Duration offsetFromUtc) {
        broadcastQuotaPeriod = period;
        quotaOffset = offsetFromUtc;
        return this;
    }

    public int titleMax() {
        return titleMax;
    }

    public int authorMax() {
        return authorMax;
    }

    public int descriptionMax() {
        return descriptionMax;
    }

    public ZaloSettings fieldLimits(int title, int author, int description) {
        titleMax = title;
        authorMax = author;
        descriptionMax = description;
        return this;
    }

    public int broadcastQuota() {
        return broadcastQuota;
    }

    /** Broadcasts per app and period ({@link #broadcastQuotaPeriod}); the next ones answer -32. */
    public ZaloSettings broadcastQuota(int value) {
        broadcastQuota = value;
        return this;
    }

    public int znsDailyQuota() {
        return znsDailyQuota;
    }

    public ZaloSettings znsDailyQuota(int value) {
        znsDailyQuota = value;
        return this;
    }

    public Duration webhookTimeout() {
        return webhookTimeout;
    }

    /** Zalo retries when the receiver has not answered 2xx within this time (2 s per third-party reports). */
    public ZaloSettings webhookTimeout(Duration value) {
        webhookTimeout = value;
        return this;
    }

    public int webhookMaxAttempts() {
        return webhookMaxAttempts;
    }

    public ZaloSettings webhookMaxAttempts(int value) {
        webhookMaxAttempts = value;
        return this;
    }

    public Duration webhookBackoff() {
        return webhookBackoff;
    }

    public double webhookBackoffMultiplier() {
        return webhookBackoffMultiplier;
    }

    /** Wait before retry n (1-based) is {@code initial * multiplier^(n-1)}. */
    public ZaloSettings webhookBackoff(Duration initial, double multiplier) {
        webhookBackoff = initial;
        webhookBackoffMultiplier = multiplier;
        return this;
    }

    public boolean webhookMacPrefix() {
        return webhookMacPrefix;
    }

    /** Sends {@code X-ZEvent-Signature: mac=<hex>} instead of the bare hex. */
    public ZaloSettings webhookMacPrefix(boolean value) {
        webhookMacPrefix = value;
        return this;
    }

    public boolean disableWebhookAfterGivingUp() {
        return disableWebhookAfterGivingUp;
    }

    /** Zalo disables a webhook that keeps failing; when true, a callback that exhausted its retries gets no more. */
    public ZaloSettings disableWebhookAfterGivingUp(boolean value) {
        disableWebhookAfterGivingUp = value;
        return this;
    }
}
