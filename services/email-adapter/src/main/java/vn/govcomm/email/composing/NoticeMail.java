package vn.govcomm.email.composing;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.Attachment;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.kit.files.MediaTypeSniffer;

import java.io.UnsupportedEncodingException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * Writes the notice of one delivery as a mail: From the official sender, To the endpoint's mailbox (its externalId),
 * UTF-8 subject {@code [campaignCode] title}, {@code multipart/alternative} with a plain-text and an HTML part
 * (content.html, else the text), the attachments as links (they are not attached: the files stay behind the
 * platform's sign-in), the window and deadline, and a bilingual footer. Headers: a Message-ID derived from
 * (deliveryId, attempt), {@code X-GovComm-Delivery}/{@code -Attempt}/{@code -Campaign}, {@code Auto-Submitted:
 * auto-generated} (RFC 3834: no auto-replies) and {@code X-Auto-Response-Suppress: All} (the same for Exchange).
 */
@Component
public class NoticeMail {

    public static final String DELIVERY_HEADER = "X-GovComm-Delivery";
    public static final String ATTEMPT_HEADER = "X-GovComm-Attempt";
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT);

    private final InternetAddress from;
    private final String envelopeBase;
    private final boolean verp;
    private final String messageIdDomain;
    private final SenderProperties properties;

    public NoticeMail(SenderProperties properties) {
        this.properties = properties;
        this.from = parseSender(properties.from());
        this.envelopeBase = properties.envelopeFrom() == null || properties.envelopeFrom().isBlank()
                ? from.getAddress() : properties.envelopeFrom().strip();
        this.verp = properties.verp();
        String domain = properties.messageIdDomain();
        this.messageIdDomain = domain == null || domain.isBlank()
                ? from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1) : domain.strip();
        for (var entry : properties.replyTo().entrySet()) {
            Mailboxes.problem(entry.getValue()).ifPresent(problem -> {
                throw new IllegalStateException("govcomm.email.reply-to." + entry.getKey() + " is not a mailbox: " + problem);
            });
        }
    }

    /** A mail ready for the relay, and what identifies it. */
    public record Composed(MimeMessage message, String messageId, String envelopeFrom, String verpToken) {
    }

    public String messageIdOf(DeliveryRequested request) {
        return MessageIds.messageId(request.deliveryId(), request.attempt(), messageIdDomain);
    }

    /** The envelope sender of this delivery's mail: {@link SenderProperties#envelopeFrom}, with the VERP token if on. */
    public String envelopeFromOf(DeliveryRequested request) {
        return verp ? MessageIds.verpAddress(envelopeBase, request.deliveryId(), request.attempt()) : envelopeBase;
    }

    /** The VERP token of this delivery's envelope sender, or null when VERP is off. */
    public String verpTokenOf(DeliveryRequested request) {
        return verp ? MessageIds.verpTokenOf(envelopeFromOf(request)) : null;
    }

    /** The mail of {@code request}, dated {@code date}; the recipient must have passed {@link Mailboxes#problem}. */
    public Composed compose(DeliveryRequested request, Session session, Instant date) {
        String messageId = messageIdOf(request);
        String envelope = envelopeFromOf(request);
        try {
            SMTPMessage message = new SMTPMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId); // saveChanges would otherwise invent a random one
                }
            };
            message.setEnvelopeFrom(envelope);
            message.setFrom(from);
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(request.externalId(), true));
            String replyTo = request.issuingAgencyId() == null ? null : properties.replyTo().get(request.issuingAgencyId());
            if (replyTo != null) {
                message.setReplyTo(new InternetAddress[] {new InternetAddress(replyTo, true)});
            }
            message.setSubject(subject(request), "UTF-8");
            message.setSentDate(Date.from(date));
            message.setHeader("Content-Language", "vi");
            message.setHeader(DELIVERY_HEADER, request.deliveryId());
            message.setHeader(ATTEMPT_HEADER, String.valueOf(request.attempt()));
            message.setHeader("X-GovComm-Campaign", request.campaignId());
            message.setHeader("Auto-Submitted", "auto-generated");
            message.setHeader("X-Auto-Response-Suppress", "All");

            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text(request, replyTo), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(html(request, replyTo), "UTF-8", "html");
            MimeMultipart alternative = new MimeMultipart("alternative"); // the plain part first, the preferred last
            alternative.addBodyPart(plain);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            message.saveChanges();
            return new Composed(message, messageId, envelope, verp ? MessageIds.verpTokenOf(envelope) : null);
        } catch (MessagingException e) {
            throw new IllegalStateException("Cannot compose the mail of delivery " + request.deliveryId(), e);
        }
    }

    /** {@code [SNV-CCHC-2023-09] Khảo sát …}, on one line. */
    public static String subject(DeliveryRequested request) {
        String title = oneLine(request.content().title());
        if (title.isEmpty()) {
            title = "Thông báo / Notice";
        }
        String code = oneLine(request.campaignCode());
        return code.isEmpty() ? title : "[" + code + "] " + title;
    }

    static String text(DeliveryRequested request, String replyTo) {
        DeliveryRequested.Content content = request.content();
        StringBuilder out = new StringBuilder();
        out.append(oneLine(content.title())).append("\n");
        if (request.campaignCode() != null && !request.campaignCode().isBlank()) {
            out.append("Số/ký hiệu / Reference: ").append(oneLine(request.campaignCode())).append("\n");
        }
        out.append("\n").append(content.text() == null ? "" : content.text().strip()).append("\n\n");
        for (String[] row : schedule(request)) {
            out.append(row[0]).append(": ").append(row[1]).append("\n");
        }
        List<Attachment> attachments = attachments(request);
        if (!attachments.isEmpty()) {
            out.append("\nTài liệu kèm theo (đăng nhập hệ thống GovComm để tải) / Attachments (sign in to GovComm to "
                    + "download):\n");
            for (Attachment a : attachments) {
                out.append("- ").append(oneLine(a.name())).append(" (").append(describe(a)).append("): ")
                        .append(a.url()).append("\n");
            }
        }
        out.append("\n-- \n").append(footer(request, replyTo)).append("\n");
        return out.toString();
    }

    static String html(DeliveryRequested request, String replyTo) {
        DeliveryRequested.Content content = request.content();
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"UTF-8\"><title>")
                .append(escape(subject(request))).append("</title></head>")
                .append("<body style=\"font-family:Arial,sans-serif;font-size:15px;color:#1a1a1a;line-height:1.5\">");
        out.append("<h1 style=\"font-size:20px\">").append(escape(oneLine(content.title()))).append("</h1>");
        if (request.campaignCode() != null && !request.campaignCode().isBlank()) {
            out.append("<p style=\"color:#555\">Số/ký hiệu / Reference: ").append(escape(oneLine(request.campaignCode())))
                    .append("</p>");
        }
        if (content.html() != null && !content.html().isBlank()) {
            out.append("<div>").append(content.html()).append("</div>"); // sanitised by campaign-service
        } else {
            out.append(paragraphs(content.text()));
        }
        List<String[]> schedule = schedule(request);
        if (!schedule.isEmpty()) {
            out.append("<table style=\"border-collapse:collapse;margin:12px 0\">");
            for (String[] row : schedule) {
                out.append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">").append(escape(row[0]))
                        .append("</th><td>").append(escape(row[1])).append("</td></tr>");
            }
            out.append("</table>");
        }
        List<Attachment> attachments = attachments(request);
        if (!attachments.isEmpty()) {
            out.append("<p><b>Tài liệu kèm theo</b> (đăng nhập hệ thống GovComm để tải) / Attachments (sign in to "
                    + "GovComm to download):</p><ul>");
            for (Attachment a : attachments) {
                out.append("<li>");
                if (isWebLink(a.url())) {
                    out.append("<a href=\"").append(escape(a.url())).append("\">").append(escape(oneLine(a.name())))
                            .append("</a>");
                } else {
                    out.append(escape(oneLine(a.name()))).append(" – ").append(escape(a.url()));
                }
                out.append(" <span style=\"color:#555\">(").append(escape(describe(a))).append(")</span></li>");
            }
            out.append("</ul>");
        }
        out.append("<hr style=\"border:none;border-top:1px solid #ccc\"><p style=\"color:#555;font-size:13px\">")
                .append(escape(footer(request, replyTo)).replace("\n", "<br>")).append("</p></body></html>");
        return out.toString();
    }

    private static String footer(DeliveryRequested request, String replyTo) {
        String reply = replyTo == null
                ? "Vui lòng không trả lời thư này. / Please do not reply to this message."
                : "Phản hồi xin gửi / Replies to: " + replyTo;
        return "Thư gửi tự động từ hệ thống GovComm. " + "This message was sent automatically by GovComm.\n"
                + reply + "\n"
                + "Mã gửi / Delivery: " + request.deliveryId() + " (lần gửi / attempt " + request.attempt() + ")";
    }

    private static List<String[]> schedule(DeliveryRequested request) {
        ZoneId zone = zone(request);
        List<String[]> rows = new java.util.ArrayList<>();
        if (request.window() != null) {
            String from = shown(request.window().startsAt(), zone);
            String to = shown(request.window().endsAt(), zone);
            if (from != null && to != null) {
                rows.add(new String[] {"Thời gian đăng / Publish between", from + " – " + to + " (" + zone.getId() + ")"});
            }
        }
        String deadline = shown(request.deadline(), zone);
        if (deadline != null) {
            rows.add(new String[] {"Hạn thực hiện / Deadline", deadline + " (" + zone.getId() + ")"});
        }
        return rows;
    }

    private static List<Attachment> attachments(DeliveryRequested request) {
        return request.content().attachments() == null ? List.of() : request.content().attachments();
    }

    private static String describe(Attachment a) {
        // "PDF", "Word (.docx)"… as officers name them; a type the platform does not know as it came
        String type = a.mediaType() == null ? "" : MediaTypeSniffer.ALL.contains(a.mediaType())
                ? MediaTypeSniffer.label(a.mediaType()) : a.mediaType();
        if (a.sizeBytes() == null) {
            return type;
        }
        long size = a.sizeBytes();
        String shown = size >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MB", size / (1024.0 * 1024.0))
                : size >= 1024 ? (size / 1024) + " KB" : size + " B";
        return type.isEmpty() ? shown : type + ", " + shown;
    }

    private static boolean isWebLink(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static ZoneId zone(DeliveryRequested request) {
        try {
            return request.window() == null || request.window().timeZone() == null ? DEFAULT_ZONE
                    : ZoneId.of(request.window().timeZone());
        } catch (DateTimeException e) {
            return DEFAULT_ZONE;
        }
    }

    private static String shown(String instant, ZoneId zone) {
        if (instant == null) {
            return null;
        }
        try {
            return SHOWN.format(java.time.OffsetDateTime.parse(instant).atZoneSameInstant(zone));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    private static String paragraphs(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String paragraph : text.strip().split("\\R\\s*\\R")) {
            out.append("<p>").append(escape(paragraph.strip()).replaceAll("\\R", "<br>")).append("</p>");
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\t\\u0085\\u2028\\u2029]+", " ").strip();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static InternetAddress parseSender(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("govcomm.email.from is required (the official sender, e.g. "
                    + "\"Sở Nội vụ tỉnh Khánh Hòa <noreply@sonoivu.khanhhoa.gov.vn>\")");
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(configured, false);
            if (parsed.length != 1) {
                throw new IllegalStateException("govcomm.email.from must be one address: " + configured);
            }
            String address = parsed[0].getAddress();
            Mailboxes.problem(address).ifPresent(problem -> {
                throw new IllegalStateException("govcomm.email.from is not a mailbox: " + problem);
            });
            String personal = parsed[0].getPersonal();
            return personal == null ? new InternetAddress(address) : new InternetAddress(address, personal, "UTF-8");
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalStateException("govcomm.email.from is not an address: " + configured, e);
        }
    }
}
