package vn.govcomm.facebook.webhooks;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.facebook.FacebookProperties;
import vn.govcomm.kit.web.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Facebook's webhook callback. GET: the subscription handshake (challenge echoed when {@code hub.verify_token}
 * matches, else 403). POST: {@code X-Hub-Signature-256} checked over the raw bytes (401 on mismatch), the event
 * persisted (deduplicated) and answered at once; processing happens asynchronously ({@link WebhookEvents}).
 */
@RestController
@RequestMapping("/webhooks/facebook")
class FacebookWebhookController {

    private final FacebookProperties.Webhook config;
    private final WebhookEvents events;

    FacebookWebhookController(FacebookProperties properties, WebhookEvents events) {
        this.config = properties.webhook();
        this.events = events;
    }

    @GetMapping
    ResponseEntity<String> handshake(@RequestParam(value = "hub.mode", required = false) String mode,
                                     @RequestParam(value = "hub.verify_token", required = false) String verifyToken,
                                     @RequestParam(value = "hub.challenge", required = false) String challenge) {
        String expected = config.verifyToken();
        boolean ok = "subscribe".equals(mode) && challenge != null && verifyToken != null && expected != null
                && !expected.isBlank() && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                verifyToken.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body("forbidden");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }

    @PostMapping(consumes = MediaType.ALL_VALUE)
    ResponseEntity<Void> receive(@RequestBody(required = false) byte[] body,
                                 @RequestHeader(value = "X-Hub-Signature-256", required = false) String signature) {
        byte[] raw = body == null ? new byte[0] : body;
        if (!WebhookSignature.valid(config.appSecret(), raw, signature)) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-signature",
                    "Chữ ký X-Hub-Signature-256 không hợp lệ. / Invalid X-Hub-Signature-256 signature.");
        }
        events.receive(raw);
        return ResponseEntity.ok().build();
    }
}
