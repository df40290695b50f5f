package vn.govcomm.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    /** Identity first, so rate limits can key on the user and the audit knows who; after CORS. */
    static final int IDENTITY_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    @Bean
    @ConditionalOnExpression("'${govcomm.security.issuer-uri:}'.isBlank()")
    LocalIssuer localIssuer(SecurityProperties properties) {
        log.warn("Using the built-in LOCAL issuer with demo users ({}): for a laptop or a demo only. "
                + "Set OIDC_ISSUER_URI in production.", properties.localIssuer().users().size());
        return new LocalIssuer(properties.localIssuer(), properties.claims(), Clock.systemUTC());
    }

    @Bean
    TokenVerifier tokenVerifier(SecurityProperties properties, ObjectProvider<LocalIssuer> local,
                                RestClient.Builder http) {
        if (properties.trustIdentityHeaders()) {
            log.warn("govcomm.security.trust-identity-headers=true: requests without a token keep their X-User-* "
                    + "headers. TEST/LOCAL ONLY, never in production.");
        }
        LocalIssuer issuer = local.getIfAvailable();
        return issuer != null ? issuer.verifier()
                : TokenVerifier.forOidcIssuer(properties.issuerUri(), properties.claims(), http.build());
    }

    @Bean
    FilterRegistrationBean<IdentityFilter> identityFilter(TokenVerifier verifier, SecurityProperties properties) {
        FilterRegistrationBean<IdentityFilter> registration =
                new FilterRegistrationBean<>(new IdentityFilter(verifier, properties));
        registration.setOrder(IDENTITY_ORDER);
        return registration;
    }
}
