package vn.govcomm.fakes.facebook;

import java.time.Instant;

/**
 * A Page post as the fake holds it (immutable snapshot).
 *
 * @param id                   {@code pageid_postid}
 * @param photoId              the photo's own id for posts made through {@code /photos}, else {@code null}
 * @param publishedFlag        the {@code published} parameter the post was created with
 * @param scheduledPublishTime set for scheduled posts
 * @param deletedAt            set once the post was deleted
 * @param fromId               the author, Graph's {@code from.id}: the Page itself for the Page's own posts, a
 *                             visitor's (page-scoped) user id for a visitor's post on the Page
 * @param fromName             the author's name, Graph's {@code from.name}
 */
public record FacebookPost(String id, String pageId, String message, String link, String photoId, String photoUrl,
                           boolean publishedFlag, Instant scheduledPublishTime, Instant createdTime,
                           Instant deletedAt, String fromId, String fromName) {

    /** Authored by the Page itself (not a visitor's post on its feed). */
    public boolean byPage() {
        return pageId.equals(fromId);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Published now: created published, or scheduled and the time has come. */
    public boolean isPublished(Instant now) {
        return publishedFlag || (scheduledPublishTime != null && !now.isBefore(scheduledPublishTime));
    }

    public boolean isScheduled(Instant now) {
        return !publishedFlag && scheduledPublishTime != null && now.isBefore(scheduledPublishTime);
    }

    /** What Graph reports as created_time: the publish time of a scheduled post, else the creation time. */
    public Instant shownCreatedTime() {
        return scheduledPublishTime != null ? scheduledPublishTime : createdTime;
    }

    public String postNumber() {
        return id.substring(id.indexOf('_') + 1);
    }

    FacebookPost delete(Instant at) {
        return new FacebookPost(id, pageId, message, link, photoId, photoUrl, publishedFlag, scheduledPublishTime,
                createdTime, at, fromId, fromName);
    }
}
