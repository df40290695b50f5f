package vn.govcomm.notification.campaigns;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleUnitTests {

    @Test
    void roundsAreAtEightInTheMorningInVietnamOnTheDeadlinesLocalDatePlusTheOffset() {
        List<Schedule.PlannedRound> rounds = Schedule.rounds("cmp-1", Instant.parse("2023-11-30T16:59:59Z"), Schedule.DEFAULT_OFFSETS);

        assertThat(rounds).extracting(Schedule.PlannedRound::dueAt).containsExactly(
                Instant.parse("2023-11-27T01:00:00Z"), Instant.parse("2023-11-30T01:00:00Z"), Instant.parse("2023-12-02T01:00:00Z"));
        assertThat(rounds).extracting(Schedule.PlannedRound::kind).containsExactly(
                Schedule.RoundKind.REMINDER, Schedule.RoundKind.REMINDER, Schedule.RoundKind.ESCALATION);
        assertThat(rounds).extracting(Schedule.PlannedRound::roundId)
                .containsExactly("cmp-1|20231127", "cmp-1|20231130", "cmp-1|20231202");
    }

    @Test
    void theDeadlinesDateIsTheLocalDateNotTheUtcDate() {
        // 17:30 UTC on 30/11 is 00:30 on 01/12 in Asia/Ho_Chi_Minh: the deadline's day is 01/12.
        List<Schedule.PlannedRound> rounds = Schedule.rounds("cmp-2", Instant.parse("2023-11-30T17:30:00Z"), List.of(0));

        assertThat(rounds.getFirst().dueAt()).isEqualTo(Instant.parse("2023-12-01T01:00:00Z"));
    }

    @Test
    void offsetsAreSortedDeduplicatedAndZeroIsAReminder() {
        List<Schedule.PlannedRound> rounds = Schedule.rounds("cmp-3", Instant.parse("2031-03-20T16:59:59Z"), List.of(5, -7, 0, 5, 1));

        assertThat(rounds).extracting(Schedule.PlannedRound::offsetDays).containsExactly(-7, 0, 1, 5);
        assertThat(rounds).extracting(Schedule.PlannedRound::kind).containsExactly(Schedule.RoundKind.REMINDER,
                Schedule.RoundKind.REMINDER, Schedule.RoundKind.ESCALATION, Schedule.RoundKind.ESCALATION);
    }

    @Test
    void noOffsetsMeansNoRounds() {
        assertThat(Schedule.rounds("cmp-4", Instant.parse("2031-03-20T16:59:59Z"), List.of())).isEmpty();
    }
}
