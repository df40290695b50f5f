package vn.govcomm.zalo.articles;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.events.Attachment;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.Priority;
import vn.govcomm.kit.files.MediaTypeSniffer;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArticleContentUnitTests {

    static DeliveryRequested request(String title, String text, String html, DeliveryRequested.ZaloArticle zalo) {
        return new DeliveryRequested("dlv-1", "cmp-1", null, null, 1, "so-y-te", "zalo", "so-y-te.zalo", "oa-1", null,
                new DeliveryRequested.Content(title, text, html, null, null, zalo, List.of(
                        new Attachment("Ảnh", "image/png", "https://x.vn/a.png", 10L),
                        new Attachment("Văn bản", "application/pdf", "https://x.vn/a.pdf", 10L))),
                null, null, null, Priority.NORMAL, null, 1, "2026-01-01T00:00:00Z");
    }

    @Test
    @SuppressWarnings("unchecked")
    void buildsTheArticleBodyFromParagraphsImagesAndOurReference() {
        Map<String, Object> article = ArticleContent.article(request("Thông báo", "x",
                "<p>Đoạn một</p><ul><li>Mục <b>một</b></li></ul>", null), "Sở Y tế", "https://x.vn/cover.png");

        List<Map<String, Object>> body = (List<Map<String, Object>>) article.get("body");
        assertThat(body).extracting(m -> m.get("type")).containsExactly("text", "text", "image", "text");
        assertThat(body.get(1).get("content")).isEqualTo("Mục một");
        assertThat(body.get(3).get("content").toString()).endsWith(ArticleContent.marker("dlv-1", 1));
        assertThat(article).containsEntry("author", "Sở Y tế").containsEntry("type", "normal");
    }

    @Test
    @SuppressWarnings("unchecked")
    void wordAndExcelAttachmentsStayOutOfTheArticleWithoutFailingIt() {
        DeliveryRequested request = new DeliveryRequested("dlv-2", "cmp-1", null, null, 1, "so-y-te", "zalo",
                "so-y-te.zalo", "oa-1", null, new DeliveryRequested.Content("Thông báo", "Mời điền phiếu.", null, null,
                null, null, List.of(
                        new Attachment("Phiếu khảo sát.docx", MediaTypeSniffer.DOCX, "https://x.vn/phieu.docx", 40_960L),
                        new Attachment("Danh sách.xlsx", MediaTypeSniffer.XLSX, "https://x.vn/ds.xlsx", 8_192L),
                        new Attachment("Ảnh", MediaTypeSniffer.WEBP, "https://x.vn/a.webp", 10L))),
                null, null, null, Priority.NORMAL, null, 1, "2026-01-01T00:00:00Z");

        Map<String, Object> article = ArticleContent.article(request, "Sở Y tế", "https://x.vn/cover.png");

        List<Map<String, Object>> body = (List<Map<String, Object>>) article.get("body");
        assertThat(body).extracting(m -> m.get("type")).containsExactly("text", "image", "text");
        assertThat(body.get(1)).containsEntry("url", "https://x.vn/a.webp");
        assertThat(body.toString()).doesNotContain("docx").doesNotContain("xlsx");
    }

    @Test
    void refusesAnOfficersZaloTitleOrDescriptionOverTheLimitWithAReadableReason() {
        String title = "T".repeat(151);
        assertThatThrownBy(() -> ArticleContent.article(request(title, "x", null, null), "A", "c"))
                .isInstanceOf(ArticleContent.Unsendable.class)
                .hasMessageContaining("151").hasMessageContaining("at most 150")
                .satisfies(e -> assertThat(((ArticleContent.Unsendable) e).reasonCode).isEqualTo("ZALO_TITLE_TOO_LONG"));
        assertThatThrownBy(() -> ArticleContent.article(request("T", "x", null,
                new DeliveryRequested.ZaloArticle(null, null, "d".repeat(301), null)), "A", "c"))
                .hasMessageContaining("at most 300");
        assertThatThrownBy(() -> ArticleContent.article(request("T", "x", null,
                new DeliveryRequested.ZaloArticle(null, "a".repeat(51), null, null)), "A", "c"))
                .hasMessageContaining("at most 50");
    }

    @Test
    void shortensADescriptionDerivedFromTheNoticeTextCountingCodePoints() {
        String text = "Khánh Hòa ".repeat(60);
        Map<String, Object> article = ArticleContent.article(request("T", text, null, null), "A", "c");
        String description = (String) article.get("description");
        assertThat(description.codePointCount(0, description.length())).isLessThanOrEqualTo(300);
        assertThat(description).endsWith("…");
    }

    @Test
    void markerDependsOnDeliveryAndAttempt() {
        assertThat(ArticleContent.marker("dlv-1", 1)).startsWith("GC-").isEqualTo(ArticleContent.marker("dlv-1", 1))
                .isNotEqualTo(ArticleContent.marker("dlv-1", 2));
    }
}
