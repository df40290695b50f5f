package vn.govcomm.fakes.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;

/**
 * Builds the delivery-status notification (RFC 3464) a relay sends back to the envelope sender when the next hop
 * refuses a message after the relay had accepted it: {@code multipart/report; report-type=delivery-status} with a
 * human-readable part, the {@code message/delivery-status} fields (Reporting-MTA, Final-Recipient, Action, Status,
 * Diagnostic-Code) and the returned headers of the original ({@code text/rfc822-headers}), as Postfix does by default.
 */
final class DeliveryStatusReports {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String CRLF = "\r\n";

    private DeliveryStatusReports() {
    }

    /** A DSN about {@code recipient}, for {@code returnedTo}, carrying the headers of {@code original}. */
    static MimeMessage failed(String reportingMta, String returnedTo, String recipient, String status,
                              String diagnostic, byte[] original, Instant arrivedAt, Instant now, String dsnMessageId) {
        try {
            MimeMessage dsn = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", dsnMessageId);
                }
            };
            dsn.setFrom(new InternetAddress("MAILER-DAEMON@" + reportingMta, "Mail Delivery System"));
            dsn.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(returnedTo));
            dsn.setSubject("Undelivered Mail Returned to Sender", "UTF-8");
            dsn.setSentDate(Date.from(now));
            dsn.setHeader("Auto-Submitted", "auto-replied");
            dsn.setHeader("Return-Path", "<>"); // a report has an empty envelope sender, so it never bounces itself

            MimeBodyPart human = new MimeBodyPart();
            human.setText("Thư của quý vị không gửi được tới người nhận dưới đây.\n"
                    + "Your message could not be delivered to the recipient below.\n\n"
                    + "<" + recipient + ">: " + diagnostic + "\n", "UTF-8");
            human.setDescription("Notification");

            String fields = "Reporting-MTA: dns; " + reportingMta + CRLF
                    + "Arrival-Date: " + new MailDateFormat().format(Date.from(arrivedAt)) + CRLF
                    + CRLF
                    + "Final-Recipient: rfc822; " + recipient + CRLF
                    + "Original-Recipient: rfc822;" + recipient + CRLF
                    + "Action: failed" + CRLF
                    + "Status: " + status + CRLF
                    + "Remote-MTA: dns; " + domainOf(recipient) + CRLF
                    + "Diagnostic-Code: smtp; " + diagnostic + CRLF;
            MimeBodyPart deliveryStatus = rawPart(fields.getBytes(StandardCharsets.US_ASCII), "message/delivery-status");
            deliveryStatus.setDescription("Delivery report");
            MimeBodyPart returnedHeaders = rawPart(headerBlock(original), "text/rfc822-headers");
            returnedHeaders.setDescription("Undelivered Message Headers");

            MimeMultipart report = new MimeMultipart("report");
            ContentType type = new ContentType(report.getContentType());
            type.setParameter("report-type", "delivery-status");
            report.addBodyPart(human);
            report.addBodyPart(deliveryStatus);
            report.addBodyPart(returnedHeaders);
            dsn.setContent(report);
            dsn.saveChanges();
            // MimeMultipart has no API for extra parameters; set after saveChanges so the header is kept as written.
            dsn.setHeader("Content-Type", type.toString());
            return dsn;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("cannot build a delivery-status notification", e);
        }
    }

    /** The original's header block (everything before the first empty line), as the returned-headers part. */
    static byte[] headerBlock(byte[] original) {
        for (int i = 0; i + 3 < original.length; i++) {
            if (original[i] == '\r' && original[i + 1] == '\n' && original[i + 2] == '\r' && original[i + 3] == '\n') {
                return Arrays.copyOf(original, i + 2);
            }
        }
        for (int i = 0; i + 1 < original.length; i++) {
            if (original[i] == '\n' && original[i + 1] == '\n') {
                return Arrays.copyOf(original, i + 1);
            }
        }
        return original.clone();
    }

    static byte[] bytes(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot serialise a message", e);
        }
    }

    private static MimeBodyPart rawPart(byte[] content, String mediaType) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        // A data source, not setContent: Jakarta Mail has no content handler for these report types.
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, mediaType)));
        part.setHeader("Content-Type", mediaType);
        return part;
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "localhost" : address.substring(at + 1);
    }
}
