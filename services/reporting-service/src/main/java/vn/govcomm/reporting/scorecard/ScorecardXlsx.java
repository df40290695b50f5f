package vn.govcomm.reporting.scorecard;

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
import vn.govcomm.reporting.scorecard.Scorecard.AgencyScore;
import vn.govcomm.reporting.scorecard.Scorecard.ChannelScore;
import vn.govcomm.reporting.scorecard.Scorecard.Score;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The scorecard as a workbook (Apache POI, streaming): sheet "Bảng đánh giá", a title block (heading, period and
 * issuer, campaigns and as-of), a frozen header row, one row per agency (worst first, STT numbering them), then the
 * province's totals. For each channel of the period: required, on time, late, missing and the on-time rate; then
 * all channels together (with "not yet due"), reminders and escalations. Counts are numbers, rates numbers with a
 * percent format (a rate with nothing due yet is left empty); texts are string cells, never formulas.
 */
final class ScorecardXlsx {

    static final String SHEET = "Bảng đánh giá";
    /** Rows above the header: heading, period, scope and as-of. */
    static final int HEADER_ROW = 3;
    static final List<String> CHANNEL_COLUMNS = List.of("yêu cầu", "đúng hạn", "trễ hạn", "chưa thực hiện", "tỷ lệ đúng hạn");
    static final List<String> OVERALL_COLUMNS = List.of("Tổng yêu cầu", "Tổng đúng hạn", "Tổng trễ hạn", "Tổng chưa thực hiện",
            "Chưa đến hạn", "Tỷ lệ đúng hạn chung", "Số lần được nhắc", "Số lần bị đôn đốc",
            Labels.PREDECESSORS);

    private ScorecardXlsx() {
    }

    static void write(Scorecard s, OutputStream out) throws IOException {
        List<String> channels = s.totals().stream().map(ChannelScore::channel).toList();
        List<String> headers = new ArrayList<>(List.of("STT", "Mã cơ quan", "Cơ quan, đơn vị", "Số chiến dịch"));
        List<Integer> widths = new ArrayList<>(List.of(6, 18, 40, 11));
        for (ChannelScore c : s.totals()) {
            CHANNEL_COLUMNS.forEach(h -> headers.add(c.channelName() + ": " + h));
            widths.addAll(List.of(11, 11, 11, 13, 12));
        }
        headers.addAll(OVERALL_COLUMNS);
        widths.addAll(List.of(11, 11, 11, 13, 11, 13, 11, 11, 50));
        int last = headers.size() - 1;

        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            SXSSFSheet sheet = workbook.createSheet(SHEET);
            CellStyle title = workbook.createCellStyle();
            Font big = workbook.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            title.setFont(big);
            title.setAlignment(HorizontalAlignment.CENTER);
            CellStyle centered = workbook.createCellStyle();
            centered.setAlignment(HorizontalAlignment.CENTER);
            centered.setWrapText(true);
            Font bold = workbook.createFont();
            bold.setBold(true);
            CellStyle header = workbook.createCellStyle();
            header.setFont(bold);
            header.setAlignment(HorizontalAlignment.CENTER);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setWrapText(true);
            CellStyle text = workbook.createCellStyle();
            text.setWrapText(true);
            text.setVerticalAlignment(VerticalAlignment.TOP);
            CellStyle number = workbook.createCellStyle();
            number.setVerticalAlignment(VerticalAlignment.TOP);
            CellStyle percent = workbook.createCellStyle();
            percent.setDataFormat(workbook.createDataFormat().getFormat("0.0%"));
            percent.setVerticalAlignment(VerticalAlignment.TOP);
            CellStyle totalText = workbook.createCellStyle();
            totalText.setFont(bold);
            CellStyle totalPercent = workbook.createCellStyle();
            totalPercent.setFont(bold);
            totalPercent.setDataFormat(percent.getDataFormat());

            titleRow(sheet, 0, ScorecardWords.HEADING, title, last);
            titleRow(sheet, 1, ScorecardWords.period(s) + (s.issuerName() == null ? "" : " — " + s.issuerName()), centered, last);
            titleRow(sheet, 2, ScorecardWords.scope(s) + " " + ScorecardWords.asOf(s.asOf()), centered, last);
            Row head = sheet.createRow(HEADER_ROW);
            head.setHeightInPoints(45);
            for (int i = 0; i < headers.size(); i++) {
                text(head, i, headers.get(i), header);
                sheet.setColumnWidth(i, widths.get(i) * 256);
            }
            sheet.createFreezePane(3, HEADER_ROW + 1);

            int r = HEADER_ROW + 1;
            int n = 0;
            for (AgencyScore a : s.agencies()) {
                Row row = sheet.createRow(r++);
                number(row, 0, ++n, number);
                text(row, 1, a.agencyId(), text);
                text(row, 2, a.name(), text);
                number(row, 3, a.campaigns(), number);
                Map<String, ChannelScore> byChannel = a.channels().stream()
                        .collect(Collectors.toMap(ChannelScore::channel, Function.identity()));
                int col = 4;
                for (String channel : channels) {
                    ChannelScore c = byChannel.get(channel);
                    if (c != null) {
                        channel(row, col, c, number, percent);
                    }
                    col += CHANNEL_COLUMNS.size();
                }
                overall(row, col, a.overall(), number, percent);
                number(row, col + 6, a.reminders(), number);
                number(row, col + 7, a.escalations(), number);
                text(row, col + 8, a.predecessors().text(), text);
            }
            if (n == 0) {
                text(sheet.createRow(r++), 0, "Không có cơ quan, đơn vị nào được yêu cầu trong kỳ.", null);
            } else {
                sheet.setAutoFilter(new CellRangeAddress(HEADER_ROW, r - 1, 0, last));
            }
            // The province's totals below the filtered range, so sorting or filtering the agencies leaves them alone.
            Row total = sheet.createRow(r + 1);
            text(total, 2, ScorecardWords.PROVINCE, totalText);
            int col = 4;
            for (ChannelScore c : s.totals()) {
                channel(total, col, c, totalText, totalPercent);
                col += CHANNEL_COLUMNS.size();
            }
            overall(total, col, s.overall(), totalText, totalPercent);
            number(total, col + 6, s.agencies().stream().mapToInt(AgencyScore::reminders).sum(), totalText);
            number(total, col + 7, s.agencies().stream().mapToInt(AgencyScore::escalations).sum(), totalText);
            text(sheet.createRow(r + 3), 0, ScorecardWords.RULES, null);
            workbook.write(out);
        }
    }

    private static void channel(Row row, int col, ChannelScore c, CellStyle number, CellStyle percent) {
        number(row, col, c.required(), number);
        number(row, col + 1, c.onTime(), number);
        number(row, col + 2, c.late(), number);
        number(row, col + 3, c.missing(), number);
        rate(row, col + 4, c.onTimeRate(), percent);
    }

    private static void overall(Row row, int col, Score s, CellStyle number, CellStyle percent) {
        number(row, col, s.required(), number);
        number(row, col + 1, s.onTime(), number);
        number(row, col + 2, s.late(), number);
        number(row, col + 3, s.missing(), number);
        number(row, col + 4, s.notYetDue(), number);
        rate(row, col + 5, s.onTimeRate(), percent);
    }

    private static void titleRow(SXSSFSheet sheet, int r, String value, CellStyle style, int lastColumn) {
        text(sheet.createRow(r), 0, value, style);
        sheet.addMergedRegion(new CellRangeAddress(r, r, 0, lastColumn));
    }

    private static void text(Row row, int column, String value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value == null ? "" : value);
        if (style != null) {
            cell.setCellStyle(style);
        }
    }

    private static void number(Row row, int column, int value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(style);
    }

    private static void rate(Row row, int column, Double value, CellStyle style) {
        Cell cell = row.createCell(column);
        if (value != null) {
            cell.setCellValue(value);
        }
        cell.setCellStyle(style);
    }
}
