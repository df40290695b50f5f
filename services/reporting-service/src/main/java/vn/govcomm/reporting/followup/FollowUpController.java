package vn.govcomm.reporting.followup;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import vn.govcomm.identity.Caller;
import vn.govcomm.reporting.reports.ReportAccess;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The follow-up report (seed 003): who has not complied, per channel, with reasons and reminders.
 * <ul>
 *   <li>{@code GET /api/reports/campaigns/{id}/follow-up} (JSON), {@code .../follow-up.xlsx},
 *       {@code .../follow-up/print}: one campaign; for whoever {@link Caller#reads} its issuing agency, anybody else
 *       gets the unknown campaign's 404 ({@link ReportAccess#requireRead});</li>
 *   <li>{@code GET /api/reports/follow-up?from=&to=[&issuer=]} (+ {@code .xlsx}, {@code /print}): every campaign due
 *       in the period, of the issuing agencies the caller reads ({@link ReportAccess#requirePeriodRead}).</li>
 * </ul>
 * Access is decided before anything is read; the period's dates are checked after it.
 */
@RestController
class FollowUpController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final FollowUpView view;
    private final ReportAccess access;

    FollowUpController(FollowUpView view, ReportAccess access) {
        this.view = view;
        this.access = access;
    }

    @GetMapping("/api/reports/campaigns/{campaignId}/follow-up")
    FollowUp campaign(Caller caller, @PathVariable String campaignId) {
        access.requireRead(caller, campaignId);
        return view.of(campaignId, Instant.now());
    }

    @GetMapping("/api/reports/campaigns/{campaignId}/follow-up.xlsx")
    ResponseEntity<StreamingResponseBody> campaignXlsx(Caller caller, @PathVariable String campaignId) {
        access.requireRead(caller, campaignId);
        FollowUp f = view.of(campaignId, Instant.now());
        return attachment("chua-thuc-hien-" + campaignId + ".xlsx", out -> FollowUpXlsx.campaign(f, out));
    }

    @GetMapping(value = "/api/reports/campaigns/{campaignId}/follow-up/print", produces = MediaType.TEXT_HTML_VALUE)
    String campaignPrint(Caller caller, @PathVariable String campaignId) {
        access.requireRead(caller, campaignId);
        return FollowUpPrint.campaign(view.of(campaignId, Instant.now()));
    }

    @GetMapping("/api/reports/follow-up")
    PeriodFollowUp period(Caller caller, @RequestParam(required = false) String from,
                          @RequestParam(required = false) String to, @RequestParam(required = false) String issuer) {
        ReportAccess.Coverage scope = access.requirePeriodRead(caller, issuer);
        return view.period(date("from", from), date("to", to), scope, Instant.now());
    }

    @GetMapping("/api/reports/follow-up.xlsx")
    ResponseEntity<StreamingResponseBody> periodXlsx(Caller caller, @RequestParam(required = false) String from,
                                                     @RequestParam(required = false) String to,
                                                     @RequestParam(required = false) String issuer) {
        ReportAccess.Coverage scope = access.requirePeriodRead(caller, issuer);
        PeriodFollowUp p = view.period(date("from", from), date("to", to), scope, Instant.now());
        return attachment("chua-thuc-hien-" + p.from() + "-" + p.to() + ".xlsx", out -> FollowUpXlsx.period(p, out));
    }

    @GetMapping(value = "/api/reports/follow-up/print", produces = MediaType.TEXT_HTML_VALUE)
    String periodPrint(Caller caller, @RequestParam(required = false) String from,
                       @RequestParam(required = false) String to, @RequestParam(required = false) String issuer) {
        ReportAccess.Coverage scope = access.requirePeriodRead(caller, issuer);
        return FollowUpPrint.period(view.period(date("from", from), date("to", to), scope, Instant.now()));
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw FollowUpView.invalidPeriod("Thiếu tham số " + name + " (ngày, yyyy-MM-dd). / Missing " + name + " (a date, yyyy-MM-dd).");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw FollowUpView.invalidPeriod("Tham số " + name + " không phải ngày yyyy-MM-dd. / " + name + " is not a date (yyyy-MM-dd).");
        }
    }

    private static ResponseEntity<StreamingResponseBody> attachment(String filename, StreamingResponseBody body) {
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
