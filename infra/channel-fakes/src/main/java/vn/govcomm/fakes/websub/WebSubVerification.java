package vn.govcomm.fakes.websub;

import java.time.Instant;

/**
 * A verification (or denial) GET the hub made to the callback.
 *
 * @param confirmed whether the subscriber echoed the challenge (false = answered 404)
 */
public record WebSubVerification(Instant at, String mode, String topic, String challenge, Long leaseSeconds,
                                 String reason, boolean confirmed) {
}
