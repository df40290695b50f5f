package vn.govcomm.kit.delivery;

/**
 * {@link ChannelAdapter#publishAll} could not handle one delivery of its batch ({@code getCause()} says why: poison,
 * an outage, a bug): the dispatcher names that delivery's record to the Kafka error handler, which commits the
 * records before it and treats this one by the kit's rules.
 */
public class RequestFailed extends RuntimeException {

    private final String deliveryId;

    public RequestFailed(String deliveryId, RuntimeException cause) {
        super("Delivery " + deliveryId + ": " + cause.getMessage(), cause);
        this.deliveryId = deliveryId;
    }

    public String deliveryId() {
        return deliveryId;
    }
}
