package vn.govcomm.manual.tasks;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reason of the ACCEPTED status: what the target agency must do, in Vietnamese then English, within 1000. */
class InstructionsUnitTests {

    @Test
    void sayWhereAndByWhenInBothLanguages() {
        String reason = TaskStatuses.instructions(task("Loa truyền thanh phường Lộc Thọ", "loudspeaker",
                Instant.parse("2023-11-30T16:59:59Z")));
        assertThat(reason).startsWith("Kênh thực hiện thủ công: Loa truyền thanh phường Lộc Thọ.")
                .contains("trước 23:59 ngày 30/11/2023")
                .contains(" / Manual channel: Loa truyền thanh phường Lộc Thọ (Loudspeaker broadcast).")
                .endsWith("by 2023-11-30 23:59 (UTC+7).");
    }

    @Test
    void fallBackToTheKindWithoutAnEndpointNameAndStayWithinTheContractLimit() {
        assertThat(TaskStatuses.instructions(task(null, "e-office", null)))
                .contains("E-Office").doesNotContain("trước").doesNotContain(" by ");
        assertThat(TaskStatuses.instructions(task(null, "unknown-kind", null))).contains("Kênh khác", "Other channel");
        String longest = TaskStatuses.instructions(task("Đ".repeat(300), "clinic-board", Instant.now()));
        assertThat(longest.codePointCount(0, longest.length())).isLessThanOrEqualTo(1000);
    }

    private static ManualTask task(String endpointName, String kind, Instant deadline) {
        return new ManualTask("dlv-1", "cmp-1", null, "so-y-te", "so-noi-vu", "so-y-te.manual-1", endpointName, kind,
                null, null, deadline, "NORMAL", TaskState.AWAITING_CONFIRMATION, 1, 1, List.of(), null, null, null,
                null, null, null);
    }
}
