package vn.govcomm.facebook.credentials;

import java.time.Instant;

/** A Page as the admin API shows it: status and reason, never the token. */
public record PageView(String pageId, String name, String status, boolean tokenStored, String attentionReason,
                       String attentionCode, String attentionMessage, Instant attentionSince, Instant connectedAt,
                       Instant updatedAt) {
}
