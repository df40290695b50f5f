package vn.govcomm.notification.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Collections;

/**
 * Whether the relay will ever take a mail it refused. Permanent: an SMTP 5xx reply (RFC 5321: "permanent negative
 * completion", e.g. 550 mailbox unavailable, 553 bad address, 554 rejected), an address that is not one, a mail that
 * cannot be built. Everything else waits and is retried: the relay unreachable or timing out, 4xx (greylisting,
 * mailbox full, try later), and the authentication replies 530/534/535/538, which say the platform's relay
 * credentials or TLS settings are wrong (an operator fixes them; the mails must not be lost meanwhile).
 */
public final class SmtpFailures {

    static final Set<Integer> AUTHENTICATION = Set.of(530, 534, 535, 538);

    private SmtpFailures() {
    }

    public static Mailer.MailFailure classify(MailException failure) {
        if (failure instanceof MailPreparationException) {
            return new Mailer.MailFailure(true, describe(failure), failure);
        }
        Integer code = null;
        boolean badAddress = false;
        for (Throwable t : all(failure)) {
            Integer replyCode = replyCode(t);
            if (replyCode != null && (code == null || replyCode >= 500)) {
                code = replyCode;
            }
            if (t instanceof AddressException) {
                badAddress = true;
            }
        }
        boolean permanent = (code != null && code >= 500 && !AUTHENTICATION.contains(code)) || (code == null && badAddress);
        String reason = code == null ? describe(failure) : "SMTP " + code + ": " + describe(failure);
        return new Mailer.MailFailure(permanent, reason, failure);
    }

    private static Integer replyCode(Throwable t) {
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        return null;
    }

    /** The failure and everything it wraps: causes, chained MessagingExceptions, each failed message's exception. */
    static List<Throwable> all(Throwable failure) {
        List<Throwable> found = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(failure));
        while (!todo.isEmpty()) {
            Throwable t = todo.removeLast();
            if (t == null || !seen.add(t)) {
                continue;
            }
            found.add(t);
            todo.add(t.getCause());
            if (t instanceof MessagingException m) {
                todo.add(m.getNextException());
            }
            if (t instanceof MailSendException m) {
                todo.addAll(List.of(m.getMessageExceptions()));
            }
        }
        return found;
    }

    /** The most specific message: the SMTP server's reply where there is one, else the root cause's. */
    static String describe(Throwable failure) {
        String text = null;
        for (Throwable t : all(failure)) {
            if (replyCode(t) != null && t.getMessage() != null) {
                text = t.getMessage();
                break;
            }
        }
        if (text == null) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            text = root.getMessage() == null ? root.getClass().getSimpleName()
                    : root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        text = text.strip().replaceAll("\\s+", " ");
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
