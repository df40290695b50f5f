package vn.govcomm.campaign.plans;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTimingUnitTests {

    static final Plan.Schedule Q1 = new Plan.Schedule(Plan.ScheduleKind.QUARTER, List.of(1, 2, 3), null, null, "Quý I/2025");
    static final Plan.Schedule JUNE_AND_DECEMBER = new Plan.Schedule(Plan.ScheduleKind.MONTH, List.of(6, 12), null, null,
            "Tháng 6/2025; tháng 12/2025");
    static final Plan.Schedule YEAR_ROUND = new Plan.Schedule(Plan.ScheduleKind.YEAR_ROUND,
            List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), null, null, "Thường xuyên trong năm 2025");
    static final Plan.Schedule BEFORE_SEPTEMBER = new Plan.Schedule(Plan.ScheduleKind.DATE_RANGE,
            List.of(1, 2, 3, 4, 5, 6, 7, 8), LocalDate.of(2025, 1, 1), LocalDate.of(2025, 8, 31),
            "Hoàn thành trước tháng 9/2025");

    static LinkedCampaigns.LinkedCampaign campaign(String status, boolean carriedOut) {
        return new LinkedCampaigns.LinkedCampaign("cmp-1", "SNV-1", "Thông báo", "so-noi-vu", status,
                Instant.parse("2025-02-01T00:00:00Z"), Instant.parse("2025-02-28T16:59:59Z"), carriedOut);
    }

    @Test
    void aQuarterIsDueInItsMonthsAndLateAfterItWithoutACampaign() {
        assertThat(TaskTiming.of(Q1, 2025, LocalDate.of(2024, 12, 31), List.of()))
                .isEqualTo(new TaskTiming(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31), false, false));
        assertThat(TaskTiming.of(Q1, 2025, LocalDate.of(2025, 1, 1), List.of()).due()).isTrue();
        assertThat(TaskTiming.of(Q1, 2025, LocalDate.of(2025, 3, 31), List.of()).late()).isFalse();
        TaskTiming april = TaskTiming.of(Q1, 2025, LocalDate.of(2025, 4, 1), List.of());
        assertThat(april.due()).isFalse();
        assertThat(april.late()).isTrue();
    }

    @Test
    void aCarriedOutCampaignKeepsATaskFromBeingLateButADraftOrACancelledOneDoesNot() {
        LocalDate may = LocalDate.of(2025, 5, 10);
        assertThat(TaskTiming.of(Q1, 2025, may, List.of(campaign("SCHEDULED", true))).late()).isFalse();
        assertThat(TaskTiming.of(Q1, 2025, may, List.of(campaign("DRAFT", false), campaign("CANCELLED", false))).late())
                .isTrue();
    }

    @Test
    void separateMonthsAreDueEachInTheirMonthOnly() {
        assertThat(TaskTiming.of(JUNE_AND_DECEMBER, 2025, LocalDate.of(2025, 6, 15), List.of()).due()).isTrue();
        TaskTiming july = TaskTiming.of(JUNE_AND_DECEMBER, 2025, LocalDate.of(2025, 7, 1), List.of());
        assertThat(july.due()).isFalse();
        assertThat(july.late()).as("December is still ahead").isFalse();
        assertThat(july.to()).isEqualTo(LocalDate.of(2025, 12, 31));
        assertThat(TaskTiming.of(JUNE_AND_DECEMBER, 2025, LocalDate.of(2026, 1, 1), List.of()).late()).isTrue();
    }

    @Test
    void aYearRoundTaskIsDueAllYearAndLateOnlyOnceTheYearIsOver() {
        assertThat(TaskTiming.of(YEAR_ROUND, 2025, LocalDate.of(2025, 11, 30), List.of()))
                .isEqualTo(new TaskTiming(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), true, false));
        assertThat(TaskTiming.of(YEAR_ROUND, 2025, LocalDate.of(2026, 1, 1), List.of()))
                .isEqualTo(new TaskTiming(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), false, true));
    }

    @Test
    void aDateRangeUsesItsOwnDays() {
        assertThat(TaskTiming.of(BEFORE_SEPTEMBER, 2025, LocalDate.of(2025, 8, 31), List.of()).due()).isTrue();
        TaskTiming september = TaskTiming.of(BEFORE_SEPTEMBER, 2025, LocalDate.of(2025, 9, 1), List.of());
        assertThat(september.due()).isFalse();
        assertThat(september.late()).isTrue();
    }
}
