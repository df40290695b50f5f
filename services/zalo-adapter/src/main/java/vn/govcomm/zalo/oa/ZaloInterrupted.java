package vn.govcomm.zalo.oa;

/** The adapter is shutting down mid-call: stop without recording an outcome (the restart resumes from the store). */
public final class ZaloInterrupted extends RuntimeException {
    ZaloInterrupted(InterruptedException cause) {
        super("Interrupted while calling Zalo", cause);
    }
}
