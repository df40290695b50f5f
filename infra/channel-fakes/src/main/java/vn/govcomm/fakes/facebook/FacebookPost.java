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
 */
public record FacebookPost(String id, String pageId, String message, String link, String photoId, String photoUrl,
                           boolean publishedFlag, Instant scheduledPublishTime, Instant createdTime,
                           Instant deletedAt) {

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
                createdTime, at);
    }
}
