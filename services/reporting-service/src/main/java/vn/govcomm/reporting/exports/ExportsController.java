package vn.govcomm.reporting.exports;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import vn.govcomm.identity.Caller;
import vn.govcomm.reporting.compliance.Compliance;
import vn.govcomm.reporting.compliance.ComplianceView;
import vn.govcomm.reporting.reports.CampaignReports;
import vn.govcomm.reporting.reports.ReportAccess;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Exports an official uses: CSV (UTF-8 with a BOM so Excel reads the Vietnamese correctly), XLSX, and a printable
 * HTML summary for the periodic report. All under /api/reports/campaigns/{id}/export/. For whoever
 * {@link Caller#reads} the issuing agency; anybody else gets the unknown campaign's 404 before the response starts
 * ({@link ReportAccess}). Every CSV goes through {@link SafeCsv} (formula guard).
 */
@RestController
@RequestMapping("/api/reports/campaigns/{campaignId}/export")
class ExportsController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final ComplianceView compliance;
    private final CampaignReports reports;
    private final ExportRows rows;
    private final XlsxExport xlsx;
    private final ReportAccess access;

    ExportsController(ComplianceView compliance, CampaignReports reports, ExportRows rows, XlsxExport xlsx,
                      ReportAccess access) {
        this.compliance = compliance;
        this.reports = reports;
        this.rows = rows;
        this.xlsx = xlsx;
        this.access = access;
    }

    @GetMapping("/compliance.csv")
    ResponseEntity<StreamingResponseBody> complianceCsv(Caller caller, @PathVariable String campaignId) {
        access.requireRead(caller, campaignId);
        Compliance c = compliance.of(campaignId, Instant.now());
        return attachment(CSV, "tuan-thu-" + campaignId + ".csv", out -> SafeCsv.write(out,
                ExportRows.complianceHeaders(c), sink -> ExportRows.complianceRows(c).forEach(sink)));
    }

    @GetMapping("/deliveries.csv")
    ResponseEntity<StreamingResponseBody> deliveriesCsv(Caller caller, @PathVariable String campaignId) {
        access.requireRead(caller, campaignId); // 404 before the response starts
        return attachment(CSV, "chi-tiet-" + campaignId + ".csv", out -> SafeCsv.write(out,
                List.of(Labels.DELIVERY_HEADERS), sink -> rows.deliveries(campaignId, sink)));
    }

    @GetMapping("/report.xlsx")
    ResponseEntity<StreamingResponseBody> workbook(Caller caller, @PathVariable String campaignId) {
        access.requireRead(caller, campaignId);
        Compliance c = compliance.of(campaignId, Instant.now());
        CampaignReports.Counts counts = reports.counts(campaignId);
        return attachment(XLSX, "bao-cao-" + campaignId + ".xlsx", out -> xlsx.write(c, counts, out));
    }

    @GetMapping(value = "/print", produces = MediaType.TEXT_HTML_VALUE)
    String print(Caller caller, @PathVariable String campaignId) {
        access.requireRead(caller, campaignId);
        return PrintView.render(compliance.of(campaignId, Instant.now()), reports.counts(campaignId), rows.permalinks(campaignId));
    }

    private static ResponseEntity<StreamingResponseBody> attachment(MediaType type, String filename, StreamingResponseBody body) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
