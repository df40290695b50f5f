package vn.govcomm.zalo.articles;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.kit.files.MediaTypeSniffer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a delivery's content into the {@code article/create} body, checking Zalo's field limits first (title ≤150,
 * author ≤50, description ≤300 characters; UNCONFIRMED upstream, so in one place). Values an officer wrote for
 * Zalo must fit; a description derived from the notice text is shortened instead. The last body item carries
 * a reference ({@link #marker}) so that an article whose creation answer was lost can be found again.
 */
final class ArticleContent {

    static final int TITLE_MAX = 150;
    static final int AUTHOR_MAX = 50;
    static final int DESCRIPTION_MAX = 300;
    /** Pictures go into the article; PDF, Word and Excel attachments do not (Zalo articles have no file items). */
    private static final Set<String> IMAGE_TYPES = Set.of(MediaTypeSniffer.JPEG, MediaTypeSniffer.PNG, MediaTypeSniffer.WEBP);

    private ArticleContent() {
    }

    /** The content cannot be sent as is; an officer must change it. */
    static final class Unsendable extends RuntimeException {
        final String reasonCode;

        Unsendable(String reasonCode, String message) {
            super(message);
            this.reasonCode = reasonCode;
        }
    }

    /** Our reference for one attempt of one delivery, shown at the end of the article. */
    static String marker(String deliveryId, int attempt) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((deliveryId + "#" + attempt).getBytes(StandardCharsets.UTF_8));
            return "GC-" + HexFormat.of().formatHex(hash, 0, 5).toUpperCase();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> article(DeliveryRequested request, String defaultAuthor, String defaultCoverUrl) {
        DeliveryRequested.Content content = request.content();
        DeliveryRequested.ZaloArticle zalo = content.zaloArticle();
        String title = first(zalo == null ? null : zalo.title(), content.title());
        if (title == null) {
            throw new Unsendable("ZALO_TITLE_MISSING", "Bài viết OA cần tiêu đề. / A Zalo article needs a title.");
        }
        requireFits("title", "tiêu đề", title, TITLE_MAX);
        String author = first(zalo == null ? null : zalo.author(), defaultAuthor);
        requireFits("author", "tác giả", author, AUTHOR_MAX);
        String description;
        if (zalo != null && zalo.description() != null && !zalo.description().isBlank()) {
            description = zalo.description().strip();
            requireFits("description", "mô tả", description, DESCRIPTION_MAX);
        } else {
            description = shorten(first(content.summary(), content.text(), title), DESCRIPTION_MAX);
        }
        List<Map<String, Object>> body = new ArrayList<>();
        paragraphs(content).forEach(p -> body.add(Map.of("type", "text", "content", p)));
        if (content.attachments() != null) {
            content.attachments().stream().filter(a -> a.url() != null && IMAGE_TYPES.contains(a.mediaType()))
                    .forEach(a -> body.add(Map.of("type", "image", "url", a.url(),
                            "caption", a.name() == null ? "" : a.name())));
        }
        if (body.isEmpty()) {
            throw new Unsendable("ZALO_BODY_MISSING", "Bài viết OA cần nội dung. / A Zalo article needs a body.");
        }
        body.add(Map.of("type", "text", "content", "Mã tin / Ref: " + marker(request.deliveryId(), request.attempt())));
        Map<String, Object> article = new LinkedHashMap<>();
        article.put("type", "normal");
        article.put("title", title);
        article.put("author", author);
        article.put("description", description);
        article.put("cover", Map.of("cover_type", "photo", "photo_url",
                first(zalo == null ? null : zalo.coverUrl(), defaultCoverUrl), "status", "show"));
        article.put("body", body);
        article.put("status", "show");
        article.put("comment", "hide");
        return article;
    }

    private static List<String> paragraphs(DeliveryRequested.Content content) {
        List<String> out = new ArrayList<>();
        if (content.html() != null && !content.html().isBlank()) {
            for (Element block : Jsoup.parseBodyFragment(content.html()).body().select("p, li, h1, h2, h3, h4, blockquote")) {
                String text = block.text().strip();
                if (!text.isEmpty() && block.parents().stream().noneMatch(p -> p.is("li, blockquote"))) {
                    out.add(text);
                }
            }
            if (out.isEmpty()) {
                String text = Jsoup.parseBodyFragment(content.html()).text().strip();
                if (!text.isEmpty()) {
                    out.add(text);
                }
            }
        }
        if (out.isEmpty() && content.text() != null && !content.text().isBlank()) {
            for (String p : content.text().split("\\n\\s*\\n")) {
                if (!p.isBlank()) {
                    out.add(p.strip());
                }
            }
        }
        return out;
    }

    private static void requireFits(String field, String fieldVi, String value, int max) {
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw new Unsendable("ZALO_" + field.toUpperCase() + "_TOO_LONG",
                    "Trường " + fieldVi + " dài " + length + " ký tự, Zalo cho phép tối đa " + max + ". / The "
                            + field + " has " + length + " characters; Zalo allows at most " + max + ".");
        }
    }

    private static String shorten(String s, int max) {
        String stripped = s.strip();
        if (stripped.codePointCount(0, stripped.length()) <= max) {
            return stripped;
        }
        int end = stripped.offsetByCodePoints(0, max - 1);
        return stripped.substring(0, end).strip() + "…";
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}
