package vn.govcomm.led.playlists;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequest;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryRetraction;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.util.Date;

/**
 * Queues each delivery as an item of its screen's playlist ({@code playlist_items}). Being queued is only
 * ACCEPTED: the screen proves FETCHED by pulling it and DISPLAYED by acknowledging it.
 */
@Component
class PlaylistScheduler implements ChannelAdapter {

    static final String ITEMS = "playlist_items";
    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final DeliveryRequestDispatcher dispatcher;

    PlaylistScheduler(MongoTemplate mongo, AdapterDeliveries deliveries, DeliveryRequestDispatcher dispatcher) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    @KafkaListener(topics = "delivery.requests.led", groupId = "led-adapter")
    void on(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record, this);
    }

    @Override
    public void publish(DeliveryRequest request) {
        Document item = new Document("screenId", request.externalId())
                .append("campaignId", request.campaignId())
                .append("noticeVersion", request.noticeVersion())
                .append("text", request.content().text())
                .append("lines", request.content().lines())
                .append("priority", request.priority())
                .append("validFrom", request.window().startsAt())
                .append("validTo", request.window().endsAt())
                .append("durationSec", request.ledSchedule() == null || request.ledSchedule().durationSec() == null
                        ? 20 : request.ledSchedule().durationSec())
                .append("removed", false)
                .append("updatedAt", new Date());
        mongo.upsert(Query.query(Criteria.where("_id").is(request.deliveryId())),
                Update.fromDocument(new Document("$set", item)), ITEMS);
        deliveries.report(DeliveryRef.of(request), DeliveryStatus.ACCEPTED, null, null, request.deliveryId(), null);
    }

    @Override
    public void redelivered(DeliveryRequest request, AdapterDeliveries.Stored stored) {
        if (!mongo.exists(Query.query(Criteria.where("_id").is(request.deliveryId())), ITEMS)) {
            publish(request);
        }
    }

    @Override
    public void retract(DeliveryRetraction retraction) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(retraction.deliveryId())),
                new Update().set("removed", true).set("updatedAt", new Date()), ITEMS);
        deliveries.find(retraction.deliveryId()).ifPresent(stored -> deliveries.report(
                new DeliveryRef(retraction.deliveryId(), retraction.campaignId(), retraction.agencyId(),
                        retraction.endpointId(), stored.attempt()),
                DeliveryStatus.CANCELLED, retraction.reason(), "Đã gỡ khỏi danh sách phát / Removed from the playlist",
                null, null));
    }
}
