package vn.govcomm.fakes.facebook;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Crypto;
import vn.govcomm.fakes.http.Forms;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.OutboundHttp;

/** Facebook's side of webhooks: the subscription handshake and signed event POSTs to our callback. */
final class FacebookWebhooks {

    private final FacebookSettings settings;
    private final OutboundHttp http = new OutboundHttp();
    private final SecureRandom random = new SecureRandom();
    private final List<SentWebhook> sent = new ArrayList<>();

    FacebookWebhooks(FacebookSettings settings) {
        this.settings = settings;
    }

    HandshakeResult verifyHandshake(String callbackUrl, String verifyToken) {
        String challenge = Integer.toString(1_000_000_000 + random.nextInt(1_000_000_000));
        String url = callbackUrl + (callbackUrl.contains("?") ? "&" : "?")
                + "hub.mode=subscribe&hub.challenge=" + challenge + "&hub.verify_token=" + Forms.encode(verifyToken);
        OutboundHttp.Outcome outcome = http.get(url, settings.webhookTimeout());
        return new HandshakeResult(outcome.status(), challenge, outcome.body());
    }

    /** Signs with the app secret as Facebook does: sha256 (X-Hub-Signature-256) and the legacy sha1 header. */
    int send(String callbackUrl, String appSecret, String jsonBody) {
        byte[] raw = jsonBody.getBytes(StandardCharsets.UTF_8);
        String sha256 = "sha256=" + Crypto.hmacSha256Hex(appSecret, raw);
        String sha1 = "sha1=" + Crypto.hmacHex("HmacSHA1", appSecret, raw);
        return post(callbackUrl, jsonBody, Map.of("X-Hub-Signature-256", sha256, "X-Hub-Signature", sha1));
    }

    /** Sends with a signature header of the caller's choice, e.g. a wrong one to test rejection. */
    int sendWithSignature(String callbackUrl, String signature256Header, String jsonBody) {
        return post(callbackUrl, jsonBody,
                signature256Header == null ? Map.of() : Map.of("X-Hub-Signature-256", signature256Header));
    }

    synchronized List<SentWebhook> sent() {
        return List.copyOf(sent);
    }

    private int post(String callbackUrl, String jsonBody, Map<String, String> signatureHeaders) {
        Map<String, String> headers = new HashMap<>(signatureHeaders);
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "facebookexternalua");
        OutboundHttp.Outcome outcome = http.post(callbackUrl, headers, jsonBody.getBytes(StandardCharsets.UTF_8),
                settings.webhookTimeout());
        synchronized (this) {
            sent.add(new SentWebhook(callbackUrl, jsonBody, signatureHeaders.get("X-Hub-Signature-256"),
                    outcome.status()));
        }
        return outcome.status();
    }

    /**
     * A Page {@code feed} change event as Graph sends it; {@code from} is who wrote the post (the Page for its own
     * posts, a visitor's user id for theirs).
     */
    static String feedChange(String pageId, String fromId, String fromName, String postId, String verb, String message,
                             Instant at) {
        ObjectNode value = Json.object();
        ObjectNode from = value.putObject("from").put("id", fromId);
        if (fromName != null) {
            from.put("name", fromName);
        }
        value.put("item", "status");
        value.put("post_id", postId);
        value.put("verb", verb);
        value.put("published", 1);
        value.put("created_time", at.getEpochSecond());
        if (message != null) {
            value.put("message", message);
        }
        ObjectNode root = Json.object();
        root.put("object", "page");
        ObjectNode entry = root.putArray("entry").addObject();
        entry.put("id", pageId);
        entry.put("time", at.getEpochSecond());
        entry.putArray("changes").addObject().put("field", "feed").set("value", value);
        return Json.write(root);
    }
}
