package vn.govcomm.notification.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Sends one mail through Spring Boot's {@link JavaMailSender}: UTF-8 subject, multipart/alternative (plain text and
 * HTML), From {@code govcomm.notifications.from}, the caller's deterministic Message-ID (JavaMailSenderImpl keeps
 * an explicit one) and {@code Auto-Submitted: auto-generated} (RFC 3834: no auto-replies, no vacation answers).
 */
@Component
public class Mailer {

    private final JavaMailSender sender;
    private final InternetAddress from;

    Mailer(JavaMailSender sender, @Value("${govcomm.notifications.from}") String from) {
        this.sender = sender;
        this.from = address(from);
    }

    /** What to send. {@code messageId} with its angle brackets. */
    public record Envelope(String messageId, List<String> to, String subject, String text, String html, Instant date) {
    }

    /** The relay could not take the mail; {@link SmtpFailures} says whether it ever will. */
    public static class MailFailure extends Exception {
        private final boolean permanent;

        MailFailure(boolean permanent, String reason, Throwable cause) {
            super(reason, cause);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }

        public String reason() {
            return getMessage();
        }
    }

    public void send(Envelope envelope) throws MailFailure {
        MimeMessage message;
        try {
            message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED,
                    StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(envelope.to().stream().map(Mailer::address).toArray(InternetAddress[]::new));
            helper.setSubject(envelope.subject());
            helper.setText(envelope.text(), envelope.html());
            helper.setSentDate(Date.from(envelope.date()));
            message.setHeader("Message-ID", envelope.messageId());
            message.setHeader("Auto-Submitted", "auto-generated");
            message.setHeader("X-Auto-Response-Suppress", "All");
        } catch (MessagingException | IllegalArgumentException e) {
            throw new MailFailure(true, "Không tạo được thư / cannot build the mail: " + SmtpFailures.describe(e), e);
        }
        try {
            sender.send(message);
        } catch (MailException e) {
            throw SmtpFailures.classify(e);
        }
    }

    /** An address, its display name (if any) encoded as UTF-8. */
    static InternetAddress address(String value) {
        try {
            InternetAddress parsed = new InternetAddress(value, true);
            return parsed.getPersonal() == null ? parsed
                    : new InternetAddress(parsed.getAddress(), parsed.getPersonal(), StandardCharsets.UTF_8.name());
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("Not a mail address: " + value, e);
        }
    }
}
