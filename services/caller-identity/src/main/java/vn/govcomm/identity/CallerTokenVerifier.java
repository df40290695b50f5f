package vn.govcomm.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A service's half of {@link CallerToken}: checks signature (ES256 against the configured public keys), type,
 * issuer, audience (this service), expiry and issue time, then yields the {@link Caller}. Thread-safe.
 */
public final class CallerTokenVerifier {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Set<String> provinceWideAgencies;
    private final Clock clock;

    public CallerTokenVerifier(JWKSet publicKeys, String audience, Collection<String> provinceWideAgencies, Clock clock) {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("A caller-token verifier needs its service name as audience");
        }
        this.provinceWideAgencies = Set.copyOf(provinceWideAgencies);
        this.clock = clock;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(CallerToken.TYPE));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(publicKeys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(CallerToken.ISSUER).build(),
                new HashSet<>(List.of("sub", "exp", "iat", "aud", "iss"))) {
            @Override
            public Date currentTime() {
                return Date.from(CallerTokenVerifier.this.clock.instant());
            }
        };
        claims.setMaxClockSkew((int) CallerToken.CLOCK_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    public Caller verify(String token) throws InvalidCallerTokenException {
        JWTClaimsSet set;
        try {
            set = processor.process(token, null);
        } catch (Exception e) {
            throw new InvalidCallerTokenException(e.getMessage());
        }
        try {
            // Not issued in the future, and not living longer than the gateway ever issues.
            long now = clock.millis();
            long issued = set.getIssueTime().getTime();
            long skew = CallerToken.CLOCK_SKEW.toMillis();
            if (issued > now + skew || set.getExpirationTime().getTime() - issued > CallerToken.LIFETIME.toMillis()) {
                throw new InvalidCallerTokenException("caller token issued in the future or with a long lifetime");
            }
            List<String> roles = set.getStringListClaim(CallerToken.ROLES_CLAIM);
            Set<String> platformRoles = new HashSet<>();
            if (roles != null) {
                roles.stream().filter(Caller.ROLES::contains).forEach(platformRoles::add);
            }
            String agency = set.getStringClaim(CallerToken.AGENCY_CLAIM);
            String user = set.getSubject();
            if (user == null || user.isBlank()) {
                throw new InvalidCallerTokenException("caller token without a user");
            }
            // Optional; cleaned again by Caller (a token is only as careful as the gateway that minted it).
            String name = set.getClaim(CallerToken.NAME_CLAIM) instanceof String s ? s : null;
            return new Caller(user, platformRoles, agency, agency != null && provinceWideAgencies.contains(agency), name);
        } catch (java.text.ParseException e) {
            throw new InvalidCallerTokenException("malformed caller token claims: " + e.getMessage());
        }
    }

    public static final class InvalidCallerTokenException extends Exception {
        public InvalidCallerTokenException(String message) {
            super(message);
        }
    }
}
