package vn.govcomm.portal.feeds;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/**
 * One delivery as an entry of its portal's feeds ({@code feed_items}, {@code _id} = deliveryId).
 *
 * @param id        the entry id shown in the feeds: stable for a notice version (re-sends keep it), new for a new version
 * @param tombstone retracted: Atom shows an at:deleted-entry, RSS and JSON Feed a marked item
 */
public record FeedItem(String deliveryId, String id, String portalId, String agencyId, String campaignId,
                       String endpointId, int noticeVersion, int attempt, String title, String html, String text,
                       String summary, String category, Instant publishedAt, Instant updatedAt, boolean tombstone,
                       Instant deletedAt, String retractReason, Integer fetchedAttempt) {

    /** Tag URI (RFC 4151) naming the campaign, the notice version and the endpoint; never the attempt. */
    static String entryId(String campaignId, int noticeVersion, String endpointId) {
        return "tag:govcomm.vn,2023:notice/" + campaignId + "/v" + noticeVersion + "/" + endpointId;
    }

    boolean fetchedThisAttempt() {
        return fetchedAttempt != null && fetchedAttempt == attempt;
    }

    static FeedItem from(Document d) {
        return new FeedItem(d.getString("_id"), d.getString("entryId"), d.getString("portalId"), d.getString("agencyId"),
                d.getString("campaignId"), d.getString("endpointId"), d.getInteger("noticeVersion", 1),
                d.getInteger("attempt", 1), d.getString("title"), d.getString("html"), d.getString("text"),
                d.getString("summary"), d.getString("category"), instant(d.getDate("publishedAt")),
                instant(d.getDate("updatedAt")), d.getBoolean("tombstone", false), instant(d.getDate("deletedAt")),
                d.getString("retractReason"), d.getInteger("fetchedAttempt"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
