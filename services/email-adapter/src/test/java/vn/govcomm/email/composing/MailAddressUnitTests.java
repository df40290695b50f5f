package vn.govcomm.email.composing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MailAddressUnitTests {

    @ParameterizedTest
    @ValueSource(strings = {"vanthu@soyte.khanhhoa.gov.vn", "van.thu+so-y-te@khanhhoa.gov.vn", "a_b-c@x.vn"})
    void acceptsPlainMailboxes(String address) {
        assertThat(Mailboxes.problem(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "van thu@soyte.gov.vn", "vanthu@soyte", "vanthu", "@soyte.gov.vn",
            "Văn thư <vanthu@soyte.gov.vn>", "a@b.vn, c@d.vn", "vănthư@soyte.gov.vn", "vanthu@soyte..gov.vn",
            "vanthu@soyte.gov.vn.", " vanthu@soyte.gov.vn", "vanthu@[10.0.0.1]"})
    void refusesWhatIsNotOneMailbox(String address) {
        assertThat(Mailboxes.problem(address)).isPresent();
    }
}
