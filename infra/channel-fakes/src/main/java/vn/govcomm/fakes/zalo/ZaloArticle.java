package vn.govcomm.fakes.zalo;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * An article as the fake holds it (immutable snapshot).
 *
 * @param token       the token {@code article/create} answered
 * @param id          the article id; revealed by {@code article/verify} once processing is over
 * @param request     the JSON body {@code article/create} received
 * @param verified    whether {@code article/verify} has returned the id yet
 * @param processedAt when Zalo finishes processing it ({@link ZaloSettings#verifyDelay}): from then on it is live
 *                    (detail, broadcast, remove) whether or not anyone asked {@code article/verify}
 */
public record ZaloArticle(String token, String id, String appId, String title, String author, String description,
                          JsonNode request, Instant createdAt, boolean verified, boolean removed, Instant processedAt) {

    ZaloArticle markVerified() {
        return new ZaloArticle(token, id, appId, title, author, description, request, createdAt, true, removed,
                processedAt);
    }

    ZaloArticle markRemoved() {
        return new ZaloArticle(token, id, appId, title, author, description, request, createdAt, verified, true,
                processedAt);
    }

    /** Processing is over at {@code now}: the article exists on the OA (unless removed). */
    public boolean processed(Instant now) {
        return !now.isBefore(processedAt);
    }
}
