package vn.govcomm.facebook.graph;

import java.time.Instant;

/**
 * The Page's guards refused a call before it was sent: the Page (or the whole app) is throttled until its regain
 * time, its circuit is open, or its budget of calls is used up right now. Nothing reached Facebook; the delivery waits
 * until {@link #until()} and tries again.
 */
public final class PageUnavailable extends RuntimeException {

    private final String reasonCode;
    private final Instant until;

    public PageUnavailable(String reasonCode, Instant until) {
        super(reasonCode + " until " + until);
        this.reasonCode = reasonCode;
        this.until = until;
    }

    /** {@code RATE_LIMITED}, {@code FB_CIRCUIT_OPEN} or {@code FB_PAGE_BUSY}. */
    public String reasonCode() {
        return reasonCode;
    }

    public Instant until() {
        return until;
    }
}
