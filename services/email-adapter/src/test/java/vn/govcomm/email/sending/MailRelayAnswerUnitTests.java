package vn.govcomm.email.sending;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How what Spring's JavaMailSenderImpl throws is read (shapes as Angus Mail 2.0 builds them). */
class MailRelayAnswerUnitTests {

    @Test
    void aPermanentRefusalOfTheRecipientIsRejected() throws Exception {
        InternetAddress to = new InternetAddress("reject@soyte.gov.vn");
        SMTPAddressFailedException refused = new SMTPAddressFailedException(to, "RCPT TO:<reject@soyte.gov.vn>", 550,
                "550 5.1.1 <reject@soyte.gov.vn>: Recipient address rejected: User unknown");
        SendFailedException invalid = new SendFailedException("Invalid Addresses", refused, new Address[0],
                new Address[0], new Address[] {to});
        RelayAnswer answer = RelayAnswer.of(new MailSendException(Map.of(new Object(), invalid)));
        assertThat(answer.kind()).isEqualTo(RelayAnswer.Kind.REJECTED);
        assertThat(answer.code()).isEqualTo(550);
        assertThat(answer.text()).contains("User unknown");
    }

    @Test
    void aRefusedTransactionWith5xxIsRejectedButAuthenticationCodesAreTheRelaysProblem() throws Exception {
        SMTPSendFailedException tooBig = new SMTPSendFailedException("DATA", 552, "552 5.3.4 Message too big", null,
                null, null, null);
        assertThat(RelayAnswer.of(new MailSendException(Map.of(new Object(), tooBig))).kind())
                .isEqualTo(RelayAnswer.Kind.REJECTED);
        SMTPSendFailedException auth = new SMTPSendFailedException("MAIL", 530, "530 5.7.0 Authentication required",
                null, null, null, null);
        assertThat(RelayAnswer.of(new MailSendException(Map.of(new Object(), auth))).kind())
                .isEqualTo(RelayAnswer.Kind.UNAVAILABLE);
        assertThat(RelayAnswer.of(new MailAuthenticationException(new AuthenticationFailedException("535"))).kind())
                .isEqualTo(RelayAnswer.Kind.UNAVAILABLE);
    }

    @Test
    void fourHundredsRefusedConnectionsAndTimeoutsAreUnavailable() {
        SMTPSendFailedException busy = new SMTPSendFailedException("MAIL", 451, "451 4.3.0 Try again later", null,
                null, null, null);
        RelayAnswer temporary = RelayAnswer.of(new MailSendException(Map.of(new Object(), busy)));
        assertThat(temporary.kind()).isEqualTo(RelayAnswer.Kind.UNAVAILABLE);
        assertThat(temporary.code()).isEqualTo(451);

        MessagingException refused = new MailConnectException(new SocketConnectException("Connection refused",
                new ConnectException("Connection refused"), "127.0.0.1", 3025, 2000));
        RelayAnswer down = RelayAnswer.of(new MailSendException("Mail server connection failed", refused));
        assertThat(down.kind()).isEqualTo(RelayAnswer.Kind.UNAVAILABLE);
        assertThat(down.text()).contains("Connection refused");

        RelayAnswer slow = RelayAnswer.of(new MailSendException(Map.of(new Object(),
                new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out")))));
        assertThat(slow.kind()).isEqualTo(RelayAnswer.Kind.UNAVAILABLE);
    }
}
