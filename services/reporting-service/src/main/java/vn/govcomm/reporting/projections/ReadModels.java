package vn.govcomm.reporting.projections;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import vn.govcomm.contracts.Channels;
import vn.govcomm.kit.web.ApiProblem;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Names of the reporting read models (collections of the reporting database) and their document ids. The channel
 * names are {@link Channels#ALL}.
 */
public final class ReadModels {

    /** One row per delivery: campaignId, agencyId, channel, endpointId, status, attempt, reason..., counted, countedAttempt. */
    public static final String DELIVERIES = "report_deliveries";
    /** One document per campaign: code, title, issuingAgencyId (who may read its reports), targets, window, publishAt, status history. */
    public static final String CAMPAIGNS = "report_campaigns";
    /**
     * One document per campaign: total, byStatus.S, byChannel.c.S, rev (bumped on every change), and the in-flight
     * marks of the batches writing it (pending = [{id, at}], seq; see DeliveryProjection).
     */
    public static final String COUNTS = "report_campaign_counts";
    /**
     * One document per (campaign, agency), id {@link #agencyKey}: required channels and plan position (from the
     * latest CampaignScheduled), total, byChannel.c.S, the agency's delivery ids (deliveries.key = channel) and
     * failures (failures.key = {deliveryId, channel, reasonCode, reason, endpointId}) and the reminders and
     * escalations sent to the agency (notifications.key = {kind, dueAt, transport, sentAt, failures.epochMillis =
     * reason}; key = the notification id, see {@code NotificationProjection}).
     */
    public static final String AGENCY_COUNTS = "report_agency_counts";
    /**
     * Which agencies a campaign has (targets of any plan version and agencies with deliveries), spread over
     * {@link #AGENCY_BUCKETS} documents per campaign (id {@link #bucketId}, field {@code ids}) so each addition is
     * a small write and all of them are read with one {@code _id $in} query.
     */
    public static final String CAMPAIGN_AGENCIES = "report_campaign_agencies";
    /** One document per agency: the latest directory snapshot's name, shortName, type, groups, active. */
    public static final String AGENCIES = "report_agencies";
    /** Leases of the service's periodic jobs (one document per job: holder, until), so one instance runs each turn. */
    public static final String LEASES = "report_leases";

    /** Channels in the order of {@link Channels#ALL} (the order every report shows them in). */
    public static final Comparator<String> CHANNEL_ORDER = Comparator.comparingInt(Channels::order)
            .thenComparing(Comparator.naturalOrder());

    /** The campaign status ({@code toStatus} on campaign.events) of a cancelled campaign. */
    private static final String CAMPAIGN_CANCELLED = "CANCELLED";

    /** Buckets of a campaign's agency index (fixed: the bucket of an agency never changes). */
    public static final int AGENCY_BUCKETS = 64;

    private ReadModels() {
    }

    /** A cancelled campaign asks nothing of its agencies any more (no overdue cell, nobody to follow up). */
    public static boolean isCancelled(String campaignStatus) {
        return CAMPAIGN_CANCELLED.equals(campaignStatus);
    }

    public static String agencyKey(String campaignId, String agencyId) {
        return campaignId + "|" + agencyId;
    }

    public static String bucketId(String campaignId, String agencyId) {
        return bucketId(campaignId, Math.floorMod(agencyId.hashCode(), AGENCY_BUCKETS));
    }

    static String bucketId(String campaignId, int bucket) {
        return campaignId + "|" + String.format("%02d", bucket);
    }

    public static List<String> bucketIds(String campaignId) {
        return IntStream.range(0, AGENCY_BUCKETS).mapToObj(b -> bucketId(campaignId, b)).toList();
    }

    /** A delivery id as a field name (injective: '%', '.' and '$' are escaped). */
    public static String fieldKey(String deliveryId) {
        return deliveryId.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    /** The inverse of {@link #fieldKey}. */
    public static String deliveryId(String fieldKey) {
        return fieldKey.replace("%24", "$").replace("%2E", ".").replace("%25", "%");
    }

    /**
     * A campaign's header without its targets (thousands of them: the plan is in the per-agency documents); 404
     * {@code campaign-not-found} until its schedule has been received.
     */
    public static Document campaignHeader(MongoTemplate mongo, String campaignId) {
        Query header = Query.query(Criteria.where("_id").is(campaignId));
        header.fields().exclude("targets", "statusHistory");
        Document campaign = mongo.findOne(header, Document.class, CAMPAIGNS);
        if (campaign == null || campaign.get("version") == null) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "campaign-not-found",
                    "Chưa nhận được kế hoạch phát hành của chiến dịch " + campaignId
                            + ". / The campaign's schedule has not been received: " + campaignId + ".");
        }
        return campaign;
    }
}
