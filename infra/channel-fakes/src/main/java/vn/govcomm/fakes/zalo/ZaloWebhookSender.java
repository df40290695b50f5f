package vn.govcomm.fakes.zalo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Crypto;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.OutboundHttp;

/**
 * Zalo's webhook behaviour: {@code timestamp} in the body, {@code X-ZEvent-Signature} = hex SHA-256 (plain, not
 * HMAC) of appId + rawBody + timestamp + OA secret key, and retries while the receiver answers non-2xx or slower
 * than the timeout.
 */
final class ZaloWebhookSender {

    private static final Logger log = LoggerFactory.getLogger(ZaloWebhookSender.class);

    private final ZaloSettings settings;
    private final OutboundHttp http = new OutboundHttp();
    private final List<WebhookDelivery> deliveries = new ArrayList<>();
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();

    ZaloWebhookSender(ZaloSettings settings) {
        this.settings = settings;
    }

    static String signature(String appId, String rawBody, String timestamp, String secretKey) {
        return Crypto.sha256Hex(appId + rawBody + timestamp + secretKey);
    }

    WebhookDelivery send(String callbackUrl, String appId, String secretKey, String eventJson) {
        ObjectNode event = (ObjectNode) Json.parse(eventJson);
        if (!event.has("app_id")) {
            event.put("app_id", appId);
        }
        if (!event.has("timestamp")) {
            event.put("timestamp", Long.toString(settings.clock().millis())); // epoch ms as a string
        }
        String timestamp = event.get("timestamp").asString();
        String body = Json.write(event);
        String mac = signature(appId, body, timestamp, secretKey);
        String header = settings.webhookMacPrefix() ? "mac=" + mac : mac;
        if (disabled.contains(callbackUrl)) {
            return remember(new WebhookDelivery(callbackUrl, body, timestamp, header, List.of(), true));
        }
        List<WebhookAttempt> attempts = new ArrayList<>();
        Duration wait = settings.webhookBackoff();
        for (int n = 1; n <= settings.webhookMaxAttempts(); n++) {
            var at = settings.clock().instant();
            OutboundHttp.Outcome outcome = http.post(callbackUrl,
                    Map.of("Content-Type", "application/json", "X-ZEvent-Signature", header),
                    body.getBytes(StandardCharsets.UTF_8), settings.webhookTimeout());
            WebhookAttempt attempt = new WebhookAttempt(n, at, outcome.status(), outcome.took(), outcome.error());
            attempts.add(attempt);
            log.debug("zalo webhook {} attempt {}: {}", callbackUrl, n, attempt);
            if (attempt.succeeded() || n == settings.webhookMaxAttempts()) {
                break;
            }
            if (!pause(wait)) {
                break;
            }
            wait = Duration.ofNanos((long) (wait.toNanos() * settings.webhookBackoffMultiplier()));
        }
        WebhookDelivery delivery = new WebhookDelivery(callbackUrl, body, timestamp, header, List.copyOf(attempts),
                false);
        if (!delivery.delivered() && settings.disableWebhookAfterGivingUp()) {
            disabled.add(callbackUrl);
        }
        return remember(delivery);
    }

    void enable(String callbackUrl) {
        disabled.remove(callbackUrl);
    }

    boolean isDisabled(String callbackUrl) {
        return disabled.contains(callbackUrl);
    }

    synchronized List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private synchronized WebhookDelivery remember(WebhookDelivery delivery) {
        deliveries.add(delivery);
        return delivery;
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait); // the fake's own retry backoff, not a test wait
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
