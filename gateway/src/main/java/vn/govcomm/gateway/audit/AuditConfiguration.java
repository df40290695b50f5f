package vn.govcomm.gateway.audit;

import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditLog.Properties.class)
class AuditConfiguration {

    @Bean(destroyMethod = "close")
    AuditStore auditStore(MongoClient mongo, AuditLog.Properties properties, MeterRegistry meters) {
        return new AuditStore(mongo, properties.database(), properties.retention(), properties.queueCapacity(), meters);
    }

    @Bean
    AuditLog auditLog(AuditStore store) {
        return new AuditLog(store);
    }

    /** After identity (+20) and rate limiting (+30): audits what reached the routes, with the verified user. */
    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog audit) {
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(audit, Clock.systemUTC()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 40);
        return registration;
    }
}
