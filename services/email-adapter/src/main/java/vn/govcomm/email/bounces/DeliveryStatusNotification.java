package vn.govcomm.email.bounces;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import vn.govcomm.email.composing.NoticeMail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A delivery-status notification (RFC 3464) as the adapter reads it: {@code multipart/report;
 * report-type=delivery-status} with a {@code message/delivery-status} part (per-recipient Final-Recipient, Action,
 * Status, Diagnostic-Code) and the original's headers ({@code text/rfc822-headers}) or the whole original
 * ({@code message/rfc822}), from which the Message-ID and {@code X-GovComm-Delivery}/{@code -Attempt} come. The
 * addresses the report was sent to carry the VERP token. Anything else in the bounce mailbox (an auto-reply, a
 * hand-written answer, an old-style plain-text bounce) is not a report and is never taken for a bounce.
 */
record DeliveryStatusNotification(boolean isReport, List<RecipientStatus> recipients, String originalMessageId,
                                  String deliveryId, Integer attempt, List<String> addressedTo) {

    /** One per-recipient block of the report. */
    record RecipientStatus(String recipient, String action, String status, String diagnostic) {
        boolean failed() {
            return "failed".equalsIgnoreCase(action) || (action == null && status != null && status.startsWith("5"));
        }
    }

    static DeliveryStatusNotification read(MimeMessage message) throws MessagingException, IOException {
        List<String> addressedTo = new ArrayList<>();
        for (String header : List.of("To", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To")) {
            String[] values = message.getHeader(header);
            if (values != null) {
                for (String value : values) {
                    addressedTo.addAll(addresses(value));
                }
            }
        }
        ContentType type = new ContentType(message.getContentType());
        boolean report = type.match("multipart/report") && "delivery-status".equalsIgnoreCase(type.getParameter("report-type"));
        if (!report || !(message.getContent() instanceof Multipart parts)) {
            return new DeliveryStatusNotification(false, List.of(), null, null, null, addressedTo);
        }
        List<RecipientStatus> recipients = new ArrayList<>();
        String messageId = null;
        String deliveryId = null;
        Integer attempt = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
                recipients.addAll(recipientStatuses(text(part)));
            } else if (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/rfc822-headers")
                    || part.isMimeType("message/rfc822") || part.isMimeType("message/global")
                    || part.isMimeType("message/global-headers")) {
                InternetHeaders headers;
                try (InputStream in = part.getInputStream()) {
                    headers = new InternetHeaders(in);
                }
                messageId = first(headers, "Message-ID");
                deliveryId = first(headers, NoticeMail.DELIVERY_HEADER);
                String attemptValue = first(headers, NoticeMail.ATTEMPT_HEADER);
                try {
                    attempt = attemptValue == null ? null : Integer.valueOf(attemptValue);
                } catch (NumberFormatException e) {
                    attempt = null;
                }
            }
        }
        return new DeliveryStatusNotification(true, List.copyOf(recipients), messageId, deliveryId, attempt, addressedTo);
    }

    /** The first recipient the report says failed (5.x.x or Action: failed), or null (e.g. only "delayed"). */
    RecipientStatus firstFailed() {
        return recipients.stream().filter(RecipientStatus::failed).findFirst().orElse(null);
    }

    /** The per-recipient blocks of a {@code message/delivery-status} body (the first block is per-message). */
    static List<RecipientStatus> recipientStatuses(String body) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        String lastField = null;
        for (String line : body.split("\\r?\\n", -1)) {
            if (line.isBlank()) {
                if (!block.isEmpty()) {
                    blocks.add(block);
                    block = new LinkedHashMap<>();
                }
                lastField = null;
            } else if ((line.startsWith(" ") || line.startsWith("\t")) && lastField != null) {
                block.merge(lastField, " " + line.strip(), String::concat); // folded continuation line
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    lastField = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    block.put(lastField, line.substring(colon + 1).strip());
                }
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        List<RecipientStatus> recipients = new ArrayList<>();
        for (Map<String, String> fields : blocks) {
            String recipient = fields.getOrDefault("final-recipient", fields.get("original-recipient"));
            if (recipient == null) {
                continue; // the per-message block
            }
            recipients.add(new RecipientStatus(afterType(recipient), fields.get("action"), fields.get("status"),
                    afterType(fields.get("diagnostic-code"))));
        }
        return recipients;
    }

    /** {@code rfc822; a@b} → {@code a@b}; {@code smtp; 550 …} → {@code 550 …}. */
    private static String afterType(String value) {
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        return (semicolon >= 0 ? value.substring(semicolon + 1) : value).strip();
    }

    private static String text(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String first(InternetHeaders headers, String name) {
        String[] values = headers.getHeader(name);
        return values == null || values.length == 0 ? null : MimeUtility.unfold(values[0]).strip();
    }

    private static List<String> addresses(String value) {
        try {
            List<String> out = new ArrayList<>();
            for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                out.add(address.getAddress());
            }
            return out;
        } catch (AddressException e) {
            return List.of();
        }
    }
}
