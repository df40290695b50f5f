package vn.govcomm.email;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.mail.ReceivedMail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounces come back as RFC 3464 reports to the bounce mailbox, which the adapter reads over IMAP: a bounce within
 * the grace fails the delivery with the report's diagnostic; one after the grace changes nothing.
 */
class MailBounceIntegrationTests extends EmailAdapterTestSupport {

    @Autowired MeterRegistry meters;

    @Test
    void aBounceReadFromTheBounceMailboxFailsTheDeliveryWithTheDiagnostic() {
        // Given a mailbox the relay accepts mail for but the next hop refuses (the fake bounces it right away)
        String id = newId("dlv-bounce");
        String address = mailbox("bounce");

        send(request(id, address));

        // Then the report reaches the bounce mailbox and the delivery fails with what it says
        awaitStatus(id, "FAILED");
        assertThat(MAIL.bounces()).anySatisfy(b -> {
            assertThat(b.recipient()).isEqualTo(address);
            assertThat(b.returnedTo()).isEqualTo(BOUNCES);
        });
        JsonNode failed = statusEvent(id, "FAILED");
        assertThat(failed.path("reasonCode").asString()).isEqualTo("EMAIL_BOUNCED");
        assertThat(failed.path("reason").asString()).contains(address).contains("5.1.1").contains("User unknown");
        Document mail = delivery(id).get("mail", Document.class);
        assertThat(mail.getString("state")).isEqualTo("BOUNCED");
        assertThat(mail.get("graceUntil")).isNull();

        // And the grace passing later does not turn it PUBLISHED
        CLOCK.advance(Duration.ofSeconds(21));
        String other = newId("dlv-after-bounce");
        send(request(other, mailbox("vanthu")));
        awaitStatus(other, "ACCEPTED");
        CLOCK.advance(Duration.ofSeconds(21));
        awaitStatus(other, "PUBLISHED");
        assertThat(status(id)).isEqualTo("FAILED");
    }

    @Test
    void aBounceAfterTheGraceIsCountedLateAndChangesNothing() throws Exception {
        String id = newId("dlv-late");
        String address = mailbox("vanthu");
        send(request(id, address));
        awaitStatus(id, "ACCEPTED");
        CLOCK.advance(Duration.ofSeconds(21));
        awaitStatus(id, "PUBLISHED");
        double late = meters.counter("govcomm.email.bounces", "outcome", "late").count();

        // When the mailbox's server bounces it much later anyway (a report naming the original Message-ID)
        ReceivedMail original = mailsTo(address).getFirst();
        mailReport(address, original);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                meters.counter("govcomm.email.bounces", "outcome", "late").count() > late);
        assertThat(status(id)).isEqualTo("PUBLISHED");
    }

    /** A Postfix-style report about {@code recipient} to the bounce mailbox, returning the original's headers. */
    private static void mailReport(String recipient, ReceivedMail original) throws Exception {
        String headers = original.rawText().substring(0, original.rawText().indexOf("\r\n\r\n") + 2);
        String raw = "From: Mail Delivery System <MAILER-DAEMON@mx.soyte.khanhhoa.gov.vn>\r\n"
                + "To: " + BOUNCES + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nMailbox full for a week.\r\n"
                + "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.soyte.khanhhoa.gov.vn\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\nAction: failed\r\nStatus: 5.2.2\r\n"
                + "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n\r\n"
                + "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n" + headers
                + "--b1--\r\n";
        Properties props = new Properties();
        props.put("mail.smtp.host", MAIL.host());
        props.put("mail.smtp.port", String.valueOf(MAIL.smtpPort()));
        props.put("mail.smtp.from", "mailer-daemon@mx.soyte.khanhhoa.gov.vn");
        Session session = Session.getInstance(props);
        MimeMessage report = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        Transport.send(report);
    }
}
