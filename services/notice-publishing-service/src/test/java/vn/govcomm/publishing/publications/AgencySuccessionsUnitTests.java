package vn.govcomm.publishing.publications;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The re-addressed delivery's reason says what happened to the agency, as the directory's snapshot says it. */
class AgencySuccessionsUnitTests {

    @Test
    void theReasonNamesTheKindOfSuccessionAndBothWhenItIsNotKnown() {
        assertThat(AgencySuccessions.readdressedReason("MERGED", "so-nn-ptnt", "Sở Nông nghiệp và Môi trường", "so-nn-mt"))
                .isEqualTo("Cơ quan đã sáp nhập vào Sở Nông nghiệp và Môi trường (so-nn-mt); gửi lại cho cơ quan kế thừa. "
                        + "/ Agency so-nn-ptnt merged into Sở Nông nghiệp và Môi trường (so-nn-mt); re-addressed to the successor.");
        assertThat(AgencySuccessions.readdressedReason("RENAMED", "ubnd-a", "UBND xã B", "ubnd-b"))
                .startsWith("Cơ quan đã đổi tên thành UBND xã B (ubnd-b)").contains("Agency ubnd-a renamed to UBND xã B");
        assertThat(AgencySuccessions.readdressedReason(null, "ubnd-a", "UBND xã B", "ubnd-b"))
                .startsWith("Cơ quan đã sáp nhập vào hoặc đổi tên thành UBND xã B").contains(" merged into or renamed to ");
    }
}
