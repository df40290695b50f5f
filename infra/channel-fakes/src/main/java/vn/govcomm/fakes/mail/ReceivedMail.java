package vn.govcomm.fakes.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * One message as it landed in one mailbox: a message sent to two recipients is two {@code ReceivedMail}s, as in two
 * real mailboxes. The raw bytes are what the IMAP server stores (with the {@code Return-Path} and {@code Received}
 * lines the SMTP server prepended); everything else is parsed from them on demand.
 *
 * @param number       the viewer's number ({@code /messages/{n}}), increasing in arrival order, never reused
 * @param mailbox      the recipient whose mailbox holds this copy
 * @param envelopeFrom the SMTP {@code MAIL FROM} (null for a delivery-status notification, whose sender is empty)
 * @param receivedAt   when the server took it (the fake's clock)
 */
public record ReceivedMail(int number, String mailbox, String envelopeFrom, Instant receivedAt, byte[] raw) {

    private static final Session SESSION = Session.getInstance(new Properties());

    public ReceivedMail {
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public String rawText() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** A fresh parse of the raw bytes (callers may change it freely). */
    public MimeMessage mimeMessage() {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new IllegalStateException("stored mail " + number + " cannot be parsed", e);
        }
    }

    /** The decoded subject (RFC 2047 words decoded, so UTF-8 Vietnamese reads as written), or null. */
    public String subject() {
        return read(MimeMessage::getSubject);
    }

    /** The first {@code From}, decoded: {@code Sở Nội vụ <noreply@…>}. */
    public String from() {
        return read(m -> addresses(m.getFrom()).stream().findFirst().orElse(null));
    }

    /** The {@code To} addresses, decoded. */
    public List<String> to() {
        return read(m -> addresses(m.getRecipients(MimeMessage.RecipientType.TO)));
    }

    /** The {@code Reply-To} addresses, decoded (empty when the header is absent). */
    public List<String> replyTo() {
        return read(m -> m.getHeader("Reply-To") == null ? List.of() : addresses(m.getReplyTo()));
    }

    public String messageId() {
        return header("Message-ID");
    }

    /** The first value of a header, unfolded but not decoded; null when absent. */
    public String header(String name) {
        return read(m -> {
            String[] values = m.getHeader(name);
            return values == null || values.length == 0 ? null : MimeUtility.unfold(values[0]);
        });
    }

    /** Every header line in order, values unfolded and RFC 2047-decoded. */
    public List<Header> headers() {
        return read(m -> {
            List<Header> headers = new ArrayList<>();
            for (Header h : Collections.list(m.getAllHeaders())) {
                headers.add(new Header(h.getName(), decode(MimeUtility.unfold(h.getValue()))));
            }
            return headers;
        });
    }

    /** The {@code Date} header, or null. */
    public Instant date() {
        return read(m -> {
            Date sent = m.getSentDate();
            return sent == null ? null : sent.toInstant();
        });
    }

    public String contentType() {
        return read(MimeMessage::getContentType);
    }

    /** The text/plain body (the first one that is not an attachment), or null. */
    public String text() {
        return content().text();
    }

    /** The text/html body (the first one that is not an attachment), or null. */
    public String html() {
        return content().html();
    }

    /** Every part that is not the plain or HTML body: files, a report's delivery-status, returned headers. */
    public List<Attachment> attachments() {
        return content().attachments();
    }

    /** True for a delivery-status notification (RFC 3464 {@code multipart/report; report-type=delivery-status}). */
    public boolean isDeliveryStatusNotification() {
        String type = contentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/report")
                && type.toLowerCase(Locale.ROOT).contains("delivery-status");
    }

    /** A part that is not the message body, with its decoded content. */
    public record Attachment(String name, String mediaType, int sizeBytes, byte[] content) {
        public Attachment {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        public String contentText() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private record Content(String text, String html, List<Attachment> attachments) {
    }

    private Content content() {
        return read(m -> {
            String[] body = new String[2];
            List<Attachment> attachments = new ArrayList<>();
            walk(m, body, attachments);
            return new Content(body[0], body[1], List.copyOf(attachments));
        });
    }

    private static void walk(Part part, String[] body, List<Attachment> attachments)
            throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, body, attachments);
            }
            return;
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
        if (!attachment && part.isMimeType("text/plain") && body[0] == null) {
            body[0] = String.valueOf(part.getContent());
        } else if (!attachment && part.isMimeType("text/html") && body[1] == null) {
            body[1] = String.valueOf(part.getContent());
        } else {
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readAllBytes();
            }
            String type = part.getContentType() == null ? "application/octet-stream"
                    : part.getContentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
            String name = part.getFileName() == null ? "(" + type + ")" : decode(part.getFileName());
            attachments.add(new Attachment(name, type, bytes.length, bytes));
        }
    }

    private static List<String> addresses(jakarta.mail.Address[] addresses) {
        if (addresses == null) {
            return List.of();
        }
        // "Name <address>" without the quotes InternetAddress adds around a non-ASCII name: what a person reads.
        return Arrays.stream(addresses).map(a -> a instanceof InternetAddress ia
                ? (ia.getPersonal() == null ? ia.getAddress() : ia.getPersonal() + " <" + ia.getAddress() + ">")
                : a.toString()).toList();
    }

    private static String decode(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException e) {
            return value;
        }
    }

    private interface Reader<T> {
        T read(MimeMessage message) throws MessagingException, IOException;
    }

    private <T> T read(Reader<T> reader) {
        try {
            return reader.read(mimeMessage());
        } catch (MessagingException e) {
            throw new IllegalStateException("stored mail " + number + " cannot be read", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
