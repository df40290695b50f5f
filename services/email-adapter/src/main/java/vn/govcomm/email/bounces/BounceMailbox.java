package vn.govcomm.email.bounces;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.govcomm.email.composing.MessageIds;
import vn.govcomm.email.sending.BouncedMails;
import vn.govcomm.email.sending.EmailMetrics;

import java.io.IOException;
import java.util.Properties;

/**
 * Reads the bounce mailbox over IMAP every {@code poll-interval}: each unread message is parsed
 * ({@link DeliveryStatusNotification}); a report of a failed recipient goes to {@link BouncedMails}; then the message
 * is flagged \Seen (left in the folder, for the record). Content is fetched with PEEK, so a message is marked read
 * only after it was handled: a crash or a store outage in between leaves it unread for the next poll, and handling
 * it twice changes nothing. An unreachable mailbox is logged once per outage and counted.
 */
@Component
class BounceMailbox {

    private static final Logger log = LoggerFactory.getLogger(BounceMailbox.class);

    private final BounceProperties properties;
    private final BouncedMails bounces;
    private final EmailMetrics metrics;
    private volatile boolean failing;

    BounceMailbox(BounceProperties properties, BouncedMails bounces, EmailMetrics metrics) {
        this.properties = properties;
        this.bounces = bounces;
        this.metrics = metrics;
        if (!properties.enabled()) {
            log.info("No bounce mailbox (govcomm.email.bounces.host): bounces are not read; relayed mails become "
                    + "PUBLISHED when the bounce grace ends");
        }
    }

    @Scheduled(fixedDelayString = "${govcomm.email.bounces.poll-interval:60s}",
            initialDelayString = "${govcomm.email.bounces.poll-interval:60s}")
    void scheduled() {
        if (properties.enabled()) {
            poll();
        }
    }

    /** Reads the folder once; returns how many unread messages were handled. */
    int poll() {
        Store store = null;
        int handled = 0;
        try {
            store = session().getStore(properties.protocol());
            store.connect(properties.host(), properties.port(), properties.user(), properties.password());
            Folder folder = store.getFolder(properties.folder());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message message : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    handle((MimeMessage) message);
                    message.setFlag(Flags.Flag.SEEN, true);
                    handled++;
                }
            } finally {
                folder.close(false);
            }
            metrics.bouncePoll(true);
            if (failing) {
                failing = false;
                log.info("Bounce mailbox {}:{} readable again", properties.host(), properties.port());
            }
        } catch (RuntimeException e) {
            metrics.bouncePoll(false); // e.g. the store is down: the message stays unread, handled next time
            log.warn("Bounce mailbox poll stopped after {} message(s): {}", handled, e.toString());
        } catch (MessagingException | IOException e) {
            metrics.bouncePoll(false);
            if (!failing) {
                failing = true;
                log.warn("Bounce mailbox {}:{} cannot be read ({}); bounces wait there until it can",
                        properties.host(), properties.port(), e.toString());
            }
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (MessagingException ignored) {
                    // closing a broken connection
                }
            }
        }
        return handled;
    }

    private void handle(MimeMessage message) throws MessagingException, IOException {
        DeliveryStatusNotification report = DeliveryStatusNotification.read(message);
        if (!report.isReport()) {
            metrics.bounce("not-a-report");
            return;
        }
        DeliveryStatusNotification.RecipientStatus failed = report.firstFailed();
        if (failed == null) {
            metrics.bounce("delayed"); // "delayed" / "delivered" / "relayed" reports: not a failure (yet)
            return;
        }
        String verp = report.addressedTo().stream().map(MessageIds::verpTokenOf).filter(t -> t != null).findFirst()
                .orElse(null);
        bounces.bounced(new BouncedMails.Bounce(report.originalMessageId(), report.deliveryId(), report.attempt(), verp,
                failed.recipient(), failed.status(), failed.diagnostic()));
    }

    private Session session() {
        String protocol = properties.protocol();
        Properties props = new Properties();
        String timeout = String.valueOf(properties.timeout().toMillis());
        props.put("mail." + protocol + ".connectiontimeout", timeout);
        props.put("mail." + protocol + ".timeout", timeout);
        props.put("mail." + protocol + ".writetimeout", timeout);
        props.put("mail." + protocol + ".peek", "true"); // reading a message must not mark it \Seen
        if (properties.starttls()) {
            props.put("mail." + protocol + ".starttls.enable", "true");
            props.put("mail." + protocol + ".starttls.required", "true");
        }
        return Session.getInstance(props);
    }
}
