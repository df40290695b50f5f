package vn.govcomm.email.sending;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * PUBLISHED for mails the relay accepted and nothing bounced within {@code bounce-grace}. The end of the grace is
 * stored on the delivery ({@code mail.graceUntil}, indexed), so a restart loses nothing: the sweep (every
 * {@code grace-sweep-interval}, on every instance) finds what is due, moves the mail SENT → CONFIRMED (exclusive with
 * a bounce) and reports PUBLISHED; the compare-and-sets make concurrent sweeps harmless.
 */
@Component
class BounceGrace {

    private static final Logger log = LoggerFactory.getLogger(BounceGrace.class);
    private static final int BATCH = 200;

    private final MailLedger ledger;
    private final AdapterDeliveries deliveries;
    private final DeliveryProperties properties;
    private final EmailMetrics metrics;
    private final Clock clock;
    private volatile Instant lastCount = Instant.EPOCH;

    BounceGrace(MailLedger ledger, AdapterDeliveries deliveries, DeliveryProperties properties, EmailMetrics metrics,
                Clock clock) {
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${govcomm.email.grace-sweep-interval:5s}",
            initialDelayString = "${govcomm.email.grace-sweep-interval:5s}")
    void scheduled() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Bounce grace sweep failed: {}", e.toString());
        }
    }

    /** Publishes every mail whose grace is over; returns how many were published. */
    int sweep() {
        Instant now = clock.instant();
        int published = 0;
        for (Document delivery : ledger.graceOver(now, BATCH)) {
            String id = delivery.getString("_id");
            Document mail = delivery.get(MailLedger.FIELD, Document.class);
            int attempt = mail.getInteger("attempt", 0);
            String state = mail.getString("state");
            if (MailLedger.SENT.equals(state) && !ledger.confirm(id, attempt, now)) {
                continue; // a bounce got there first (or it changed otherwise): the next sweep reads it again
            }
            if (!MailLedger.SENT.equals(state) && !MailLedger.CONFIRMED.equals(state)) {
                ledger.endGrace(id);
                continue;
            }
            Duration grace = properties.bounceGrace();
            boolean moved = deliveries.report(MailLedger.ref(delivery, attempt), DeliveryStatus.PUBLISHED, null,
                    "Không có thư báo lỗi trong " + EmailChannel.Durations.vi(grace) + " sau khi máy chủ thư nhận thư. / "
                            + "No bounce within " + EmailChannel.Durations.en(grace) + " after the relay accepted it.",
                    mail.getString("messageId"), null, null, update -> update.unset("mail.graceUntil"));
            if (moved) {
                published++;
                metrics.published();
            } else {
                ledger.endGrace(id); // a newer attempt, or cancelled: nothing to publish
            }
        }
        if (Duration.between(lastCount, now).abs().compareTo(Duration.ofSeconds(30)) >= 0 || published > 0) {
            lastCount = now;
            metrics.inGrace(ledger.inGrace());
        }
        return published;
    }
}
