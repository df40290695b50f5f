package vn.govcomm.portal.feeds;

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
 * Puts each delivery into its portal's feed ({@code feed_items}, one item per delivery, keyed by delivery id so a
 * redelivery overwrites the same item). An item in the feed is PUBLISHED as far as the platform can prove;
 * FETCHED comes when the portal's credential downloads it.
 */
@Component
class FeedPublisher implements ChannelAdapter {

    static final String ITEMS = "feed_items";
    private final MongoTemplate mongo;
    private final AdapterDeliveries deliveries;
    private final DeliveryRequestDispatcher dispatcher;

    FeedPublisher(MongoTemplate mongo, AdapterDeliveries deliveries, DeliveryRequestDispatcher dispatcher) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    @KafkaListener(topics = "delivery.requests.portal", groupId = "portal-adapter")
    void on(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record, this);
    }

    @Override
    public void publish(DeliveryRequest request) {
        Date now = new Date();
        Document item = new Document("portalId", request.externalId())
                .append("agencyId", request.agencyId())
                .append("campaignId", request.campaignId())
                .append("noticeVersion", request.noticeVersion())
                .append("title", request.content().title())
                .append("html", request.content().html())
                .append("text", request.content().text())
                .append("summary", request.content().summary())
                .append("tombstone", false)
                .append("updatedAt", now);
        mongo.upsert(Query.query(Criteria.where("_id").is(request.deliveryId())),
                Update.fromDocument(new Document("$set", item).append("$setOnInsert", new Document("publishedAt", now))),
                ITEMS);
        deliveries.report(DeliveryRef.of(request), DeliveryStatus.PUBLISHED, null, null, request.deliveryId(), null);
    }

    @Override
    public void redelivered(DeliveryRequest request, AdapterDeliveries.Stored stored) {
        if (!mongo.exists(Query.query(Criteria.where("_id").is(request.deliveryId())), ITEMS)) {
            publish(request); // recorded but crashed before the item was written
        }
    }

    @Override
    public void retract(DeliveryRetraction retraction) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(retraction.deliveryId())),
                new Update().set("tombstone", true).set("updatedAt", new Date()), ITEMS);
        deliveries.find(retraction.deliveryId()).ifPresent(stored -> deliveries.report(
                new DeliveryRef(retraction.deliveryId(), retraction.campaignId(), retraction.agencyId(),
                        retraction.endpointId(), stored.attempt()),
                DeliveryStatus.CANCELLED, retraction.reason(), "Đã gỡ khỏi nguồn tin / Removed from the feed", null, null));
    }
}
