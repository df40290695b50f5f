package vn.govcomm.notification.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

import java.net.ConnectException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpFailuresUnitTests {

    static MailSendException refusedAtRcpt(int code, String text) throws AddressException {
        InternetAddress to = new InternetAddress("vanthu@so-y-te.gov.vn");
        SMTPAddressFailedException rcpt = new SMTPAddressFailedException(to, "RCPT TO:<vanthu@so-y-te.gov.vn>", code, text);
        SendFailedException failed = new SendFailedException("Invalid Addresses", rcpt, new Address[0], new Address[0],
                new Address[]{to});
        return new MailSendException(Map.of("message", failed));
    }

    @Test
    void aMailboxRefusedWith550IsPermanentAndSaysWhy() throws Exception {
        Mailer.MailFailure failure = SmtpFailures.classify(refusedAtRcpt(550, "550 5.1.1 User unknown"));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.reason()).startsWith("SMTP 550").contains("User unknown");
    }

    @Test
    void aTemporaryRefusalWaits() throws Exception {
        assertThat(SmtpFailures.classify(refusedAtRcpt(450, "450 4.2.1 Mailbox busy, try later")).permanent()).isFalse();
        assertThat(SmtpFailures.classify(refusedAtRcpt(421, "421 4.3.2 Service shutting down")).permanent()).isFalse();
    }

    @Test
    void theRelayRefusingTheWholeMessageWith554IsPermanent() {
        SMTPSendFailedException data = new SMTPSendFailedException("DATA", 554, "554 5.7.1 Message rejected as spam", null,
                new Address[0], new Address[0], new Address[0]);
        assertThat(SmtpFailures.classify(new MailSendException(Map.of("message", data))).permanent()).isTrue();
    }

    @Test
    void authenticationRepliesWaitForAnOperatorInsteadOfFailingEveryMail() {
        SMTPSendFailedException auth = new SMTPSendFailedException("MAIL FROM", 530, "530 5.7.0 Authentication required",
                null, new Address[0], new Address[0], new Address[0]);
        assertThat(SmtpFailures.classify(new MailSendException(Map.of("message", auth))).permanent()).isFalse();
        assertThat(SmtpFailures.classify(new MailAuthenticationException("535 5.7.8 bad credentials")).permanent()).isFalse();
    }

    @Test
    void aRelayThatCannotBeReachedWaits() {
        MessagingException connect = new MessagingException("Couldn't connect to host, port: 127.0.0.1, 3025",
                new ConnectException("Connection refused"));
        Mailer.MailFailure failure = SmtpFailures.classify(new MailSendException("Mail server connection failed", connect));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.reason()).contains("Connection refused");
    }

    @Test
    void anAddressThatIsNotOneIsPermanent() {
        MessagingException bad = new MessagingException("bad", new AddressException("Missing final '@domain'", "vanthu"));
        assertThat(SmtpFailures.classify(new MailSendException(Map.of("message", bad))).permanent()).isTrue();
    }
}
