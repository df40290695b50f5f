package vn.govcomm.zalo.articles;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;
import vn.govcomm.kit.kafka.BatchListeners;

import java.util.List;

/**
 * Listens to {@code delivery.requests.zalo}. A request is recorded insert-first by the kit's dispatcher; here its
 * plan is written and the calls are left to {@link ArticleWorkflow}'s workers, so the listener thread never waits on
 * Zalo. A redelivered request (Kafka, or the kit's retry sweeper for a RETRYING delivery) continues the stored plan
 * instead of publishing again.
 */
@Component
class ArticlePublisher implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(ArticlePublisher.class);

    private final DeliveryRequestDispatcher dispatcher;
    private final AdapterDeliveries deliveries;
    private final ArticleWorkflow workflow;

    ArticlePublisher(DeliveryRequestDispatcher dispatcher, AdapterDeliveries deliveries, ArticleWorkflow workflow) {
        this.dispatcher = dispatcher;
        this.deliveries = deliveries;
        this.workflow = workflow;
    }

    // A poll at a time: the kit records the poll's requests with one bulk insert, then publishAll hands them to the
    // workflow (a first attempt touches no store on the listener thread: its worker writes the plan).
    @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, groupId = "zalo-adapter",
            containerFactory = BatchListeners.FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        dispatcher.dispatch(records, this);
    }

    @Override
    public void publish(DeliveryRequested request) {
        workflow.start(request);
    }

    @Override
    public void redelivered(DeliveryRequested request, AdapterDeliveries.Stored stored) {
        if (stored.attempt() != request.attempt()) {
            return; // an older attempt arriving late: the newer one rules
        }
        workflow.redelivered(request, stored.status());
    }

    @Override
    public void retract(DeliveryRetracted retraction) {
        deliveries.find(retraction.deliveryId()).ifPresentOrElse(stored -> {
            DeliveryStatus next = retraction.reason() == DeliveryRetracted.Reason.WINDOW_ENDED ? DeliveryStatus.EXPIRED
                    : DeliveryStatus.CANCELLED;
            String reason = next == DeliveryStatus.EXPIRED
                    ? "Hết thời hạn thông báo, đã gỡ bài viết OA. / The notice window ended; the OA article is removed."
                    : "Đã hủy, gỡ bài viết OA. / Cancelled; the OA article is removed.";
            // canMoveTo decides: an achieved delivery does not become EXPIRED, but its article is still removed.
            deliveries.report(new DeliveryRef(retraction.deliveryId(), retraction.campaignId(), retraction.agencyId(),
                    retraction.endpointId(), stored.attempt()), next, retraction.reason().name(), reason, null, null);
            workflow.retract(retraction.deliveryId(), retraction.reason().name());
        }, () -> log.info("Retraction of unknown Zalo delivery {} ignored", retraction.deliveryId()));
    }
}
