package vn.govcomm.kit.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * {@code govcomm.security.*} of a service.
 *
 * @param callerToken  how the gateway's caller tokens are verified
 * @param publicPaths  Ant patterns served without a caller token (feeds, screens, webhooks: they check their own
 *                     credentials); health, info and prometheus are always public
 * @param maxBodySize  the largest request body this service reads, counted while it streams (chunked included)
 */
@ConfigurationProperties("govcomm.security")
public record CallerSecurityProperties(@DefaultValue CallerTokenProperties callerToken,
                                       @DefaultValue List<String> publicPaths,
                                       @DefaultValue("1MB") DataSize maxBodySize) {

    /**
     * @param publicKeys the gateway's public key set (JWK Set JSON, {@code CALLER_TOKEN_PUBLIC_KEYS}); required
     * @param audience   this service's name in the token's {@code aud}; {@code spring.application.name} by default
     */
    public record CallerTokenProperties(String publicKeys, String audience) {
    }
}
