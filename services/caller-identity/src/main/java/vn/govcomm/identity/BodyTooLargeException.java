package vn.govcomm.identity;

import java.io.IOException;

/** A request body went past its limit while it was being read ({@link LimitedBodyRequest}). Answered with 413. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("Request body larger than " + limit + " bytes");
    }

    /** Whether {@code e} or anything in its causes or suppressed exceptions is a {@link BodyTooLargeException}. */
    public static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof BodyTooLargeException) {
                    return true;
                }
            }
        }
        return false;
    }
}
