package vn.govcomm.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP relay that refuses every recipient for good ({@code 550 5.1.1 ... User unknown} at RCPT), on the port of
 * {@link Mailboxes} while GreenMail is stopped: what a province relay answers for a mailbox that does not exist.
 */
public final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;
    private volatile int refused;

    public RefusingSmtpServer(int port) throws IOException {
        socket = new ServerSocket(port, 10, InetAddress.getByName("127.0.0.1"));
        acceptor = Thread.ofPlatform().daemon(true).name("refusing-smtp").start(this::accept);
    }

    public int refused() {
        return refused;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException closed) {
                // the test closed the server, or the client hung up
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 refusing.test ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
            switch (command) {
                case "EHLO" -> reply(out, "250-refusing.test\r\n250 8BITMIME");
                case "HELO", "MAIL", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                case "RCPT" -> {
                    refused++;
                    reply(out, "550 5.1.1 " + line.substring(line.indexOf(':') + 1).strip()
                            + ": Recipient address rejected: User unknown in virtual mailbox table");
                }
                case "QUIT" -> {
                    reply(out, "221 2.0.0 Bye");
                    return;
                }
                default -> reply(out, "503 5.5.1 Bad sequence of commands");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
