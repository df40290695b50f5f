package vn.govcomm.reporting.followup;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import vn.govcomm.reporting.exports.Labels;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The follow-up as a workbook (Apache POI, streaming like the campaign export): one sheet "Chưa thực hiện" with a
 * title block (heading, campaign or period, legal basis and deadline, as-of time), a frozen header row with
 * Vietnamese headers, then one row per agency and channel not complied with (STT numbers the agencies, as in the
 * printed appendix). Every text is a string cell, never a formula.
 */
final class FollowUpXlsx {

    static final String SHEET = "Chưa thực hiện";
    /** Rows above the header: heading, subject, basis/as-of. */
    static final int HEADER_ROW = 3;
    private static final List<String> AGENCY_HEADERS = List.of("Mã cơ quan", "Cơ quan, đơn vị", "Kênh chưa thực hiện",
            "Điểm phát hành", "Trạng thái", "Mã lý do", "Lý do", "Đã nhắc", Labels.PREDECESSORS);
    private static final int[] AGENCY_WIDTHS = {18, 42, 28, 32, 18, 26, 70, 36, 50};
    private static final List<String> CAMPAIGN_HEADERS = List.of("Số hiệu chiến dịch", "Chiến dịch", "Hạn hoàn thành");
    private static final int[] CAMPAIGN_WIDTHS = {20, 40, 14};

    private FollowUpXlsx() {
    }

    static void campaign(FollowUp f, OutputStream out) throws IOException {
        write(List.of(FollowUpWords.campaign(f), (FollowUpWords.basis(f) + " " + FollowUpWords.asOf(f.asOf())).strip()),
                List.of(f), false, out);
    }

    static void period(PeriodFollowUp p, OutputStream out) throws IOException {
        write(List.of(FollowUpWords.period(p.from(), p.to()) + (p.issuerName() == null ? "" : " — " + p.issuerName()),
                FollowUpWords.asOf(p.asOf())), p.followUps(), true, out);
    }

    private static void write(List<String> subject, List<FollowUp> followUps, boolean withCampaign, OutputStream out)
            throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            SXSSFSheet sheet = workbook.createSheet(SHEET);
            List<String> headers = new ArrayList<>(List.of("STT"));
            List<Integer> widths = new ArrayList<>(List.of(6));
            if (withCampaign) {
                headers.addAll(CAMPAIGN_HEADERS);
                for (int w : CAMPAIGN_WIDTHS) {
                    widths.add(w);
                }
            }
            headers.addAll(AGENCY_HEADERS);
            for (int w : AGENCY_WIDTHS) {
                widths.add(w);
            }
            int last = headers.size() - 1;

            CellStyle title = workbook.createCellStyle();
            Font big = workbook.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            title.setFont(big);
            title.setAlignment(HorizontalAlignment.CENTER);
            CellStyle centered = workbook.createCellStyle();
            centered.setAlignment(HorizontalAlignment.CENTER);
            centered.setWrapText(true);
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            header.setAlignment(HorizontalAlignment.CENTER);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setWrapText(true);
            CellStyle wrap = workbook.createCellStyle();
            wrap.setWrapText(true);
            wrap.setVerticalAlignment(VerticalAlignment.TOP);

            titleRow(sheet, 0, FollowUpWords.HEADING, title, last);
            titleRow(sheet, 1, subject.get(0), centered, last);
            titleRow(sheet, 2, subject.get(1), centered, last);
            Row head = sheet.createRow(HEADER_ROW);
            for (int i = 0; i < headers.size(); i++) {
                cell(head, i, headers.get(i), header);
                sheet.setColumnWidth(i, widths.get(i) * 256);
            }
            sheet.createFreezePane(0, HEADER_ROW + 1);

            int r = HEADER_ROW + 1;
            int n = 0;
            for (FollowUp f : followUps) {
                for (FollowUp.Agency agency : f.agencies()) {
                    n++;
                    for (FollowUp.Gap gap : agency.channels()) {
                        Row row = sheet.createRow(r++);
                        List<String> values = new ArrayList<>(List.of(String.valueOf(n)));
                        if (withCampaign) {
                            values.addAll(List.of(FollowUpWords.nullToEmpty(f.code()), FollowUpWords.nullToEmpty(f.title()),
                                    f.deadline() == null ? "" : FollowUpWords.DAY.format(f.deadline())));
                        }
                        values.addAll(List.of(agency.agencyId(), agency.name(), gap.channelName(),
                                String.join(", ", gap.endpoints()), gap.statusName() == null ? "Chưa gửi" : gap.statusName(),
                                gap.code(), gap.reason(), agency.reminders().text(), agency.predecessors().text()));
                        for (int i = 0; i < values.size(); i++) {
                            cell(row, i, values.get(i), wrap);
                        }
                    }
                }
            }
            if (n == 0) {
                cell(sheet.createRow(r++), 0, "Không có cơ quan, đơn vị nào chưa thực hiện.", null);
            } else {
                sheet.setAutoFilter(new CellRangeAddress(HEADER_ROW, r - 1, 0, last));
            }
            cell(sheet.createRow(r + 1), 0, FollowUpWords.totals(followUps), null);
            workbook.write(out);
        }
    }

    private static void titleRow(SXSSFSheet sheet, int r, String text, CellStyle style, int lastColumn) {
        Row row = sheet.createRow(r);
        cell(row, 0, text, style);
        sheet.addMergedRegion(new CellRangeAddress(r, r, 0, lastColumn));
    }

    private static void cell(Row row, int column, String value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value == null ? "" : value);
        if (style != null) {
            cell.setCellStyle(style);
        }
    }
}
