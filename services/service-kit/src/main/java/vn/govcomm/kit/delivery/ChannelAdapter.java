package vn.govcomm.kit.delivery;

/**
 * What a channel adapter does with the deliveries it is asked for. Implementations report statuses through
 * {@link AdapterDeliveries}; {@link DeliveryRequestDispatcher} has already recorded the request (insert-first)
 * and filtered out redeliveries before {@link #publish} is called.
 */
public interface ChannelAdapter {

    /**
     * The adapter's request topic, {@code delivery.requests.<govcomm.adapter.channel>} named by the contracts, for
     * its listener: {@code @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, ...)}.
     */
    String REQUESTS_TOPIC = "#{T(vn.govcomm.contracts.EventTypes).deliveryRequestsTopic('${govcomm.adapter.channel}')}";

    /** Publish a newly requested delivery (or a new attempt of it). */
    void publish(DeliveryRequest request);

    /** A redelivered request whose attempt we already recorded: check, do not publish blindly again. */
    default void redelivered(DeliveryRequest request, AdapterDeliveries.Stored stored) {
    }

    /** Take a delivery back where the channel supports it. */
    void retract(DeliveryRetraction retraction);
}
