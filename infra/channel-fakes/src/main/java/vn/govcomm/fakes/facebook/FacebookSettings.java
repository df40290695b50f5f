package vn.govcomm.fakes.facebook;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Tunables of {@link FakeFacebookGraph}. Values the channel notes mark UNCONFIRMED live here rather than in code.
 * The version is read when the fake starts; everything else takes effect immediately.
 */
public final class FacebookSettings {

    private volatile String version = "v25.0";
    private volatile Clock clock = Clock.systemUTC();
    private volatile int pageCallsPerMinute = 200;
    private volatile int appCallsPerMinute = 2000;
    private volatile int usageHeadersAfterCalls = 3;
    private volatile boolean enforceRateLimits = true;
    // UNCONFIRMED scheduling window: clients use a 10-minute minimum; 30 days, 75 days and 6 months are all seen.
    private volatile Duration minScheduleLead = Duration.ofMinutes(10);
    private volatile Duration maxScheduleLead = Duration.ofDays(30);
    private volatile String permalinkBase = "https://www.facebook.com";
    private volatile Duration webhookTimeout = Duration.ofSeconds(10);
    private volatile int pageRateLimitCode = 32; // UNCONFIRMED: 32 per third-party code; BUC throttling may differ
    private volatile ChronoUnit regainAccessUnit = ChronoUnit.MINUTES; // UNCONFIRMED unit of the BUC header field
    private volatile int missingTokenCode = 190; // the real Graph reportedly answers 104 here
    private volatile Duration usageWindow = Duration.ofMinutes(1);
    private volatile Duration feedVisibilityLag = Duration.ZERO;
    private volatile Duration readVisibilityLag = Duration.ZERO;
    private volatile Duration rateLimitPenalty = Duration.ZERO;

    public String version() {
        return version;
    }

    /** Graph API version segment, e.g. {@code v25.0} (read at start). */
    public FacebookSettings version(String value) {
        this.version = value;
        return this;
    }

    public Clock clock() {
        return clock;
    }

    /** Clock for created times, scheduled publishing, token expiry and the usage minute-window. */
    public FacebookSettings clock(Clock value) {
        this.clock = value;
        return this;
    }

    public int pageCallsPerMinute() {
        return pageCallsPerMinute;
    }

    /**
     * Calls with the Page's token per usage window that make its Business Use Case usage reach 100 % (each Page its
     * own budget). Facebook's real Pages BUC budget grows with the Page's engaged users and is not known for our Pages
     * (UNCONFIRMED); 200 a minute is the fake's conservative choice.
     */
    public FacebookSettings pageCallsPerMinute(int value) {
        this.pageCallsPerMinute = value;
        return this;
    }

    public int appCallsPerMinute() {
        return appCallsPerMinute;
    }

    /**
     * Calls with app or user tokens per usage window that make X-App-Usage (the app's Platform budget) reach 100 %.
     * Calls with Page tokens do not count here (they are under their Page's BUC budget).
     */
    public FacebookSettings appCallsPerMinute(int value) {
        this.appCallsPerMinute = value;
        return this;
    }

    public int usageHeadersAfterCalls() {
        return usageHeadersAfterCalls;
    }

    /** Usage headers appear "once enough calls have been made": from this many calls in the window on. */
    public FacebookSettings usageHeadersAfterCalls(int value) {
        this.usageHeadersAfterCalls = value;
        return this;
    }

    public boolean enforceRateLimits() {
        return enforceRateLimits;
    }

    /** When true, a call beyond 100 % fails with code 32 (Page token, BUC) or 4 (app/user token), is_transient=true. */
    public FacebookSettings enforceRateLimits(boolean value) {
        this.enforceRateLimits = value;
        return this;
    }

    public Duration minScheduleLead() {
        return minScheduleLead;
    }

    public Duration maxScheduleLead() {
        return maxScheduleLead;
    }

    /** Allowed distance between now and scheduled_publish_time (UNCONFIRMED upstream). */
    public FacebookSettings scheduleWindow(Duration min, Duration max) {
        this.minScheduleLead = min;
        this.maxScheduleLead = max;
        return this;
    }

    public String permalinkBase() {
        return permalinkBase;
    }

    public FacebookSettings permalinkBase(String value) {
        this.permalinkBase = value;
        return this;
    }

    public Duration webhookTimeout() {
        return webhookTimeout;
    }

    public FacebookSettings webhookTimeout(Duration value) {
        this.webhookTimeout = value;
        return this;
    }

    public int pageRateLimitCode() {
        return pageRateLimitCode;
    }

    /** The code of the error a Page gets beyond 100 % of its usage (32 by default). */
    public FacebookSettings pageRateLimitCode(int value) {
        pageRateLimitCode = value;
        return this;
    }

    public ChronoUnit regainAccessUnit() {
        return regainAccessUnit;
    }

    /** Unit of {@code estimated_time_to_regain_access} in X-Business-Use-Case-Usage: MINUTES or SECONDS. */
    public FacebookSettings regainAccessUnit(ChronoUnit value) {
        if (value != ChronoUnit.MINUTES && value != ChronoUnit.SECONDS) {
            throw new IllegalArgumentException("MINUTES or SECONDS");
        }
        regainAccessUnit = value;
        return this;
    }

    public int missingTokenCode() {
        return missingTokenCode;
    }

    /** Code answered when no access token is sent: 190 by default, 104 to mimic what Graph reportedly sends. */
    public FacebookSettings missingTokenCode(int value) {
        missingTokenCode = value;
        return this;
    }

    public Duration usageWindow() {
        return usageWindow;
    }

    /** Length of the window the usage percentages count calls in (Graph: about an hour, rolling; default 1 minute). */
    public FacebookSettings usageWindow(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("usage window must be positive");
        }
        usageWindow = value;
        return this;
    }

    public Duration feedVisibilityLag() {
        return feedVisibilityLag;
    }

    /**
     * How long a new post stays off the Page's edges ({@code feed}, {@code published_posts}, {@code scheduled_posts})
     * after it was created: Graph's edges are eventually consistent, so a look-up right after a lost answer can miss
     * a post that exists (and a second POST of the same message then gets 506). Zero by default.
     */
    public FacebookSettings feedVisibilityLag(Duration value) {
        feedVisibilityLag = value;
        return this;
    }

    public Duration readVisibilityLag() {
        return readVisibilityLag;
    }

    /** How long {@code GET /{post}} answers 100/33 ("does not exist") after the post was created. Zero by default. */
    public FacebookSettings readVisibilityLag(Duration value) {
        readVisibilityLag = value;
        return this;
    }

    public Duration rateLimitPenalty() {
        return rateLimitPenalty;
    }

    /**
     * When a Page (or the app) goes over its budget it stays blocked at least this long, the way Facebook keeps a
     * throttled business blocked for {@code estimated_time_to_regain_access} (calls meanwhile are refused and do not
     * count). Zero (default): blocked until the usage window rolls over.
     */
    public FacebookSettings rateLimitPenalty(Duration value) {
        rateLimitPenalty = value;
        return this;
    }
}
