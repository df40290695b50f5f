package vn.govcomm.kit.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The broker's part of readiness ({@code kafka}): an admin client's {@code describeCluster} with a short timeout
 * (the cluster must name at least one broker). The answer is kept for {@code cacheTime}, so probes of several kinds
 * and an operator's curl do not each reach the broker; concurrent probes wait for the one check in progress and share
 * its answer. The admin client is created at the first check (a service that is never probed opens no connection)
 * and closed with the context.
 */
public final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {

    private final Supplier<Health> check;
    private final long cacheNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: a virtual thread waits here
    private final AutoCloseable resources;
    private Health last;
    private long checkedAt;

    KafkaHealthIndicator(Supplier<Health> check, Duration cacheTime, LongSupplier nanoTime, AutoCloseable resources) {
        this.check = check;
        this.cacheNanos = cacheTime.toNanos();
        this.nanoTime = nanoTime;
        this.resources = resources;
    }

    /**
     * @param adminConfig the service's admin client configuration (bootstrap servers, security), e.g. Boot's
     *                    {@code KafkaAdmin#getConfigurationProperties()}
     * @param clientId    the admin client's id, as the broker sees it
     */
    public static KafkaHealthIndicator describingCluster(Map<String, Object> adminConfig, String clientId,
                                                         Duration timeout, Duration cacheTime) {
        LazyAdmin admin = new LazyAdmin(adminConfig, clientId, timeout);
        return new KafkaHealthIndicator(() -> {
            try {
                return describeCluster(admin.get(), timeout);
            } catch (RuntimeException e) { // e.g. a configuration the admin client refuses
                return Health.down(e).build();
            }
        }, cacheTime, System::nanoTime, admin);
    }

    @Override
    public Health health() {
        lock.lock();
        try {
            if (last == null || nanoTime.getAsLong() - checkedAt >= cacheNanos) {
                last = check.get();
                checkedAt = nanoTime.getAsLong(); // from the answer: a slow DOWN is kept as long as a quick UP
            }
            return last;
        } finally {
            lock.unlock();
        }
    }

    static Health describeCluster(Admin admin, Duration timeout) {
        int millis = (int) timeout.toMillis();
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis));
            // the admin call gives up after the timeout itself; the extra second only guards against a lost answer
            Collection<Node> nodes = cluster.nodes().get(millis + 1000L, TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(millis + 1000L, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                return Health.down().withDetail("clusterId", String.valueOf(clusterId))
                        .withDetail("error", "the cluster names no broker").build();
            }
            return Health.up().withDetail("clusterId", String.valueOf(clusterId)).withDetail("nodes", nodes.size())
                    .build();
        } catch (ExecutionException e) {
            return Health.down(e.getCause()).withDetail("timeout", timeout.toString()).build();
        } catch (TimeoutException e) {
            return Health.down(e).withDetail("timeout", timeout.toString()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(e).build();
        }
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }

    /** The admin client, made at the first check; its request and API timeouts are the check's. */
    private static final class LazyAdmin implements Supplier<Admin>, AutoCloseable {
        private final Map<String, Object> config;
        private Admin admin;
        private boolean closed;

        LazyAdmin(Map<String, Object> adminConfig, String clientId, Duration timeout) {
            this.config = new HashMap<>(adminConfig);
            int millis = (int) timeout.toMillis();
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        }

        @Override
        public synchronized Admin get() {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (admin == null) {
                admin = Admin.create(config);
            }
            return admin;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (admin != null) {
                admin.close(Duration.ofSeconds(1)); // the broker may be gone: do not hold up the shutdown
            }
        }
    }
}
