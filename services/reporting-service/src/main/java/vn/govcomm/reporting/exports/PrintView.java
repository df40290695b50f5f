package vn.govcomm.reporting.exports;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.reporting.compliance.Compliance;
import vn.govcomm.reporting.reports.CampaignReports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The printable summary for the periodic report (HTML with a print stylesheet: A4, no buttons, rows not split):
 * totals, counts by channel, the non-compliant agencies with reasons and reminders, the agency × channel grid (the
 * campaign's channels only; a published cell links to its post) and the permalink of every published delivery,
 * spelled out. Built with jsoup so every campaign or agency text is escaped.
 */
final class PrintView {

    private static final String CSS = """
            body { font-family: "Times New Roman", serif; font-size: 13pt; margin: 2em; color: #000; }
            h1 { font-size: 15pt; text-align: center; text-transform: uppercase; margin-bottom: .2em; }
            p.sub { text-align: center; margin-top: 0; }
            table { border-collapse: collapse; width: 100%; margin: .8em 0; }
            th, td { border: 1px solid #000; padding: 3px 6px; vertical-align: top; }
            th { background: #eee; }
            td.n { text-align: right; }
            td.url { word-break: break-all; font-size: 11pt; }
            a { color: #000; }
            .FAILED, .OVERDUE { font-weight: bold; }
            .no-print { margin-bottom: 1em; }
            @media print {
              @page { size: A4; margin: 2cm 1.5cm 2cm 2.5cm; }
              body { margin: 0; }
              .no-print { display: none; }
              tr, li { page-break-inside: avoid; }
              thead { display: table-header-group; }
              th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            }
            """ + OfficialDocument.PREDECESSORS_CSS;

    private PrintView() {
    }

    static String render(Compliance c, CampaignReports.Counts counts, List<ExportRows.Permalink> permalinks) {
        Document doc = OfficialDocument.shell("Báo cáo kết quả tuyên truyền – " + nullToEmpty(c.code()), CSS);
        Element body = doc.body();
        OfficialDocument.printHint(body);
        body.appendElement("h1").text("Báo cáo kết quả thực hiện tuyên truyền");
        body.appendElement("p").addClass("sub").text(nullToEmpty(c.title()) + (c.code() == null ? "" : " (" + c.code() + ")"));
        body.appendElement("p").text("Thời điểm báo cáo: " + ExportRows.TIME.format(c.asOf())
                + (c.deadline() == null ? "" : " — Hạn hoàn thành: " + ExportRows.TIME.format(c.deadline()))
                + (c.dueAt() == null ? "" : " — Hạn đăng trên kênh tự động: " + ExportRows.TIME.format(c.dueAt())));

        body.appendElement("h2").text("1. Kết quả chung");
        Element totals = body.appendElement("table");
        row(totals, "th", "Số cơ quan được yêu cầu", "Đã hoàn thành", "Chưa thực hiện", "Đang thực hiện", "Tổng số lượt phát hành");
        row(totals, "td", String.valueOf(c.totals().agencies()), String.valueOf(c.totals().complied()),
                String.valueOf(c.totals().nonCompliant()), String.valueOf(c.totals().inProgress()), String.valueOf(counts.total()));

        body.appendElement("h2").text("2. Theo kênh");
        Element channels = body.appendElement("table");
        row(channels, "th", "Kênh", "Đã đăng/hiển thị", "Thất bại", "Đang xử lý", "Đã hủy/hết hạn");
        for (Map.Entry<String, Map<String, Long>> e : counts.byChannel().entrySet()) {
            long achieved = 0, failed = 0, open = 0, closed = 0;
            for (Map.Entry<String, Long> s : e.getValue().entrySet()) {
                DeliveryStatus status = DeliveryStatus.valueOf(s.getKey());
                if (status.isAchieved()) {
                    achieved += s.getValue();
                } else if (status == DeliveryStatus.FAILED) {
                    failed += s.getValue();
                } else if (status.isTerminal()) {
                    closed += s.getValue(); // expired or cancelled
                } else {
                    open += s.getValue();
                }
            }
            row(channels, "td", Labels.channel(e.getKey()), String.valueOf(achieved), String.valueOf(failed),
                    String.valueOf(open), String.valueOf(closed));
        }

        body.appendElement("h2").text("3. Danh sách cơ quan, đơn vị chưa thực hiện");
        if (c.nonCompliant().isEmpty()) {
            body.appendElement("p").text("Không có cơ quan, đơn vị nào quá hạn hoặc thất bại tại thời điểm báo cáo.");
        } else {
            Element list = body.appendElement("ol");
            for (Compliance.AgencyRow a : c.nonCompliant()) {
                Element item = list.appendElement("li");
                item.appendElement("strong").text(a.name());
                OfficialDocument.predecessors(item, a.predecessors());
                Element reasons = item.appendElement("ul");
                a.reasons().forEach(r -> reasons.appendElement("li")
                        .text(Labels.channel(r.channel()) + ": " + r.message() + " [" + r.code() + "]"));
                reasons.appendElement("li").text("Đã nhắc: " + a.reminders().text());
            }
        }

        body.appendElement("h2").text("4. Chi tiết theo cơ quan và kênh");
        Element grid = body.appendElement("table");
        Element head = grid.appendElement("thead").appendElement("tr");
        head.appendElement("th").text("STT");
        head.appendElement("th").text("Cơ quan, đơn vị");
        c.channels().forEach(ch -> head.appendElement("th").text(Labels.channel(ch)));
        head.appendElement("th").text("Kết quả");
        head.appendElement("th").text(Labels.REMINDED);
        Map<String, List<ExportRows.Permalink>> linksByCell = new HashMap<>();
        permalinks.forEach(p -> linksByCell.computeIfAbsent(p.agencyId() + "|" + p.channel(), k -> new ArrayList<>()).add(p));
        Element rows = grid.appendElement("tbody");
        int n = 1;
        for (Compliance.AgencyRow a : c.agencies()) {
            Element tr = rows.appendElement("tr");
            tr.appendElement("td").addClass("n").text(String.valueOf(n++));
            OfficialDocument.predecessors(tr.appendElement("td").text(a.name()), a.predecessors());
            for (String ch : c.channels()) {
                Compliance.Cell cell = a.cells().get(ch);
                Element td = tr.appendElement("td").addClass(cell.state().name());
                List<ExportRows.Permalink> links = linksByCell.getOrDefault(a.agencyId() + "|" + ch, List.of());
                if (cell.published() && !links.isEmpty() && ExportRows.isWebLink(links.getFirst().url())) {
                    td.appendElement("a").attr("href", links.getFirst().url()).text(cell.state().vietnamese());
                } else {
                    td.text(cell.state().vietnamese());
                }
            }
            tr.appendElement("td").text(Labels.state(a.state()));
            tr.appendElement("td").text(a.reminders().text());
        }

        // Printed paper cannot be clicked: the addresses are spelled out.
        body.appendElement("h2").text("5. Liên kết bài đăng (minh chứng đăng tải)");
        if (permalinks.isEmpty()) {
            body.appendElement("p").text("Chưa có lượt phát hành nào có liên kết bài đăng.");
        } else {
            Element table = body.appendElement("table").addClass("links");
            Element linkHead = table.appendElement("thead").appendElement("tr");
            for (String h : List.of("STT", "Cơ quan, đơn vị", "Kênh", "Điểm phát hành", "Trạng thái", "Liên kết")) {
                linkHead.appendElement("th").text(h);
            }
            Element linkRows = table.appendElement("tbody");
            int i = 1;
            for (ExportRows.Permalink p : permalinks) {
                Element tr = linkRows.appendElement("tr");
                tr.appendElement("td").addClass("n").text(String.valueOf(i++));
                tr.appendElement("td").text(p.agencyName());
                tr.appendElement("td").text(Labels.channel(p.channel()));
                tr.appendElement("td").text(p.endpoint());
                tr.appendElement("td").text(Labels.status(p.status()));
                Element cell = tr.appendElement("td").addClass("url");
                if (ExportRows.isWebLink(p.url())) {
                    cell.appendElement("a").attr("href", p.url()).text(p.url());
                } else {
                    cell.text(p.url());
                }
            }
        }
        return OfficialDocument.html(doc);
    }

    private static void row(Element table, String tag, String... cells) {
        Element tr = table.appendElement("tr");
        for (String cell : cells) {
            tr.appendElement(tag).text(cell);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
