package vn.govcomm.fakes.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.govcomm.fakes.state.StateDirectory;

/**
 * A real mail server for the local platform and the mail tests: GreenMail SMTP and IMAP on 127.0.0.1 (no TLS, no
 * authentication: any login and password open the mailbox of that address), accepting mail for any recipient, and a
 * read-only HTTP mailbox viewer ({@link MailboxViewer}: {@code /}, {@code /messages/{n}}, {@code /api/messages}).
 *
 * <p>Recipients steer what happens, by the local part of the address (case-insensitive):
 * <ul>
 *   <li>{@code reject…}: a permanent {@code 550 5.1.1} at {@code RCPT TO}, as a relay that knows the mailbox does not
 *       exist answers at once;</li>
 *   <li>{@code bounce…} (but not {@code bounces} or {@code bounces+…}, the usual return-path mailbox and its VERP
 *       forms, which are ordinary mailboxes): accepted (250), never delivered, and {@link #dsnDelay} later a
 *       delivery-status notification
 *       (RFC 3464 {@code multipart/report}, status 5.1.1, the original headers returned) is delivered to the envelope
 *       sender's mailbox (its {@code +detail} ignored, so VERP senders land in the base mailbox);</li>
 *   <li>anything else: delivered to its own mailbox, created on first use.</li>
 * </ul>
 * {@link #failNextTransactions} makes the next transactions fail with a 4xx at {@code MAIL FROM}; {@link #stopMail()}
 * and {@link #startMail()} take SMTP and IMAP down (connection refused) and back on the same ports.
 *
 * <p>Every message taken is kept in {@link #messages()} (one entry per mailbox) for the viewer and tests, also
 * across {@link #stopMail()} (the IMAP mailboxes themselves start empty again after a restart, unless the server
 * keeps its mail in a state directory: {@link #persistTo}).
 */
public final class FakeMailServer implements AutoCloseable {

    public static final int DEFAULT_SMTP_PORT = 3025;
    public static final int DEFAULT_IMAP_PORT = 3143;
    public static final int DEFAULT_VIEWER_PORT = 9103;
    static final String HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(FakeMailServer.class);
    private static final String MESSAGES_DIR = "messages";
    private static final String BOUNCES_DIR = "bounces";

    private int smtpPort = DEFAULT_SMTP_PORT;
    private int imapPort = DEFAULT_IMAP_PORT;
    private int viewerPort = DEFAULT_VIEWER_PORT;
    private Clock clock = Clock.systemUTC();
    private Duration dsnDelay = Duration.ofSeconds(1);
    private String reportingMta = "mail.govcomm.local";

    private final List<ReceivedMail> messages = new ArrayList<>();
    private final List<SentBounce> bounces = new ArrayList<>();
    private final List<String> rejectedRecipients = new ArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile String failReply = "451 4.3.0 Temporary local problem, try again later";
    private volatile MailRelay relay;
    private MailboxViewer viewer;
    private ScheduledExecutorService reports;
    private volatile StateDirectory state; // null: in memory only

    /** What a state directory keeps of a message besides the message itself ({@code <number>.eml} beside it). */
    private record SavedMail(int number, String mailbox, String envelopeFrom, Instant receivedAt) {
    }

    /** SMTP, IMAP and viewer ports; 0 = a free port (read the chosen one with {@link #smtpPort()} etc.). */
    public FakeMailServer ports(int smtp, int imap, int viewer) {
        this.smtpPort = smtp;
        this.imapPort = imap;
        this.viewerPort = viewer;
        return this;
    }

    /** The clock of received times and report dates (not of {@link #dsnDelay}, which is real time). */
    public FakeMailServer clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /** How long after accepting a bouncing message its delivery-status notification arrives (default 1 s). */
    public FakeMailServer dsnDelay(Duration delay) {
        this.dsnDelay = Objects.requireNonNull(delay);
        return this;
    }

    /** The host name the reports name as {@code Reporting-MTA} and {@code MAILER-DAEMON@…} (default mail.govcomm.local). */
    public FakeMailServer reportingMta(String host) {
        this.reportingMta = Objects.requireNonNull(host);
        return this;
    }

    /**
     * Keeps every message taken (one {@code .eml} per mailbox copy, under {@code messages/}) and the reports sent
     * under {@code directory}, and loads what an earlier instance kept there: a message is written before the SMTP
     * server answers 250 to its DATA. At every start of SMTP/IMAP the kept messages are delivered into their IMAP
     * mailboxes again (with their received time), so the viewer and IMAP readers find them after a restart. IMAP
     * flags are not kept: after a restart every message is unread again. Call it on a new server, before
     * {@link #start()}.
     */
    public synchronized FakeMailServer persistTo(Path directory) {
        if (state != null || viewer != null || !messages().isEmpty()) {
            throw new IllegalStateException("persistTo must be called once, on a new mail server");
        }
        StateDirectory loaded = new StateDirectory(directory);
        for (SavedMail saved : loaded.readAllJson(MESSAGES_DIR, SavedMail.class)) {
            byte[] raw = loaded.read(MESSAGES_DIR + "/" + StateDirectory.numbered(saved.number(), "eml"))
                    .orElseThrow(() -> new IllegalStateException("mail " + saved.number() + " has no .eml in " + directory));
            synchronized (messages) {
                messages.add(new ReceivedMail(saved.number(), saved.mailbox(), saved.envelopeFrom(), saved.receivedAt(),
                        raw));
            }
            numbers.accumulateAndGet(saved.number(), Math::max);
        }
        synchronized (bounces) {
            bounces.addAll(loaded.readAllJson(BOUNCES_DIR, SentBounce.class));
        }
        state = loaded;
        return this;
    }

    /** Starts SMTP, IMAP and the viewer; if one cannot bind, what was started is stopped again. */
    public synchronized FakeMailServer start() {
        if (viewer != null) {
            throw new IllegalStateException("mail server already started");
        }
        reports = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("fake-mail-dsn").daemon().factory());
        try {
            startMail();
            viewer = new MailboxViewer(this).start(viewerPort);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Fake mail server: SMTP {}:{}, IMAP {}:{}, mailbox viewer {}", HOST, smtpPort(), HOST, imapPort(),
                viewerUrl());
        return this;
    }

    /** Brings SMTP and IMAP (back) up, on the ports they had before if they were started already. */
    public synchronized FakeMailServer startMail() {
        if (relay != null) {
            return this;
        }
        ServerSetup smtp = new ServerSetup(smtpPort, HOST, ServerSetup.PROTOCOL_SMTP);
        ServerSetup imap = new ServerSetup(imapPort, HOST, ServerSetup.PROTOCOL_IMAP);
        MailRelay started = new MailRelay(new ServerSetup[] {smtp, imap}, new Hooks());
        started.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication().withSieveIgnoreDetail());
        started.start();
        // Remember the ports chosen for 0, so that a restart comes back where clients expect it.
        smtpPort = started.getSmtp().getPort();
        imapPort = started.getImap().getPort();
        if (state != null) {
            redeliver(started);
        }
        relay = started;
        return this;
    }

    /** Puts every kept message back into its IMAP mailbox (as GreenMail delivered it: {@code +detail} ignored). */
    private void redeliver(MailRelay started) {
        for (ReceivedMail mail : messages()) {
            String mailbox = baseMailbox(mail.mailbox());
            try {
                UserManager users = started.getUserManager();
                GreenMailUser user = users.getUserByEmail(mailbox);
                if (user == null) {
                    user = users.createUser(mailbox, mailbox, mailbox);
                }
                started.getManagers().getImapHostManager().getInbox(user)
                        .appendMessage(mail.mimeMessage(), new Flags(), Date.from(mail.receivedAt()));
            } catch (UserException | FolderException e) {
                throw new IllegalStateException("cannot deliver kept mail " + mail.number() + " to " + mailbox, e);
            }
        }
    }

    /** Takes SMTP and IMAP down: connections are refused until {@link #startMail()}. The viewer stays up. */
    public synchronized void stopMail() {
        if (relay != null) {
            relay.stop();
            relay = null;
        }
    }

    public boolean isMailRunning() {
        return relay != null;
    }

    @Override
    public synchronized void close() {
        stopMail();
        if (viewer != null) {
            viewer.close();
            viewer = null;
        }
        if (reports != null) {
            reports.shutdownNow();
            reports = null;
        }
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    public String host() {
        return HOST;
    }

    public synchronized int viewerPort() {
        if (viewer == null) {
            throw new IllegalStateException("mail server not started");
        }
        return viewer.port();
    }

    /** e.g. {@code http://127.0.0.1:9103} (no trailing slash). */
    public synchronized String viewerUrl() {
        if (viewer == null) {
            throw new IllegalStateException("mail server not started");
        }
        return viewer.baseUrl();
    }

    /** The next {@code n} transactions get {@code reply} (a 4xx, e.g. "421 4.3.2 …") at {@code MAIL FROM}. */
    public void failNextTransactions(int n, String reply) {
        failReply = Objects.requireNonNull(reply);
        failNext.set(n);
    }

    /** The next {@code n} transactions get {@code 451 4.3.0 Temporary local problem} at {@code MAIL FROM}. */
    public void failNextTransactions(int n) {
        failNextTransactions(n, "451 4.3.0 Temporary local problem, try again later");
    }

    /** Every message taken, oldest first, one entry per mailbox (delivery-status notifications included). */
    public List<ReceivedMail> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** The messages in one mailbox (case-insensitive), oldest first. */
    public List<ReceivedMail> messagesTo(String mailbox) {
        return messages().stream().filter(m -> m.mailbox().equalsIgnoreCase(mailbox)).toList();
    }

    public java.util.Optional<ReceivedMail> message(int number) {
        return messages().stream().filter(m -> m.number() == number).findFirst();
    }

    /** The delivery-status notifications sent so far, oldest first. */
    public List<SentBounce> bounces() {
        synchronized (bounces) {
            return List.copyOf(bounces);
        }
    }

    /** The recipients refused at RCPT time so far, oldest first. */
    public List<String> rejectedRecipients() {
        synchronized (rejectedRecipients) {
            return List.copyOf(rejectedRecipients);
        }
    }

    /**
     * Forgets the messages, reports and rejections kept for inspection, also in the state directory (not the IMAP
     * mailboxes).
     */
    public void clear() {
        StateDirectory directory = state;
        synchronized (messages) {
            messages.clear();
            if (directory != null) {
                directory.deleteAll(MESSAGES_DIR);
            }
        }
        synchronized (bounces) {
            bounces.clear();
            if (directory != null) {
                directory.deleteAll(BOUNCES_DIR);
            }
        }
        synchronized (rejectedRecipients) {
            rejectedRecipients.clear();
        }
    }

    static boolean isRejected(String address) {
        return localPart(address).startsWith("reject");
    }

    /** {@code bounce…}, except the conventional return-path mailbox {@code bounces} and its VERP forms {@code bounces+…}. */
    static boolean isBouncing(String address) {
        String local = localPart(address);
        return local.startsWith("bounce") && !local.equals("bounces") && !local.startsWith("bounces+");
    }

    private static String localPart(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(0, at)).toLowerCase(Locale.ROOT);
    }

    /** The mailbox a report for {@code address} goes to: the address without a {@code +detail}. */
    private static String baseMailbox(String address) {
        int at = address.lastIndexOf('@');
        int plus = address.indexOf('+');
        return plus > 0 && plus < at ? address.substring(0, plus) + address.substring(at) : address;
    }

    private void keep(String mailbox, String envelopeFrom, byte[] raw) {
        synchronized (messages) {
            ReceivedMail mail = new ReceivedMail(numbers.incrementAndGet(), mailbox, envelopeFrom, clock.instant(), raw);
            StateDirectory directory = state;
            if (directory != null) {
                // The .eml first: a message counts once its .json exists.
                directory.write(MESSAGES_DIR + "/" + StateDirectory.numbered(mail.number(), "eml"), raw);
                directory.writeJson(MESSAGES_DIR + "/" + StateDirectory.numbered(mail.number(), "json"),
                        new SavedMail(mail.number(), mailbox, envelopeFrom, mail.receivedAt()));
            }
            messages.add(mail);
        }
    }

    private void sendReport(String returnedTo, String recipient, byte[] original, String originalMessageId,
                            Instant arrivedAt) {
        String diagnostic = "550 5.1.1 <" + recipient + ">: Recipient address rejected: User unknown in virtual "
                + "mailbox table";
        String dsnId = "<" + UUID.randomUUID() + "@" + reportingMta + ">";
        Instant now = clock.instant();
        MimeMessage report = DeliveryStatusReports.failed(reportingMta, returnedTo, recipient, "5.1.1", diagnostic,
                original, arrivedAt, now, dsnId);
        String mailbox = baseMailbox(returnedTo);
        MailRelay current = relay;
        if (current == null) {
            log.warn("Delivery-status notification for {} not delivered to {}: the mail server is stopped", recipient,
                    mailbox);
        } else {
            try {
                UserManager users = current.getUserManager();
                GreenMailUser user = users.getUserByEmail(mailbox);
                if (user == null) {
                    user = users.createUser(mailbox, mailbox, mailbox);
                }
                user.deliver(report);
            } catch (UserException e) {
                throw new IllegalStateException("cannot create mailbox " + mailbox, e);
            }
        }
        keep(mailbox, null, DeliveryStatusReports.bytes(report));
        synchronized (bounces) {
            SentBounce sent = new SentBounce(recipient, returnedTo, "5.1.1", diagnostic, originalMessageId, dsnId, now);
            StateDirectory directory = state;
            if (directory != null) {
                directory.writeJson(BOUNCES_DIR + "/" + StateDirectory.numbered(bounces.size(), "json"), sent);
            }
            bounces.add(sent);
        }
        log.info("Delivery-status notification: {} bounced, report sent to {}", recipient, mailbox);
    }

    /** The hooks GreenMail's SMTP manager calls (see {@link MailRelay}). */
    private final class Hooks implements MailRelay.Hooks {

        @Override
        public String checkSender(String sender) {
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return failReply;
            }
            return null;
        }

        @Override
        public String checkRecipient(String recipient) {
            if (isRejected(recipient)) {
                synchronized (rejectedRecipients) {
                    rejectedRecipients.add(recipient);
                }
                return "550 5.1.1 <" + recipient + ">: Recipient address rejected: User unknown";
            }
            return null;
        }

        @Override
        public boolean bounces(String recipient) {
            return isBouncing(recipient);
        }

        @Override
        public void accepted(String envelopeFrom, List<String> delivered, List<String> bounced, MovingMessage message) {
            byte[] raw = DeliveryStatusReports.bytes(message.getMessage());
            for (String mailbox : delivered) {
                keep(mailbox, envelopeFrom, raw);
            }
            if (bounced.isEmpty()) {
                return;
            }
            String returnedTo = returnAddress(envelopeFrom, message.getMessage());
            String messageId = messageId(message.getMessage());
            Instant arrivedAt = clock.instant();
            ScheduledExecutorService executor = reports;
            for (String recipient : bounced) {
                if (returnedTo == null || executor == null) {
                    log.warn("{} bounced but the message has no sender to report to", recipient);
                    continue;
                }
                executor.schedule(() -> {
                    try {
                        sendReport(returnedTo, recipient, raw, messageId, arrivedAt);
                    } catch (RuntimeException e) {
                        log.warn("Delivery-status notification for {} failed", recipient, e);
                    }
                }, dsnDelay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private static String returnAddress(String envelopeFrom, MimeMessage message) {
            if (envelopeFrom != null && !envelopeFrom.isBlank()) {
                return envelopeFrom;
            }
            try {
                for (String header : new String[] {"Return-Path", "From"}) {
                    String[] values = message.getHeader(header);
                    if (values != null && values.length > 0) {
                        String value = values[0].replace("<", "").replace(">", "").trim();
                        if (!value.isEmpty()) {
                            return new InternetAddress(values[0].trim().startsWith("<") ? value : values[0]).getAddress();
                        }
                    }
                }
            } catch (MessagingException e) {
                return null;
            }
            return null;
        }

        private static String messageId(MimeMessage message) {
            try {
                return message.getMessageID();
            } catch (MessagingException e) {
                return null;
            }
        }
    }

    /**
     * Runs the mail server until interrupted: {@code -Dfakes.mail.smtp-port=3025 -Dfakes.mail.imap-port=3143
     * -Dfakes.mail.viewer-port=9103} (the defaults).
     */
    public static void main(String[] args) throws InterruptedException {
        FakeMailServer server = new FakeMailServer().ports(
                Integer.getInteger("fakes.mail.smtp-port", DEFAULT_SMTP_PORT),
                Integer.getInteger("fakes.mail.imap-port", DEFAULT_IMAP_PORT),
                Integer.getInteger("fakes.mail.viewer-port", DEFAULT_VIEWER_PORT)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "fake-mail-shutdown"));
        System.out.println("SMTP      " + HOST + ":" + server.smtpPort() + " (no TLS, no auth)");
        System.out.println("IMAP      " + HOST + ":" + server.imapPort() + " (any password opens the address's mailbox)");
        System.out.println("Mailboxes " + server.viewerUrl() + "/");
        System.out.println("Recipients reject…@ get 550 at RCPT; bounce…@ get a delivery-status notification.");
        stopped.await();
    }
}
