package vn.govcomm.fakes.websub;

/** What the subscriber concluded about a delivery's {@code X-Hub-Signature}. */
public enum SignatureCheck {
    /** Signed with the subscription secret. */
    VALID,
    /** Wrong signature or unknown method: acknowledged with 2xx but ignored, as the spec requires. */
    INVALID,
    /** A secret was agreed but the delivery was not signed: ignored too. */
    MISSING,
    /** No secret configured, so nothing to check. */
    NOT_REQUIRED
}
