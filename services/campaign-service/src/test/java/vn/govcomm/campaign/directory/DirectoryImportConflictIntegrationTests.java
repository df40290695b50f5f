package vn.govcomm.campaign.directory;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import vn.govcomm.campaign.CampaignServiceTestSupport;
import vn.govcomm.kit.web.ApiProblem;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An import's bulk write when the directory moved between its read and its write: what somebody else changed or
 * created meanwhile is not overwritten, the rest is written, and the answer says how much (409).
 */
class DirectoryImportConflictIntegrationTests extends CampaignServiceTestSupport {

    @Autowired
    AgencyDirectory directory;

    @Test
    void agenciesChangedOrCreatedMeanwhileAreNotOverwrittenAndTheAnswerSaysHowManyWereWritten() {
        directory.register(agency("x-xung-dot-a", "Tên ban đầu"), "quan.tri.khac", "registered");
        Agency readByTheImport = directory.find("x-xung-dot-a").orElseThrow();
        directory.update(readByTheImport, agency("x-xung-dot-a", "Người khác vừa đổi tên"), 1, "quan.tri.khac");
        directory.register(agency("x-xung-dot-c", "Người khác vừa tạo"), "quan.tri.khac", "registered");

        assertThatThrownBy(() -> directory.importAll(
                List.of(agency("x-xung-dot-b", "Mới từ tệp"), agency("x-xung-dot-c", "Tạo từ tệp")),
                List.of(new AgencyDirectory.Replacement(readByTheImport, agency("x-xung-dot-a", "Tên trong tệp"))),
                "admin.cntt"))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(p.code()).isEqualTo("directory-changed-meanwhile");
                    assertThat(p.getMessage()).contains("1 of 3 agencies were written");
                });

        assertThat(directory.find("x-xung-dot-a").orElseThrow().name()).isEqualTo("Người khác vừa đổi tên");
        assertThat(directory.find("x-xung-dot-c").orElseThrow().name()).isEqualTo("Người khác vừa tạo");
        assertThat(directory.find("x-xung-dot-b").orElseThrow().name()).isEqualTo("Mới từ tệp");
        assertThat(directory.auditTrail("x-xung-dot-b")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("action", "imported").containsEntry("actor", "admin.cntt"));
    }

    private static Agency agency(String id, String name) {
        return new Agency(id, name, null, "OTHER", null, List.of(), null, false, List.of(), 0, null, null, null, "khanh-hoa", false);
    }
}
