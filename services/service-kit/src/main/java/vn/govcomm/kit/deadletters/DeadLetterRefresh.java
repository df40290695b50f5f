package vn.govcomm.kit.deadletters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Once the service runs (its listener containers are registered by then): the action store's indexes, and a
 * refresh of the DLT index at once and every {@code govcomm.dead-letters.refresh-interval}, so the pending gauges
 * exist from the start and stay current. One daemon thread; stopped with the context.
 */
class DeadLetterRefresh implements ApplicationListener<ApplicationReadyEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRefresh.class);

    private final DeadLetterIndex index;
    private final DeadLetterActions actions;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("dead-letters-refresh").factory());
    private volatile boolean indexed;

    DeadLetterRefresh(DeadLetterIndex index, DeadLetterActions actions, Duration interval) {
        this.index = index;
        this.actions = actions;
        this.interval = interval;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        executor.scheduleWithFixedDelay(this::run, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        if (!indexed) {
            try {
                actions.ensureIndexes();
                indexed = true;
            } catch (RuntimeException e) {
                log.warn("Indexes of {} not created yet: {}", DeadLetterActions.COLLECTION, e.toString());
            }
        }
        index.refreshQuietly();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
