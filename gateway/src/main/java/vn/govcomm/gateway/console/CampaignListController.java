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
    String list(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String month, Model model) {
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
        return "console/list";
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
