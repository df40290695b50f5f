package vn.govcomm.publishing.addressed;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.deliveries.Rendering;
import vn.govcomm.publishing.directory.AgencyReplica;
import vn.govcomm.publishing.publications.Publications;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The campaigns addressed to one agency, as that agency sees them (issue 17, "addressee view"): what it was asked
 * to publish, where, until when, and how far each of its own deliveries got — never another agency's deliveries.
 * Built from the publisher's own records: the latest publication of each campaign that has deliveries for the agency.
 */
@Service
class AddressedCampaigns {

    private static final List<String> DELIVERY_FIELDS = List.of("campaignId", "noticeVersion", "channel", "endpointId",
            "status", "attempt", "reasonCode", "reason", "externalRef", "permalink", "firstAchievedAt", "dispatchedAt");

    private final MongoTemplate mongo;
    private final Publications publications;
    private final Deliveries deliveries;
    private final AgencyReplica directory;

    AddressedCampaigns(MongoTemplate mongo, Publications publications, Deliveries deliveries, AgencyReplica directory) {
        this.mongo = mongo;
        this.publications = publications;
        this.deliveries = deliveries;
        this.directory = directory;
        mongo.indexOps(Deliveries.COLLECTION).createIndex(new Index().on("agencyId", Sort.Direction.ASC)
                .on("campaignId", Sort.Direction.ASC).named("addressed"));
    }

    /** Newest first (by publication time), at most {@code limit}. */
    List<Map<String, Object>> list(String agencyId, int limit) {
        List<String> campaignIds = mongo.findDistinct(Query.query(Criteria.where("agencyId").is(agencyId)),
                "campaignId", Deliveries.COLLECTION, String.class);
        List<Document> latest = new ArrayList<>();
        for (String campaignId : campaignIds) {
            Document publication = publications.latest(campaignId);
            if (publication != null) {
                latest.add(publication);
            }
        }
        latest.sort(Comparator.comparing((Document p) -> p.getDate("publishAt"), Comparator.nullsLast(Comparator.reverseOrder())));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Document publication : latest.subList(0, Math.min(limit, latest.size()))) {
            List<Document> own = deliveries(publication, agencyId);
            if (!own.isEmpty()) {
                out.add(summary(publication, publications.campaign(publication), own));
            }
        }
        return out;
    }

    /** One campaign as the agency sees it, with the notice as rendered for each of its endpoints; null if not addressed. */
    Map<String, Object> one(String campaignId, String agencyId) {
        Document publication = publications.latest(campaignId);
        if (publication == null) {
            return null;
        }
        List<Document> own = deliveries(publication, agencyId);
        if (own.isEmpty()) {
            return null;
        }
        Document campaign = publications.campaign(publication);
        Map<String, Object> body = summary(publication, campaign, own);
        Document notice = campaign.get("notice", Document.class);
        Rendering.Renderer renderer = Rendering.forNotice(notice);
        List<Map<String, Object>> content = new ArrayList<>();
        for (Document delivery : own) {
            Document endpoint = directory.endpoint(agencyId, delivery.getString("endpointId"));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("channel", delivery.getString("channel"));
            view.put("endpointId", delivery.getString("endpointId"));
            view.put("content", deliveries.content(renderer, delivery.getString("channel"), endpoint == null ? new Document() : endpoint));
            content.add(view);
        }
        body.put("notice", Map.of("title", notice.getString("title"), "bodyHtml", notice.getString("bodyHtml")));
        body.put("content", content);
        return body;
    }

    /** The agency's deliveries of the publication's notice version (older versions were superseded). */
    private List<Document> deliveries(Document publication, String agencyId) {
        Query query = Query.query(Criteria.where("agencyId").is(agencyId).and("campaignId").is(publication.getString("campaignId")))
                .with(Sort.by("channel", "endpointId"));
        DELIVERY_FIELDS.forEach(query.fields()::include);
        Integer version = publication.getInteger("version");
        return mongo.find(query, Document.class, Deliveries.COLLECTION).stream()
                .filter(d -> version == null || version.equals(d.getInteger("noticeVersion"))).toList();
    }

    /** Whether the agency has nothing left to wait for: the notice reached the audience, or is off the channel. */
    private static boolean settled(DeliveryStatus status) {
        return status.isAchieved() || Deliveries.offTheChannel(status);
    }

    private static Map<String, Object> summary(Document publication, Document campaign, List<Document> own) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaignId", publication.getString("campaignId"));
        body.put("code", campaign.getString("code"));
        body.put("version", publication.get("version"));
        body.put("title", campaign.get("notice", Document.class).getString("title"));
        body.put("issuingAgencyId", campaign.getString("issuingAgencyId"));
        body.put("state", publication.getString("state"));
        body.put("publishAt", publication.getDate("publishAt"));
        body.put("window", campaign.get("window"));
        // the campaign's own deadline (CampaignScheduled.deadline), else the window end
        Date deadline = campaign.getString("deadline") != null
                ? Date.from(OffsetDateTime.parse(campaign.getString("deadline")).toInstant())
                : publication.getDate("windowEndsAt");
        body.put("deadline", deadline);
        Set<String> channels = new LinkedHashSet<>();
        List<Map<String, Object>> deliveries = new ArrayList<>();
        List<Map<String, Object>> attention = new ArrayList<>();
        int settled = 0;
        for (Document d : own) {
            channels.add(d.getString("channel"));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("deliveryId", d.getString("_id"));
            for (String field : List.of("channel", "endpointId", "status", "attempt", "reasonCode", "reason", "externalRef",
                    "permalink", "firstAchievedAt")) {
                if (d.get(field) != null) {
                    view.put(field, d.get(field));
                }
            }
            deliveries.add(view);
            if (settled(DeliveryStatus.valueOf(d.getString("status")))) {
                settled++;
            }
            if (DeliveryStatus.FAILED.name().equals(d.getString("status"))) {
                // What the agency can act on: a Page to reconnect, a screen to switch on... (the reason says what).
                attention.add(Map.of("deliveryId", d.getString("_id"), "channel", d.getString("channel"),
                        "reasonCode", String.valueOf(d.getString("reasonCode")),
                        "reason", String.valueOf(d.getString("reason"))));
            }
        }
        body.put("channels", channels);
        body.put("deliveries", deliveries);
        body.put("settled", settled);
        body.put("total", own.size());
        body.put("needsAttention", attention);
        return body;
    }
}
