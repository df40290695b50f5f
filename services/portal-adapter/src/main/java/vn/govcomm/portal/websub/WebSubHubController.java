package vn.govcomm.portal.websub;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.portal.PortalProperties;
import vn.govcomm.portal.PortalSecrets;
import vn.govcomm.portal.access.FeedCredentials;
import vn.govcomm.portal.feeds.FeedSelector;
import vn.govcomm.portal.outbound.OutboundHttp;
import vn.govcomm.portal.outbound.OutboundUrlPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /feeds/hub} (form-encoded body, W3C WebSub §5.1), a public path: no caller token, the subscriber proves
 * it is the portal with its feed token: {@code Authorization: Bearer}, a {@code token} field, or the {@code token}
 * query parameter of hub.topic (the feed URL the portal already polls). Topics are stored without the token.
 *
 * <p>Anonymous input is kept small: the body is read here, at most {@code govcomm.portal.websub.max-request-size}
 * (8 KB; more → 413), and parsed by this class rather than by the servlet container. The {@code hub.callback} must
 * pass the outbound-URL policy (checked after the token, so anonymous callers cannot probe host names): refused →
 * 400 naming {@code hub.callback}, before anything is called.
 */
@RestController
class WebSubHubController {

    private final WebSubHub hub;
    private final FeedCredentials credentials;
    private final PortalSecrets secrets;
    private final PortalProperties properties;
    private final OutboundUrlPolicy outbound;
    private final long maxBody;

    WebSubHubController(WebSubHub hub, FeedCredentials credentials, PortalSecrets secrets, PortalProperties properties,
                        OutboundHttp outbound) {
        this.hub = hub;
        this.credentials = credentials;
        this.secrets = secrets;
        this.properties = properties;
        this.outbound = outbound.policy();
        this.maxBody = properties.websub().maxRequestSize().toBytes();
    }

    @PostMapping(value = "/feeds/hub", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Void> request(HttpServletRequest request,
                                 @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization)
            throws IOException {
        MultiValueMap<String, String> form = form(request);
        String mode = required(form, "hub.mode");
        if (!"subscribe".equals(mode) && !"unsubscribe".equals(mode)) {
            throw invalid("hub.mode", "must be subscribe or unsubscribe", "phải là subscribe hoặc unsubscribe");
        }
        String callback = required(form, "hub.callback");
        if (!httpUrl(callback)) {
            throw invalid("hub.callback", "must be an absolute http(s) URL", "phải là URL http(s) đầy đủ");
        }
        URI topicUri = parseTopic(required(form, "hub.topic"));
        FeedSelector.Topic topic = FeedSelector.parse(topicUri.getPath())
                .filter(t -> (topicUri.getScheme() + "://" + topicUri.getRawAuthority()).equals(properties.publicBaseUrl()))
                .orElseThrow(() -> invalid("hub.topic", "is not one of this hub's feeds",
                        "không phải nguồn tin do hub này phục vụ"));

        String token = bearer(authorization).or(() -> Optional.ofNullable(form.getFirst("token")))
                .or(() -> Optional.ofNullable(UriComponentsBuilder.fromUri(topicUri).build().getQueryParams().getFirst("token")))
                .orElseThrow(() -> new ApiProblem(HttpStatus.UNAUTHORIZED, "feed-credential-missing",
                        "Cần khóa truy cập nguồn tin của cổng. / The portal's feed credential is required."));
        String portalId = credentials.portalOf(token).orElseThrow(() -> new ApiProblem(HttpStatus.UNAUTHORIZED,
                "feed-credential-invalid", "Khóa truy cập nguồn tin không hợp lệ. / The feed credential is invalid."));
        if (!portalId.equals(topic.selector().portalId())) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "feed-forbidden",
                    "Khóa này không được phép theo dõi nguồn tin của cổng khác. / This credential may not subscribe to another portal's feeds.");
        }

        try {
            outbound.check(callback);
        } catch (OutboundUrlPolicy.Refused e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Yêu cầu WebSub không hợp lệ. / Invalid WebSub request.", List.of(new ApiProblem.FieldProblem(
                    "hub.callback", e.code(), "hub.callback: " + e.messageVi(), "hub.callback: " + e.messageEn())));
        }

        String secret = form.getFirst("hub.secret");
        if (secret != null && (secret.isEmpty() || secret.getBytes(StandardCharsets.UTF_8).length >= 200)) {
            throw invalid("hub.secret", "must be 1 to 199 bytes", "phải dài 1 đến 199 byte");
        }
        if (secret != null && "subscribe".equals(mode)) {
            secrets.cipher(); // refuses (503) before verifying when secrets cannot be stored
        }
        long lease = lease(form.getFirst("hub.lease_seconds"));
        String canonicalTopic = properties.publicBaseUrl() + topic.selector().path(topic.format());
        hub.accept(new WebSubHub.Intent(portalId, mode, canonicalTopic, callback, secret, lease));
        return ResponseEntity.accepted().build();
    }

    /** The form body, read here with a small cap (the servlet container's own form parsing allows 2 MB). */
    private MultiValueMap<String, String> form(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBody) {
            throw tooLarge();
        }
        byte[] body = request.getInputStream().readNBytes((int) maxBody + 1);
        if (body.length > maxBody) {
            throw tooLarge();
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                form.add(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-form",
                        "Nội dung biểu mẫu không hợp lệ. / The form body is not valid application/x-www-form-urlencoded.");
            }
        }
        return form;
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                "Nội dung yêu cầu quá lớn. / The request body is larger than " + maxBody + " bytes.");
    }

    private long lease(String requested) {
        long max = properties.websub().maxLease().toSeconds();
        if (requested == null || requested.isBlank()) {
            return properties.websub().defaultLease().toSeconds();
        }
        try {
            return Math.clamp(Long.parseLong(requested.trim()), 60, max);
        } catch (NumberFormatException e) {
            throw invalid("hub.lease_seconds", "must be a number of seconds", "phải là số giây");
        }
    }

    private static URI parseTopic(String topic) {
        try {
            URI uri = new URI(topic);
            if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getPath() == null) {
                throw new URISyntaxException(topic, "not absolute");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid("hub.topic", "must be an absolute feed URL", "phải là URL nguồn tin đầy đủ");
        }
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).trim());
        }
        return Optional.empty();
    }

    private static String required(MultiValueMap<String, String> form, String name) {
        String value = form.getFirst(name);
        if (value == null || value.isBlank()) {
            throw invalid(name, "is required", "là bắt buộc");
        }
        return value.trim();
    }

    private static ApiProblem invalid(String field, String en, String vi) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                "Yêu cầu WebSub không hợp lệ. / Invalid WebSub request.",
                List.of(new ApiProblem.FieldProblem(field, "invalid", field + " " + vi, field + " " + en)));
    }
}
