package vn.govcomm.email.sending;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressSucceededException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a failed send means, read from everything Spring and Jakarta Mail report (the exception, its causes, the
 * per-message exceptions, the chained {@link MessagingException#getNextException}):
 * <ul>
 *   <li>an SMTP 5xx for the recipient, the sender or the data (550 unknown user, 552 too large, 554 refused) →
 *       {@link Kind#REJECTED}: sending it again will not help;</li>
 *   <li>530/534/535/538 (authentication or TLS required/failed) → {@link Kind#UNAVAILABLE}: the relay configuration is
 *       wrong for every mail, not this one, so deliveries wait for the operator instead of failing;</li>
 *   <li>any 4xx, a refused or lost connection, a timeout, anything else → {@link Kind#UNAVAILABLE}.</li>
 * </ul>
 */
record RelayAnswer(Kind kind, int code, String text) {

    enum Kind { REJECTED, UNAVAILABLE }

    private static final Set<Integer> CONFIGURATION_CODES = Set.of(530, 534, 535, 538);

    static RelayAnswer of(Throwable failure) {
        int permanent = 0;
        String permanentText = null;
        int transientCode = 0;
        String transientText = null;
        boolean authentication = false;
        boolean invalidAddress = false;
        String firstText = null;
        for (Throwable t : everything(failure)) {
            if (firstText == null && t.getMessage() != null && !(t instanceof MailSendException)) {
                firstText = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            int code = code(t);
            if (code >= 500 && code < 600 && !CONFIGURATION_CODES.contains(code)) {
                if (permanent == 0) {
                    permanent = code;
                    permanentText = t.getMessage();
                }
            } else if (code >= 400) {
                if (transientCode == 0) {
                    transientCode = code;
                    transientText = t.getMessage();
                }
            } else if (t instanceof AuthenticationFailedException || t instanceof MailAuthenticationException) {
                authentication = true;
            } else if (t instanceof SendFailedException s && s.getInvalidAddresses() != null
                    && s.getInvalidAddresses().length > 0 && code == 0 && !(t instanceof SMTPSendFailedException)) {
                invalidAddress = true;
            }
        }
        if (permanent != 0) {
            return new RelayAnswer(Kind.REJECTED, permanent, clean(permanentText));
        }
        if (transientCode != 0) {
            return new RelayAnswer(Kind.UNAVAILABLE, transientCode, clean(transientText));
        }
        if (authentication) {
            return new RelayAnswer(Kind.UNAVAILABLE, 0, "relay authentication failed / đăng nhập máy chủ thư thất bại");
        }
        if (invalidAddress) {
            return new RelayAnswer(Kind.REJECTED, 0, clean(firstText));
        }
        return new RelayAnswer(Kind.UNAVAILABLE, 0, clean(firstText == null ? failure.toString() : firstText));
    }

    private static int code(Throwable t) {
        return switch (t) {
            case SMTPAddressSucceededException ignored -> 0;
            case SMTPAddressFailedException e -> e.getReturnCode();
            case SMTPSenderFailedException e -> e.getReturnCode();
            case SMTPSendFailedException e -> e.getReturnCode();
            default -> 0;
        };
    }

    /** The failure and everything it carries, breadth first (the outermost, most specific answer first). */
    private static List<Throwable> everything(Throwable root) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> ordered = new ArrayList<>();
        Deque<Throwable> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty() && seen.size() < 64) {
            Throwable t = queue.poll();
            if (t == null || seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            ordered.add(t);
            if (t.getCause() != null) {
                queue.add(t.getCause());
            }
            if (t instanceof MessagingException m && m.getNextException() != null) {
                queue.add(m.getNextException());
            }
            if (t instanceof MailSendException m) {
                queue.addAll(m.getFailedMessages().values());
                for (Exception e : m.getMessageExceptions()) {
                    queue.add(e);
                }
            }
        }
        return ordered;
    }

    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 400 ? oneLine.substring(0, 400) + "…" : oneLine;
    }
}
