package vn.govcomm.campaign.plans;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * Whether a task is due or late today (a calendar date in Asia/Ho_Chi_Minh), judged from its schedule alone and its
 * linked campaigns:
 * <ul>
 *   <li>{@code from}/{@code to}: the first day of its first month and the last day of its last month in the plan's year
 *       (DATE_RANGE: its own dates);</li>
 *   <li>{@code due}: today falls in one of its months (DATE_RANGE: within from–to);</li>
 *   <li>{@code late}: {@code to} has passed and none of its campaigns was carried out (approved and not cancelled).</li>
 * </ul>
 * How far each campaign got (compliance) is the reporting service's; the console joins it (README "Plans").
 */
public record TaskTiming(LocalDate from, LocalDate to, boolean due, boolean late) {

    static TaskTiming of(Plan.Schedule schedule, int year, LocalDate today, List<LinkedCampaigns.LinkedCampaign> campaigns) {
        List<Integer> months = schedule.months();
        LocalDate from;
        LocalDate to;
        boolean due;
        if (schedule.kind() == Plan.ScheduleKind.DATE_RANGE) {
            from = schedule.from();
            to = schedule.to();
            due = !today.isBefore(from) && !today.isAfter(to);
        } else {
            from = YearMonth.of(year, months.getFirst()).atDay(1);
            to = YearMonth.of(year, months.getLast()).atEndOfMonth();
            due = today.getYear() == year && months.contains(today.getMonthValue());
        }
        boolean late = today.isAfter(to) && campaigns.stream().noneMatch(LinkedCampaigns.LinkedCampaign::carriedOut);
        return new TaskTiming(from, to, due, late);
    }
}
