package vn.govcomm.notification.rounds;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.govcomm.notification.notifications.NotificationProperties;
import vn.govcomm.notification.notifications.NotificationSender;
import vn.govcomm.notification.notifications.Notifications;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The clock-driven loop: every {@code govcomm.notifications.scheduler.interval} (and at once when notifications
 * were queued) it reads the injected {@link Clock}, claims and processes the rounds due, sends the notifications
 * due, and refreshes the gauges. Every instance runs it; the store's claims (leases) keep them apart, so the loop
 * is multi-instance and crash safe. Tests drive {@link #tick()} themselves with a mutable clock.
 */
@Component
public class NotificationScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationScheduler.class);
    private static final int MAX_ROUNDS_PER_TICK = 100;

    private final Rounds rounds;
    private final RoundProcessor processor;
    private final NotificationSender sender;
    private final Notifications notifications;
    private final NotificationProperties properties;
    private final Clock clock;
    /** This process, in claims (the lease token adds a UUID per claim). */
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile boolean failing;
    private Thread worker;

    NotificationScheduler(Rounds rounds, RoundProcessor processor, NotificationSender sender, Notifications notifications,
                          NotificationProperties properties, Clock clock) {
        this.rounds = rounds;
        this.processor = processor;
        this.sender = sender;
        this.notifications = notifications;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * One pass at the clock's current time: due rounds, then due notifications, then the gauges. Synchronized so
     * that a caller's tick never interleaves with the loop's in this instance (other instances: the claims).
     */
    public synchronized void tick() {
        Instant now = clock.instant();
        for (int i = 0; i < MAX_ROUNDS_PER_TICK; i++) {
            Rounds.Claimed round = rounds.claimDue(now, properties.scheduler().roundLease(), instance + "/" + UUID.randomUUID());
            if (round == null) {
                break;
            }
            processor.process(round, now);
        }
        sender.sendDue(now, instance, properties.scheduler().sendsPerTick());
        rounds.countPending(now);
        notifications.countWaiting();
    }

    @EventListener
    void on(Notifications.Queued queued) {
        wakeUp.release();
    }

    private void loop() {
        while (running) {
            try {
                tick();
                if (failing) {
                    failing = false;
                    log.info("Notification scheduler works again");
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    log.warn("Notification scheduler tick failed (retried every {}): {}", properties.scheduler().interval(), e.toString());
                } else {
                    log.debug("Notification scheduler tick failed again", e);
                }
            }
            try {
                wakeUp.tryAcquire(properties.scheduler().interval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (properties.scheduler().enabled()) {
            worker = Thread.ofPlatform().name("notification-scheduler").daemon(true).start(this::loop);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
