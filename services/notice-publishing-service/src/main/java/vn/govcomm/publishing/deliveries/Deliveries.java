package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.delivery.DeliveryStateUpdates;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.outbox.OutboxRelay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deliveries: one per (campaign, notice version, agency, endpoint). Each is inserted with its DeliveryRequested
 * in its own outbox; the relay marks it DISPATCHED once Kafka has it. Status events from the adapters move it
 * forward only (see {@link DeliveryStatus#canMoveTo}).
 */
@Service
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    public static final String COLLECTION = "deliveries";
    static final String TYPE_REQUESTED = "vn.govcomm.delivery.requested.v1";
    static final String SCHEMA_REQUESTED = "https://govcomm.vn/contracts/schemas/delivery-requested.v1.json";
    static final String SOURCE = "/services/notice-publishing-service";

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final JsonMapper json;
    private final DeliveryFactory factory;

    Deliveries(MongoTemplate mongo, @Qualifier("deliveryOutbox") OutboxRelay relay, JsonMapper json) {
        this.mongo = mongo;
        this.relay = relay;
        this.json = json;
        this.factory = new DeliveryFactory();
        relay.afterPublish(id -> mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("status").is("PENDING")),
                new Update().set("status", "DISPATCHED").set("dispatchedAt", new Date()), COLLECTION));
    }

    /** Deterministic id: the same campaign, version, agency and endpoint always give the same delivery. */
    public static String deliveryId(String campaignId, int version, String agencyId, String endpointId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (campaignId + "|" + version + "|" + agencyId + "|" + endpointId).getBytes(StandardCharsets.UTF_8));
            return "dlv-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates the deliveries of a batch of targets; returns how many were new. */
    public int createFor(Document campaign, List<Document> targets, Map<String, Document> directory) {
        int created = 0;
        Instant now = Instant.now();
        for (Document target : targets) {
            Document agency = directory.get(target.getString("agencyId"));
            if (agency == null) {
                log.warn("Agency {} of campaign {} is not (yet) in the directory replica", target.getString("agencyId"),
                        campaign.getString("campaignId"));
                continue;
            }
            for (String channel : target.getList("channels", String.class)) {
                for (Document endpoint : agency.getList("endpoints", Document.class)) {
                    if (!channel.equals(endpoint.getString("channel"))) {
                        continue;
                    }
                    Map<String, Object> requested = factory.requested(campaign, agency.getString("_id"), channel, endpoint, now);
                    String deliveryId = (String) requested.get("deliveryId");
                    OutgoingEvent event = OutgoingEvent.of("delivery.requests." + channel, endpoint.getString("endpointId"),
                            TYPE_REQUESTED, SOURCE, deliveryId, SCHEMA_REQUESTED, now, json.writeValueAsString(requested));
                    Document delivery = new Document("_id", deliveryId)
                            .append("campaignId", campaign.getString("campaignId"))
                            .append("noticeVersion", campaign.getInteger("version"))
                            .append("agencyId", agency.getString("_id"))
                            .append("channel", channel)
                            .append("endpointId", endpoint.getString("endpointId"))
                            .append("externalId", endpoint.getString("externalId"))
                            .append("status", DeliveryStatus.PENDING.name())
                            .append("attempt", 1)
                            .append("createdAt", Date.from(now))
                            .append(OutboxRelay.FIELD, List.of(OutboxRelay.toDocument(event)));
                    try {
                        mongo.insert(delivery, COLLECTION);
                        created++;
                    } catch (DuplicateKeyException alreadyThere) {
                        // resumed after a crash: this delivery exists with its event
                    }
                }
            }
        }
        relay.nudge();
        return created;
    }

    /** Applies a status an adapter reported, if it moves the delivery forward. */
    public boolean applyStatus(String deliveryId, DeliveryStatus next, int attempt, Document report) {
        return DeliveryStateUpdates.advance(mongo, COLLECTION, deliveryId, next, attempt, () -> {
            Update update = new Update().set("statusAt", Date.from(Instant.parse(report.getString("occurredAt"))));
            for (String field : List.of("reasonCode", "reason", "externalRef", "permalink")) {
                if (report.getString(field) != null) {
                    update.set(field, report.getString(field));
                }
            }
            return update;
        });
    }

    /** Marks the campaign's unfinished deliveries CANCELLED (retraction to channels is issue #4's job). */
    public void cancelCampaign(String campaignId) {
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId)
                        .and("status").nin(DeliveryStatus.CANCELLED.name())),
                new Update().set("status", DeliveryStatus.CANCELLED.name()).set("statusAt", new Date()), COLLECTION);
    }

    public Map<String, Long> countsByStatus(String campaignId) {
        Aggregation aggregation = Aggregation.newAggregation(
                Aggregation.match(Criteria.where("campaignId").is(campaignId)),
                Aggregation.group("status").count().as("count"));
        Map<String, Long> counts = new LinkedHashMap<>();
        mongo.aggregate(aggregation, COLLECTION, Document.class).forEach(d ->
                counts.put(d.getString("_id"), ((Number) d.get("count")).longValue()));
        return counts;
    }

    public List<Document> list(String campaignId, String status, int limit) {
        Criteria criteria = Criteria.where("campaignId").is(campaignId);
        if (status != null) {
            criteria = criteria.and("status").is(status);
        }
        Query query = Query.query(criteria).limit(limit);
        query.fields().exclude(OutboxRelay.FIELD);
        return new ArrayList<>(mongo.find(query, Document.class, COLLECTION));
    }
}
