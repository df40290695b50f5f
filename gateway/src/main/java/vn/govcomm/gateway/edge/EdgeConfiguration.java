package vn.govcomm.gateway.edge;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.util.List;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeConfiguration.EdgeProperties.class)
class EdgeConfiguration {

    /** Before everything (even CORS and identity): no decision is ever taken on an ambiguous path. */
    static final int FIREWALL_ORDER = Ordered.HIGHEST_PRECEDENCE;

    /**
     * {@code govcomm.gateway.trusted-proxies}: CIDR ranges (or single addresses) of the proxies whose
     * {@code Forwarded} / {@code X-Forwarded-*} headers are believed (env {@code TRUSTED_PROXIES}, comma separated;
     * empty = none, the socket peer is the client).
     */
    @ConfigurationProperties("govcomm.gateway")
    record EdgeProperties(@DefaultValue List<String> trustedProxies) {
    }

    @Bean
    TrustedProxies trustedProxies(EdgeProperties properties) {
        return TrustedProxies.of(properties.trustedProxies());
    }

    @Bean
    FilterRegistrationBean<PathFirewall> pathFirewall(TrustedProxies proxies) {
        FilterRegistrationBean<PathFirewall> registration = new FilterRegistrationBean<>(new PathFirewall(proxies));
        registration.setOrder(FIREWALL_ORDER);
        return registration;
    }

    /**
     * Tomcat would answer an encoded slash or backslash itself (an HTML 400, or decode it); passed through, the
     * firewall refuses it with problem details like every other ambiguous path.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSeparatorsToTheFirewall() {
        return factory -> {
            factory.addConnectorCustomizers(connector -> {
                connector.setEncodedSolidusHandling("passthrough");
                connector.setEncodedReverseSolidusHandling("passthrough");
            });
            // What Tomcat still refuses itself (a raw backslash, an encoded NUL) is answered as problem details too.
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        };
    }
}
