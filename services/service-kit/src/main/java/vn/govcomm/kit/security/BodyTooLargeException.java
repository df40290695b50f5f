package vn.govcomm.kit.security;

import java.io.IOException;

/** A request body went past the service's limit while it was being read. Answered with 413. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("Request body larger than " + limit + " bytes");
    }

    public static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
