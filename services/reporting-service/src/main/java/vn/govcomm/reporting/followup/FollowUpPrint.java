package vn.govcomm.reporting.followup;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import vn.govcomm.reporting.exports.OfficialDocument;
import vn.govcomm.reporting.projections.ReadModels;

import java.util.List;

/**
 * The follow-up as a printable A4 page in the style of an official Vietnamese letter's appendix: "Phụ lục", the
 * heading "DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA THỰC HIỆN TUYÊN TRUYỀN", the line "(Kèm theo Văn bản số … của …)" left for
 * the letter's number and date, the campaign (title, code, legal references, deadline), then a numbered table
 * STT | Cơ quan, đơn vị | Kênh chưa thực hiện | Lý do | Đã nhắc. Times New Roman 13pt and the margins of an
 * administrative document (Nghị định 30/2020/NĐ-CP: top/bottom 20 mm, left 30 mm, right 15 mm). For a period, one
 * section per campaign (I, II, ...). Built with jsoup, like the campaign's print page: every text is escaped.
 */
final class FollowUpPrint {

    private static final String CSS = OfficialDocument.PAGE_CSS + """
            h2 { font-size: 13pt; font-weight: bold; margin: 1em 0 .3em; }
            table { border-collapse: collapse; width: 100%; margin: .5em 0; }
            th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
            th { text-align: center; font-weight: bold; }
            td.stt { text-align: center; }
            .total { margin-top: .6em; font-style: italic; }
            .no-print { margin-bottom: 1em; }
            @media print {
              body { margin: 0; max-width: none; }
              .no-print { display: none; }
              tr, tbody.agency { page-break-inside: avoid; }
              thead { display: table-header-group; }
            }
            """;

    private FollowUpPrint() {
    }

    static String campaign(FollowUp f) {
        Document doc = shell("Phụ lục – Danh sách chưa thực hiện – " + FollowUpWords.nullToEmpty(f.code()));
        Element body = doc.body();
        heading(body, FollowUpWords.campaign(f), f.issuingAgencyName());
        body.appendElement("p").addClass("basis").text(FollowUpWords.basis(f));
        body.appendElement("p").text(FollowUpWords.asOf(f.asOf()));
        table(body, f);
        body.appendElement("p").addClass("total").text(FollowUpWords.totals(List.of(f)));
        return OfficialDocument.html(doc);
    }

    static String period(PeriodFollowUp p) {
        Document doc = shell("Phụ lục – Danh sách chưa thực hiện – " + p.from() + " – " + p.to());
        Element body = doc.body();
        heading(body, "(" + FollowUpWords.period(p.from(), p.to()) + ")", p.issuerName());
        body.appendElement("p").text(FollowUpWords.asOf(p.asOf()));
        if (p.followUps().isEmpty()) {
            body.appendElement("p").text("Không có chiến dịch nào có hạn hoàn thành trong khoảng thời gian này.");
        }
        int i = 0;
        for (FollowUp f : p.followUps()) {
            body.appendElement("h2").text(roman(++i) + ". " + FollowUpWords.campaign(f)
                    + (p.issuer() == null && f.issuingAgencyName() != null ? " — " + f.issuingAgencyName() : ""));
            body.appendElement("p").addClass("basis").text(FollowUpWords.basis(f));
            table(body, f);
        }
        body.appendElement("p").addClass("total").text(FollowUpWords.totals(p.followUps()));
        return OfficialDocument.html(doc);
    }

    /** Sections of an official document are numbered I, II, III, ... */
    static String roman(int n) {
        int[] values = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
        String[] numerals = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            for (; n >= values[i]; n -= values[i]) {
                sb.append(numerals[i]);
            }
        }
        return sb.toString();
    }

    private static Document shell(String title) {
        Document doc = OfficialDocument.shell(title, CSS);
        OfficialDocument.printHint(doc.body());
        return doc;
    }

    private static void heading(Element body, String subject, String issuerName) {
        body.appendElement("p").addClass("appendix").text("Phụ lục");
        body.appendElement("h1").text(FollowUpWords.HEADING);
        body.appendElement("p").addClass("subject").text(subject);
        // The number and date of the letter this appendix goes with are filled in when the letter is issued.
        body.appendElement("p").addClass("attached").text("(Kèm theo Văn bản số ……… ngày …… tháng …… năm …… của "
                + (issuerName == null ? "……………" : issuerName) + ")");
    }

    private static void table(Element body, FollowUp f) {
        if (f.agencies().isEmpty()) {
            body.appendElement("p").text(ReadModels.isCancelled(f.campaignStatus())
                    ? "Chiến dịch đã hủy: không còn yêu cầu cơ quan, đơn vị thực hiện."
                    : "Tất cả cơ quan, đơn vị được yêu cầu đã thực hiện.");
            return;
        }
        Element table = body.appendElement("table").addClass("follow-up");
        Element columns = table.appendElement("colgroup");
        for (String width : List.of("7%", "25%", "20%", "30%", "18%")) {
            columns.appendElement("col").attr("style", "width: " + width);
        }
        Element head = table.appendElement("thead").appendElement("tr");
        for (String h : List.of("STT", "Cơ quan, đơn vị", "Kênh chưa thực hiện", "Lý do", "Đã nhắc")) {
            head.appendElement("th").text(h);
        }
        // One row per channel not complied with; the number, the agency and its reminders span its rows, and each
        // agency is its own tbody so that a page break never separates its rows.
        int n = 1;
        for (FollowUp.Agency a : f.agencies()) {
            Element rows = table.appendElement("tbody").addClass("agency");
            String span = String.valueOf(a.channels().size());
            for (int i = 0; i < a.channels().size(); i++) {
                FollowUp.Gap gap = a.channels().get(i);
                Element tr = rows.appendElement("tr");
                if (i == 0) {
                    tr.appendElement("td").addClass("stt").attr("rowspan", span).text(String.valueOf(n++));
                    OfficialDocument.predecessors(tr.appendElement("td").addClass("agency").attr("rowspan", span)
                            .text(a.name()), a.predecessors());
                }
                tr.appendElement("td").addClass("channel").text(FollowUpWords.channel(gap));
                tr.appendElement("td").addClass("reason").text(gap.reason());
                if (i == 0) {
                    tr.appendElement("td").addClass("reminded").attr("rowspan", span).text(a.reminders().text());
                }
            }
        }
    }
}
