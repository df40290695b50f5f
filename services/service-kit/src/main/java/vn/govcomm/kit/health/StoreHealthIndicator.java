package vn.govcomm.kit.health;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The store's part of readiness ({@code store}): one {@code ping} on the service's own database, which MongoDB and
 * the embedded mongo-java-server both answer (Boot's MongoDB check sends {@code hello}, which the embedded store does
 * not know, so it reported DOWN on a healthy local platform).
 * <p>
 * The ping runs on the service's own client under a client-side operation timeout, which bounds server selection and
 * the connection check-out too: an unreachable store is DOWN after {@code timeout}, not after the driver's 30 s
 * server-selection wait, and the check sees the same pool the service's own queries use.
 */
public final class StoreHealthIndicator implements HealthIndicator {

    private static final Document PING = new Document("ping", 1);

    private final MongoDatabase database;
    private final Duration timeout;

    public StoreHealthIndicator(MongoDatabase database, Duration timeout) {
        this.database = database.withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            database.runCommand(PING);
            return Health.up().withDetail("database", database.getName()).build();
        } catch (MongoException e) {
            // MongoTimeoutException / MongoOperationTimeoutException when nothing answers within the timeout
            return Health.down(e).withDetail("database", database.getName()).withDetail("timeout", timeout.toString())
                    .build();
        }
    }
}
