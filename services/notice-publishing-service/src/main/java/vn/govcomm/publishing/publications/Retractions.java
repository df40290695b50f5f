package vn.govcomm.publishing.publications;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.dispatch.BulkDispatcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static vn.govcomm.publishing.publications.PublicationState.CANCELLED;
import static vn.govcomm.publishing.publications.PublicationState.CANCELLING;
import static vn.govcomm.publishing.publications.PublicationState.CLOSED;
import static vn.govcomm.publishing.publications.PublicationState.CLOSING;
import static vn.govcomm.publishing.publications.PublicationState.EXPANDED;
import static vn.govcomm.publishing.publications.PublicationState.EXPANDING;
import static vn.govcomm.publishing.publications.PublicationState.SCHEDULED;
import static vn.govcomm.publishing.publications.PublicationState.SUPERSEDED;
import static vn.govcomm.publishing.publications.PublicationState.SUPERSEDING;

/**
 * Taking a publication's deliveries off the channels: a cancelled campaign (CANCELLING), an older notice version
 * once a newer one goes out (SUPERSEDING), the window end (CLOSING). Moving a publication into one of these states
 * only marks it; a scheduler worker then runs the retraction pass under lease.
 */
@Service
class Retractions {

    private static final Logger log = LoggerFactory.getLogger(Retractions.class);
    private static final String CANCEL_CURSOR = "cancelCursor";
    private static final String SUPERSEDE_CURSOR = "supersedeCursor";
    private static final String CLOSE_CURSOR = "closeCursor";

    private final MongoTemplate mongo;
    private final Deliveries deliveries;
    private final BulkDispatcher dispatcher;
    private final Publications publications;
    private final Leases leases;
    private final PublishingProperties properties;

    Retractions(MongoTemplate mongo, Deliveries deliveries, BulkDispatcher dispatcher, Publications publications,
                Leases leases, PublishingProperties properties) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.publications = publications;
        this.leases = leases;
        this.properties = properties;
    }

    /** An older version that has not gone out yet never will once a newer one is scheduled: SUPERSEDED at once. */
    void supersedeUnsent(String campaignId, int version) {
        long dropped = mongo.updateMulti(Query.query(older(campaignId, version).and("state").is(SCHEDULED.name())),
                new Update().set("state", SUPERSEDED.name()).set("supersededAt", Date.from(publications.now()))
                        .set("supersededBy", version), Publications.COLLECTION).getModifiedCount();
        if (dropped > 0) {
            log.info("Campaign {} v{}: {} older scheduled version(s) superseded before going out", campaignId, version, dropped);
        }
    }

    /**
     * When a newer notice version starts going out, the older versions that went out are retracted with reason
     * SUPERSEDED (their deliveries become CANCELLED): the channels end up showing only the approved version.
     * Like {@link #cancel}, a worker still expanding an older version notices at its next heartbeat and lets go.
     * Idempotent: only publications still in a state listed here move.
     */
    void supersedeOlder(String campaignId, int version) {
        supersedeUnsent(campaignId, version);
        mongo.updateMulti(Query.query(older(campaignId, version).and("state").is(EXPANDED.name())),
                new Update().set("state", SUPERSEDING.name()).set(SUPERSEDE_CURSOR, "").set("supersededBy", version)
                        .set("leaseUntil", new Date(0)), Publications.COLLECTION);
        mongo.updateMulti(Query.query(older(campaignId, version).and("state").is(EXPANDING.name())),
                new Update().set("state", SUPERSEDING.name()).set(SUPERSEDE_CURSOR, "").set("supersededBy", version),
                Publications.COLLECTION);
    }

    /** What a publication whose window ended is claimed with: it starts its WINDOW_ENDED pass. */
    static Update closing() {
        return new Update().set("state", CLOSING.name()).set(CLOSE_CURSOR, "");
    }

    /**
     * Stops a campaign: whatever the publication is doing, it becomes CANCELLING and its deliveries are
     * retracted. A publication being worked on keeps its lease; its worker notices at its next heartbeat and
     * lets go, so the retraction starts after the last request was sent (same topic and key: ordered after it).
     */
    void cancel(String campaignId) {
        Date now = Date.from(publications.now());
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId)
                        .and("state").in(SCHEDULED.name(), EXPANDED.name(), CLOSED.name())),
                new Update().set("state", CANCELLING.name()).set("cancelRequestedAt", now).set(CANCEL_CURSOR, "")
                        .set("leaseUntil", new Date(0)), Publications.COLLECTION);
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId)
                        .and("state").in(EXPANDING.name(), CLOSING.name())),
                new Update().set("state", CANCELLING.name()).set("cancelRequestedAt", now).set(CANCEL_CURSOR, ""),
                Publications.COLLECTION);
    }

    /**
     * The retraction pass of a publication this instance holds in {@code state} (CANCELLING, CLOSING or
     * SUPERSEDING): page by page (delivery id order) from the stored cursor, sends the retractions, waits for
     * Kafka, then marks the page (CANCELLED, or EXPIRED for what was not achieved) and moves the cursor, so a crash
     * re-sends a page, never skips one.
     * <ul>
     * <li>CAMPAIGN_CANCELLED: every delivery not already cancelled or expired.</li>
     * <li>WINDOW_ENDED: every delivery not achieved (it becomes EXPIRED), and LED items still in playlists.</li>
     * <li>SUPERSEDED: like CAMPAIGN_CANCELLED, for an older notice version once a newer one goes out.</li>
     * </ul>
     */
    Leases.Outcome retract(Document publication, PublicationState state) {
        Object id = publication.get("_id");
        String campaignId = publication.getString("campaignId");
        int version = publication.getInteger("version");
        DeliveryRetracted.Reason reason = state.retractionReason();
        Pass pass = Pass.of(state);
        String cursorField = pass.cursorField();
        String cursor = publication.getString(cursorField) != null ? publication.getString(cursorField) : "";
        // CAMPAIGN_CANCELLED and SUPERSEDED take everything off; WINDOW_ENDED only what was not achieved
        boolean cancelling = state != CLOSING;
        while (true) {
            if (leases.stopping()) {
                return Leases.Outcome.LET_GO;
            }
            List<Document> page = deliveries.page(campaignId, version, cursor, properties.retractionPage());
            if (page.isEmpty()) {
                break;
            }
            Instant now = publications.now();
            List<OutgoingEvent> retractions = new ArrayList<>();
            Set<String> channels = new TreeSet<>();
            for (Document delivery : page) {
                DeliveryStatus status = DeliveryStatus.valueOf(delivery.getString("status"));
                channels.add(delivery.getString("channel"));
                boolean retract = !Deliveries.offTheChannel(status)
                        && (cancelling || !status.isAchieved() || Channels.LED.equals(delivery.getString("channel")));
                if (retract) {
                    retractions.add(deliveries.retraction(delivery, reason, now));
                }
            }
            dispatcher.sendAll(retractions, properties.ackTimeout());
            String last = page.getLast().getString("_id");
            if (cancelling) {
                deliveries.markCancelled(campaignId, version, cursor, last, channels, reason);
            } else {
                deliveries.markExpired(campaignId, version, cursor, last, channels);
            }
            if (!leases.heartbeat(id, state, Criteria.where(cursorField).is(cursor),
                    new Update().set(cursorField, last).inc("retracted", retractions.size()))) {
                log.info("Publication {} changed state while {}; stopping", id, state);
                return Leases.Outcome.LET_GO;
            }
            cursor = last;
        }
        PublicationState done = pass.done();
        leases.finish(id, state, new Update().set("state", done.name())
                .set(done.name().toLowerCase(Locale.ROOT) + "At", Date.from(publications.now())));
        log.info("Publication {} {} ({})", id, done, reason);
        return Leases.Outcome.DONE;
    }

    /** Where a retraction pass keeps its cursor and the state it ends in. */
    private record Pass(String cursorField, PublicationState done) {
        static Pass of(PublicationState state) {
            return switch (state) {
                case CANCELLING -> new Pass(CANCEL_CURSOR, CANCELLED);
                case SUPERSEDING -> new Pass(SUPERSEDE_CURSOR, SUPERSEDED);
                case CLOSING -> new Pass(CLOSE_CURSOR, CLOSED);
                default -> throw new IllegalArgumentException("No retraction pass in state " + state);
            };
        }
    }

    private static Criteria older(String campaignId, int version) {
        return Criteria.where("campaignId").is(campaignId).and("version").lt(version);
    }
}
