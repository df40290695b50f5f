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
import java.util.function.Consumer;
import vn.govcomm.fakes.http.ResponseException;

/**
 * Posts and photos of all Pages. One lock: the duplicate check and the insert must be atomic, and a post's changes
 * reach the {@link #onChange} listener (the state directory) in the order they were made.
 */
final class PostStore {

    private static final long FIRST_OBJECT_NUMBER = 1_116_689_038_356_556L;

    private final Map<String, FacebookPost> posts = new LinkedHashMap<>();
    private final Map<String, String> postIdByPhotoId = new HashMap<>();
    /** Live posts by (Page, author, message): what the duplicate check asks, answered without a scan. */
    private final Map<Authored, Integer> liveByText = new HashMap<>();
    private long nextObjectNumber = FIRST_OBJECT_NUMBER;
    private Consumer<FacebookPost> onChange = post -> {
    };

    /** Called with every new or changed post, before the change is visible to anyone else. */
    synchronized void onChange(Consumer<FacebookPost> listener) {
        onChange = listener;
    }

    /**
     * Replaces the posts with saved ones; object numbers continue after the highest one in use (post and photo ids
     * come from the same counter), so no id is given twice.
     */
    synchronized void restore(List<FacebookPost> saved) {
        clear();
        nextObjectNumber = FIRST_OBJECT_NUMBER;
        saved.stream().sorted(Comparator.comparing(p -> Long.parseLong(p.postNumber()))).forEach(post -> {
            posts.put(post.id(), post);
            count(post, 1);
            nextObjectNumber = Math.max(nextObjectNumber, Long.parseLong(post.postNumber()) + 1);
            if (post.photoId() != null) {
                postIdByPhotoId.put(post.photoId(), post.id());
                nextObjectNumber = Math.max(nextObjectNumber, Long.parseLong(post.photoId()) + 1);
            }
        });
    }

    /**
     * Creates a post on {@code pageId}'s feed authored by {@code fromId} (the Page itself, or a visitor), or throws
     * the 506 answer when the same author already has a live post with the same message on that Page (a visitor
     * repeating our text does not block the Page's own post).
     */
    synchronized FacebookPost create(String pageId, String fromId, String fromName, String message, String link,
                                     String photoUrl, boolean published, Instant scheduled, Instant now,
                                     boolean checkDuplicate) {
        if (checkDuplicate && message != null && !message.isBlank()
                && liveByText.containsKey(new Authored(pageId, fromId, message))) {
            throw new ResponseException(FacebookError.duplicate().toResponse());
        }
        String photoId = photoUrl == null ? null : Long.toString(nextObjectNumber++);
        String id = pageId + "_" + nextObjectNumber++;
        FacebookPost post = new FacebookPost(id, pageId, message, link, photoId, photoUrl, published, scheduled, now,
                null, fromId, fromName);
        onChange.accept(post);
        posts.put(id, post);
        count(post, 1);
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
        FacebookPost deleted = post.delete(now);
        onChange.accept(deleted);
        posts.put(id, deleted);
        count(post, -1);
        return true;
    }

    /** A live post's (Page, author, message), counted in or out of {@link #liveByText}. */
    private void count(FacebookPost post, int change) {
        if (post.deleted() || post.message() == null) {
            return;
        }
        liveByText.merge(new Authored(post.pageId(), post.fromId(), post.message()), change,
                (was, delta) -> was + delta == 0 ? null : was + delta);
    }

    private record Authored(String pageId, String fromId, String message) {
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
        liveByText.clear();
    }
}
