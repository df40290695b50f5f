package vn.govcomm.led.xibo;

import java.time.Duration;

/**
 * A failed Xibo call. {@code retryable}: I/O errors, timeouts, 401 (token), 408, 429 and 5xx. {@code unconfirmed}:
 * the call may have taken effect although it failed (no complete answer after the request went out, or a 500, 502
 * or 504), so a create must not simply be sent again: the bridge looks for what it may have made first.
 * {@code retryAfter}: the wait Xibo (or the proxy in front of it) asked for, or null.
 */
class XiboException extends RuntimeException {

    private final int status;
    private final boolean retryable;
    private final boolean unconfirmed;
    private final Duration retryAfter;

    XiboException(String message, int status, boolean retryable, Throwable cause) {
        this(message, status, retryable, false, null, cause);
    }

    XiboException(String message, int status, boolean retryable, boolean unconfirmed, Duration retryAfter,
                  Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
        this.unconfirmed = unconfirmed;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    boolean retryable() {
        return retryable;
    }

    boolean unconfirmed() {
        return unconfirmed;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    static XiboException ofStatus(String operation, int status, String body, Duration retryAfter) {
        boolean retryable = status == 401 || status == 408 || status == 429 || status >= 500;
        boolean unconfirmed = status == 500 || status == 502 || status == 504;
        return new XiboException("Xibo " + operation + " answered " + status + ": " + abbreviate(body), status,
                retryable, unconfirmed, retryAfter, null);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
