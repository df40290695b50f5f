package vn.govcomm.gateway.traffic;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Map;
import org.springframework.web.filter.CorsFilter;
import vn.govcomm.gateway.edge.EdgeRequest;
import vn.govcomm.identity.BodyTooLargeException;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrafficProperties.class)
class TrafficConfiguration {

    private static final AntPathMatcher PATHS = new AntPathMatcher();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Order: path firewall (HIGHEST), body limits (+5), CORS (+10: a preflight carries no token), identity (+20),
     * rate limit (+30, keyed on the identity), audit (+40).
     */
    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(TrafficProperties properties) {
        FilterRegistrationBean<BodyLimitFilter> registration =
                new FilterRegistrationBean<>(new BodyLimitFilter(properties.bodyLimits()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(TrafficProperties properties) {
        TrafficProperties.Cors cors = properties.cors();
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(cors.allowedOrigins());
        config.setAllowedMethods(cors.allowedMethods());
        config.setAllowedHeaders(cors.allowedHeaders());
        config.setMaxAge(cors.maxAge());
        config.setAllowCredentials(false); // bearer tokens, not cookies, cross-origin
        // Matched on the decoded path the firewall worked out, the one routing uses.
        CorsConfigurationSource source = request -> {
            String path = EdgeRequest.of(request).path();
            return cors.paths().stream().anyMatch(p -> PATHS.match(p, path)) ? config : null;
        };
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            protected void rejectRequest(ServerHttpResponse response) throws IOException {
                // Problem details like every other refusal (the default is a plain-text body).
                response.setStatusCode(HttpStatus.FORBIDDEN);
                response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
                response.getBody().write(JSON.writeValueAsBytes(Map.of("type",
                        "https://govcomm.khanhhoa.gov.vn/problems/cors-origin-refused", "title", "Forbidden",
                        "status", 403, "code", "cors-origin-refused",
                        "detail", "Nguồn gốc (Origin) này không được phép. / This origin is not allowed.")));
                response.flush();
            }
        });
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(TrafficProperties properties) {
        FilterRegistrationBean<RateLimitFilter> registration =
                new FilterRegistrationBean<>(new RateLimitFilter(properties.rateLimit(), System::nanoTime));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    /**
     * The same breaker settings for every route's breaker (named in gateway.yml). A call cut off because the
     * client's body went past its limit says nothing about the service: not counted as a failure (a client could
     * otherwise open the breaker for everybody with oversized uploads).
     */
    @Bean
    Customizer<Resilience4JCircuitBreakerFactory> circuitBreakerDefaults(TrafficProperties properties) {
        TrafficProperties.CircuitBreaker cb = properties.circuitBreaker();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(cb.timeout()).build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .failureRateThreshold(cb.failureRateThreshold())
                        .slidingWindowSize(cb.slidingWindowSize())
                        .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                        .waitDurationInOpenState(cb.waitInOpenState())
                        .ignoreException(TrafficConfiguration::causedByTooLargeBody)
                        .build())
                .build());
    }

    static boolean causedByTooLargeBody(Throwable e) {
        return BodyTooLargeException.causedBy(e);
    }
}
