package vn.govcomm.led.screens;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.Channels;

import java.time.Clock;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DEVICE_OFFLINE rule: a screen with no heartbeat for N × poll interval is OFFLINE. Checked on a schedule;
 * each flip is a compare-and-set, so with several instances only one publishes {@link ScreenWentOffline}.
 * Exposes {@code govcomm.screens.offline} and {@code govcomm.endpoints.attention{channel=led,reason=device_offline}}.
 */
@Component
class ScreenHealth {

    private static final Logger log = LoggerFactory.getLogger(ScreenHealth.class);

    private final ScreenRegistry registry;
    private final ScreenProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong offline = new AtomicLong();

    ScreenHealth(ScreenRegistry registry, ScreenProperties properties, ApplicationEventPublisher events,
                 MeterRegistry meters) {
        this.registry = registry;
        this.properties = properties;
        this.events = events;
        Gauge.builder("govcomm.screens.offline", offline, AtomicLong::get)
                .description("LED screens whose heartbeats stopped").register(meters);
        Gauge.builder("govcomm.endpoints.attention", offline, AtomicLong::get)
                .tag("channel", Channels.LED).tag("reason", "device_offline")
                .description("Endpoints that need an operator").register(meters);
    }

    @Scheduled(fixedDelayString = "${govcomm.led.screens.health-check-interval:10s}",
            initialDelayString = "${govcomm.led.screens.health-check-interval:10s}")
    void check() {
        Date threshold = Date.from(clock.instant().minus(properties.offlineAfter()));
        for (Document screen : registry.markSilentScreensOffline(threshold)) {
            log.warn("Screen {} went silent (last heartbeat {}): DEVICE_OFFLINE", screen.getString("_id"),
                    screen.getDate("lastHeartbeatAt"));
            events.publishEvent(new ScreenWentOffline(screen.getString("_id"), screen.getDate("lastHeartbeatAt").toInstant()));
        }
        offline.set(registry.countOffline());
    }

    /** A screen came back: the gauge follows at once rather than at the next check. */
    @EventListener
    void on(ScreenCameBack cameBack) {
        offline.set(registry.countOffline());
    }
}
