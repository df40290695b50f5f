package vn.govcomm.kit.delivery;

/**
 * What a channel adapter does with the deliveries it is asked for. Implementations report statuses through
 * {@link AdapterDeliveries}; {@link DeliveryRequestDispatcher} has already recorded the request (insert-first)
 * and filtered out redeliveries before {@link #publish} is called.
 */
public interface ChannelAdapter {

    /** Publish a newly requested delivery (or a new attempt of it). */
    void publish(DeliveryRequest request);

    /** A redelivered request whose attempt we already recorded: check, do not publish blindly again. */
    default void redelivered(DeliveryRequest request, AdapterDeliveries.Stored stored) {
    }

    /** Take a delivery back where the channel supports it. */
    void retract(DeliveryRetraction retraction);
}
