package vn.govcomm.email.composing;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.events.Attachment;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.Priority;
import vn.govcomm.contracts.events.Window;
import vn.govcomm.kit.files.MediaTypeSniffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailCompositionUnitTests {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Instant NOW = Instant.parse("2026-09-05T01:00:00Z");

    private final NoticeMail mail = new NoticeMail(new SenderProperties(
            "Sở Nội vụ tỉnh Khánh Hòa <noreply@sonoivu.khanhhoa.gov.vn>", "bounces@khanhhoa.gov.vn", false, null,
            Map.of("so-noi-vu", "vanthu@sonoivu.khanhhoa.gov.vn")));

    @Test
    void composesAMultipartAlternativeMailWithUtf8HeadersAndADeterministicMessageId() throws Exception {
        MimeMessage message = mail.compose(request("so-noi-vu", null, 1), SESSION, NOW).message();

        assertThat(message.getSubject()).isEqualTo("[SNV-CCHC-2026-09] Khảo sát mức độ hài lòng năm 2026");
        assertThat(message.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(message.getMessageID()).isEqualTo("<dlv-7c1f.1@sonoivu.khanhhoa.gov.vn>");
        assertThat(message.getHeader("X-GovComm-Delivery")).containsExactly("dlv-7c1f");
        assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(message.getReplyTo()[0].toString()).isEqualTo("vanthu@sonoivu.khanhhoa.gov.vn");
        assertThat(message.getFrom()[0].toString()).startsWith("=?UTF-8?").endsWith("<noreply@sonoivu.khanhhoa.gov.vn>");
        assertThat(message.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(((org.eclipse.angus.mail.smtp.SMTPMessage) message).getEnvelopeFrom()).isEqualTo("bounces@khanhhoa.gov.vn");
        Multipart parts = (Multipart) message.getContent();
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(parts.getBodyPart(0).getContentType()).containsIgnoringCase("charset=UTF-8");
        // The same delivery and attempt always give the same Message-ID: a resend is recognisable
        assertThat(mail.compose(request("so-noi-vu", null, 1), SESSION, NOW.plusSeconds(60)).messageId())
                .isEqualTo("<dlv-7c1f.1@sonoivu.khanhhoa.gov.vn>");
        assertThat(mail.messageIdOf(request("so-noi-vu", null, 2))).isEqualTo("<dlv-7c1f.2@sonoivu.khanhhoa.gov.vn>");
    }

    @Test
    void noReplyToUnlessTheIssuingAgencyHasOne() throws Exception {
        MimeMessage message = mail.compose(request("so-tu-phap", null, 1), SESSION, NOW).message();
        assertThat(message.getHeader("Reply-To")).isNull();
        assertThat(NoticeMail.text(request("so-tu-phap", null, 1), null)).contains("Vui lòng không trả lời thư này");
    }

    @Test
    void theTextIsEscapedInTheHtmlPartWhenThereIsNoHtmlAndLinksOnlyWebUrls() {
        String html = NoticeMail.html(request("so-noi-vu", null, 1), null);
        assertThat(html).contains("<p>Người dân &lt;b&gt;hỗ trợ&lt;/b&gt; khảo sát viên.</p>")
                .contains("<a href=\"https://govcomm.khanhhoa.gov.vn/files/ke-hoach.pdf\">Kế hoạch.pdf</a>")
                .contains("(PDF, 240 KB)")
                .contains("05/09/2026 08:00 – 30/11/2026 23:59 (Asia/Ho_Chi_Minh)");
        assertThat(NoticeMail.html(request("so-noi-vu", "<p>Đã <em>làm sạch</em></p>", 1), null))
                .contains("<div><p>Đã <em>làm sạch</em></p></div>");
    }

    @Test
    void wordAndExcelAttachmentsAreListedAsLinksByTheNamesOfficersKnow() throws Exception {
        DeliveryRequested request = request("so-noi-vu", null, 1);
        DeliveryRequested withForms = new DeliveryRequested(request.deliveryId(), request.campaignId(), null, null, 1,
                request.agencyId(), "email", request.endpointId(), request.externalId(), null,
                new DeliveryRequested.Content("Thông báo", "Điền phiếu đính kèm.", null, null, null, null, List.of(
                        new Attachment("Phiếu khảo sát.docx", MediaTypeSniffer.DOCX,
                                "https://govcomm.khanhhoa.gov.vn/files/phieu.docx", 40_960L),
                        new Attachment("Danh sách.xlsx", MediaTypeSniffer.XLSX,
                                "https://govcomm.khanhhoa.gov.vn/files/danh-sach.xlsx", null))),
                request.window(), null, null, Priority.NORMAL, null, 1, null);

        assertThat(NoticeMail.text(withForms, null))
                .contains("- Phiếu khảo sát.docx (Word (.docx), 40 KB): https://govcomm.khanhhoa.gov.vn/files/phieu.docx")
                .contains("- Danh sách.xlsx (Excel (.xlsx)): https://govcomm.khanhhoa.gov.vn/files/danh-sach.xlsx");
        assertThat(NoticeMail.html(withForms, null))
                .contains("<a href=\"https://govcomm.khanhhoa.gov.vn/files/phieu.docx\">Phiếu khảo sát.docx</a>")
                .contains("(Word (.docx), 40 KB)");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.compose(withForms, SESSION, NOW).message().writeTo(raw);
        assertThat(raw.toString(StandardCharsets.US_ASCII)).doesNotContainIgnoringCase("Content-Disposition: attachment");
    }

    @Test
    void aTitleWithLineBreaksCannotInjectHeaders() throws Exception {
        DeliveryRequested request = request("so-noi-vu", null, 1);
        DeliveryRequested evil = new DeliveryRequested(request.deliveryId(), request.campaignId(), null, null, 1,
                request.agencyId(), "email", request.endpointId(), request.externalId(), null,
                new DeliveryRequested.Content("Thông báo\r\nBcc: everyone@example.com", "x", null, null, null, null, null),
                request.window(), null, null, Priority.NORMAL, null, 1, null);
        MimeMessage message = mail.compose(evil, SESSION, NOW).message();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        assertThat(message.getSubject()).isEqualTo("Thông báo Bcc: everyone@example.com");
        assertThat(raw.toString(StandardCharsets.US_ASCII)).doesNotContain("\r\nBcc:");
    }

    @Test
    void verpPutsTheDeliveryIntoTheEnvelopeSender() {
        NoticeMail verp = new NoticeMail(new SenderProperties("noreply@khanhhoa.gov.vn", "bounces@khanhhoa.gov.vn", true,
                "govcomm.khanhhoa.gov.vn", Map.of()));
        DeliveryRequested request = request("so-noi-vu", null, 3);
        assertThat(verp.envelopeFromOf(request)).isEqualTo("bounces+dlv-7c1f.3@khanhhoa.gov.vn");
        assertThat(verp.verpTokenOf(request)).isEqualTo("dlv-7c1f.3");
        assertThat(verp.messageIdOf(request)).isEqualTo("<dlv-7c1f.3@govcomm.khanhhoa.gov.vn>");
    }

    @Test
    void identifiersStayValidForEveryDeliveryIdTheContractAllows() {
        assertThat(MessageIds.messageId("cmp:2026.v1..x", 2, "tinh.gov.vn")).isEqualTo("<cmp=3A2026=2Ev1=2E=2Ex.2@tinh.gov.vn>");
        String longId = "dlv-" + "a".repeat(110);
        String verp = MessageIds.verpAddress("bounces@tinh.gov.vn", longId, 1);
        assertThat(verp.substring(0, verp.indexOf('@'))).hasSizeLessThanOrEqualTo(64).startsWith("bounces+h");
        assertThat(MessageIds.verpTokenOf(verp)).isEqualTo(MessageIds.verpToken("bounces", longId, 1));
        assertThat(MessageIds.verpTokenOf("bounces@tinh.gov.vn")).isNull();
    }

    @Test
    void aMissingOrInvalidSenderStopsTheStart() {
        assertThatThrownBy(() -> new NoticeMail(new SenderProperties(null, null, false, null, null)))
                .hasMessageContaining("govcomm.email.from is required");
        assertThatThrownBy(() -> new NoticeMail(new SenderProperties("Sở Nội vụ <noreply>", null, false, null, null)))
                .hasMessageContaining("not a mailbox");
    }

    private static DeliveryRequested request(String issuer, String html, int attempt) {
        return new DeliveryRequested("dlv-7c1f", "cmp-1", "SNV-CCHC-2026-09", issuer, 1, "so-y-te", "email",
                "so-y-te.email-1", "vanthu@soyte.khanhhoa.gov.vn", "Hộp thư văn thư",
                new DeliveryRequested.Content("Khảo sát mức độ hài lòng năm 2026", "Người dân <b>hỗ trợ</b> khảo sát viên.",
                        html, null, null, null, List.of(new Attachment("Kế hoạch.pdf", "application/pdf",
                        "https://govcomm.khanhhoa.gov.vn/files/ke-hoach.pdf", 245_760L))),
                new Window("2026-09-05T08:00:00+07:00", "2026-11-30T23:59:59+07:00", "Asia/Ho_Chi_Minh"),
                "2026-11-30T23:59:59+07:00", "2026-09-05T08:00:00+07:00", Priority.NORMAL, null, attempt,
                "2026-09-05T01:00:00Z");
    }
}
