package vn.govcomm.manual.tasks;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

/**
 * The manual channel as a kit {@link ChannelAdapter}: the "channel" is the agency's officer, so publishing a delivery
 * means opening a task for them (ACCEPTED {@code MANUAL_AWAITING_CONFIRMATION}, with what to do); the statuses
 * after that come from their evidence and its review (HTTP).
 */
@Component
class ManualChannel implements ChannelAdapter {

    private final ManualTasks tasks;
    private final TaskStatuses statuses;
    private final AdapterDeliveries deliveries;
    private final DeliveryRequestDispatcher dispatcher;

    ManualChannel(ManualTasks tasks, TaskStatuses statuses, AdapterDeliveries deliveries,
                  DeliveryRequestDispatcher dispatcher) {
        this.tasks = tasks;
        this.statuses = statuses;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, groupId = "manual-adapter")
    void on(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record, this);
    }

    /** A new delivery, or a new attempt of one (the task starts over, its evidence history kept). */
    @Override
    public void publish(DeliveryRequested request) {
        tasks.open(request);
        ManualTask task = tasks.find(request.deliveryId()).orElseThrow();
        if (task.attempt() == request.attempt()) {
            statuses.send(task, statuses.awaitingConfirmation(task));
        }
    }

    /**
     * The same attempt again (Kafka redelivery, e.g. after a crash): changes nothing and re-reports the status the
     * task stands for; the kit drops what the stream already shows. A stale attempt is ignored.
     */
    @Override
    public void redelivered(DeliveryRequested request, AdapterDeliveries.Stored stored) {
        if (request.attempt() != stored.attempt()) {
            return;
        }
        ManualTask task = tasks.find(request.deliveryId()).orElse(null);
        if (task == null || task.attempt() < request.attempt()) {
            // Recorded by the kit, but the process died before the task was written.
            tasks.open(request);
            task = tasks.find(request.deliveryId()).orElseThrow();
        }
        if (task.attempt() == request.attempt()) {
            statuses.resync(task);
        }
    }

    /**
     * CAMPAIGN_CANCELLED, SUPERSEDED: the task is CANCELLED and so is the delivery. WINDOW_ENDED: EXPIRED unless
     * already PUBLISHED (the kit's state machine decides), the task stays open for a late confirmation.
     */
    @Override
    public void retract(DeliveryRetracted retraction) {
        deliveries.find(retraction.deliveryId()).ifPresent(stored -> {
            DeliveryRef ref = new DeliveryRef(retraction.deliveryId(), retraction.campaignId(), retraction.agencyId(),
                    retraction.endpointId(), stored.attempt());
            if (retraction.reason() == DeliveryRetracted.Reason.WINDOW_ENDED) {
                tasks.windowEnded(retraction.deliveryId());
                deliveries.report(ref, DeliveryStatus.EXPIRED, "WINDOW_ENDED", TaskStatuses.EXPIRED_REASON, null, null);
            } else {
                tasks.cancel(retraction.deliveryId(), retraction.reason().name());
                deliveries.report(ref, DeliveryStatus.CANCELLED, retraction.reason().name(),
                        TaskStatuses.CANCELLED_REASON, null, null);
            }
        });
    }
}
