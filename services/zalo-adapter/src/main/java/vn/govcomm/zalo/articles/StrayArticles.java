package vn.govcomm.zalo.articles;

import tools.jackson.databind.JsonNode;
import vn.govcomm.zalo.oa.ZaloCallException;
import vn.govcomm.zalo.oa.ZaloClient;
import vn.govcomm.zalo.oa.ZaloClient.Operation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds the OA's articles that carry one of our references: the only way to learn what an unconfirmed create did,
 * since Zalo gives an article id only to whoever holds the create's token. The OA's list ({@code getslice}, newest
 * first, eventually consistent) is read page by page; an article whose title matches is opened
 * ({@code getdetail}) and its body searched for the reference. Paging stops at articles created well before the
 * oldest create we are looking for.
 */
final class StrayArticles {

    /** How much older than our create an article may look (clock skew between Zalo and us). */
    private static final Duration SKEW = Duration.ofMinutes(10);

    record Found(String articleId, String marker) {
    }

    /** A reference we look for: the title it was created with and since when it may exist. */
    record Wanted(String marker, String title, Instant since) {
    }

    private final ZaloClient zalo;
    private final int pageSize;
    private final int pages;

    StrayArticles(ZaloClient zalo, int pageSize, int pages) {
        this.zalo = zalo;
        this.pageSize = pageSize;
        this.pages = pages;
    }

    /** Every live article of the OA carrying one of the references; throws what the calls throw. */
    List<Found> find(String oaId, Collection<Wanted> wanted) throws ZaloCallException {
        List<Found> found = new ArrayList<>();
        if (wanted.isEmpty()) {
            return found;
        }
        long oldest = wanted.stream().map(Wanted::since).min(Instant::compareTo).orElseThrow().minus(SKEW)
                .toEpochMilli();
        for (int page = 0; page < pages; page++) {
            JsonNode slice = zalo.get(oaId, Operation.ARTICLE_LIST, "/article/getslice?offset=" + page * pageSize
                    + "&limit=" + pageSize).path("data").path("medias");
            boolean older = false;
            for (JsonNode media : slice) {
                String title = media.path("title").asString("");
                List<Wanted> candidates = wanted.stream().filter(w -> w.title().equals(title)).toList();
                if (!candidates.isEmpty()) {
                    String id = media.path("id").asString();
                    String body = zalo.get(oaId, Operation.ARTICLE_DETAIL, "/article/getdetail?id="
                            + URLEncoder.encode(id, StandardCharsets.UTF_8)).path("data").path("body").toString();
                    candidates.stream().filter(w -> body.contains(w.marker())).findFirst()
                            .ifPresent(w -> found.add(new Found(id, w.marker())));
                }
                // create_date (epoch ms) is UNCONFIRMED upstream: without it every page up to the limit is read.
                older |= media.hasNonNull("create_date") && media.path("create_date").asLong(Long.MAX_VALUE) < oldest;
            }
            if (slice.size() < pageSize || older) {
                break;
            }
        }
        return found;
    }

    enum Removal { REMOVED, REFUSED, RETRY }

    /**
     * Removes an article. REFUSED: Zalo answered with a permanent error (the article is gone already, or the OA's
     * token was revoked: nothing more we can do, logged by the caller); RETRY: Zalo could not be asked now.
     */
    Removal remove(String oaId, String articleId) {
        try {
            zalo.post(oaId, Operation.ARTICLE_REMOVE, "/article/remove", Map.of("id", articleId));
            return Removal.REMOVED;
        } catch (ZaloCallException e) {
            return e.permanent() ? Removal.REFUSED : Removal.RETRY;
        }
    }
}
