package vn.govcomm.publishing.publications;

import org.bson.Document;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * This instance's hold on publications ({@code leaseOwner}, {@code leaseUntil} on the publication): exactly one
 * instance works on a publication, heart-beating its lease with every step; if it dies, another instance takes
 * over once the lease ran out and resumes from the stored progress. Every write of the holder is guarded by the
 * lease and the state it expects, so a publication cancelled or taken over meanwhile is left alone.
 */
@Component
class Leases {

    /** How a worker's turn on a publication ended, so what becomes of its lease. */
    enum Outcome {
        /** The final state was written, with the lease (nothing more to do). */
        DONE,
        /** Cancelled, taken over or shutting down: free at once for whoever works on it next. */
        LET_GO,
        /** To be resumed shortly (directory catching up, a failure): free again in a second. */
        RETRY_SOON
    }

    private final MongoTemplate mongo;
    private final Publications publications;
    private final PublishingProperties properties;
    private final String owner = UUID.randomUUID().toString();
    private volatile boolean stopping;

    Leases(MongoTemplate mongo, Publications publications, PublishingProperties properties) {
        this.mongo = mongo;
        this.publications = publications;
        this.properties = properties;
    }

    /** This instance, as lease owner (and in a publication's {@code expandedBy}). */
    String owner() {
        return owner;
    }

    /** The application is closing: every holder lets go at its next step (a graceful shutdown hands leases back). */
    @EventListener(ContextClosedEvent.class)
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Takes the due publication that should have gone out first, applying {@code update}; null if none is due. */
    Document claim(Criteria due, Update update, Instant now) {
        update.set("leaseOwner", owner).set("leaseUntil", Date.from(now.plus(properties.lease())));
        return mongo.findAndModify(Query.query(due).with(Sort.by("publishAt")), update,
                FindAndModifyOptions.options().returnNew(true), Document.class, Publications.COLLECTION);
    }

    /** Records progress and renews the lease, if this instance still holds the publication in the expected state. */
    boolean heartbeat(Object id, PublicationState state, Criteria expectedProgress, Update progress) {
        progress.set("leaseUntil", Date.from(publications.now().plus(properties.lease())));
        return mongo.updateFirst(held(id, state).addCriteria(expectedProgress), progress, Publications.COLLECTION)
                .getModifiedCount() == 1;
    }

    /** Moves a publication this instance holds in {@code state} on (its final write) and frees it. */
    void finish(Object id, PublicationState state, Update done) {
        mongo.updateFirst(held(id, state), done.set("leaseUntil", new Date(0)), Publications.COLLECTION);
    }

    /** Frees a publication as the worker's outcome says; the only place a worker lets go of a lease. */
    void release(Document publication, Outcome outcome) {
        Instant now = publications.now();
        Instant until = switch (outcome) {
            case DONE -> null;
            case LET_GO -> now;
            case RETRY_SOON -> now.plusSeconds(1);
        };
        if (until != null) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(publication.get("_id")).and("leaseOwner").is(owner)),
                    new Update().set("leaseUntil", Date.from(until)), Publications.COLLECTION);
        }
    }

    private Query held(Object id, PublicationState state) {
        return Query.query(Criteria.where("_id").is(id).and("leaseOwner").is(owner).and("state").is(state.name()));
    }
}
