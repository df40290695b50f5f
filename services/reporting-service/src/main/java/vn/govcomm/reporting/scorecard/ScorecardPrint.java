package vn.govcomm.reporting.scorecard;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import vn.govcomm.reporting.exports.OfficialDocument;
import vn.govcomm.reporting.scorecard.Scorecard.AgencyScore;
import vn.govcomm.reporting.scorecard.Scorecard.ChannelScore;
import vn.govcomm.reporting.scorecard.Scorecard.Score;

import java.util.List;

/**
 * The scorecard as a printable A4 page, to go with a department's report to the province: "Phụ lục", the heading
 * "BẢNG ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN TUYÊN TRUYỀN CỦA CÁC CƠ QUAN, ĐƠN VỊ", the period, "(Kèm theo Báo cáo số … của …)"
 * left for the report's number and date, then a numbered table STT | Cơ quan, đơn vị | Kênh | Yêu cầu | Đúng hạn |
 * Trễ hạn | Chưa thực hiện | Tỷ lệ đúng hạn | Nhắc / đôn đốc: one row per channel and a "Chung" row per agency (worst
 * first), then the province's totals and how to read them. Times New Roman 13pt and the margins of an administrative
 * document (Nghị định 30/2020/NĐ-CP), like the follow-up's appendix. Built with jsoup: every text is escaped.
 */
final class ScorecardPrint {

    private static final String CSS = OfficialDocument.PAGE_CSS + """
            table { border-collapse: collapse; width: 100%; margin: .5em 0; font-size: 12pt; }
            th, td { border: 1px solid #000; padding: 2pt 3pt; vertical-align: top; }
            th { text-align: center; font-weight: bold; }
            td.stt, td.n { text-align: center; }
            tr.overall td, tfoot td { font-weight: bold; }
            .rules { margin-top: .6em; font-style: italic; }
            .no-print { margin-bottom: 1em; }
            @media print {
              body { margin: 0; max-width: none; }
              .no-print { display: none; }
              tbody.agency { page-break-inside: avoid; }
              thead { display: table-header-group; }
            }
            """;
    static final List<String> HEADERS = List.of("STT", "Cơ quan, đơn vị", "Kênh", "Yêu cầu", "Đúng hạn", "Trễ hạn",
            "Chưa thực hiện", "Tỷ lệ đúng hạn", "Nhắc / đôn đốc");

    private ScorecardPrint() {
    }

    static String page(Scorecard s) {
        Document doc = OfficialDocument.shell("Bảng đánh giá – " + s.period(), CSS);
        Element body = doc.body();
        OfficialDocument.printHint(body);
        body.appendElement("p").addClass("appendix").text("Phụ lục");
        body.appendElement("h1").text(ScorecardWords.HEADING);
        body.appendElement("p").addClass("subject").text(ScorecardWords.period(s));
        // The number and date of the report this appendix goes with are filled in when the report is issued.
        body.appendElement("p").addClass("attached").text("(Kèm theo Báo cáo số ……… ngày …… tháng …… năm …… của "
                + (s.issuerName() == null ? "……………" : s.issuerName()) + ")");
        body.appendElement("p").text(ScorecardWords.scope(s));
        body.appendElement("p").text(ScorecardWords.asOf(s.asOf()));
        if (s.agencies().isEmpty()) {
            body.appendElement("p").text("Không có cơ quan, đơn vị nào được yêu cầu trong kỳ.");
            return OfficialDocument.html(doc);
        }
        Element table = body.appendElement("table").addClass("scorecard");
        Element head = table.appendElement("thead").appendElement("tr");
        HEADERS.forEach(h -> head.appendElement("th").text(h));
        int n = 1;
        for (AgencyScore a : s.agencies()) {
            Element rows = table.appendElement("tbody").addClass("agency");
            // One row per channel, then the agency's overall line; the number, name and reminders span them all.
            List<Score> lines = new java.util.ArrayList<>(a.channels().stream().map(ScorecardPrint::score).toList());
            lines.add(a.overall());
            String span = String.valueOf(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                boolean overall = i == a.channels().size();
                Element tr = rows.appendElement("tr");
                if (overall) {
                    tr.addClass("overall");
                }
                if (i == 0) {
                    tr.appendElement("td").addClass("stt").attr("rowspan", span).text(String.valueOf(n++));
                    OfficialDocument.predecessors(tr.appendElement("td").addClass("agency").attr("rowspan", span)
                            .text(a.name() + " (" + a.campaigns() + " chiến dịch)"), a.predecessors());
                }
                cells(tr, overall ? "Chung" : a.channels().get(i).channelName(), lines.get(i));
                if (i == 0) {
                    tr.appendElement("td").addClass("reminded").attr("rowspan", span)
                            .text("nhắc " + a.reminders() + " lần; đôn đốc " + a.escalations() + " lần");
                }
            }
        }
        Element foot = table.appendElement("tfoot");
        for (ChannelScore c : s.totals()) {
            Element tr = foot.appendElement("tr");
            tr.appendElement("td").attr("colspan", "2").text(ScorecardWords.PROVINCE);
            cells(tr, c.channelName(), score(c));
            tr.appendElement("td");
        }
        Element all = foot.appendElement("tr").addClass("overall");
        all.appendElement("td").attr("colspan", "2").text(ScorecardWords.PROVINCE);
        cells(all, "Chung", s.overall());
        all.appendElement("td").addClass("n").text("nhắc " + s.agencies().stream().mapToInt(AgencyScore::reminders).sum()
                + " lần; đôn đốc " + s.agencies().stream().mapToInt(AgencyScore::escalations).sum() + " lần");
        body.appendElement("p").addClass("rules").text(ScorecardWords.RULES);
        return OfficialDocument.html(doc);
    }

    private static Score score(ChannelScore c) {
        return new Score(c.required(), c.onTime(), c.late(), c.missing(), c.notYetDue(), c.onTimeRate());
    }

    private static void cells(Element tr, String channel, Score s) {
        tr.appendElement("td").addClass("channel").text(channel);
        for (int value : new int[]{s.required(), s.onTime(), s.late(), s.missing()}) {
            tr.appendElement("td").addClass("n").text(String.valueOf(value));
        }
        tr.appendElement("td").addClass("n").addClass("rate").text(ScorecardWords.percent(s.onTimeRate()));
    }
}
