package vn.govcomm.kit.delivery;

import java.time.Duration;

/**
 * Thrown by a {@link ChannelAdapter} when the channel cannot take a delivery now but may later: the site is down, the
 * Page is throttled, the breaker is open, the post is not visible yet. The kit does not hand it to Kafka (which
 * would retry a few seconds and then dead-letter it): {@link DeliveryRetries} keeps the delivery RETRYING with a
 * persisted next-attempt time and calls the adapter again ({@link ChannelAdapter#redelivered}) until it works or
 * the campaign window ends. Permanent failures are reported FAILED by the adapter instead; poison events are
 * {@link vn.govcomm.kit.events.PoisonEventException}.
 */
public class RetryLater extends RuntimeException {

    private final String reasonCode;
    private final String reason;
    private final Duration notBefore;

    /**
     * @param reasonCode machine-readable code reported with RETRYING (e.g. {@code WORDPRESS_UNAVAILABLE})
     * @param reason     what an officer reads (Vietnamese / English)
     * @param notBefore  the shortest wait the channel asked for (Retry-After, a Page's regain time, a breaker's
     *                   wait); null when only the backoff decides
     */
    public RetryLater(String reasonCode, String reason, Duration notBefore) {
        super(reasonCode + ": " + reason);
        this.reasonCode = reasonCode;
        this.reason = reason;
        this.notBefore = notBefore;
    }

    public RetryLater(String reasonCode, String reason) {
        this(reasonCode, reason, null);
    }

    public String reasonCode() {
        return reasonCode;
    }

    public String reason() {
        return reason;
    }

    /** May be null. */
    public Duration notBefore() {
        return notBefore;
    }
}
