package vn.govcomm.zalo.oa;

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
        /** Will not succeed by retrying (validation, token that cannot be refreshed, quota, permission). */
        PERMANENT
    }

    private final Kind kind;
    private final int code;
    private final String reasonCode;
    private final String officerReason;

    public ZaloCallException(Kind kind, int code, String reasonCode, String officerReason, Throwable cause) {
        super(reasonCode + " (" + code + "): " + officerReason, cause);
        this.kind = kind;
        this.code = code;
        this.reasonCode = reasonCode;
        this.officerReason = officerReason;
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
