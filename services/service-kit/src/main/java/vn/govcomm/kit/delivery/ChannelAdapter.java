package vn.govcomm.kit.delivery;

import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;

/**
 * What a channel adapter does with the deliveries it is asked for (the contracts' {@link DeliveryRequested} and
 * {@link DeliveryRetracted}). Implementations report statuses through {@link AdapterDeliveries};
 * {@link DeliveryRequestDispatcher} has already recorded the request (insert-first) and filtered out redeliveries
 * before {@link #publish} is called, and every request it hands over has the fields it requires (see there).
 */
public interface ChannelAdapter {

    /**
     * The adapter's request topic, {@code delivery.requests.<govcomm.adapter.channel>} named by the contracts, for
     * its listener: {@code @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, ...)}.
     */
    String REQUESTS_TOPIC = "#{T(vn.govcomm.contracts.EventTypes).deliveryRequestsTopic('${govcomm.adapter.channel}')}";

    /** Publish a newly requested delivery (or a new attempt of it). */
    void publish(DeliveryRequested request);

    /** A redelivered request whose attempt we already recorded: check, do not publish blindly again. */
    default void redelivered(DeliveryRequested request, AdapterDeliveries.Stored stored) {
    }

    /** Take a delivery back where the channel supports it. */
    void retract(DeliveryRetracted retraction);
}
