package vn.govcomm.gateway.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/** The console's home: the campaigns the user may see, newest change first, and a month calendar of their windows. */
@Controller
@RequestMapping("/console")
class CampaignListController {

    private final PlatformApi api;

    CampaignListController(PlatformApi api) {
        this.api = api;
    }

    @GetMapping({"", "/"})
    String list(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String month,
                @RequestParam(required = false, defaultValue = "false") boolean tasks, Model model) {
        List<JsonNode> campaigns = new ArrayList<>();
        try {
            api.get(Service.CAMPAIGNS, me, "/api/campaigns").forEach(campaigns::add);
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        campaigns.sort((a, b) -> b.path("updatedAt").asString("").compareTo(a.path("updatedAt").asString("")));
        YearMonth shown;
        try {
            shown = month == null ? YearMonth.now(ConsoleWords.VIETNAM) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            shown = YearMonth.now(ConsoleWords.VIETNAM);
        }
        model.addAttribute("campaigns", campaigns);
        model.addAttribute("calendar", Calendar.of(shown, campaigns));
        model.addAttribute("showTasks", tasks);
        if (tasks) {
            model.addAttribute("taskRows", planTasks(me, shown, model));
        }
        return "console/list";
    }

    /**
     * The plan tasks of {@code month}: every plan of its year the user may read (the campaign service decides, with the
     * user's token), each task whose schedule's months include this month, in plan order; days marked over the whole
     * month, or a DATE_RANGE's own days. A plan the service refuses or cannot give is left out with a message.
     */
    private List<TaskRow> planTasks(Identity me, YearMonth month, Model model) {
        List<TaskRow> rows = new ArrayList<>();
        try {
            for (JsonNode summary : api.get(Service.CAMPAIGNS, me, "/api/plans",
                    Map.of("year", String.valueOf(month.getYear())))) {
                if (summary.path("year").asInt() != month.getYear()) {
                    continue;
                }
                JsonNode plan = api.get(Service.CAMPAIGNS, me, "/api/plans/{id}", summary.path("id").asString());
                for (JsonNode task : plan.path("tasks")) {
                    TaskRow row = TaskRow.of(plan, task, month);
                    if (row != null) {
                        rows.add(row);
                    }
                }
            }
        } catch (ApiFailure e) {
            model.addAttribute("tasksError", e.getMessage());
        }
        return rows;
    }

    /** A plan task on the calendar: the days of the month its schedule covers, and whether it is late today. */
    public record TaskRow(String planId, String planTitle, int number, String title, String scheduleWords,
                          boolean late, boolean due, List<Boolean> inSchedule) {

        static TaskRow of(JsonNode plan, JsonNode task, YearMonth month) {
            boolean inMonth = false;
            for (JsonNode m : task.path("schedule").path("months")) {
                inMonth |= m.asInt() == month.getMonthValue();
            }
            if (!inMonth) {
                return null;
            }
            LocalDate from = month.atDay(1);
            LocalDate to = month.atEndOfMonth();
            if ("DATE_RANGE".equals(task.path("schedule").path("kind").asString(""))) {
                from = later(from, date(task.path("schedule").path("from")));
                to = earlier(to, date(task.path("schedule").path("to")));
            }
            List<Boolean> marks = new ArrayList<>();
            for (int d = 1; d <= month.lengthOfMonth(); d++) {
                LocalDate day = month.atDay(d);
                marks.add(!day.isBefore(from) && !day.isAfter(to));
            }
            return new TaskRow(plan.path("id").asString(), plan.path("title").asString(""),
                    task.path("number").asInt(), task.path("title").asString(""),
                    task.path("schedule").path("words").asString(""), task.path("late").asBoolean(false),
                    task.path("due").asBoolean(false), marks);
        }

        /** A schedule's "2025-08-31", else null (no bound). */
        private static LocalDate date(JsonNode value) {
            try {
                return value.isString() ? LocalDate.parse(value.asString()) : null;
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        private static LocalDate later(LocalDate a, LocalDate b) {
            return b != null && b.isAfter(a) ? b : a;
        }

        private static LocalDate earlier(LocalDate a, LocalDate b) {
            return b != null && b.isBefore(a) ? b : a;
        }
    }

    /** A month of days with each campaign's window marked, for the calendar table. */
    public record Calendar(YearMonth month, List<LocalDate> days, List<Row> rows) {
        public record Row(JsonNode campaign, List<Boolean> inWindow) {
        }

        static Calendar of(YearMonth month, List<JsonNode> campaigns) {
            List<LocalDate> days = new ArrayList<>();
            for (int d = 1; d <= month.lengthOfMonth(); d++) {
                days.add(month.atDay(d));
            }
            List<Row> rows = new ArrayList<>();
            for (JsonNode c : campaigns) {
                Instant startsAt = ConsoleWords.instant(c.path("window").path("startsAt"));
                Instant endsAt = ConsoleWords.instant(c.path("window").path("endsAt"));
                if (startsAt == null || endsAt == null) {
                    continue;
                }
                // the same days as the list's window column (ConsoleWords.window)
                LocalDate from = startsAt.atZone(ConsoleWords.VIETNAM).toLocalDate();
                LocalDate to = ConsoleWords.lastDay(endsAt);
                List<Boolean> marks = days.stream().map(d -> !d.isBefore(from) && !d.isAfter(to)).toList();
                if (marks.contains(true)) {
                    rows.add(new Row(c, marks));
                }
            }
            return new Calendar(month, days, rows);
        }

        public YearMonth previous() {
            return month.minusMonths(1);
        }

        public YearMonth next() {
            return month.plusMonths(1);
        }
    }
}
