package vn.govcomm.gateway.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Verifies a user's bearer JWT and maps its claims to an {@link Identity} with configurable claim names: signature
 * against the issuer's JWKS, issuer, expiry, audience (the configured API audience must be in {@code aud}) and
 * type: the JOSE header {@code typ}, when present, is {@code JWT} or {@code at+jwt}, and a {@code typ} claim
 * (Keycloak's), when present, is {@code Bearer} — so ID tokens, refresh tokens and the gateway's own caller tokens
 * are refused. One implementation for both the OIDC provider of production (keys from the discovery document's
 * {@code jwks_uri}, cached and refreshed by Nimbus) and the local issuer.
 */
public class TokenVerifier {

    /** JOSE header types of an access token (RFC 7519, RFC 9068); no typ at all is accepted too. */
    static final Set<JOSEObjectType> ACCESS_TOKEN_TYPES = Set.of(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt"));
    /** Keycloak's {@code typ} claim of an access token ({@code ID} and {@code Refresh} are the others). */
    static final String ACCESS_TOKEN_TYP_CLAIM = "Bearer";
    /**
     * What the OIDC provider of production may sign access tokens with (its keys from its JWK Set; Keycloak's default
     * is RS256). Nimbus picks only keys of the algorithm's type (RSA for RS and PS, EC P-256 for ES256): no HMAC, no
     * {@code none}, so a public key cannot be used as an HMAC secret.
     */
    public static final Set<JWSAlgorithm> OIDC_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.ES256, JWSAlgorithm.PS256);

    private final SecurityProperties.Claims claims;
    private final String issuer;
    private final String audience;
    private final Supplier<JWKSource<SecurityContext>> keys;
    private final Set<JWSAlgorithm> algorithms;
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    /** After a failed discovery, requests fail fast (503) until then instead of each waiting for the provider. */
    private volatile long discoveryRetryAtNanos;
    static final Duration DISCOVERY_RETRY_AFTER = Duration.ofSeconds(5);

    TokenVerifier(String issuer, String audience, Supplier<JWKSource<SecurityContext>> keys,
                  SecurityProperties.Claims claims) {
        this(issuer, audience, keys, claims, OIDC_ALGORITHMS);
    }

    /** {@code algorithms}: the only ones accepted (the local issuer: ES256 alone); each HMAC- and none-free. */
    TokenVerifier(String issuer, String audience, Supplier<JWKSource<SecurityContext>> keys,
                  SecurityProperties.Claims claims, Set<JWSAlgorithm> algorithms) {
        if (algorithms.isEmpty() || algorithms.stream().anyMatch(a -> JWSAlgorithm.Family.HMAC_SHA.contains(a)
                || "none".equalsIgnoreCase(a.getName()))) {
            throw new IllegalArgumentException("An access-token verifier takes public-key algorithms only: " + algorithms);
        }
        this.algorithms = Set.copyOf(algorithms);
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("govcomm.security.audience (OIDC_AUDIENCE) must not be blank");
        }
        this.issuer = issuer;
        this.audience = audience;
        this.keys = keys;
        this.claims = claims;
    }

    /**
     * Keys fetched lazily so the gateway starts even while the identity provider is still starting. {@code http}
     * must have connect and read timeouts (see {@link SecurityConfiguration}): discovery runs under this verifier's
     * lock, so a provider that hangs would otherwise hold every request up.
     */
    static TokenVerifier forOidcIssuer(String issuerUri, String audience, SecurityProperties.Claims claims,
                                       RestClient http) {
        return new TokenVerifier(issuerUri, audience, () -> {
            String discovery = issuerUri.replaceAll("/$", "") + "/.well-known/openid-configuration";
            try {
                JsonNode doc = JsonMapper.builder().build().readTree(http.get().uri(discovery).retrieve().body(String.class));
                // Nimbus' own retriever has connect/read timeouts and a size limit for the key set itself.
                return JWKSourceBuilder.create(URI.create(doc.path("jwks_uri").asString()).toURL()).build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new ProviderUnavailableException("bad jwks_uri in " + discovery + ": " + e.getMessage());
            } catch (RuntimeException e) {
                throw new ProviderUnavailableException("discovery at " + discovery + " failed: " + e);
            }
        }, claims);
    }

    public Identity verify(String token) throws InvalidTokenException {
        try {
            JWTClaimsSet set = processor().process(token, null);
            Object typ = set.getClaim("typ");
            if (typ != null && !ACCESS_TOKEN_TYP_CLAIM.equals(typ)) {
                throw new InvalidTokenException("not an access token (typ " + typ + ")");
            }
            String user = set.getStringClaim(claims.userId());
            if (user == null || user.isBlank()) {
                user = set.getSubject();
            }
            if (user == null || user.isBlank()) {
                throw new InvalidTokenException("token has no user id");
            }
            String name = set.getClaim(claims.displayName()) instanceof String s ? s : user;
            Object agency = set.getClaim(claims.agency());
            return new Identity(user, name, roles(set.getClaims()), agency instanceof String a ? a : null);
        } catch (InvalidTokenException | ProviderUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidTokenException(e.getMessage());
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p == null) {
            if (System.nanoTime() - discoveryRetryAtNanos < 0) {
                throw new ProviderUnavailableException("identity provider discovery failed recently; retrying shortly");
            }
            synchronized (this) {
                if (processor == null) {
                    p = new DefaultJWTProcessor<>();
                    // No typ header is allowed (many providers leave it out); any other must be an access token's.
                    p.setJWSTypeVerifier((type, context) -> {
                        if (type != null && ACCESS_TOKEN_TYPES.stream()
                                .noneMatch(t -> t.getType().equalsIgnoreCase(type.getType()))) {
                            throw new BadJOSEException("JOSE header typ " + type + " is not an access token's");
                        }
                    });
                    JWKSource<SecurityContext> source;
                    try {
                        source = keys.get();
                    } catch (ProviderUnavailableException e) {
                        discoveryRetryAtNanos = System.nanoTime() + DISCOVERY_RETRY_AFTER.toNanos();
                        throw e;
                    }
                    p.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, source));
                    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                            new HashSet<>(List.of(audience)), // a mutable set: Nimbus asks contains(null)
                            new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "aud"), null));
                    processor = p;
                }
                p = processor;
            }
        }
        return p;
    }

    /** Roles from a (possibly dotted) claim path; a list or a comma/space separated string. */
    private List<String> roles(Map<String, Object> all) {
        Object node = all;
        for (String part : claims.roles().split("\\.")) {
            node = node instanceof Map<?, ?> m ? m.get(part) : null;
        }
        List<String> out = new ArrayList<>();
        if (node instanceof Collection<?> c) {
            c.forEach(r -> out.add(String.valueOf(r)));
        } else if (node instanceof String s) {
            out.addAll(List.of(s.split("[,\\s]+")));
        }
        return out;
    }

    /** The identity provider's discovery document or keys cannot be fetched: a 503, not the user's fault. */
    public static class ProviderUnavailableException extends RuntimeException {
        public ProviderUnavailableException(String message) {
            super(message);
        }
    }

    public static class InvalidTokenException extends Exception {
        public InvalidTokenException(String message) {
            super(message);
        }
    }
}
