package vn.govcomm.email;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.fakes.mail.ReceivedMail;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery becomes one mail on a real SMTP server, read back as a recipient would: headers, UTF-8 Vietnamese,
 * both parts, links; permanent refusals and bad addresses fail at once; retractions before and after the send.
 */
class MailDeliveryIntegrationTests extends EmailAdapterTestSupport {

    @Test
    void mailsTheNoticeWithItsHeadersUtf8SubjectAndBodyBothPartsAndAttachmentLinks() {
        // Given a delivery to an agency's official mailbox
        String id = newId("dlv-mail");
        String address = mailbox("vanthu");

        // When it is requested
        send(request(id, address));

        // Then exactly one mail arrives, from the official sender, with the delivery's headers
        awaitStatus(id, "ACCEPTED");
        ReceivedMail mail = awaitOneMail(address);
        String messageId = "<" + id + ".1@sonoivu.khanhhoa.gov.vn>";
        assertThat(mail.from()).isEqualTo("Sở Nội vụ tỉnh Khánh Hòa <noreply@sonoivu.khanhhoa.gov.vn>");
        assertThat(mail.to()).containsExactly(address);
        assertThat(mail.replyTo()).containsExactly(REPLY_TO);
        assertThat(mail.subject()).isEqualTo("[SNV-CCHC-2026-09] " + TITLE);
        assertThat(mail.header("Subject")).as("RFC 2047 encoded on the wire").startsWith("=?UTF-8?");
        assertThat(mail.messageId()).isEqualTo(messageId);
        assertThat(mail.header("X-GovComm-Delivery")).isEqualTo(id);
        assertThat(mail.header("X-GovComm-Attempt")).isEqualTo("1");
        assertThat(mail.header("Auto-Submitted")).isEqualTo("auto-generated");
        assertThat(mail.envelopeFrom()).as("bounces go to the bounce mailbox").isEqualTo(BOUNCES);
        assertThat(mail.date()).isEqualTo(CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(mail.contentType()).startsWith("multipart/alternative");
        assertThat(mail.text()).contains(TITLE).contains("Thời gian khảo sát: từ tháng 9 đến tháng 11/2026.")
                .contains("Kế hoạch số 12-KH-SNV.pdf")
                .contains("https://govcomm.khanhhoa.gov.vn/api/campaigns/cmp-khaosat-2026/attachments/att-1")
                .contains("đăng nhập").contains("Mã gửi / Delivery: " + id);
        assertThat(mail.html()).contains("<strong>thông báo rộng rãi</strong>")
                .contains("<a href=\"https://govcomm.khanhhoa.gov.vn/api/campaigns/cmp-khaosat-2026/attachments/att-1\">"
                        + "Kế hoạch số 12-KH-SNV.pdf</a>")
                .contains("Hạn thực hiện / Deadline");
        assertThat(mail.attachments()).as("files stay behind the sign-in: linked, not attached").isEmpty();

        // And the status says the relay took it, naming the Message-ID
        JsonNode accepted = statusEvents(id, 1).getFirst();
        assertThat(accepted.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(accepted.path("reasonCode").asString()).isEqualTo("EMAIL_RELAYED");
        assertThat(accepted.path("externalRef").asString()).isEqualTo(messageId);
        assertThat(accepted.path("reason").asString()).contains("20 giây").contains("20 s");
    }

    @Test
    void anAddressThatIsNotAMailboxFailsWithoutAnythingSent() {
        String id = newId("dlv-invalid");
        int before = MAIL.messages().size();

        send(request(id, "van thu@soyte")); // a space, no dot in the domain

        awaitStatus(id, "FAILED");
        JsonNode failed = statusEvents(id, 1).getFirst();
        assertThat(failed.path("reasonCode").asString()).isEqualTo("EMAIL_ADDRESS_INVALID");
        assertThat(failed.path("reason").asString()).contains("van thu@soyte");
        assertThat(MAIL.messages()).hasSize(before)
                .noneMatch(m -> id.equals(m.header("X-GovComm-Delivery")));
        assertThat(delivery(id).get("mail", Document.class).getString("state")).isEqualTo("INVALID");
    }

    @Test
    void aRecipientTheRelayRefusesFailsAtOnceWithTheSmtpAnswerAndIsNotRetried() {
        String id = newId("dlv-reject");
        String address = mailbox("reject");

        send(request(id, address));

        awaitStatus(id, "FAILED");
        JsonNode failed = statusEvents(id, 1).getFirst();
        assertThat(failed.path("reasonCode").asString()).isEqualTo("EMAIL_REJECTED");
        assertThat(failed.path("reason").asString()).contains("550").contains("User unknown");
        assertThat(MAIL.rejectedRecipients()).contains(address);
        assertThat(mailsTo(address)).isEmpty();
        Document doc = delivery(id);
        assertThat(doc.get("retry")).as("nothing to retry").isNull();
        assertThat(doc.get("mail", Document.class).getString("state")).isEqualTo("REJECTED");
    }

    @Test
    void aRetractionBeforeTheMailCouldBeSentCancelsItAndItIsNeverSent() {
        // Given a delivery waiting for a relay that is down
        String id = newId("dlv-cancel");
        String address = mailbox("vanthu");
        ObjectNode request = request(id, address);
        MAIL.stopMail();
        try {
            send(request);
            awaitStatus(id, "RETRYING");

            // When the campaign is cancelled
            sendEvent(RETRACTED, retraction(request, "CAMPAIGN_CANCELLED"));
            awaitStatus(id, "CANCELLED");
        } finally {
            MAIL.startMail();
        }

        // Then the wait is over and, once a later mail on the same endpoint went out, this one still was not sent
        Document doc = delivery(id);
        assertThat(doc.get("retry")).isNull();
        assertThat(doc.get("mail", Document.class).getString("state")).isEqualTo("WAITING");
        assertThat(doc.get("mail", Document.class).get("withdrawn", Document.class).getString("reason"))
                .isEqualTo("CAMPAIGN_CANCELLED");
        String later = newId("dlv-later");
        ObjectNode next = request(later, mailbox("vanthu"));
        next.put("endpointId", request.path("endpointId").asString());
        send(next);
        awaitStatus(later, "ACCEPTED");
        assertThat(mailsTo(address)).isEmpty();
        List<String> statuses = statusEvents(id, 2).stream().map(e -> e.path("status").asString()).toList();
        assertThat(statuses).containsExactly("RETRYING", "CANCELLED");
    }

    @Test
    void aRetractionAfterTheMailWentOutCannotUnsendItAndTheDeliveryKeepsItsCourse() {
        String id = newId("dlv-late-cancel");
        String address = mailbox("vanthu");
        ObjectNode request = request(id, address);
        send(request);
        awaitStatus(id, "ACCEPTED");

        sendEvent(RETRACTED, retraction(request, "CAMPAIGN_CANCELLED"));

        // The retraction is recorded on the mail, the status is not moved back, and the grace still ends in PUBLISHED
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(delivery(id).get("mail", Document.class).get("withdrawn")).isNotNull());
        assertThat(status(id)).isEqualTo("ACCEPTED");
        CLOCK.advance(Duration.ofSeconds(21));
        awaitStatus(id, "PUBLISHED");
        assertThat(mailsTo(address)).hasSize(1);
    }

    @Test
    void aRequestForAnotherChannelIsDeadLetteredAndNothingIsSent() {
        String id = newId("dlv-wrong");
        ObjectNode request = request(id, mailbox("vanthu"));
        request.put("channel", "portal");

        send(request);

        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.read(KAFKA.bootstrapServers(),
                "delivery.requests.email.DLT", r -> new String(r.value()).contains(id), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(delivery(id)).isNull();
    }
}
