package vn.govcomm.notification;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.List;

/** One mail as received by GreenMail, taken apart: headers as sent, subject decoded, the plain and HTML parts. */
public record Mail(String subject, String rawSubject, String messageId, String autoSubmitted, String from, String to,
                   String contentType, List<String> partTypes, String text, String html) {

    public static Mail of(MimeMessage message) {
        try {
            List<String> types = new ArrayList<>();
            String[] text = new String[1];
            String[] html = new String[1];
            walk(message, types, text, html);
            return new Mail(message.getSubject(), message.getHeader("Subject", null), message.getMessageID(),
                    message.getHeader("Auto-Submitted", null), message.getHeader("From", null),
                    message.getHeader("To", null), message.getContentType(), types, text[0], html[0]);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void walk(Part part, List<String> types, String[] text, String[] html) throws Exception {
        types.add(part.getContentType().split(";")[0].trim().toLowerCase());
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                walk(body, types, text, html);
            }
        } else if (part.isMimeType("text/plain")) {
            text[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html")) {
            html[0] = (String) part.getContent();
        }
    }
}
