package vn.govcomm.fakes.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.Http;

/**
 * The mail server on a state directory: a second server opened on the directory while the first still runs (as after
 * a {@code kill -9}: nothing is written at close) has every message the first took, in its IMAP mailboxes and viewer.
 */
class FakeMailServerStateTests {

    private static final String MAILBOX = "vanthu@soyte.khanhhoa.gov.vn";
    private static final String RETURN_PATH = "bounces@govcomm.local";

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private final List<FakeMailServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(FakeMailServer::close);
    }

    @Test
    void aNewServerOnTheSameDirectoryHasEveryMessageInItsMailboxesAndViewerAndNumbersContinue() throws Exception {
        FakeMailServer first = open();
        send(first, MAILBOX, "Thông báo khảo sát", "noreply@sonoivu.khanhhoa.gov.vn");
        clock.advance(Duration.ofMinutes(5));
        send(first, "bounce-hopthu@soyte.khanhhoa.gov.vn", "Thư sẽ bị trả lại", "bounces+dlv-1@govcomm.local");
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.bounces().isEmpty());

        FakeMailServer second = open();

        assertThat(second.messages()).hasSize(2);
        assertThat(second.messages()).extracting(ReceivedMail::number, ReceivedMail::mailbox, ReceivedMail::envelopeFrom,
                        ReceivedMail::receivedAt, ReceivedMail::rawText)
                .isEqualTo(first.messages().stream().map(m -> org.assertj.core.groups.Tuple.tuple(m.number(), m.mailbox(),
                        m.envelopeFrom(), m.receivedAt(), m.rawText())).toList());
        assertThat(second.bounces()).isEqualTo(first.bounces()).hasSize(1);
        assertThat(inbox(second, MAILBOX)).singleElement().satisfies(m -> {
            assertThat(m.getSubject()).isEqualTo("Thông báo khảo sát");
            assertThat(m.getReceivedDate().toInstant()).isEqualTo(Instant.parse("2026-03-02T02:00:00Z"));
        });
        assertThat(inbox(second, RETURN_PATH)).singleElement()
                .satisfies(m -> assertThat(m.getContentType()).startsWith("multipart/report"));
        JsonNode viewed = Http.json(Http.get(second.viewerUrl() + "/api/messages"));
        assertThat(viewed).extracting(m -> m.get("number").asInt()).containsExactly(2, 1);
        assertThat(Http.json(Http.get(second.viewerUrl() + "/api/bounces"))).hasSize(1);

        send(second, MAILBOX, "Thư sau khi khởi động lại", null);
        assertThat(second.messagesTo(MAILBOX)).extracting(ReceivedMail::number).containsExactly(1, 3);
    }

    @Test
    void keptMailboxesComeBackWhenTheRelayIsStartedAgainAndClearForgetsTheKeptMessages() throws Exception {
        FakeMailServer mail = open();
        send(mail, MAILBOX, "Thông báo khảo sát", null);

        mail.stopMail();
        mail.startMail();
        assertThat(inbox(mail, MAILBOX)).hasSize(1);

        mail.clear();
        assertThat(open().messages()).isEmpty();
    }

    private FakeMailServer open() {
        FakeMailServer mail = new FakeMailServer().persistTo(dir).ports(0, 0, 0).clock(clock).dsnDelay(Duration.ZERO)
                .start();
        servers.add(mail);
        return mail;
    }

    private static void send(FakeMailServer mail, String to, String subject, String envelopeFrom)
            throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", mail.host());
        props.put("mail.smtp.port", String.valueOf(mail.smtpPort()));
        if (envelopeFrom != null) {
            props.put("mail.smtp.from", envelopeFrom);
        }
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("noreply@sonoivu.khanhhoa.gov.vn"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setText("Đề nghị quý cơ quan đăng tải thông báo.", "UTF-8");
        Transport.send(message);
    }

    /** The messages in a mailbox over IMAP, read before the connection closes. */
    private static List<MimeMessage> inbox(FakeMailServer mail, String address) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(mail.host(), mail.imapPort(), address, "any");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<MimeMessage> copies = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                copies.add(new CopiedMessage((MimeMessage) message));
            }
            inbox.close(false);
            return copies;
        } finally {
            store.close();
        }
    }

    /** A detached copy that keeps the IMAP received date. */
    private static final class CopiedMessage extends MimeMessage {

        private final java.util.Date received;

        CopiedMessage(MimeMessage source) throws MessagingException {
            super(source);
            this.received = source.getReceivedDate();
        }

        @Override
        public java.util.Date getReceivedDate() {
            return received;
        }
    }
}
