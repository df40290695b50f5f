package vn.govcomm.campaign.directory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import static org.assertj.core.api.Assertions.assertThat;

/** Official mailbox addresses: Jakarta Mail's strict parser plus the host-name rules a relay delivers to. */
class MailboxesUnitTests {

    @ParameterizedTest
    @ValueSource(strings = {"vanphong@syt.khanhhoa.gov.vn", "vanphong@so-noi-vu.khanhhoa.example.org",
            "bo.phan.mot-cua+thongbao@ubnd.nhatrang.khanhhoa.gov.vn",
            "a@xn--khnhha-1ua7d.vn", "VanThu@SNV.KhanhHoa.Gov.VN"})
    void acceptsPlainMailboxAddresses(String address) {
        assertThat(Mailboxes.isMailbox(address)).as(address).isTrue();
        assertThat(Mailboxes.problem("contactEmail", address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vanphong", "vanphong@", "@syt.khanhhoa.gov.vn", "vanphong@localhost",
            "Văn phòng <vanphong@syt.khanhhoa.gov.vn>", "vanphong@syt.khanhhoa.gov.vn (văn phòng)",
            "vanphong@syt.khanhhoa.gov.vn, vanthu@syt.khanhhoa.gov.vn", "van phong@syt.khanhhoa.gov.vn",
            "\"van thu\"@snv.khanhhoa.gov.vn",
            "van..phong@syt.khanhhoa.gov.vn", ".vanphong@syt.khanhhoa.gov.vn", "vanphong@-syt.khanhhoa.gov.vn",
            "vanphong@syt_khanhhoa.gov.vn", "vanphong@syt..khanhhoa.gov.vn", "vanphong@[10.0.0.1]", "vanphong@10.0.0.1",
            "vănphòng@syt.khanhhoa.gov.vn", "vanphong@sởytế.khanhhoa.gov.vn", "nhom: a@x.vn, b@x.vn;"})
    void refusesWhatIsNotOneMailboxOnAnInternetHost(String address) {
        assertThat(Mailboxes.isMailbox(address)).as(address).isFalse();
        FieldProblem problem = Mailboxes.problem("contactEmail", address).orElseThrow();
        assertThat(problem.code()).isEqualTo("invalid-email");
        assertThat(problem.messageVi()).startsWith("Địa chỉ thư điện tử không hợp lệ");
        assertThat(problem.messageEn()).startsWith("Not a valid e-mail address");
    }

    @Test
    void refusesALocalPartOverSixtyFourAndAnAddressOverTwoHundredFiftyFourCharacters() {
        assertThat(Mailboxes.isMailbox("a".repeat(64) + "@syt.khanhhoa.gov.vn")).isTrue();
        assertThat(Mailboxes.isMailbox("a".repeat(65) + "@syt.khanhhoa.gov.vn")).isFalse();
        String longest = "vanphong@" + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(59) + ".vn";
        assertThat(longest).hasSize(254);
        assertThat(Mailboxes.problem("contactEmail", longest)).isEmpty();
        FieldProblem tooLong = Mailboxes.problem("contactEmail", "x" + longest).orElseThrow();
        assertThat(tooLong.code()).isEqualTo("too-long");
        assertThat(tooLong.messageEn()).isEqualTo("At most 254 characters");
    }
}
