package vn.govcomm.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import vn.govcomm.identity.CallerKeys;
import vn.govcomm.identity.CallerToken;
import vn.govcomm.identity.CallerTokenSigner;

import java.time.Clock;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    /** After the firewall, body limits and CORS; before the rate limit (keyed on the user) and the audit. */
    static final int IDENTITY_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    @Bean
    @Conditional(LocalIssuerEnabled.class)
    LocalIssuer localIssuer(SecurityProperties properties) {
        log.warn("Using the built-in LOCAL issuer with demo users ({}), because govcomm.security.local-issuer.enabled "
                + "(GOVCOMM_LOCAL_ISSUER) is true: for a laptop or a demo only. Production sets OIDC_ISSUER_URI.",
                properties.localIssuer().users().size());
        return new LocalIssuer(properties.localIssuer(), properties.audience(), properties.claims(), Clock.systemUTC());
    }

    /** OIDC issuer, or the local one when explicitly enabled; neither → the gateway does not start. */
    @Bean
    TokenVerifier tokenVerifier(SecurityProperties properties, ObjectProvider<LocalIssuer> local,
                                RestClient.Builder http,
                                @Value("${govcomm.security.provider-timeouts.connect:2s}") Duration connect,
                                @Value("${govcomm.security.provider-timeouts.read:5s}") Duration read) {
        if (properties.hasOidcIssuer()) {
            if (properties.localIssuer().enabled()) {
                log.warn("Both OIDC_ISSUER_URI and GOVCOMM_LOCAL_ISSUER are set: the OIDC issuer {} is used, the local "
                        + "demo issuer stays off.", properties.issuerUri());
            }
            log.info("Access tokens: issuer {}, audience {}", properties.issuerUri(), properties.audience());
            return TokenVerifier.forOidcIssuer(properties.issuerUri(), properties.audience(), properties.claims(),
                    ProviderHttp.client(http, connect, read));
        }
        LocalIssuer issuer = local.getIfAvailable();
        if (issuer == null) {
            throw new IllegalStateException("No identity provider: set OIDC_ISSUER_URI (govcomm.security.issuer-uri) "
                    + "to the OIDC issuer, or, for a local demo run only, GOVCOMM_LOCAL_ISSUER=true "
                    + "(govcomm.security.local-issuer.enabled) for the built-in issuer with demo users.");
        }
        return issuer.verifier();
    }

    /** The caller-token signer; the gateway does not start without its key or with a route no service is named for. */
    @Bean
    CallerTokens callerTokens(SecurityProperties properties, ObjectProvider<GatewayMvcProperties> gateway) {
        String key = properties.callerToken().signingKey();
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("No caller-token signing key: set CALLER_TOKEN_SIGNING_KEY ("
                    + CallerToken.SIGNING_KEY_PROPERTY + ") to the gateway's private EC JWK (JSON). The services "
                    + "verify with its public key set (CALLER_TOKEN_PUBLIC_KEYS).");
        }
        CallerTokenSigner signer;
        try {
            signer = new CallerTokenSigner(CallerKeys.parseSigningKey(key), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Unusable CALLER_TOKEN_SIGNING_KEY (" + CallerToken.SIGNING_KEY_PROPERTY
                    + "): " + e.getMessage(), e);
        }
        CallerTokens tokens = new CallerTokens(signer, properties.callerToken().audiences());
        GatewayMvcProperties routes = gateway.getIfAvailable();
        if (routes != null) {
            tokens.requireAudiencesFor(routes.getRoutes().stream().map(RouteProperties::getId).toList());
            tokens.requireAudiencesFor(routes.getRoutesMap().keySet());
        }
        return tokens;
    }

    @Bean
    CallerTokenHeaders callerTokenHeaders(CallerTokens tokens) {
        return new CallerTokenHeaders(tokens);
    }

    @Bean
    FilterRegistrationBean<IdentityFilter> identityFilter(TokenVerifier verifier, SecurityProperties properties) {
        FilterRegistrationBean<IdentityFilter> registration =
                new FilterRegistrationBean<>(new IdentityFilter(verifier, properties));
        registration.setOrder(IDENTITY_ORDER);
        return registration;
    }
}
