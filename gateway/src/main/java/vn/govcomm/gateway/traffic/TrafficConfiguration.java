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
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrafficProperties.class)
class TrafficConfiguration {

    /** CORS first (a preflight carries no token), then identity (order +20), then the rate limit (keyed on it). */
    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(TrafficProperties properties) {
        TrafficProperties.Cors cors = properties.cors();
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(cors.allowedOrigins());
        config.setAllowedMethods(cors.allowedMethods());
        config.setAllowedHeaders(cors.allowedHeaders());
        config.setMaxAge(cors.maxAge());
        config.setAllowCredentials(false); // bearer tokens, not cookies, cross-origin
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        cors.paths().forEach(p -> source.registerCorsConfiguration(p, config));
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
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

    /** The same breaker settings for every route's breaker (named in gateway.yml). */
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
                        .build())
                .build());
    }
}
