package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The periodic scorecard across campaigns (reporting service, {@code /api/reports/scorecards}): per agency, worst
 * first, the campaigns it received, per channel on time / late / missing / not yet due and the on-time rate,
 * reminders and escalations, and the province's totals; the same query as XLSX and as the printable page, fetched
 * with the user's caller token. The period is a quarter ({@code 2025-Q1}), a year ({@code 2025}) or {@code from}–{@code to};
 * by default the current quarter in Vietnam. The issuer is the user's agency by default ({@code issuer=all}: every
 * issuer the user reads); with {@code agency=} (no issuer chosen) an agency sees its own row across issuers. The
 * reporting service alone decides who reads what: its 404/403 are this console's refusal pages.
 */
@Controller
@RequestMapping("/console/scorecards")
class ScorecardConsoleController {

    /** The {@code issuer} value asking for every issuer the user reads (no issuer sent to the service). */
    static final String ALL_ISSUERS = "all";
    private static final String SCORECARD = "/api/reports/scorecards";
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Map<String, String> FILES = Map.of("xlsx", SCORECARD + ".xlsx", "print", SCORECARD + "/print");

    private final PlatformApi api;
    private final ConsolePages pages;

    ScorecardConsoleController(PlatformApi api, ConsolePages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping({"", "/"})
    String scorecard(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String period,
                     @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     @RequestParam(required = false) String issuer, @RequestParam(required = false) String agency,
                     Model model, HttpServletResponse response) {
        Map<String, String> query = query(me, period, from, to, issuer, agency);
        model.addAttribute("query", query);
        model.addAttribute("periods", periods());
        model.addAttribute("periodWords", query.containsKey("period") ? periodWords(query.get("period")) : null);
        model.addAttribute("issuer", query.get("issuer"));
        model.addAttribute("allIssuers", !query.containsKey("issuer"));
        model.addAttribute("agency", query.get("agency"));
        model.addAttribute("xlsxLink", link("/console/scorecards/export/xlsx", query));
        model.addAttribute("printLink", link("/console/scorecards/export/print", query));
        JsonNode card;
        try {
            card = api.get(Service.REPORTING, me, SCORECARD, query);
        } catch (ApiFailure e) {
            int status = e.unreachable ? 503 : e.status >= 400 && e.status < 500 ? e.status : 502;
            response.setStatus(status);
            if (status == 400) {
                // a period the service refuses (malformed, too long, too many campaigns): the form again, with its words
                model.addAttribute("error", e.getMessage());
                return "console/scorecards";
            }
            model.addAttribute("status", status);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("failureKey", status == 404 ? "failure.notFound.scorecard"
                    : status == 403 ? "failure.forbidden" : null);
            return "console/failure";
        }
        List<String> channels = new ArrayList<>();
        card.path("totals").forEach(t -> channels.add(t.path("channel").asString()));
        List<Row> rows = new ArrayList<>();
        card.path("agencies").forEach(a -> rows.add(new Row(a, byChannel(a.path("channels")))));
        model.addAttribute("card", card);
        model.addAttribute("rows", rows);
        model.addAttribute("totals", byChannel(card.path("totals")));
        model.addAttribute("channels", channels);
        return "console/scorecards";
    }

    /** The XLSX or printable page of the same query, relayed as the reporting service made it. */
    @GetMapping("/export/{kind:[a-z]+}")
    ResponseEntity<byte[]> export(@RequestAttribute(IDENTITY) Identity me, @PathVariable String kind,
                                  @RequestParam(required = false) String period, @RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to, @RequestParam(required = false) String issuer,
                                  @RequestParam(required = false) String agency) {
        String path = FILES.get(kind);
        if (path == null) {
            return CampaignExportController.text(404, pages.message("export.unknown"));
        }
        Map<String, String> query = query(me, period, from, to, issuer, agency);
        try {
            return CampaignExportController.relayed(api.file(Service.REPORTING, me, path + template(query),
                    query.values().toArray()));
        } catch (ApiFailure e) {
            return CampaignExportController.text(e.status, e.getMessage());
        }
    }

    /**
     * What is asked of the reporting service: from–to when both are given, else the period (the current quarter by
     * default); the issuer chosen, else the user's agency unless {@code agency} asks for one agency's own row.
     */
    static Map<String, String> query(Identity me, String period, String from, String to, String issuer, String agency) {
        Map<String, String> query = new LinkedHashMap<>();
        if (!blank(from) || !blank(to)) {
            query.put("from", blank(from) ? "" : from.strip());
            query.put("to", blank(to) ? "" : to.strip());
        } else {
            query.put("period", blank(period) ? quarterOf(LocalDate.now(ConsoleWords.VIETNAM)) : period.strip());
        }
        if (!blank(issuer) && !ALL_ISSUERS.equals(issuer.strip())) {
            query.put("issuer", issuer.strip());
        } else if (blank(issuer) && blank(agency) && me.agency() != null) {
            query.put("issuer", me.agency());
        }
        if (!blank(agency)) {
            query.put("agency", agency.strip());
        }
        return query;
    }

    static String quarterOf(LocalDate day) {
        return day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
    }

    /** The picker's choices: the quarters of this year and last year, then those years, newest first. */
    List<Period> periods() {
        int year = LocalDate.now(ConsoleWords.VIETNAM).getYear();
        List<Period> periods = new ArrayList<>();
        for (int y = year; y >= year - 1; y--) {
            for (int q = 4; q >= 1; q--) {
                periods.add(new Period(y + "-Q" + q, periodWords(y + "-Q" + q)));
            }
            periods.add(new Period(String.valueOf(y), periodWords(String.valueOf(y))));
        }
        return periods;
    }

    /** "Quý I/2025", "Năm 2025" (English: "Q1 2025", "Year 2025"); anything else as it was typed. */
    String periodWords(String period) {
        Matcher quarter = QUARTER.matcher(period);
        if (quarter.matches()) {
            return pages.message("scorecards.quarter", Integer.parseInt(quarter.group(2)), quarter.group(1));
        }
        return period.matches("\\d{4}") ? pages.message("scorecards.year", period) : period;
    }

    private static Map<String, JsonNode> byChannel(JsonNode channels) {
        Map<String, JsonNode> by = new LinkedHashMap<>();
        channels.forEach(c -> by.put(c.path("channel").asString(), c));
        return by;
    }

    /** An agency's line, its channels by name (a channel nothing was required on is absent). */
    public record Row(JsonNode agency, Map<String, JsonNode> channels) {
    }

    /** A choice of the period picker: the value sent, and its words. */
    public record Period(String value, String words) {
    }

    private static String link(String path, Map<String, String> query) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(path);
        query.forEach((name, value) -> link.queryParam(name, value));
        return link.encode().build().toUriString();
    }

    /** {@code ?name={name}&…}: each value a URI variable, so that it is encoded. */
    private static String template(Map<String, String> query) {
        StringBuilder template = new StringBuilder();
        query.keySet().forEach(name -> template.append(template.isEmpty() ? '?' : '&').append(name)
                .append("={").append(name).append('}'));
        return template.toString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
