package vn.govcomm.local;

import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher makes each context's {@link LogbackMetrics} only while no other context is setting up logging: its
 * constructor adds to a Logback list that a logging set-up walks (a fresh-clone run failed on it).
 */
class LogbackMetricsLockUnitTests {

    @Test
    void logbackMetricsAreMadeOnlyWhileNoContextSetsUpLogging() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread settingUp = Thread.ofPlatform().start(() -> { // another context's logging set-up
            LocalPlatform.LOGGING_SETUP.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                LocalPlatform.LOGGING_SETUP.unlock();
            }
        });
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<LogbackMetrics> made = CompletableFuture.supplyAsync(LocalPlatform::newLogbackMetrics);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !made.isDone());

        release.countDown();
        try (LogbackMetrics metrics = made.get(5, TimeUnit.SECONDS)) {
            assertThat(metrics).isNotNull();
        }
        settingUp.join(5_000);
        assertThat(LocalPlatform.LOGGING_SETUP.isLocked()).as("the maker let go of the lock").isFalse();
    }
}
