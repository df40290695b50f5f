package vn.govcomm.zalo.webhooks;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.zalo.oa.OaConnections;

import java.util.Map;

/**
 * Zalo's webhook callback. Verifies the signature against the secret of every connection of the event's app,
 * stores the event (dedupe by body hash: Zalo resends the same body when it retries), answers at once and
 * processes asynchronously, well within Zalo's 2 s.
 */
@RestController
class ZaloWebhookController {

    private final OaConnections connections;
    private final WebhookEvents events;
    private final JsonMapper json;

    ZaloWebhookController(OaConnections connections, WebhookEvents events, JsonMapper json) {
        this.connections = connections;
        this.events = events;
        this.json = json;
    }

    @PostMapping(path = "/webhooks/zalo", consumes = "*/*")
    ResponseEntity<Map<String, Object>> receive(@RequestBody byte[] rawBody,
                                                @RequestHeader(value = "X-ZEvent-Signature", required = false) String signature) {
        JsonNode event;
        try {
            event = json.readTree(rawBody);
        } catch (RuntimeException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "MALFORMED_EVENT", "The webhook body is not JSON");
        }
        String appId = event == null ? null : event.path("app_id").asString(null);
        String timestamp = event == null ? null : event.path("timestamp").asString(null);
        if (appId == null || timestamp == null) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "MALFORMED_EVENT", "app_id and timestamp are required");
        }
        boolean valid = connections.byAppId(appId).stream().anyMatch(c ->
                WebhookSignature.matches(signature, appId, rawBody, timestamp, c.webhookSecret()));
        if (!valid) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE", "X-ZEvent-Signature does not match");
        }
        boolean first = events.store(rawBody, event);
        return ResponseEntity.ok(Map.of("received", true, "duplicate", !first));
    }
}
