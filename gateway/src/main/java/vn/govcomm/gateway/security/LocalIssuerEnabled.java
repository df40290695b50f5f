package vn.govcomm.gateway.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The local demo issuer exists only when asked for ({@code govcomm.security.local-issuer.enabled=true}) and no OIDC
 * issuer is configured: with both, the OIDC issuer wins.
 */
class LocalIssuerEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String issuerUri = context.getEnvironment().getProperty("govcomm.security.issuer-uri", "");
        boolean enabled = context.getEnvironment().getProperty("govcomm.security.local-issuer.enabled", Boolean.class, false);
        return enabled && issuerUri.isBlank();
    }
}
