package vn.govcomm.fakes.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.activation.DataHandler;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.Http;

/** The mail fake over its real protocols: SMTP in, IMAP out, the viewer over HTTP. */
class FakeMailServerTests {

    private static final String SUBJECT = "[SNV-CCHC-2026-03] Khảo sát mức độ hài lòng – tỉnh Khánh Hòa";
    private static final String TEXT = "Đề nghị quý cơ quan đăng tải thông báo trên Bảng tin Bộ phận Một cửa.";
    private static final String HTML = "<p>Đề nghị quý cơ quan <b>đăng tải</b> thông báo.</p><script>alert('x')</script>";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private FakeMailServer mail;

    @BeforeEach
    void start() {
        mail = new FakeMailServer().ports(0, 0, 0).clock(clock).dsnDelay(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        mail.close();
    }

    @Test
    void acceptsMailForAnyRecipientWithUtf8SubjectBothPartsAndAttachments() throws Exception {
        // When a notice is mailed to a mailbox nobody created
        send(notice("vanthu@soyte.khanhhoa.gov.vn"), null);

        // Then it is in that mailbox, decoded as written
        List<ReceivedMail> received = mail.messagesTo("vanthu@soyte.khanhhoa.gov.vn");
        assertThat(received).hasSize(1);
        ReceivedMail notice = received.getFirst();
        assertThat(notice.subject()).isEqualTo(SUBJECT);
        assertThat(notice.from()).isEqualTo("Sở Nội vụ tỉnh Khánh Hòa <noreply@sonoivu.khanhhoa.gov.vn>");
        assertThat(notice.to()).containsExactly("vanthu@soyte.khanhhoa.gov.vn");
        assertThat(notice.text()).isEqualTo(TEXT);
        assertThat(notice.html()).isEqualTo(HTML);
        assertThat(notice.attachments()).extracting(ReceivedMail.Attachment::name).containsExactly("Kế hoạch.pdf");
        assertThat(notice.messageId()).isEqualTo("<dlv-1.1@govcomm.test>");
        assertThat(notice.header("X-GovComm-Delivery")).isEqualTo("dlv-1");
        assertThat(notice.envelopeFrom()).isEqualTo("noreply@sonoivu.khanhhoa.gov.vn");
        assertThat(notice.receivedAt()).isEqualTo(clock.instant());
        assertThat(notice.isDeliveryStatusNotification()).isFalse();
    }

    @Test
    void theMailboxOfAnyAddressOpensOverImapWithAnyPassword() throws Exception {
        send(notice("vanthu@soyte.khanhhoa.gov.vn"), null);

        Store store = imap().getStore("imap");
        store.connect(mail.host(), mail.imapPort(), "vanthu@soyte.khanhhoa.gov.vn", "whatever");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            assertThat(messages).hasSize(1);
            assertThat(messages[0].getSubject()).isEqualTo(SUBJECT);
            assertThat(messages[0].getHeader("X-GovComm-Delivery")).containsExactly("dlv-1");
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void rejectRecipientsGetAPermanent550AtRcptAndNothingIsKept() throws Exception {
        assertThatThrownBy(() -> send(notice("reject.me@soyte.khanhhoa.gov.vn"), null))
                .isInstanceOf(SendFailedException.class)
                .satisfies(e -> {
                    Exception next = ((MessagingException) e).getNextException();
                    assertThat(next).isInstanceOf(SMTPAddressFailedException.class);
                    assertThat(((SMTPAddressFailedException) next).getReturnCode()).isEqualTo(550);
                });
        assertThat(mail.rejectedRecipients()).containsExactly("reject.me@soyte.khanhhoa.gov.vn");
        assertThat(mail.messages()).isEmpty();
    }

    @Test
    void bounceRecipientsAreAcceptedThenReportedToTheEnvelopeSenderAsAnRfc3464Report() throws Exception {
        // Given a VERP-style envelope sender
        send(notice("bounce-hopthu@soyte.khanhhoa.gov.vn"), "bounces+dlv-1@govcomm.local");

        // Then the report lands in the base mailbox of the envelope sender, never the message in the recipient's
        await().atMost(Duration.ofSeconds(10)).until(() -> !mail.bounces().isEmpty());
        assertThat(mail.messagesTo("bounce-hopthu@soyte.khanhhoa.gov.vn")).isEmpty();
        SentBounce bounce = mail.bounces().getFirst();
        assertThat(bounce.recipient()).isEqualTo("bounce-hopthu@soyte.khanhhoa.gov.vn");
        assertThat(bounce.returnedTo()).isEqualTo("bounces+dlv-1@govcomm.local");
        assertThat(bounce.originalMessageId()).isEqualTo("<dlv-1.1@govcomm.test>");

        Store store = imap().getStore("imap");
        store.connect(mail.host(), mail.imapPort(), "bounces@govcomm.local", "secret");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.getMessageCount() == 1);
            MimeMessage report = (MimeMessage) inbox.getMessage(1);
            assertThat(report.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
            assertThat(report.getHeader("Auto-Submitted")).containsExactly("auto-replied");
            Multipart parts = (Multipart) report.getContent();
            assertThat(parts.getCount()).isEqualTo(3);
            assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
            assertThat(text(parts.getBodyPart(1))).contains("Final-Recipient: rfc822; bounce-hopthu@soyte.khanhhoa.gov.vn")
                    .contains("Action: failed").contains("Status: 5.1.1")
                    .contains("Diagnostic-Code: smtp; 550 5.1.1");
            assertThat(parts.getBodyPart(1).isMimeType("message/delivery-status")).isTrue();
            assertThat(parts.getBodyPart(2).isMimeType("text/rfc822-headers")).isTrue();
            assertThat(text(parts.getBodyPart(2))).contains("Message-ID: <dlv-1.1@govcomm.test>")
                    .contains("X-GovComm-Delivery: dlv-1").doesNotContain(TEXT);
            inbox.close(false);
        } finally {
            store.close();
        }
        assertThat(mail.messagesTo("bounces@govcomm.local").getFirst().isDeliveryStatusNotification()).isTrue();
    }

    @Test
    void theReturnPathMailboxAndItsVerpFormsAreOrdinaryMailboxes() throws Exception {
        send(notice("bounces@govcomm.local"), null);
        send(notice("bounces+dlv-1.1@govcomm.local"), null);

        assertThat(mail.messagesTo("bounces@govcomm.local")).hasSize(1);
        assertThat(mail.messagesTo("bounces+dlv-1.1@govcomm.local")).hasSize(1);
        assertThat(mail.bounces()).isEmpty();
    }

    @Test
    void scriptedTemporaryFailuresAndAStoppedServerAreTransientAndTheServerComesBackOnItsPorts() throws Exception {
        mail.failNextTransactions(1);
        assertThatThrownBy(() -> send(notice("vanthu@soyte.khanhhoa.gov.vn"), null))
                .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> assertThat(e.getReturnCode()).isEqualTo(451));
        send(notice("vanthu@soyte.khanhhoa.gov.vn"), null);

        int smtpPort = mail.smtpPort();
        mail.stopMail();
        assertThatThrownBy(() -> send(notice("vanthu@soyte.khanhhoa.gov.vn"), null))
                .isInstanceOf(MessagingException.class).hasRootCauseInstanceOf(ConnectException.class);

        mail.startMail();
        assertThat(mail.smtpPort()).isEqualTo(smtpPort);
        send(notice("vanthu@soyte.khanhhoa.gov.vn"), null);
        assertThat(mail.messagesTo("vanthu@soyte.khanhhoa.gov.vn")).hasSize(2);
    }

    @Test
    void theViewerListsNewestFirstAndShowsTheHtmlOnlyInASandbox() throws Exception {
        send(notice("vanthu@soyte.khanhhoa.gov.vn"), null);
        MimeMessage second = notice("vanthu@sotuphap.khanhhoa.gov.vn");
        second.setSubject("Thông báo thứ hai", "UTF-8");
        send(second, null);

        HttpResponse<String> list = Http.get(mail.viewerUrl() + "/");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
        assertThat(list.body()).contains(SUBJECT).contains("vanthu@soyte.khanhhoa.gov.vn");
        assertThat(list.body().indexOf("Thông báo thứ hai")).isLessThan(list.body().indexOf(SUBJECT));

        HttpResponse<String> one = Http.get(mail.viewerUrl() + "/messages/1");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'"));
        assertThat(one.body()).contains("<iframe sandbox").doesNotContain("<script>alert")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").contains("Kế hoạch.pdf")
                .contains("X-GovComm-Delivery").contains(TEXT);
        assertThat(Http.get(mail.viewerUrl() + "/messages/99").statusCode()).isEqualTo(404);

        JsonNode api = Http.json(Http.get(mail.viewerUrl() + "/api/messages"));
        assertThat(api.size()).isEqualTo(2);
        JsonNode newest = api.get(0);
        assertThat(newest.get("subject").asString()).isEqualTo("Thông báo thứ hai");
        JsonNode oldest = api.get(1);
        assertThat(oldest.get("to").get(0).asString()).isEqualTo("vanthu@soyte.khanhhoa.gov.vn");
        assertThat(oldest.get("from").asString()).isEqualTo("Sở Nội vụ tỉnh Khánh Hòa <noreply@sonoivu.khanhhoa.gov.vn>");
        assertThat(oldest.get("messageId").asString()).isEqualTo("<dlv-1.1@govcomm.test>");
        assertThat(oldest.get("text").asString()).isEqualTo(TEXT);
        assertThat(oldest.get("html").asString()).isEqualTo(HTML);
        assertThat(oldest.get("attachments").get(0).asString()).isEqualTo("Kế hoạch.pdf");
        assertThat(oldest.get("date").asString()).isEqualTo("2026-03-02T02:00:00Z");
        JsonNode filtered = Http.json(Http.get(mail.viewerUrl() + "/api/messages?to=vanthu@sotuphap.khanhhoa.gov.vn"));
        assertThat(filtered.size()).isEqualTo(1);
    }

    private Session smtp(String envelopeFrom) {
        Properties props = new Properties();
        props.put("mail.smtp.host", mail.host());
        props.put("mail.smtp.port", String.valueOf(mail.smtpPort()));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        if (envelopeFrom != null) {
            props.put("mail.smtp.from", envelopeFrom);
        }
        return Session.getInstance(props);
    }

    private Session imap() {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        return Session.getInstance(props);
    }

    private void send(MimeMessage message, String envelopeFrom) throws MessagingException {
        MimeMessage onSession = new MimeMessage(smtp(envelopeFrom), toStream(message)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<dlv-1.1@govcomm.test>");
            }
        };
        Transport.send(onSession);
    }

    private static InputStream toStream(MimeMessage message) throws MessagingException {
        return new java.io.ByteArrayInputStream(DeliveryStatusReports.bytes(message));
    }

    private MimeMessage notice(String to) throws Exception {
        MimeMessage message = new MimeMessage(smtp(null)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<dlv-1.1@govcomm.test>");
            }
        };
        message.setFrom(new InternetAddress("noreply@sonoivu.khanhhoa.gov.vn", "Sở Nội vụ tỉnh Khánh Hòa", "UTF-8"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(SUBJECT, "UTF-8");
        message.setSentDate(java.util.Date.from(clock.instant()));
        message.setHeader("X-GovComm-Delivery", "dlv-1");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(TEXT, "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(HTML, "UTF-8", "html");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource("%PDF-1.4".getBytes(StandardCharsets.US_ASCII),
                "application/pdf")));
        file.setFileName(jakarta.mail.internet.MimeUtility.encodeText("Kế hoạch.pdf", "UTF-8", null));
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        mixed.addBodyPart(file);
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    private static String text(BodyPart part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
