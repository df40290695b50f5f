package vn.govcomm.fakes.facebook;

/**
 * Outcome of the webhook subscription handshake.
 *
 * @param status    the callback's HTTP status, -1 when it did not answer
 * @param challenge the {@code hub.challenge} the fake sent
 * @param body      the callback's answer body
 */
public record HandshakeResult(int status, String challenge, String body) {

    /** Facebook accepts the subscription only on 200 with the challenge echoed as the body. */
    public boolean challengeEchoed() {
        return status == 200 && body != null && body.trim().equals(challenge);
    }
}
