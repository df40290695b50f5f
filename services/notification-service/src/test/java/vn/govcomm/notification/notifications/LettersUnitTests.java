package vn.govcomm.notification.notifications;

import org.junit.jupiter.api.Test;
import vn.govcomm.notification.directory.Agency;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LettersUnitTests {

    static final Letters LETTERS = new Letters("https://govcomm.khanhhoa.gov.vn/");
    static final Instant DEADLINE = Instant.parse("2023-11-30T16:59:59Z");
    static final Instant NOW = Instant.parse("2023-11-27T01:00:00Z");

    static Notification reminder(int days, String title) {
        Notification n = Notification.draft(days > 0 ? Notification.Kind.ESCALATION : Notification.Kind.REMINDER,
                        Notification.Audience.AGENCY, "cmp-1", "so-y-te", NOW)
                .campaign("SNV-01", title, "so-noi-vu", DEADLINE).round("cmp-1|20231127", days).missing(List.of("zalo", "manual"));
        n.queued(NotificationIds.of(n), LETTERS.subject(n), NOW);
        return n;
    }

    @Test
    void subjectsSayHowFarTheDeadlineIs() {
        assertThat(reminder(-3, "Khảo sát").subject()).isEqualTo("[Nhắc việc] Khảo sát: còn 3 ngày");
        assertThat(reminder(0, "Khảo sát").subject()).isEqualTo("[Nhắc việc] Khảo sát: hạn chót hôm nay");
        assertThat(reminder(2, "Khảo sát").subject()).isEqualTo("[Quá hạn] Khảo sát: đã quá hạn 2 ngày");
    }

    @Test
    void aReminderNamesTheAgencyTheMissingChannelsInWordsTheDeadlineAndTheLink() {
        Letters.Letter letter = LETTERS.compose(reminder(-3, "Khảo sát"),
                Map.of("so-y-te", new Agency("so-y-te", "Sở Y tế", null, null),
                        "so-noi-vu", new Agency("so-noi-vu", "Sở Nội vụ", null, null)), NOW);

        assertThat(letter.text()).contains("Kính gửi: Sở Y tế", "Sở Nội vụ đề nghị", "Trang Zalo OA",
                "Niêm yết, thông báo tại đơn vị", "hạn chót ngày 30/11/2023", "08:00 ngày 27/11/2023",
                "https://govcomm.khanhhoa.gov.vn/console/addressed/cmp-1", "Zalo OA, notice board");
        assertThat(letter.html()).contains("<html lang=\"vi\">", "<li>Trang Zalo OA</li>",
                "<a href=\"https://govcomm.khanhhoa.gov.vn/console/addressed/cmp-1\">");
    }

    @Test
    void textsFromOutsideAreEscapedInTheHtml() {
        Letters.Letter letter = LETTERS.compose(reminder(-3, "<script>alert(1)</script> & \"Tết\""), Map.of(), NOW);

        assertThat(letter.html()).doesNotContain("<script>").contains("&lt;script&gt;", "&amp;", "Tết");
        assertThat(letter.text()).contains("<script>alert(1)</script>");
    }

    static Notification news(Notification.Kind kind, String actor, String actorName) {
        Notification n = Notification.draft(kind, Notification.Audience.ISSUER, "cmp-1", "so-noi-vu", NOW)
                .campaign("SNV-01", "Khảo sát", "so-noi-vu", DEADLINE).news(actor, actorName, "Đồng ý.", List.of());
        n.queued(NotificationIds.of(n), LETTERS.subject(n), NOW);
        return n;
    }

    @Test
    void newsNamesWhoActedByTheirNameAndByTheirIdOnlyWhenTheEventHadNoName() {
        assertThat(LETTERS.compose(news(Notification.Kind.APPROVED, "nguyen.van.minh", "Nguyễn Văn Minh"), Map.of(), NOW)
                .text()).contains("đã được phê duyệt (người thực hiện: Nguyễn Văn Minh)").doesNotContain("nguyen.van.minh");
        assertThat(LETTERS.compose(news(Notification.Kind.APPROVED, "nguyen.van.minh", null), Map.of(), NOW).text())
                .contains("(người thực hiện: nguyen.van.minh)");
        assertThat(LETTERS.compose(news(Notification.Kind.APPROVED, "system", null), Map.of(), NOW).text())
                .doesNotContain("người thực hiện");
    }

    @Test
    void anUnknownAgencyIsCalledByItsId() {
        assertThat(LETTERS.compose(reminder(-3, "Khảo sát"), Map.of(), NOW).text()).contains("Kính gửi: so-y-te");
    }
}
