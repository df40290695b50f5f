package vn.govcomm.browser;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser tests' page scan (no browser needed): what it finds, and what it leaves alone. */
class PeoplesWordsUnitTests {

    static final Set<String> AGENCIES = Set.of("so-y-te", "ban-dan-toc", "kho-bac");

    @Test
    void findsRawAgencyIdsUtcInstantsAndStatusNames() {
        String page = """
                Cơ quan: ban-dan-toc
                Kênh: so-y-te.facebook
                Thời gian: 2026-12-04T17:00:00Z
                Trạng thái: FAILED, chờ AWAITING_REVIEW
                Chưa nhận được kế hoạch phát hành của chiến dịch cmp-d2dab8c9-4b0d-4454-b70e-992f60bad521.""";

        assertThat(PeoplesWords.problems(page, AGENCIES)).containsExactlyInAnyOrder("agency id ban-dan-toc",
                "agency id so-y-te", "UTC instant 2026-12-04T17:00", "status name FAILED", "status name AWAITING_REVIEW",
                "campaign id cmp-d2dab8c9-4b0d-4454-b70e-992f60bad521");
    }

    @Test
    void findsDemoUserIdsWherePeopleShouldBeNamedAndLeavesTheirNamesAndAddressesAlone() {
        Set<String> users = Set.of("tran.thi.lan", "nguyen.van.minh");
        String ids = """
                Phê duyệt — nguyen.van.minh: Đồng ý
                Minh chứng gửi bởi tran.thi.lan.""";
        String names = """
                Phê duyệt — Nguyễn Văn Minh: Đồng ý
                Hộp thư: tran.thi.lan@snv.khanhhoa.example.org, https://example.gov.vn/tran.thi.lan, tran.thi.lan.cu""";

        assertThat(PeoplesWords.problems(ids, AGENCIES, users)).containsExactlyInAnyOrder("user id nguyen.van.minh",
                "user id tran.thi.lan");
        assertThat(PeoplesWords.problems(names, AGENCIES, users)).isEmpty();
    }

    @Test
    void readsTheDemoUserIdsFromTheSignInPagesTable() {
        String login = """
                <table class="grid"><thead><tr><th scope="col">Tên đăng nhập</th><th scope="col">Họ tên</th></tr></thead>
                  <tbody><tr><td>tran.thi.lan</td><td>Trần Thị Lan</td>
                    <td>Cán bộ</td><td title="Sở Nội vụ tỉnh Khánh Hòa">Sở Nội vụ</td></tr><tr><td>hoang.quoc.bao</td><td>Hoàng Quốc Bảo</td>
                    <td>Quản trị viên</td><td>Sở KH&amp;CN</td></tr></tbody></table>""";

        assertThat(PeoplesWords.demoUserIds(login)).containsExactly("hoang.quoc.bao", "tran.thi.lan");
        assertThat(PeoplesWords.demoUserIds("<p>Đăng nhập một lần</p>")).isEmpty();
    }

    @Test
    void leavesPeoplesWordsAlone() {
        String page = """
                Cơ quan: Ban Dân tộc tỉnh · Sở Y tế
                Thời gian: 05/12/2026 – 04/03/2027, cập nhật 05/12/2026 00:30
                Trạng thái: ✗ Lỗi, ✓ Đã đăng (Failed, Published)
                Mã: SNV-KHO-BAC-2026, kho-bac-nha-nuoc, https://kho-bac.example/tin
                Liên kết: https://govcomm.example/console/campaigns/cmp-d2dab8c9-4b0d-4454-b70e-992f60bad521""";

        assertThat(PeoplesWords.problems(page, AGENCIES)).isEmpty();
    }
}
