package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import vn.govcomm.gateway.problem.Problems;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.IdentityFilter;
import vn.govcomm.gateway.security.ProviderHttp;
import vn.govcomm.gateway.security.SameOrigin;
import vn.govcomm.gateway.security.SecurityProperties;
import vn.govcomm.gateway.security.TokenVerifier;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Vietnamese by default, English with {@code ?lang=en} (remembered in a cookie); sign-in, the same-origin guard of
 * state-changing requests, and the security headers (CSP...).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    static final Locale VIETNAMESE = Locale.forLanguageTag("vi");
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("GOVCOMM_LANG");
        resolver.setDefaultLocale(VIETNAMESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    /** Production: the console signs officers in at the OIDC provider (authorization code + PKCE). */
    @Bean
    @ConditionalOnExpression("!'${govcomm.security.issuer-uri:}'.isBlank()")
    OidcSignIn oidcSignIn(SecurityProperties security, TokenVerifier verifier, RestClient.Builder http,
                          @Value("${govcomm.security.provider-timeouts.connect:2s}") Duration connect,
                          @Value("${govcomm.security.provider-timeouts.read:5s}") Duration read) {
        return new OidcSignIn(security.issuerUri(), security.consoleClient(), verifier,
                ProviderHttp.client(http, connect, read), Clock.systemUTC());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        lang.setIgnoreInvalidLocale(true);
        registry.addInterceptor(lang).addPathPatterns("/console/**");
        registry.addInterceptor(new SignedIn()).addPathPatterns("/console/**")
                .excludePathPatterns("/console/login", "/console/login/**", "/console/signed-out", "/console/static/**");
        registry.addInterceptor(new SameOriginPosts()).addPathPatterns("/console/**");
    }

    /** Console pages need a signed-in user (the session cookie verified by the identity filter). */
    static final class SignedIn implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (request.getAttribute(IdentityFilter.IDENTITY) instanceof Identity) {
                return true;
            }
            if (request.getHeader("HX-Request") != null) {
                response.setHeader("HX-Redirect", "/console/login");
                response.setStatus(HttpStatus.UNAUTHORIZED.value());
            } else {
                response.setStatus(HttpStatus.SEE_OTHER.value());
                response.setHeader("Location", "/console/login");
            }
            return false;
        }
    }

    /**
     * The session cookie is SameSite=Strict; in addition a state-changing request must come from the console itself
     * ({@link SameOrigin}: Fetch Metadata, else Origin/Referer equal to the gateway's origin): defence in depth
     * against cross-site form posts, the sign-in form included (login CSRF).
     */
    static final class SameOriginPosts implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                throws IOException {
            if (!UNSAFE.contains(request.getMethod()) || SameOrigin.allows(request)) {
                return true;
            }
            Problems.write(response, HttpStatus.FORBIDDEN, "cross-site-request",
                    "Yêu cầu từ trang khác bị từ chối. / A request from another site is refused.");
            return false;
        }
    }

    /** CSP and the other security headers; the OIDC provider is a form target (sign-out redirects there). */
    @Bean
    FilterRegistrationBean<SecurityHeaders> securityHeaders(SecurityProperties security) {
        String formTargets = "";
        if (security.hasOidcIssuer()) {
            String origin = SameOrigin.originOf(security.issuerUri());
            formTargets = origin == null ? "" : origin;
        }
        FilterRegistrationBean<SecurityHeaders> registration = new FilterRegistrationBean<>(new SecurityHeaders(formTargets));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
