package vn.govcomm.notification.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.notification.directory.Agency;
import vn.govcomm.notification.directory.Directory;
import vn.govcomm.notification.mail.Mailer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends what is due, one notification at a time: claim (SENDING, leased), resolve the mailbox, compose, send with
 * the deterministic Message-ID, record the outcome and its event. An agency without a mailbox → FAILED "no
 * mailbox in the directory"; a relay that cannot take the mail now → RETRYING with backoff (durable: the next
 * attempt's time is in the document); a permanent SMTP refusal → FAILED with the server's reply.
 * <p>
 * <b>At-least-once window.</b> A crash after the relay accepted a mail and before the outcome was written leaves
 * the notification SENDING; when its lease ends another attempt sends it again, with the same Message-ID (mail
 * systems that deduplicate on Message-ID show it once). Nothing else sends twice: a SENT or FAILED notification is
 * never claimed again, and the id is the same for the same round and recipient.
 */
@Component
public class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    static final String NO_MAILBOX = "Không có hộp thư trong danh bạ / no mailbox in the directory";

    private final Notifications notifications;
    private final Directory directory;
    private final Mailer mailer;
    private final Letters letters;
    private final NotificationEvents events;
    private final NotificationProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicBoolean relayDown = new AtomicBoolean();

    NotificationSender(Notifications notifications, Directory directory, Mailer mailer, Letters letters,
                       NotificationEvents events, NotificationProperties properties, Clock clock, MeterRegistry meters) {
        this.notifications = notifications;
        this.directory = directory;
        this.mailer = mailer;
        this.letters = letters;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** Sends up to {@code max} notifications due at {@code now}; returns how many were attempted. */
    public int sendDue(Instant now, String owner, int max) {
        int attempted = 0;
        while (attempted < max) {
            Notification n = notifications.claimNext(now, properties.scheduler().sendLease(), owner);
            if (n == null) {
                break;
            }
            attempted++;
            send(n);
        }
        return attempted;
    }

    private void send(Notification n) {
        long claimed = n.version();
        Map<String, Agency> agencies = agencies(n);
        List<String> to = n.audience() == Notification.Audience.OBSERVER ? n.recipients()
                : mailbox(agencies.get(n.recipientAgencyId()));
        Instant now = clock.instant();
        if (to.isEmpty()) {
            n.failed(NO_MAILBOX, now);
            finish(n, claimed, now);
            return;
        }
        n.recipientsAre(to);
        String messageId = "<" + n.id() + "@" + properties.messageIdDomain() + ">";
        n.messageIdIs(messageId);
        Letters.Letter letter = letters.compose(n, agencies, now);
        try {
            mailer.send(new Mailer.Envelope(messageId, to, letter.subject(), letter.text(), letter.html(), now));
            if (relayDown.compareAndSet(true, false)) {
                log.info("The SMTP relay takes mail again");
            }
            n.sent(to.getFirst(), messageId, clock.instant());
            finish(n, claimed, clock.instant());
        } catch (Mailer.MailFailure failure) {
            if (failure.permanent()) {
                log.warn("Notification {} to {} refused for good: {}", n.id(), to, failure.reason());
                n.failed(failure.reason(), clock.instant());
                finish(n, claimed, clock.instant());
                return;
            }
            if (relayDown.compareAndSet(false, true)) {
                log.warn("The SMTP relay cannot take mail now ({}); notifications wait and are retried with backoff "
                        + "(govcomm.notifications.waiting)", failure.reason());
            } else {
                log.debug("Notification {} deferred: {}", n.id(), failure.reason());
            }
            meters.counter("govcomm.notifications.deferred", "kind", n.kind().name()).increment();
            n.retryAt(clock.instant().plus(properties.retry().after(n.attempts())), failure.reason());
            write(n, claimed, List.of());
        }
    }

    private void finish(Notification n, long claimed, Instant now) {
        if (write(n, claimed, List.of(events.sent(n, now)))) {
            Counter.builder("govcomm.notifications.sent").tag("kind", n.kind().name())
                    .tag("outcome", n.outcome().toLowerCase(Locale.ROOT))
                    .description("Notifications that reached an outcome (sent or failed)").register(meters).increment();
        }
    }

    private boolean write(Notification n, long claimed, List<OutgoingEvent> out) {
        try {
            notifications.record(n, claimed, out);
            return true;
        } catch (OptimisticLockingFailureException lost) {
            // Our lease ran out and another instance claimed it meanwhile: its attempt decides the outcome.
            log.warn("Notification {} was claimed by another instance while this one sent it; its outcome is theirs", n.id());
            return false;
        }
    }

    /** The recipient agency, the issuing agency and, for summaries, every agency listed: one query. */
    private Map<String, Agency> agencies(Notification n) {
        Set<String> ids = new LinkedHashSet<>();
        if (n.recipientAgencyId() != null) {
            ids.add(n.recipientAgencyId());
        }
        if (n.issuingAgencyId() != null) {
            ids.add(n.issuingAgencyId());
        }
        n.shortfalls().forEach(s -> ids.add(s.agencyId()));
        return directory.find(new ArrayList<>(ids));
    }

    private static List<String> mailbox(Agency agency) {
        return agency == null || agency.mailbox() == null ? List.of() : List.of(agency.mailbox());
    }
}
