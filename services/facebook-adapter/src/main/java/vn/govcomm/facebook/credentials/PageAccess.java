package vn.govcomm.facebook.credentials;

/**
 * What the publisher may do with a Page right now: {@link Usable} with its token, or {@link Blocked} with the reason
 * an officer reads (not connected, token expired, permission missing...), so deliveries fail fast without a call.
 */
public sealed interface PageAccess {

    String pageId();

    /** @param sealed the stored ciphertext, so a later "needs attention" mark applies only to this very token */
    record Usable(String pageId, PageToken token, String sealed) implements PageAccess {
    }

    record Blocked(String pageId, String reasonCode, String reason) implements PageAccess {
    }
}
