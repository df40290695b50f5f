package vn.govcomm.email.sending;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.time.Clock;
import java.util.Date;

/**
 * Turns a bounce (a delivery-status notification read from the bounce mailbox) into FAILED {@code EMAIL_BOUNCED} for
 * the delivery whose mail it returns. The mail is found by its Message-ID, else by the {@code X-GovComm-Delivery}
 * (and {@code -Attempt}) header, else by the VERP token of the address the report was sent to. A bounce moves the
 * mail SENT (or SENDING/WAITING: the relay took it although its answer had not been recorded) → BOUNCED, which the
 * grace sweep's SENT → CONFIRMED excludes: a mail is either PUBLISHED or bounced, never both. A bounce after the
 * grace (CONFIRMED) is counted as late and changes nothing.
 */
@Component
public class BouncedMails {

    public enum Outcome { MATCHED, DUPLICATE, LATE, UNMATCHED }

    /** What the bounce says; any of the three keys may be null. */
    public record Bounce(String messageId, String deliveryId, Integer attempt, String verpToken, String recipient,
                         String status, String diagnostic) {
    }

    private static final Logger log = LoggerFactory.getLogger(BouncedMails.class);

    private final MailLedger ledger;
    private final AdapterDeliveries deliveries;
    private final EmailMetrics metrics;
    private final Clock clock;

    BouncedMails(MailLedger ledger, AdapterDeliveries deliveries, EmailMetrics metrics, Clock clock) {
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Outcome bounced(Bounce bounce) {
        Outcome outcome = apply(bounce);
        metrics.bounce(outcome.name().toLowerCase(java.util.Locale.ROOT));
        return outcome;
    }

    private Outcome apply(Bounce bounce) {
        for (int tries = 0; tries < 3; tries++) {
            Document delivery = find(bounce);
            Document mail = delivery == null ? null : delivery.get(MailLedger.FIELD, Document.class);
            if (mail == null) {
                log.info("Bounce for {} ({}) matches no mail of this adapter", bounce.recipient(), bounce.messageId());
                return Outcome.UNMATCHED;
            }
            int attempt = mail.getInteger("attempt", 0);
            String state = mail.getString("state");
            switch (state) {
                case MailLedger.SENT, MailLedger.SENDING, MailLedger.WAITING -> {
                    Document record = new Document("status", bounce.status()).append("diagnostic", bounce.diagnostic())
                            .append("recipient", bounce.recipient()).append("at", Date.from(clock.instant()));
                    if (!ledger.bounced(delivery.getString("_id"), attempt, state, record)) {
                        continue; // the grace sweep or the sender moved it meanwhile: look again
                    }
                    reportBounce(deliveries, delivery, attempt, record);
                    log.warn("Delivery {} attempt {}: the mail to {} bounced ({} {})", delivery.getString("_id"), attempt,
                            bounce.recipient(), bounce.status(), bounce.diagnostic());
                    return Outcome.MATCHED;
                }
                case MailLedger.BOUNCED -> {
                    // The same report again, or our FAILED was lost in a crash after the mail was marked: report again.
                    return reportBounce(deliveries, delivery, attempt, mail.get("bounce", Document.class))
                            ? Outcome.MATCHED : Outcome.DUPLICATE;
                }
                case MailLedger.CONFIRMED -> {
                    log.warn("Delivery {} attempt {}: a bounce came after the grace ended (already PUBLISHED): {} {}",
                            delivery.getString("_id"), attempt, bounce.status(), bounce.diagnostic());
                    return Outcome.LATE;
                }
                default -> {
                    return Outcome.UNMATCHED;
                }
            }
        }
        return Outcome.DUPLICATE;
    }

    private Document find(Bounce bounce) {
        if (bounce.messageId() != null) {
            Document found = ledger.findByMessageId(bounce.messageId());
            if (found != null) {
                return found;
            }
        }
        if (bounce.deliveryId() != null) {
            // The Message-ID found nothing (a relay may rewrite it): the delivery header, with its attempt header.
            Document found = ledger.read(bounce.deliveryId());
            Integer attempt = bounce.attempt() != null ? bounce.attempt()
                    : found == null ? null : found.getInteger("attempt", 1);
            Document mail = attempt == null ? null : MailLedger.mailOf(found, attempt);
            boolean earlierAttempt = bounce.attempt() == null && bounce.messageId() != null && mail != null
                    && !bounce.messageId().equals(mail.getString("messageId"));
            if (mail != null && !earlierAttempt) {
                return found;
            }
        }
        return bounce.verpToken() == null ? null : ledger.findByVerp(bounce.verpToken());
    }

    /** FAILED {@code EMAIL_BOUNCED} with the report's diagnostic; false if the status did not move (already there). */
    static boolean reportBounce(AdapterDeliveries deliveries, Document delivery, int attempt, Document bounce) {
        String status = bounce == null ? null : bounce.getString("status");
        String diagnostic = bounce == null ? null : bounce.getString("diagnostic");
        String recipient = bounce == null ? null : bounce.getString("recipient");
        String detail = (status == null ? "" : status + " ") + (diagnostic == null ? "" : diagnostic);
        String reason = Reasons.cut("Thư bị trả lại, không đến được hộp thư" + (recipient == null ? "" : " " + recipient)
                + ": " + detail.strip() + " Kiểm tra địa chỉ trong danh bạ rồi gửi lại. / The mail bounced: "
                + detail.strip());
        return deliveries.report(MailLedger.ref(delivery, attempt), DeliveryStatus.FAILED, "EMAIL_BOUNCED", reason,
                delivery.get(MailLedger.FIELD, Document.class).getString("messageId"), null, null,
                update -> update.unset("mail.graceUntil"));
    }
}
