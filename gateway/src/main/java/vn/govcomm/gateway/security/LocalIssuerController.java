package vn.govcomm.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LOCAL RUN ONLY (registered only with the local issuer, {@link LocalIssuerEnabled}): discovery, JWKS and a token
 * endpoint.
 * {@code POST /oauth2/token} accepts {@code grant_type=client_credentials} (client_id = a demo username,
 * client_secret = its password, as form fields or HTTP Basic) and {@code grant_type=password}
 * (username/password), and answers an RFC 6749 token response; errors are RFC 6749 error JSON.
 */
@RestController
@Conditional(LocalIssuerEnabled.class)
class LocalIssuerController {

    private final LocalIssuer issuer;

    LocalIssuerController(LocalIssuer issuer) {
        this.issuer = issuer;
    }

    @GetMapping(value = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> discovery() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer.issuer());
        doc.put("jwks_uri", base + "/oauth2/jwks");
        doc.put("token_endpoint", base + "/oauth2/token");
        doc.put("grant_types_supported", List.of("client_credentials", "password"));
        doc.put("id_token_signing_alg_values_supported", List.of(LocalIssuer.ALGORITHM.getName()));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        return doc;
    }

    @GetMapping(value = "/oauth2/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return issuer.publicKeys().toJSONObject(true);
    }

    @PostMapping(value = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> token(@RequestParam(name = "grant_type", required = false) String grantType,
                                              @RequestParam(name = "client_id", required = false) String clientId,
                                              @RequestParam(name = "client_secret", required = false) String clientSecret,
                                              @RequestParam(required = false) String username,
                                              @RequestParam(required = false) String password,
                                              HttpServletRequest request) {
        String[] basic = basic(request.getHeader(HttpHeaders.AUTHORIZATION));
        Optional<SecurityProperties.DemoUser> user;
        if ("client_credentials".equals(grantType)) {
            user = basic != null ? issuer.authenticate(basic[0], basic[1]) : issuer.authenticate(clientId, clientSecret);
        } else if ("password".equals(grantType)) {
            user = issuer.authenticate(username, password);
        } else {
            return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type");
        }
        return user.map(u -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("access_token", issuer.issue(u));
                    body.put("token_type", "Bearer");
                    body.put("expires_in", issuer.lifetimeSeconds());
                    return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
                })
                .orElseGet(() -> error(HttpStatus.UNAUTHORIZED, "invalid_client"));
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code) {
        return ResponseEntity.status(status).body(Map.of("error", code));
    }

    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
