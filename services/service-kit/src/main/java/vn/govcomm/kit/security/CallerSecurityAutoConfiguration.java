package vn.govcomm.kit.security;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import vn.govcomm.identity.CallerKeys;
import vn.govcomm.identity.CallerToken;
import vn.govcomm.identity.CallerTokenVerifier;

import java.time.Clock;
import java.util.List;

/**
 * Every service authenticates every request itself (see {@link CallerAuthenticationFilter}). A service without the
 * gateway's public keys does not start: there is no way to run one that believes whoever connects.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(CallerSecurityProperties.class)
public class CallerSecurityAutoConfiguration implements WebMvcConfigurer {

    /** Before everything that could read the body or act on the path. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    @Bean
    CallerTokenVerifier callerTokenVerifier(CallerSecurityProperties properties,
                                            @Value("${spring.application.name:}") String applicationName,
                                            Environment environment) {
        // Bound, not @Value: a YAML list and a comma-separated string both work.
        List<String> provinceWide = Binder.get(environment)
                .bind("govcomm.identity.province-wide-agencies", Bindable.listOf(String.class)).orElse(List.of());
        String keys = properties.callerToken().publicKeys();
        if (keys == null || keys.isBlank()) {
            throw new IllegalStateException("No caller-token public keys: set CALLER_TOKEN_PUBLIC_KEYS ("
                    + CallerToken.PUBLIC_KEYS_PROPERTY + ") to the gateway's public JWK Set. A service never runs "
                    + "without authenticating its callers.");
        }
        String audience = properties.callerToken().audience();
        if (audience == null || audience.isBlank()) {
            audience = applicationName;
        }
        return new CallerTokenVerifier(CallerKeys.parsePublicKeys(keys), audience,
                provinceWide.stream().map(String::trim).filter(s -> !s.isEmpty()).toList(), Clock.systemUTC());
    }

    @Bean
    FilterRegistrationBean<CallerAuthenticationFilter> callerAuthenticationFilter(
            CallerTokenVerifier verifier, CallerSecurityProperties properties, MeterRegistry meters) {
        FilterRegistrationBean<CallerAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new CallerAuthenticationFilter(verifier, properties.publicPaths(), properties.maxBodySize().toBytes(),
                        meters));
        registration.setOrder(ORDER);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }
}
