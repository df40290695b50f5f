package vn.govcomm.zalo.oa;

import java.time.Duration;

/**
 * A Zalo call that did not succeed, classified by what we know about its effect. Zalo answers HTTP 200 with a
 * negative {@code error}, so the body's code decides, not the HTTP status.
 */
public final class ZaloCallException extends RuntimeException {

    public enum Kind {
        /** The request certainly had no effect (connection refused, rejected locally, 429): safe to resend. */
        NOT_SENT,
        /** It may have taken effect (timeout, dropped connection, 5xx, unreadable answer): look up before resending. */
        AMBIGUOUS,
        /** Zalo is still processing (-214): ask again later. */
        NOT_READY,
        /**
         * Zalo refused the call because the OA reached a limit (-32: API call limit or broadcast quota): nothing
         * happened; wait until the limit lifts (the quota call tells when, see {@code ZaloQuota}).
         */
        THROTTLED,
        /** Will not succeed by retrying (validation, token that cannot be refreshed, permission). */
        PERMANENT
    }

    private final Kind kind;
    private final int code;
    private final String reasonCode;
    private final String officerReason;
    private final Duration retryAfter;

    public ZaloCallException(Kind kind, int code, String reasonCode, String officerReason, Throwable cause) {
        this(kind, code, reasonCode, officerReason, cause, null);
    }

    /** @param retryAfter how long we know the OA cannot be called (an open breaker's wait); null if unknown */
    public ZaloCallException(Kind kind, int code, String reasonCode, String officerReason, Throwable cause,
                             Duration retryAfter) {
        super(reasonCode + " (" + code + "): " + officerReason, cause);
        this.kind = kind;
        this.code = code;
        this.reasonCode = reasonCode;
        this.officerReason = officerReason;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** Zalo's {@code error} code, or 0 when the failure was not an answer from Zalo. */
    public int code() {
        return code;
    }

    /** Stable machine code for the status event, e.g. {@code ZALO_-201}, {@code ZALO_TIMEOUT}. */
    public String reasonCode() {
        return reasonCode;
    }

    /** What an officer reads (Vietnamese / English). */
    public String officerReason() {
        return officerReason;
    }

    /** The shortest wait before calling this OA again, when known (e.g. an open breaker); else null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean permanent() {
        return kind == Kind.PERMANENT;
    }

    /** Whether a blind resend is safe: always for idempotent calls, only NOT_SENT for creating calls. */
    boolean retryable(boolean idempotent) {
        return kind == Kind.NOT_SENT || (idempotent && kind == Kind.AMBIGUOUS);
    }

    boolean healthFailure() {
        return kind == Kind.NOT_SENT || kind == Kind.AMBIGUOUS;
    }
}
