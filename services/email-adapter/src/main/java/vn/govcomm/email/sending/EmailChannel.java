package vn.govcomm.email.sending;

import vn.govcomm.kit.kafka.ConcurrentChange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.email.composing.Mailboxes;
import vn.govcomm.email.composing.NoticeMail;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.RetryLater;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * The e-mail channel: each delivery becomes one mail to the endpoint's mailbox, sent through the relay
 * ({@code spring.mail.*}).
 *
 * <p>Statuses: the relay's 250 → ACCEPTED {@code EMAIL_RELAYED} (the relay took it; the mailbox may still refuse
 * it), then PUBLISHED when {@code bounce-grace} passed without a bounce ({@link BounceGrace}) or FAILED
 * {@code EMAIL_BOUNCED} when one came ({@link BouncedMails}); a 5xx → FAILED {@code EMAIL_REJECTED}; a 4xx, no
 * connection or no answer → the kit's durable retry ({@link RetryLater} {@code EMAIL_RELAY_UNAVAILABLE}); an address
 * that is not a mailbox → FAILED {@code EMAIL_ADDRESS_INVALID}, nothing sent.
 *
 * <p>At most one mail per attempt, except in one window the adapter cannot see into: every send is claimed in the
 * {@link MailLedger} (SENDING, with a lease) before the relay is called, and its answer recorded right after. A
 * Kafka redelivery or a retry finds the claim and does not send; only a claim whose lease ran out without an answer
 * recorded (the process died mid-send, or the relay took the message but its 250 never arrived) is sent again, with
 * the same Message-ID, so the copy is recognisable as such.
 */
@Component
class EmailChannel implements ChannelAdapter {

    static final String RELAYED = "EMAIL_RELAYED";
    static final String REJECTED = "EMAIL_REJECTED";
    static final String RELAY_UNAVAILABLE = "EMAIL_RELAY_UNAVAILABLE";
    static final String SEND_UNCONFIRMED = "EMAIL_SEND_UNCONFIRMED";
    static final String ADDRESS_INVALID = "EMAIL_ADDRESS_INVALID";

    private static final Logger log = LoggerFactory.getLogger(EmailChannel.class);

    private final DeliveryRequestDispatcher dispatcher;
    private final AdapterDeliveries deliveries;
    private final MailLedger ledger;
    private final NoticeMail composer;
    private final JavaMailSenderImpl relay;
    private final DeliveryProperties properties;
    private final EmailMetrics metrics;
    private final Clock clock;

    EmailChannel(DeliveryRequestDispatcher dispatcher, AdapterDeliveries deliveries, MailLedger ledger,
                 NoticeMail composer, JavaMailSenderImpl relay, DeliveryProperties properties, EmailMetrics metrics,
                 Clock clock) {
        this.dispatcher = dispatcher;
        this.deliveries = deliveries;
        this.ledger = ledger;
        this.composer = composer;
        this.relay = relay;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, groupId = "email-adapter")
    void on(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record, this);
    }

    @Override
    public void publish(DeliveryRequested request) {
        deliver(request);
    }

    /** The same attempt again (a Kafka redelivery, or the kit's retry): finish what is left, never mail twice. */
    @Override
    public void redelivered(DeliveryRequested request, AdapterDeliveries.Stored stored) {
        deliver(request);
    }

    private void deliver(DeliveryRequested request) {
        Document delivery = ledger.read(request.deliveryId());
        if (delivery == null || delivery.getInteger("attempt", 1) != request.attempt()) {
            return; // a newer attempt took over
        }
        DeliveryStatus status = DeliveryStatus.valueOf(delivery.getString("status"));
        Document mail = MailLedger.mailOf(delivery, request.attempt());
        Instant now = clock.instant();
        if (mail != null) {
            resume(request, delivery, status, mail, now);
            return;
        }
        if (status != DeliveryStatus.DISPATCHED && status != DeliveryStatus.RETRYING) {
            return;
        }
        Optional<String> problem = Mailboxes.problem(request.externalId());
        if (problem.isPresent()) {
            invalid(request, problem.get());
            return;
        }
        if (!ledger.claimFirst(request.deliveryId(), request.attempt(), composer.messageIdOf(request),
                composer.verpTokenOf(request), composer.envelopeFromOf(request), now, now.plus(properties.sendLease()))) {
            throw busy(); // another instance claimed it between our read and our claim
        }
        send(request, now);
    }

    private void resume(DeliveryRequested request, Document delivery, DeliveryStatus status, Document mail, Instant now) {
        String state = mail.getString("state");
        Document withdrawn = mail.get("withdrawn", Document.class);
        switch (state) {
            case MailLedger.SENT, MailLedger.CONFIRMED -> {
                if (status == DeliveryStatus.DISPATCHED || status == DeliveryStatus.RETRYING) {
                    accepted(request, mail.getString("messageId")); // the status write was what got lost
                }
            }
            case MailLedger.BOUNCED -> BouncedMails.reportBounce(deliveries, delivery, request.attempt(),
                    mail.get("bounce", Document.class));
            case MailLedger.SENDING -> {
                Date lease = mail.getDate("leaseUntil");
                if (lease != null && now.isBefore(lease.toInstant())) {
                    throw busy(); // sending now (or just before a crash): look again when the lease is over
                }
                if (withdrawn != null) {
                    reportWithdrawal(delivery, request.attempt(), withdrawn);
                    return;
                }
                if (!ledger.claimAgain(request.deliveryId(), request.attempt(), MailLedger.SENDING, lease,
                        now.plus(properties.sendLease()))) {
                    throw busy();
                }
                metrics.resent();
                log.warn("Delivery {} attempt {}: the outcome of an earlier send was never recorded (crash or lost "
                        + "answer); sending again with the same Message-ID {}", request.deliveryId(), request.attempt(),
                        mail.getString("messageId"));
                send(request, mail.getDate("date").toInstant());
            }
            case MailLedger.WAITING -> {
                if (withdrawn != null) {
                    reportWithdrawal(delivery, request.attempt(), withdrawn);
                    return;
                }
                if (status != DeliveryStatus.DISPATCHED && status != DeliveryStatus.RETRYING) {
                    return; // the kit gave up at the window's end (FAILED), or it was cancelled
                }
                if (!ledger.claimAgain(request.deliveryId(), request.attempt(), MailLedger.WAITING, null,
                        now.plus(properties.sendLease()))) {
                    throw busy();
                }
                send(request, mail.getDate("date").toInstant());
            }
            default -> {
                // REJECTED, INVALID (FAILED already reported with the mail state), WITHDRAWN: nothing to do
            }
        }
    }

    /** Talks to the relay for a claimed mail and records what it answered. */
    private void send(DeliveryRequested request, Instant date) {
        NoticeMail.Composed mail = composer.compose(request, relay.getSession(), date);
        long started = System.nanoTime();
        try {
            relay.send(mail.message());
        } catch (RuntimeException e) {
            RelayAnswer answer = RelayAnswer.of(e);
            if (answer.kind() == RelayAnswer.Kind.REJECTED) {
                metrics.sent("rejected", started);
                rejected(request, mail.messageId(), answer);
            } else {
                metrics.sent("unavailable", started);
                unavailable(request, answer);
            }
            return;
        }
        metrics.sent("relayed", started);
        Instant now = clock.instant();
        if (ledger.sent(request.deliveryId(), request.attempt(), now, now.plus(properties.bounceGrace()))) {
            accepted(request, mail.messageId());
            log.info("Delivery {} attempt {} relayed as {} to {}", request.deliveryId(), request.attempt(),
                    mail.messageId(), request.externalId());
        }
        // else: a bounce was matched while we waited for the 250 (it reported FAILED), or another instance's
        // resend recorded it first: nothing more to record.
    }

    private void accepted(DeliveryRequested request, String messageId) {
        deliveries.report(DeliveryRef.of(request), DeliveryStatus.ACCEPTED, RELAYED,
                "Máy chủ thư đã nhận thư; chờ " + Durations.vi(properties.bounceGrace())
                        + " xem có thư báo lỗi trả về không. / The mail relay accepted the message; waiting "
                        + Durations.en(properties.bounceGrace()) + " for a bounce.",
                messageId, null);
    }

    private void rejected(DeliveryRequested request, String messageId, RelayAnswer answer) {
        String reason = Reasons.cut("Máy chủ thư từ chối thư: " + answer.text()
                + " Kiểm tra địa chỉ hộp thư trong danh bạ rồi gửi lại. / The mail relay refused the message: "
                + answer.text() + " Check the mailbox address in the directory, then re-send.");
        boolean reported = deliveries.report(DeliveryRef.of(request), DeliveryStatus.FAILED, REJECTED, reason, messageId,
                null, null, update -> update.set("mail.state", MailLedger.REJECTED).set("mail.answer", answer.text())
                        .unset("mail.leaseUntil"));
        log.warn("Delivery {} attempt {}: the relay refused the mail to {}: {} (reported: {})", request.deliveryId(),
                request.attempt(), request.externalId(), answer.text(), reported);
    }

    private void unavailable(DeliveryRequested request, RelayAnswer answer) {
        Document after = ledger.waiting(request.deliveryId(), request.attempt(), answer.text());
        if (after == null) {
            return; // the mail moved on meanwhile (a bounce proved it was sent)
        }
        Document withdrawn = after.get(MailLedger.FIELD, Document.class).get("withdrawn", Document.class);
        if (withdrawn != null) {
            reportWithdrawal(after, request.attempt(), withdrawn); // retracted while we were trying: stop here
            return;
        }
        log.info("Delivery {} attempt {}: relay unavailable ({}); the kit retries it", request.deliveryId(),
                request.attempt(), answer.text());
        throw new RetryLater(RELAY_UNAVAILABLE, Reasons.cut("Chưa gửi được tới máy chủ thư (" + answer.text()
                + "); hệ thống sẽ tự gửi lại. / The mail relay could not take the message (" + answer.text()
                + "); it will be sent again automatically."));
    }

    private void invalid(DeliveryRequested request, String problem) {
        metrics.invalidAddress();
        String reason = Reasons.cut("Địa chỉ hộp thư không hợp lệ: \"" + request.externalId() + "\" (" + problem
                + "). Sửa địa chỉ trong danh bạ rồi gửi lại. / The mailbox address is not valid; fix it in the "
                + "directory and re-send.");
        deliveries.report(DeliveryRef.of(request), DeliveryStatus.FAILED, ADDRESS_INVALID, reason, null, null, null,
                update -> update.set(MailLedger.FIELD, new Document("attempt", request.attempt())
                        .append("state", MailLedger.INVALID).append("answer", problem)));
    }

    private RetryLater busy() {
        return new RetryLater(SEND_UNCONFIRMED, "Thư đang được gửi hoặc chưa rõ kết quả lần gửi trước; kiểm tra lại sau. "
                + "/ The mail is being sent, or the outcome of the last send is not known yet; checking again later.",
                properties.sendLease().plusSeconds(1));
    }

    /**
     * A mail cannot be unsent. Before anything went to the relay the delivery is CANCELLED (EXPIRED for
     * WINDOW_ENDED) and never sent; once a send started it is left as it is (it goes on to PUBLISHED or FAILED).
     */
    @Override
    public void retract(DeliveryRetracted retraction) {
        Document withdrawn = new Document("reason", retraction.reason().name())
                .append("at", Date.from(clock.instant()));
        for (int tries = 0; tries < 5; tries++) {
            Document delivery = ledger.read(retraction.deliveryId());
            if (delivery == null) {
                return; // never requested here
            }
            int attempt = delivery.getInteger("attempt", 1);
            Document mail = MailLedger.mailOf(delivery, attempt);
            String state = mail == null ? null : mail.getString("state");
            Document after = ledger.withdraw(retraction.deliveryId(), attempt, state, withdrawn);
            if (after == null) {
                continue; // it moved between our read and our write: read again
            }
            if (MailLedger.SENDING.equals(state) || MailLedger.SENT.equals(state) || MailLedger.CONFIRMED.equals(state)
                    || MailLedger.BOUNCED.equals(state)) {
                metrics.retraction("already-sent");
                log.info("Delivery {} retracted ({}) after its mail went to the relay; a mail cannot be unsent, the "
                        + "delivery keeps its status", retraction.deliveryId(), retraction.reason());
                return;
            }
            metrics.retraction("withdrawn");
            reportWithdrawal(after, attempt, withdrawn);
            return;
        }
        throw new ConcurrentChange("Delivery " + retraction.deliveryId() + " kept changing; retried by Kafka");
    }

    private void reportWithdrawal(Document delivery, int attempt, Document withdrawn) {
        String reason = withdrawn.getString("reason");
        DeliveryStatus status = DeliveryRetracted.Reason.WINDOW_ENDED.name().equals(reason) ? DeliveryStatus.EXPIRED
                : DeliveryStatus.CANCELLED;
        String text = status == DeliveryStatus.EXPIRED
                ? "Hết thời gian đăng trước khi gửi được thư; thư không được gửi. / The window ended before the mail "
                + "could be sent; it was not sent."
                : "Đã huỷ trước khi gửi thư; thư không được gửi. / Withdrawn before the mail was sent; it was not sent.";
        deliveries.report(MailLedger.ref(delivery, attempt), status, reason, text, null, null, null,
                update -> update.unset("mail.graceUntil"));
    }

    /** Durations as people read them. */
    static final class Durations {
        private Durations() {
        }

        static String vi(Duration d) {
            return d.toSeconds() % 60 == 0 ? d.toMinutes() + " phút" : d.toSeconds() + " giây";
        }

        static String en(Duration d) {
            return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
        }
    }
}
