package vn.govcomm.gateway.health;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.govcomm.gateway.audit.AuditLog;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's {@code store} check, as the services' (the service kit's StoreHealthIndicator, which the gateway
 * does not carry): a {@code ping} on the audit trail's database, which MongoDB and the local run's embedded store
 * both answer, under a client-side timeout that also bounds server selection. It counts in the whole
 * {@code /actuator/health}, not in readiness (gateway.yml says why).
 */
@Configuration(proxyBeanMethods = false)
class StoreHealthConfiguration {

    private static final Document PING = new Document("ping", 1);

    @Bean
    @ConditionalOnEnabledHealthIndicator("store")
    HealthIndicator storeHealthIndicator(MongoClient mongo, AuditLog.Properties audit,
                                         @Value("${govcomm.health.store.timeout:2s}") Duration timeout) {
        String database = audit.database();
        MongoDatabase db = mongo.getDatabase(database).withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            try {
                db.runCommand(PING);
                return Health.up().withDetail("database", database).build();
            } catch (MongoException e) {
                return Health.down(e).withDetail("database", database).withDetail("timeout", timeout.toString()).build();
            }
        };
    }
}
