package vn.govcomm.facebook.graph;

/**
 * The adapter is shutting down while a Graph call was in flight. Nothing is recorded as failed: the Kafka record
 * is not committed, is redelivered to the next instance, and the post is looked up before anything is re-posted.
 */
public final class AdapterStopping extends RuntimeException {
    public AdapterStopping() {
        super("facebook-adapter is stopping; the request will be redelivered");
    }
}
