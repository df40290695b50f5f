package vn.govcomm.fakes.websub;

import java.time.Instant;
import java.util.List;

/**
 * A content distribution POST the hub made to the callback.
 *
 * @param links          the {@code Link} header values (rel=hub and rel=self are expected)
 * @param answeredStatus what the subscriber answered (2xx, or 410 once the subscription was ended)
 */
public record WebSubDelivery(Instant at, String contentType, String body, List<String> links, String signature,
                             SignatureCheck signatureCheck, int answeredStatus) {

    public boolean accepted() {
        return answeredStatus >= 200 && answeredStatus < 300
                && (signatureCheck == SignatureCheck.VALID || signatureCheck == SignatureCheck.NOT_REQUIRED);
    }
}
