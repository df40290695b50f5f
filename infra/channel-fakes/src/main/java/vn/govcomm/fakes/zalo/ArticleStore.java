package vn.govcomm.fakes.zalo;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.Crypto;
import vn.govcomm.fakes.http.Json;

/** Articles by token, and how many "still processing" answers each has left before verify gives its id. */
final class ArticleStore {

    private final Map<String, ZaloArticle> byToken = new LinkedHashMap<>();
    private final Map<String, Integer> notReadyLeft = new HashMap<>();

    synchronized ZaloArticle create(String appId, JsonNode request, Instant now, int notReadyAnswers) {
        String token = Crypto.randomToken(24);
        String id = Crypto.randomHex(10);
        ZaloArticle article = new ZaloArticle(token, id, appId, Json.text(request, "title"),
                Json.text(request, "author"), Json.text(request, "description"), request, now, false, false);
        byToken.put(token, article);
        notReadyLeft.put(token, notReadyAnswers);
        return article;
    }

    /** Result of one verify call: the article once ready, empty while still processing. */
    synchronized Optional<ZaloArticle> verify(String token) {
        int left = notReadyLeft.getOrDefault(token, 0);
        if (left > 0) {
            notReadyLeft.put(token, left - 1);
            return Optional.empty();
        }
        ZaloArticle verified = byToken.get(token).markVerified();
        byToken.put(token, verified);
        return Optional.of(verified);
    }

    synchronized Optional<ZaloArticle> byToken(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    /** A verified, not removed article of this app. */
    synchronized Optional<ZaloArticle> liveById(String appId, String id) {
        return byToken.values().stream()
                .filter(a -> a.id().equals(id) && a.appId().equals(appId) && a.verified() && !a.removed())
                .findFirst();
    }

    synchronized boolean remove(String appId, String id) {
        Optional<ZaloArticle> article = liveById(appId, id);
        article.ifPresent(a -> byToken.put(a.token(), a.markRemoved()));
        return article.isPresent();
    }

    synchronized List<ZaloArticle> all() {
        return List.copyOf(byToken.values());
    }

    synchronized List<ZaloArticle> liveOf(String appId) {
        return byToken.values().stream().filter(a -> a.appId().equals(appId) && a.verified() && !a.removed())
                .toList().reversed();
    }
}
