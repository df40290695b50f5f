package vn.govcomm.reporting.exports;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import vn.govcomm.reporting.projections.Predecessors;

/**
 * The look of a printable administrative document (Nghị định 30/2020/NĐ-CP): A4 with its margins (top 20 mm, right
 * 15 mm, bottom 20 mm, left 30 mm), Times New Roman 13pt, the centred "Phụ lục" line, title, subject and the "(Kèm
 * theo Văn bản số …)" line. One home for it: the follow-up appendix and the scorecard print both start from it.
 */
public final class OfficialDocument {

    /** How a row's merged or renamed agencies look under its name ({@link #predecessors}). */
    static final String PREDECESSORS_CSS = ".predecessors { font-size: 11pt; font-style: italic; }\n";

    /** The page, body and heading rules; each document adds its table and print rules after it. */
    public static final String PAGE_CSS = """
            @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
            body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.3; color: #000;
                   max-width: 165mm; margin: 1em auto; }
            p { margin: .2em 0; }
            .appendix { text-align: center; font-weight: bold; font-size: 14pt; margin-top: 0; }
            h1 { font-size: 14pt; text-align: center; font-weight: bold; margin: .2em 0 0; }
            .subject { text-align: center; font-weight: bold; }
            .attached { text-align: center; font-style: italic; margin-bottom: 1em; }
            """ + PREDECESSORS_CSS;

    private OfficialDocument() {
    }

    /**
     * An empty printable page: Vietnamese ({@code <html lang="vi">}, so screen readers and axe know it), UTF-8, the
     * device's width on a phone, its title and style. The one shell of the campaign, follow-up and scorecard print views.
     */
    public static Document shell(String title, String css) {
        Document doc = Document.createShell("");
        doc.selectFirst("html").attr("lang", "vi");
        doc.head().appendElement("meta").attr("charset", "utf-8");
        // without it a phone lays the page out 980 px wide and the reader scrolls sideways
        doc.head().appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        doc.title(title);
        doc.head().appendElement("style").appendText(css + TABLE_SCROLL_CSS);
        return doc;
    }

    /** On a screen narrower than a table, the table scrolls inside its box, not the whole page; on paper it is whole. */
    private static final String TABLE_SCROLL_CSS = """
            .table-scroll { overflow-x: auto; max-width: 100%; }
            @media print { .table-scroll { overflow: visible; } }
            """;

    /**
     * The on-screen line above a print view, left out on paper: how to print it. A text, not a button calling
     * {@code window.print()}: the console relays these pages under a policy without scripts, where such a button does
     * nothing.
     */
    public static void printHint(Element body) {
        body.appendElement("p").addClass("no-print")
                .text("Để in hoặc lưu thành PDF: dùng lệnh In của trình duyệt (Ctrl+P). / To print or save as PDF, use"
                        + " the browser's Print command (Ctrl+P).");
    }

    /** The page as served: every table in a {@code .table-scroll} box, behind the HTML5 doctype. */
    public static String html(Document doc) {
        doc.select("table").wrap("<div class=\"table-scroll\"></div>");
        return "<!DOCTYPE html>\n" + doc.outerHtml();
    }

    /** Under an agency's name on paper, the merged or renamed agencies its row includes (nothing when none). */
    public static void predecessors(Element name, Predecessors predecessors) {
        if (!predecessors.agencies().isEmpty()) {
            name.appendElement("div").addClass("predecessors").text("(" + predecessors.text() + ")");
        }
    }
}
