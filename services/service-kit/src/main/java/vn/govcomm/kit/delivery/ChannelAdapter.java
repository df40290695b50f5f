package vn.govcomm.kit.delivery;

import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;

import java.util.List;

/**
 * What a channel adapter does with the deliveries it is asked for (the contracts' {@link DeliveryRequested} and
 * {@link DeliveryRetracted}). Implementations report statuses through {@link AdapterDeliveries};
 * {@link DeliveryRequestDispatcher} has already recorded the request (insert-first) and filtered out redeliveries
 * before {@link #publish} / {@link #publishAll} is called, and every request it hands over has the fields it
 * requires (see there) and passed {@link #check}.
 */
public interface ChannelAdapter {

    /**
     * The adapter's request topic, {@code delivery.requests.<govcomm.adapter.channel>} named by the contracts, for
     * its listener: {@code @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, ...)}.
     */
    String REQUESTS_TOPIC = "#{T(vn.govcomm.contracts.EventTypes).deliveryRequestsTopic('${govcomm.adapter.channel}')}";

    /**
     * What this adapter requires of a request beyond the kit's checks (a title, a window...): throw
     * {@link vn.govcomm.kit.events.PoisonEventException}. Called before the request is recorded, without the store.
     */
    default void check(DeliveryRequested request) {
    }

    /** Publish a newly requested delivery (or a new attempt of it). */
    void publish(DeliveryRequested request);

    /**
     * Publish the newly requested deliveries of one batch (distinct deliveries, in record order). An adapter that
     * can write for many deliveries at once overrides this; the default publishes one at a time. A delivery the
     * channel cannot take now goes to {@code waits} instead of throwing {@link RetryLater}; a failure of one delivery
     * is thrown as {@link RequestFailed} naming it, after every delivery before it in the list is done (the ones
     * after it come again as redeliveries). Any other exception means "none of them is known to be done".
     */
    default void publishAll(List<DeliveryRequested> requests, Waits waits) {
        for (DeliveryRequested request : requests) {
            try {
                publish(request);
            } catch (RetryLater later) {
                waits.retryLater(request, later);
            } catch (RuntimeException e) {
                throw new RequestFailed(request.deliveryId(), e);
            }
        }
    }

    /** A redelivered request whose attempt we already recorded: check, do not publish blindly again. */
    default void redelivered(DeliveryRequested request, AdapterDeliveries.Stored stored) {
    }

    /** Take a delivery back where the channel supports it. */
    void retract(DeliveryRetracted retraction);

    /** Where {@link #publishAll} sends a delivery the channel cannot take now (the kit's durable retries). */
    @FunctionalInterface
    interface Waits {
        void retryLater(DeliveryRequested request, RetryLater why);
    }
}
