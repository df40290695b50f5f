package vn.govcomm.fakes.zalo;

import java.util.List;

/**
 * A webhook event and every attempt to deliver it. The same raw body and signature are re-sent on each retry, so a
 * receiver that answered too slowly sees the event more than once and must dedupe.
 *
 * @param skipped true when the callback had been disabled after an earlier delivery gave up: nothing was sent
 */
public record WebhookDelivery(String callbackUrl, String body, String timestamp, String signature,
                              List<WebhookAttempt> attempts, boolean skipped) {

    public boolean delivered() {
        return !attempts.isEmpty() && attempts.getLast().succeeded();
    }
}
