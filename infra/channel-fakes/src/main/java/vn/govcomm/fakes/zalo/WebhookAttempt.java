package vn.govcomm.fakes.zalo;

import java.time.Duration;
import java.time.Instant;

/**
 * One POST of a webhook delivery.
 *
 * @param status the receiver's status, -1 when it did not answer in time (or at all)
 * @param error  "timeout" or the I/O failure, else {@code null}
 */
public record WebhookAttempt(int number, Instant at, int status, Duration took, String error) {

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
