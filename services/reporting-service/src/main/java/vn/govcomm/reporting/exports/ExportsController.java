package vn.govcomm.reporting.exports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import vn.govcomm.reporting.compliance.Compliance;
import vn.govcomm.reporting.compliance.ComplianceView;
import vn.govcomm.reporting.reports.CampaignReports;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Exports an official uses: CSV (UTF-8 with a BOM so Excel reads the Vietnamese correctly), XLSX, and a printable
 * HTML summary for the periodic report. All under /api/reports/campaigns/{id}/export/.
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

    ExportsController(ComplianceView compliance, CampaignReports reports, ExportRows rows, XlsxExport xlsx) {
        this.compliance = compliance;
        this.reports = reports;
        this.rows = rows;
        this.xlsx = xlsx;
    }

    @GetMapping("/compliance.csv")
    ResponseEntity<StreamingResponseBody> complianceCsv(@PathVariable String campaignId) {
        Compliance c = compliance.of(campaignId, Instant.now());
        return attachment(CSV, "tuan-thu-" + campaignId + ".csv", out -> csv(out, ExportRows.complianceHeaders(c),
                printer -> ExportRows.complianceRows(c).forEach(row -> print(printer, row))));
    }

    @GetMapping("/deliveries.csv")
    ResponseEntity<StreamingResponseBody> deliveriesCsv(@PathVariable String campaignId) {
        reports.counts(campaignId); // 404 before the response starts
        return attachment(CSV, "chi-tiet-" + campaignId + ".csv", out -> csv(out, List.of(Labels.DELIVERY_HEADERS),
                printer -> rows.deliveries(campaignId, row -> print(printer, row))));
    }

    @GetMapping("/report.xlsx")
    ResponseEntity<StreamingResponseBody> workbook(@PathVariable String campaignId) {
        Compliance c = compliance.of(campaignId, Instant.now());
        CampaignReports.Counts counts = reports.counts(campaignId);
        return attachment(XLSX, "bao-cao-" + campaignId + ".xlsx", out -> xlsx.write(c, counts, out));
    }

    @GetMapping(value = "/print", produces = MediaType.TEXT_HTML_VALUE)
    String print(@PathVariable String campaignId) {
        return PrintView.render(compliance.of(campaignId, Instant.now()), reports.counts(campaignId));
    }

    private static ResponseEntity<StreamingResponseBody> attachment(MediaType type, String filename, StreamingResponseBody body) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    private static void csv(java.io.OutputStream out, List<String> headers, java.util.function.Consumer<CSVPrinter> body)
            throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.EXCEL.builder().setHeader(headers.toArray(String[]::new)).get());
        body.accept(printer);
        printer.flush();
    }

    private static void print(CSVPrinter printer, List<String> row) {
        try {
            printer.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
