package vn.govcomm.led.xibo;

/** A failed Xibo call; {@code retryable} for I/O errors, timeouts, 401 (token), 429 and 5xx. */
class XiboException extends RuntimeException {

    private final int status;
    private final boolean retryable;

    XiboException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    int status() {
        return status;
    }

    boolean retryable() {
        return retryable;
    }

    static XiboException ofStatus(String operation, int status, String body) {
        boolean retryable = status == 401 || status == 408 || status == 429 || status >= 500;
        return new XiboException("Xibo " + operation + " answered " + status + ": " + abbreviate(body), status,
                retryable, null);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
