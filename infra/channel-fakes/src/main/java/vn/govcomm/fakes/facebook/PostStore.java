package vn.govcomm.fakes.facebook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import vn.govcomm.fakes.http.ResponseException;

/** Posts and photos of all Pages. One lock: the duplicate check and the insert must be atomic. */
final class PostStore {

    private final Map<String, FacebookPost> posts = new LinkedHashMap<>();
    private final Map<String, String> postIdByPhotoId = new HashMap<>();
    private long nextObjectNumber = 1_116_689_038_356_556L;

    /**
     * Creates a post on {@code pageId}'s feed authored by {@code fromId} (the Page itself, or a visitor), or throws
     * the 506 answer when the same author already has a live post with the same message on that Page (a visitor
     * repeating our text does not block the Page's own post).
     */
    synchronized FacebookPost create(String pageId, String fromId, String fromName, String message, String link,
                                     String photoUrl, boolean published, Instant scheduled, Instant now,
                                     boolean checkDuplicate) {
        if (checkDuplicate && message != null && !message.isBlank() && posts.values().stream()
                .anyMatch(p -> p.pageId().equals(pageId) && p.fromId().equals(fromId) && !p.deleted()
                        && message.equals(p.message()))) {
            throw new ResponseException(FacebookError.duplicate().toResponse());
        }
        String photoId = photoUrl == null ? null : Long.toString(nextObjectNumber++);
        String id = pageId + "_" + nextObjectNumber++;
        FacebookPost post = new FacebookPost(id, pageId, message, link, photoId, photoUrl, published, scheduled, now,
                null, fromId, fromName);
        posts.put(id, post);
        if (photoId != null) {
            postIdByPhotoId.put(photoId, id);
        }
        return post;
    }

    synchronized Optional<FacebookPost> byId(String id) {
        return Optional.ofNullable(posts.get(id));
    }

    synchronized Optional<FacebookPost> byPhotoId(String photoId) {
        String postId = postIdByPhotoId.get(photoId);
        return postId == null ? Optional.empty() : Optional.ofNullable(posts.get(postId));
    }

    synchronized boolean delete(String id, Instant now) {
        FacebookPost post = posts.get(id);
        if (post == null || post.deleted()) {
            return false;
        }
        posts.put(id, post.delete(now));
        return true;
    }

    /** All posts of a Page including deleted ones, in creation order. */
    synchronized List<FacebookPost> ofPage(String pageId) {
        return posts.values().stream().filter(p -> Objects.equals(p.pageId(), pageId)).toList();
    }

    /** Live posts of a Page, newest first, as the feed edges list them. */
    synchronized List<FacebookPost> newestFirst(String pageId) {
        List<FacebookPost> result = new ArrayList<>(ofPage(pageId).stream().filter(p -> !p.deleted()).toList());
        result.sort(Comparator.comparing(FacebookPost::shownCreatedTime)
                .thenComparing(p -> Long.parseLong(p.postNumber())).reversed());
        return result;
    }

    synchronized List<FacebookPost> all() {
        return List.copyOf(posts.values());
    }

    synchronized void clear() {
        posts.clear();
        postIdByPhotoId.clear();
    }
}
