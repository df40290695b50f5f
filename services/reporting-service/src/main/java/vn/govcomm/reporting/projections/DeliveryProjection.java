package vn.govcomm.reporting.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.DeliveryStateUpdates;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The delivery read model ({@value #DELIVERIES}): one row per delivery, created by whichever of its events
 * arrives first (request or status: topics are not ordered with each other) and moved forward only. Replaying
 * every topic from the beginning gives the same rows.
 */
@Component
public class DeliveryProjection {

    public static final String DELIVERIES = "report_deliveries";
    public static final String CAMPAIGNS = "report_campaigns";

    private final MongoTemplate mongo;

    DeliveryProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @KafkaListener(topics = "campaign.events", groupId = "reporting-service.campaigns")
    void onCampaign(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        Document data = parse(event);
        String campaignId = data.getString("campaignId");
        Update update = new Update().set("code", data.getString("code"))
                .max("lastEventAt", Date.from(event.time()));
        if (event.type().equals("vn.govcomm.campaign.scheduled.v1")) {
            Document notice = data.get("notice", Document.class);
            update.set("title", notice.getString("title"))
                    .set("issuingAgencyId", data.getString("issuingAgencyId"))
                    .set("version", data.getInteger("version"))
                    .set("window", data.get("window"))
                    .set("publishAt", data.getString("publishAt"))
                    .set("targets", data.getList("targets", Document.class));
        } else if (data.getString("toStatus") != null) {
            if (data.getString("title") != null) {
                update.set("title", data.getString("title"));
            }
            update.set("status." + data.getString("toStatus"), Date.from(event.time()));
        }
        mongo.upsert(Query.query(Criteria.where("_id").is(campaignId)), update, CAMPAIGNS);
    }

    @KafkaListener(topics = {"delivery.requests.portal", "delivery.requests.facebook", "delivery.requests.zalo",
            "delivery.requests.led"}, groupId = "reporting-service.requests")
    void onRequest(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!event.type().equals("vn.govcomm.delivery.requested.v1")) {
            return; // retractions show up as CANCELLED statuses from the adapters
        }
        Document data = parse(event);
        record(data, DeliveryStatus.DISPATCHED, data.getInteger("attempt", 1), event.time());
    }

    @KafkaListener(topics = {"delivery.status.portal", "delivery.status.facebook", "delivery.status.zalo",
            "delivery.status.led"}, groupId = "reporting-service.status")
    void onStatus(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        Document data = parse(event);
        DeliveryStatus status;
        try {
            status = DeliveryStatus.valueOf(data.getString("status"));
        } catch (RuntimeException e) {
            throw new PoisonEventException("Unknown status in " + event.id(), e);
        }
        record(data, status, data.getInteger("attempt", 1), event.time());
    }

    private void record(Document data, DeliveryStatus status, int attempt, Instant at) {
        String deliveryId = data.getString("deliveryId");
        if (deliveryId == null) {
            throw new PoisonEventException("Delivery event without deliveryId");
        }
        Document row = new Document("_id", deliveryId)
                .append("campaignId", data.getString("campaignId"))
                .append("agencyId", data.getString("agencyId"))
                .append("channel", data.getString("channel"))
                .append("endpointId", data.getString("endpointId"))
                .append("status", status.name())
                .append("attempt", attempt)
                .append("statusAt", Date.from(at));
        copyDetails(data, row);
        if (!mongo.exists(Query.query(Criteria.where("_id").is(deliveryId)), DELIVERIES)) {
            try {
                mongo.insert(row, DELIVERIES);
                return;
            } catch (DuplicateKeyException raced) {
                // created meanwhile by the other topic's event: fall through to the guarded update
            }
        }
        DeliveryStateUpdates.advance(mongo, DELIVERIES, deliveryId, status, attempt, () -> {
            Update update = new Update().set("statusAt", Date.from(at));
            Document details = new Document();
            copyDetails(data, details);
            details.forEach(update::set);
            return update;
        });
    }

    private static void copyDetails(Document data, Document target) {
        for (String field : List.of("reasonCode", "reason", "externalRef", "permalink")) {
            if (data.getString(field) != null) {
                target.append(field, data.getString(field));
            }
        }
    }

    private static Document parse(IncomingEvent event) {
        try {
            return Document.parse(event.dataAsString());
        } catch (RuntimeException e) {
            throw new PoisonEventException("Unreadable event " + event.id(), e);
        }
    }
}
