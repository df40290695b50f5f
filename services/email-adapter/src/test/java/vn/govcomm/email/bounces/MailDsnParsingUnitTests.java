package vn.govcomm.email.bounces;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports as Postfix and Exchange write them, and what is not a report. */
class MailDsnParsingUnitTests {

    private static final Session SESSION = Session.getInstance(new Properties());

    @Test
    void readsTheFailedRecipientTheDiagnosticAndTheReturnedHeaders() throws Exception {
        DeliveryStatusNotification report = DeliveryStatusNotification.read(message(
                "To: bounces+dlv-9.2@govcomm.local\r\n"
                        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
                        + "--b\r\nContent-Type: text/plain\r\n\r\nSorry.\r\n"
                        + "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
                        + "Reporting-MTA: dns; mx.example.vn\r\nArrival-Date: Mon, 2 Mar 2026 09:00:00 +0700\r\n\r\n"
                        + "Final-Recipient: rfc822; hopthu@soyte.gov.vn\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                        + "Diagnostic-Code: smtp; 550 5.1.1 <hopthu@soyte.gov.vn>: Recipient address\r\n"
                        + "    rejected: User unknown\r\n\r\n"
                        + "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                        + "Message-ID: <dlv-9.2@sonoivu.gov.vn>\r\nX-GovComm-Delivery: dlv-9\r\nX-GovComm-Attempt: 2\r\n"
                        + "Subject: =?UTF-8?B?VGjDtG5nIGLDoW8=?=\r\n\r\n"
                        + "--b--\r\n"));

        assertThat(report.isReport()).isTrue();
        DeliveryStatusNotification.RecipientStatus failed = report.firstFailed();
        assertThat(failed.recipient()).isEqualTo("hopthu@soyte.gov.vn");
        assertThat(failed.status()).isEqualTo("5.1.1");
        assertThat(failed.diagnostic()).isEqualTo("550 5.1.1 <hopthu@soyte.gov.vn>: Recipient address rejected: User unknown");
        assertThat(report.originalMessageId()).isEqualTo("<dlv-9.2@sonoivu.gov.vn>");
        assertThat(report.deliveryId()).isEqualTo("dlv-9");
        assertThat(report.attempt()).isEqualTo(2);
        assertThat(report.addressedTo()).containsExactly("bounces+dlv-9.2@govcomm.local");
    }

    @Test
    void aDelayReportIsNotAFailureAndTheWholeOriginalIsReadToo() throws Exception {
        DeliveryStatusNotification report = DeliveryStatusNotification.read(message(
                "To: bounces@govcomm.local\r\n"
                        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
                        + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
                        + "Final-Recipient: rfc822;a@b.vn\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n"
                        + "--b\r\nContent-Type: message/rfc822\r\n\r\n"
                        + "Message-ID: <dlv-1.1@x.vn>\r\nSubject: hi\r\n\r\nbody\r\n"
                        + "--b--\r\n"));
        assertThat(report.isReport()).isTrue();
        assertThat(report.firstFailed()).isNull();
        assertThat(report.originalMessageId()).isEqualTo("<dlv-1.1@x.vn>");
    }

    @Test
    void anAutoReplyQuotingTheNoticeIsNotAReport() throws Exception {
        DeliveryStatusNotification reply = DeliveryStatusNotification.read(message(
                "To: bounces@govcomm.local\r\nIn-Reply-To: <dlv-1.1@x.vn>\r\nAuto-Submitted: auto-replied\r\n"
                        + "Content-Type: text/plain; charset=UTF-8\r\n\r\nTôi đang nghỉ phép.\r\n"));
        assertThat(reply.isReport()).isFalse();
    }

    private static MimeMessage message(String raw) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(("From: MAILER-DAEMON@mx.vn\r\nSubject: x\r\n"
                + "MIME-Version: 1.0\r\n" + raw).getBytes(StandardCharsets.UTF_8)));
    }
}
