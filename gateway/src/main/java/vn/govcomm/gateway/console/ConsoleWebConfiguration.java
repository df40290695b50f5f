package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.IdentityFilter;
import vn.govcomm.gateway.security.SecurityProperties;
import vn.govcomm.gateway.security.TokenVerifier;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Vietnamese by default, English with {@code ?lang=en} (remembered in a cookie); sign-in and CSRF guard. */
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
    OidcSignIn oidcSignIn(SecurityProperties security, TokenVerifier verifier, RestClient.Builder http) {
        return new OidcSignIn(security.issuerUri(), security.consoleClient(), verifier, http.build(), Clock.systemUTC());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        lang.setIgnoreInvalidLocale(true);
        registry.addInterceptor(lang).addPathPatterns("/console/**");
        registry.addInterceptor(new SignedIn()).addPathPatterns("/console/**")
                .excludePathPatterns("/console/login", "/console/login/**", "/console/signed-out", "/console/static/**");
        registry.addInterceptor(new SameOrigin()).addPathPatterns("/console/**");
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
     * The session cookie is SameSite=Strict; in addition a state-changing request whose Origin names another
     * site is refused (defence in depth against cross-site form posts).
     */
    static final class SameOrigin implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            String origin = request.getHeader("Origin");
            if (!UNSAFE.contains(request.getMethod()) || origin == null || "null".equals(origin)) {
                return true;
            }
            URI o = URI.create(origin);
            String host = request.getHeader("Host");
            if (host != null && host.equalsIgnoreCase(o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort()))) {
                return true;
            }
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return false;
        }
    }
}
