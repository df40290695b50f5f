package vn.govcomm.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on a fixed local port for the whole test JVM, which tests stop and start again
 * (an SMTP outage) or replace by {@link RefusingSmtpServer} (a relay that answers 550). Mails are read back from it.
 */
public final class Mailboxes {

    public static final int PORT = freePort();
    private static volatile GreenMail server = start();

    private Mailboxes() {
    }

    public static synchronized GreenMail start() {
        GreenMail mail = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        server = mail;
        return mail;
    }

    /** The relay goes away: connections to the port are refused. */
    public static synchronized void stop() {
        server.stop();
    }

    /** Every mail received (since the last start) for this address. */
    public static List<MimeMessage> to(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> addressedTo(m, address)).toList();
    }

    private static boolean addressedTo(MimeMessage message, String address) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && Arrays.stream(recipients).anyMatch(a -> a.toString().toLowerCase().contains(address.toLowerCase()));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
