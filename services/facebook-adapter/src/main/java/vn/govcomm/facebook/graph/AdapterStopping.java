package vn.govcomm.facebook.graph;

/**
 * The adapter is shutting down while a Graph call was in flight. Nothing is recorded as failed: the delivery's lease
 * runs out and the next instance (the kit's retry sweeper) takes it up again, looking the post up before anything is
 * re-posted; on the Kafka listener thread (lanes full while stopping) the record is simply not committed.
 */
public final class AdapterStopping extends RuntimeException {
    public AdapterStopping() {
        super("facebook-adapter is stopping; the delivery is taken up again after its lease");
    }
}
