package vn.govcomm.email.sending;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.email.EmailAdapterTestSupport;
import vn.govcomm.email.composing.NoticeMail;
import vn.govcomm.fakes.mail.ReceivedMail;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.RetryLater;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing is mailed twice for the same attempt: a Kafka redelivery finds the mail recorded; a send whose outcome was
 * never recorded (the process died mid-send) is repeated only once its lease ran out, with the same Message-ID; an
 * officer's re-send is a new attempt and a new mail.
 */
class MailRedeliveryIntegrationTests extends EmailAdapterTestSupport {

    @Autowired EmailChannel channel;
    @Autowired MailLedger ledger;
    @Autowired NoticeMail composer;
    @Autowired AdapterDeliveries deliveries;
    @Autowired MeterRegistry meters;

    @Test
    void aRedeliveredRequestOfTheSameAttemptMailsNothingAgain() {
        String id = newId("dlv-dup");
        String address = mailbox("vanthu");
        ObjectNode request = request(id, address);
        send(request);
        awaitStatus(id, "ACCEPTED");

        // When the same request comes again (a redelivery), followed by another one on the same endpoint (partition)
        send(request);
        String next = newId("dlv-next");
        ObjectNode sentinel = request(next, mailbox("vanthu"));
        sentinel.put("endpointId", request.path("endpointId").asString());
        send(sentinel);
        awaitStatus(next, "ACCEPTED");

        // Then the redelivery, handled before the later request, sent nothing
        assertThat(mailsTo(address)).hasSize(1);
        assertThat(delivery(id).get("mail", Document.class).getInteger("tries")).isEqualTo(1);
        assertThat(statusEvents(id, 1)).extracting(e -> e.path("status").asString()).containsExactly("ACCEPTED");
    }

    @Test
    void aSendWhoseOutcomeWasNeverRecordedIsRepeatedOnlyAfterItsLeaseWithTheSameMessageId() {
        // Given a delivery whose send was claimed by a process that then died (no answer recorded)
        String id = newId("dlv-crash");
        String address = mailbox("vanthu");
        ObjectNode json = request(id, address);
        DeliveryRequested request = JSON.readValue(json.toString(), DeliveryRequested.class);
        assertThat(deliveries.accept(request, Document.parse(json.toString()))).isTrue();
        assertThat(ledger.claimFirst(id, 1, composer.messageIdOf(request), null, BOUNCES, CLOCK.instant(),
                CLOCK.instant().plus(Duration.ofSeconds(30)))).isTrue();
        AdapterDeliveries.Stored stored = deliveries.find(id).orElseThrow();
        double resends = meters.counter("govcomm.email.resends").count();

        // When it is redelivered within the lease, nothing is sent: it may still be on its way
        assertThatThrownBy(() -> channel.redelivered(request, stored)).isInstanceOf(RetryLater.class)
                .extracting(e -> ((RetryLater) e).reasonCode()).isEqualTo("EMAIL_SEND_UNCONFIRMED");
        assertThat(mailsTo(address)).isEmpty();

        // When the lease is over, it is sent again, recognisably the same mail
        CLOCK.advance(Duration.ofSeconds(31));
        channel.redelivered(request, stored);

        List<ReceivedMail> mails = mailsTo(address);
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().messageId()).isEqualTo("<" + id + ".1@sonoivu.khanhhoa.gov.vn>");
        assertThat(status(id)).isEqualTo("ACCEPTED");
        Document mail = delivery(id).get("mail", Document.class);
        assertThat(mail.getInteger("tries")).isEqualTo(2);
        assertThat(mail.getInteger("resends")).isEqualTo(1);
        assertThat(meters.counter("govcomm.email.resends").count()).isEqualTo(resends + 1);
    }

    @Test
    void anOfficersResendIsANewAttemptAndANewMail() {
        String id = newId("dlv-resend");
        String address = mailbox("vanthu");
        ObjectNode first = request(id, address);
        send(first);
        awaitStatus(id, "ACCEPTED");

        ObjectNode second = first.deepCopy();
        second.put("attempt", 2);
        send(second);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(address).size() == 2);
        assertThat(mailsTo(address)).extracting(ReceivedMail::messageId).containsExactly(
                "<" + id + ".1@sonoivu.khanhhoa.gov.vn>", "<" + id + ".2@sonoivu.khanhhoa.gov.vn>");
        awaitStatus(id, "ACCEPTED");
        assertThat(delivery(id).getInteger("attempt")).isEqualTo(2);
    }
}
