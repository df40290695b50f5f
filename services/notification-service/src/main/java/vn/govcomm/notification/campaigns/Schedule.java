package vn.govcomm.notification.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * The reminder rounds of a campaign: for each offset d (days relative to the deadline, negative before), a round
 * due at 08:00 Asia/Ho_Chi_Minh on the deadline's local date + d days; d ≤ 0 is a REMINDER, d > 0 an ESCALATION.
 * No offsets given → {@link #DEFAULT_OFFSETS}.
 */
public final class Schedule {

    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    public static final LocalTime AT = LocalTime.of(8, 0);
    public static final List<Integer> DEFAULT_OFFSETS = List.of(-3, 0, 2);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private Schedule() {
    }

    public enum RoundKind { REMINDER, ESCALATION }

    /** One round of a plan; {@code roundId} = {@code <campaignId>|<yyyyMMdd>} (one round a day at most). */
    public record PlannedRound(String roundId, Instant dueAt, int offsetDays, RoundKind kind) {
    }

    public static List<PlannedRound> rounds(String campaignId, Instant deadline, List<Integer> offsetsDays) {
        LocalDate deadlineDay = deadline.atZone(ZONE).toLocalDate();
        return offsetsDays.stream().distinct().sorted().map(d -> {
            LocalDate day = deadlineDay.plusDays(d);
            return new PlannedRound(roundId(campaignId, day), day.atTime(AT).atZone(ZONE).toInstant(), d,
                    d <= 0 ? RoundKind.REMINDER : RoundKind.ESCALATION);
        }).sorted(Comparator.comparing(PlannedRound::dueAt)).toList();
    }

    static String roundId(String campaignId, LocalDate day) {
        return campaignId + "|" + DAY.format(day);
    }
}
