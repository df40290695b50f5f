package vn.govcomm.fakes.zalo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.Crypto;
import vn.govcomm.fakes.http.Json;

/**
 * Articles by token. Zalo processes an article on its own after the create ({@code processedAt}); {@code verify}
 * only reads the outcome, and answers "still processing" until then and for its first {@code notReadyAnswers}
 * calls. Processed articles are live; the OA's list ({@code getslice}) shows them only after a further lag.
 */
final class ArticleStore {

    /**
     * What a state directory keeps of an article: {@code seq} is its place in creation order (the OA's list is
     * newest first), {@code notReadyLeft} the "still processing" answers its verify calls still get.
     */
    record Saved(long seq, ZaloArticle article, int notReadyLeft) {
    }

    private final Map<String, ZaloArticle> byToken = new LinkedHashMap<>();
    private final Map<String, Integer> notReadyLeft = new HashMap<>();
    private final Map<String, Long> seqByToken = new HashMap<>();
    /** Article id → the tokens of the articles with that id, oldest first (ids are random: one token in practice). */
    private final Map<String, List<String>> tokensById = new HashMap<>();
    private long nextSeq = 1;
    private Consumer<Saved> onChange = saved -> {
    };

    /** Called with every new or changed article, before the change is visible to anyone else. */
    synchronized void onChange(Consumer<Saved> listener) {
        onChange = listener;
    }

    /** Adds saved articles (in {@code seq} order) to an empty store. */
    synchronized void restore(List<Saved> saved) {
        saved.stream().sorted(java.util.Comparator.comparingLong(Saved::seq)).forEach(s -> {
            byToken.put(s.article().token(), s.article());
            notReadyLeft.put(s.article().token(), s.notReadyLeft());
            seqByToken.put(s.article().token(), s.seq());
            indexId(s.article());
            nextSeq = Math.max(nextSeq, s.seq() + 1);
        });
    }

    synchronized ZaloArticle create(String appId, JsonNode request, Instant now, int notReadyAnswers,
                                    Duration processing) {
        String token = Crypto.randomToken(24);
        String id = Crypto.randomHex(10);
        ZaloArticle article = new ZaloArticle(token, id, appId, Json.text(request, "title"),
                Json.text(request, "author"), Json.text(request, "description"), request, now, false, false,
                now.plus(processing));
        long seq = nextSeq++;
        onChange.accept(new Saved(seq, article, notReadyAnswers));
        byToken.put(token, article);
        notReadyLeft.put(token, notReadyAnswers);
        seqByToken.put(token, seq);
        indexId(article);
        return article;
    }

    /** Result of one verify call: the article once processed, empty while still processing. */
    synchronized Optional<ZaloArticle> verify(String token, Instant now) {
        int left = notReadyLeft.getOrDefault(token, 0);
        if (left > 0) {
            onChange.accept(new Saved(seqByToken.get(token), byToken.get(token), left - 1));
            notReadyLeft.put(token, left - 1);
            return Optional.empty();
        }
        ZaloArticle article = byToken.get(token);
        if (!article.processed(now)) {
            return Optional.empty();
        }
        ZaloArticle verified = article.markVerified();
        if (!article.verified()) {
            onChange.accept(new Saved(seqByToken.get(token), verified, 0));
        }
        byToken.put(token, verified);
        return Optional.of(verified);
    }

    synchronized Optional<ZaloArticle> byToken(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    /** A processed, not removed article of this app (by the id index: a look-up, not a scan of every article). */
    synchronized Optional<ZaloArticle> liveById(String appId, String id, Instant now) {
        return tokensById.getOrDefault(id, List.of()).stream().map(byToken::get)
                .filter(a -> a.appId().equals(appId) && a.processed(now) && !a.removed())
                .findFirst();
    }

    private void indexId(ZaloArticle article) {
        tokensById.computeIfAbsent(article.id(), id -> new ArrayList<>(1)).add(article.token());
    }

    synchronized boolean remove(String appId, String id, Instant now) {
        Optional<ZaloArticle> article = liveById(appId, id, now);
        article.ifPresent(a -> {
            ZaloArticle removed = a.markRemoved();
            onChange.accept(new Saved(seqByToken.get(a.token()), removed, notReadyLeft.getOrDefault(a.token(), 0)));
            byToken.put(a.token(), removed);
        });
        return article.isPresent();
    }

    synchronized List<ZaloArticle> all() {
        return List.copyOf(byToken.values());
    }

    /** What the OA's list shows: live articles processed at least {@code listingLag} ago, newest first. */
    synchronized List<ZaloArticle> listed(String appId, Instant now, Duration listingLag) {
        return byToken.values().stream().filter(a -> a.appId().equals(appId) && !a.removed()
                        && !now.isBefore(a.processedAt().plus(listingLag)))
                .toList().reversed();
    }
}
