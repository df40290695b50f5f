package vn.govcomm.fakes.wordpress;

import java.time.Instant;
import java.util.List;

/**
 * A post as the fake stores it. {@code status} is the stored status; a {@code future} post whose date has come is
 * reported as {@code publish} (see {@link #statusAt}).
 */
public record WordPressPost(int id, String slug, String status, String title, String content, String excerpt,
                            Instant dateGmt, Instant modifiedGmt, int authorId, List<Integer> categories,
                            List<Integer> tags) {

    public String statusAt(Instant now) {
        return "future".equals(status) && !now.isBefore(dateGmt) ? "publish" : status;
    }

    WordPressPost withStatus(String value, Instant now) {
        return new WordPressPost(id, slug, value, title, content, excerpt, dateGmt, now, authorId, categories, tags);
    }
}
