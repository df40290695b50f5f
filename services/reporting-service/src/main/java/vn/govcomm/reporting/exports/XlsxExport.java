package vn.govcomm.reporting.exports;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Hyperlink;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.reporting.compliance.Compliance;
import vn.govcomm.reporting.reports.CampaignReports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The workbook: "Tổng hợp" (campaign, totals, counts by channel and status), "Tuân thủ" (agency × channel grid
 * with reasons and reminders, the campaign's channels only), "Chi tiết" (every delivery, its permalink a clickable
 * link). Streaming (SXSSF) so 40,000 rows keep a small heap.
 * Every text goes in as a string cell ({@code setCellValue(String)}) and no cell formula is ever set, so an agency
 * name or failure reason such as {@code =HYPERLINK(...)} stays text (the CSV exports guard it with {@link SafeCsv}).
 */
@Component
class XlsxExport {

    private final ExportRows rows;

    XlsxExport(ExportRows rows) {
        this.rows = rows;
    }

    void write(Compliance compliance, CampaignReports.Counts counts, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);

            Sheet summary = workbook.createSheet("Tổng hợp");
            int r = 0;
            r = pair(summary, r, bold, "Chiến dịch", compliance.title());
            r = pair(summary, r, bold, "Số hiệu", compliance.code());
            r = pair(summary, r, bold, "Thời điểm báo cáo", ExportRows.TIME.format(compliance.asOf()));
            r = pair(summary, r, bold, "Hạn hoàn thành", compliance.deadline() == null ? "" : ExportRows.TIME.format(compliance.deadline()));
            r = pair(summary, r, bold, "Hạn đăng trên kênh tự động", compliance.dueAt() == null ? "" : ExportRows.TIME.format(compliance.dueAt()));
            r = pair(summary, r, bold, "Tổng số lượt phát hành", String.valueOf(counts.total()));
            r = pair(summary, r, bold, "Số cơ quan được yêu cầu", String.valueOf(compliance.totals().agencies()));
            r = pair(summary, r, bold, "Đã hoàn thành", String.valueOf(compliance.totals().complied()));
            r = pair(summary, r, bold, "Chưa thực hiện", String.valueOf(compliance.totals().nonCompliant()));
            r = pair(summary, r, bold, "Đang thực hiện", String.valueOf(compliance.totals().inProgress()));
            r++;
            List<String> statuses = Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::name)
                    .filter(counts.byStatus()::containsKey).sorted().toList();
            Row header = summary.createRow(r++);
            cell(header, 0, "Kênh", bold);
            for (int i = 0; i < statuses.size(); i++) {
                cell(header, i + 1, Labels.status(statuses.get(i)), bold);
            }
            for (Map.Entry<String, Map<String, Long>> channel : counts.byChannel().entrySet()) {
                Row row = summary.createRow(r++);
                cell(row, 0, Labels.channel(channel.getKey()), null);
                for (int i = 0; i < statuses.size(); i++) {
                    row.createCell(i + 1).setCellValue(channel.getValue().getOrDefault(statuses.get(i), 0L));
                }
            }
            summary.setColumnWidth(0, 30 * 256);
            summary.setColumnWidth(1, 60 * 256);

            table(workbook.createSheet("Tuân thủ"), bold, ExportRows.complianceHeaders(compliance),
                    ExportRows.complianceRows(compliance));

            SXSSFSheet details = workbook.createSheet("Chi tiết");
            header(details, bold, List.of(Labels.DELIVERY_HEADERS));
            CellStyle linkStyle = linkStyle(workbook);
            int[] next = {1};
            rows.deliveries(compliance.campaignId(), values -> {
                Row row = details.createRow(next[0]++);
                row(row, values);
                link(workbook, row.getCell(ExportRows.LINK_COLUMN), linkStyle);
            });
            details.setColumnWidth(ExportRows.LINK_COLUMN, 60 * 256);
            details.setAutoFilter(new CellRangeAddress(0, Math.max(0, next[0] - 1), 0, Labels.DELIVERY_HEADERS.length - 1));
            workbook.write(out);
        }
    }

    private static void table(Sheet sheet, CellStyle bold, List<String> headers, List<List<String>> values) {
        header(sheet, bold, headers);
        int r = 1;
        for (List<String> v : values) {
            row(sheet.createRow(r++), v);
        }
        sheet.setColumnWidth(2, 50 * 256);
        sheet.setColumnWidth(headers.size() - 3, 80 * 256); // reasons
        sheet.setColumnWidth(headers.size() - 2, 40 * 256); // reminders
        sheet.setColumnWidth(headers.size() - 1, 60 * 256); // merged or renamed agencies included
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, r - 1), 0, headers.size() - 1));
    }

    /** Blue, underlined: how a spreadsheet shows a link. */
    static CellStyle linkStyle(Workbook workbook) {
        CellStyle style = workbook.createCellStyle();
        Font font = workbook.createFont();
        font.setUnderline(Font.U_SINGLE);
        font.setColor(IndexedColors.BLUE.getIndex());
        style.setFont(font);
        return style;
    }

    /**
     * Makes a string cell holding a web address a clickable hyperlink (a cell hyperlink, not a HYPERLINK formula:
     * the text stays a string). Anything that is not an http(s) URL stays plain text.
     */
    static void link(Workbook workbook, Cell cell, CellStyle style) {
        if (cell == null || !ExportRows.isWebLink(cell.getStringCellValue())) {
            return;
        }
        try {
            Hyperlink link = workbook.getCreationHelper().createHyperlink(HyperlinkType.URL);
            link.setAddress(cell.getStringCellValue());
            cell.setHyperlink(link);
            cell.setCellStyle(style);
        } catch (IllegalArgumentException notAnAddressPoiAccepts) {
            // stays text
        }
    }

    private static void header(Sheet sheet, CellStyle bold, List<String> headers) {
        Row row = sheet.createRow(0);
        for (int i = 0; i < headers.size(); i++) {
            cell(row, i, headers.get(i), bold);
        }
        sheet.createFreezePane(0, 1);
    }

    private static void row(Row row, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            row.createCell(i).setCellValue(values.get(i));
        }
    }

    private static int pair(Sheet sheet, int r, CellStyle bold, String label, String value) {
        Row row = sheet.createRow(r);
        cell(row, 0, label, bold);
        cell(row, 1, value == null ? "" : value, null);
        return r + 1;
    }

    private static void cell(Row row, int column, String value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        if (style != null) {
            cell.setCellStyle(style);
        }
    }
}
