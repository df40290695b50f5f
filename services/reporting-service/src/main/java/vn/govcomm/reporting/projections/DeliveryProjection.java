package vn.govcomm.reporting.projections;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.kafka.ConcurrentChange;
import vn.govcomm.kit.web.ApiProblem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import static vn.govcomm.reporting.projections.ReadModels.AGENCY_COUNTS;
import static vn.govcomm.reporting.projections.ReadModels.COUNTS;
import static vn.govcomm.reporting.projections.ReadModels.DELIVERIES;

/**
 * The delivery read model: one row per delivery, created by whichever of its events arrives first (request or
 * status: topics are not ordered with each other) and moved forward only (the kit's {@link DeliveryStatus#canMoveTo}), so
 * duplicates and out-of-order events change nothing and a replay from the beginning gives the same rows.
 *
 * <p>Counters are kept beside the rows so that reading them never touches the rows: per campaign
 * ({@value ReadModels#COUNTS}) and per campaign and agency ({@value ReadModels#AGENCY_COUNTS}: counts by channel
 * and status, the agency's delivery ids, its failures with their reasons). Each row remembers the status and
 * attempt it is counted under ({@code counted}, {@code countedAttempt}).
 *
 * <p>Events come in batches ({@link #recordAll}, the listeners hand over a whole poll): the batch's rows are read
 * with one {@code _id $in}; each delivery's events are folded onto its row in batch order with the same rule as one
 * by one; every changed row is written in ONE bulk, each write a compare-and-set on the row's state as read that
 * also claims the move ({@code counted := status}), so two writers never count the same move twice; the claimed
 * moves are summed per document and applied with one {@code $inc} per campaign document and one per agency document
 * (one bulk each). A row whose compare-and-set lost (another instance, or the other topic's listener) is read again
 * and refolded. Without multi-document transactions a crash between the row write and the increments would lose the
 * moves of that batch, so before its first row write of a campaign a batch leaves an in-flight mark on the campaign
 * document ({@link InFlight}), which only its campaign increments remove: {@link CountsHealing} rebuilds the
 * campaigns whose mark has outlived {@code heal-after} from their rows ({@link #rebuild}, safe under live batches;
 * also POST /api/reports/campaigns/{id}/recount).
 *
 * <p>Every filter pins {@code _id}: a look-up on MongoDB and on the embedded store alike.
 */
@Component
public class DeliveryProjection {

    /** {@code counted} of a row not counted yet (a plain value, so the claim filter is an index look-up). */
    static final String UNCOUNTED = "NONE";
    /** Row field: when the row's current attempt was first proven published (see {@link #fold}). */
    public static final String ACHIEVED_AT = "achievedAt";
    private static final String FAILED = DeliveryStatus.FAILED.name();
    private static final int DUPLICATE_KEY = 11000;
    private static final int TRIES = 10;
    /** Tries of an admin's recount before it answers 409 (waiting up to ~3 s for a quiet moment). */
    static final int RECOUNT_TRIES = 25;
    /** The in-flight marks of a campaign document: {@code [{id, at}]}, one per batch between its row write and its counters. */
    static final String PENDING = "pending";
    /** The id prefix of the mark a rebuild leaves while it works (healed in turn if it gives up or dies). */
    static final String REBUILD_MARK = "rebuild-";
    /** Bumped by every in-flight mark and every rebuild: the rebuild's compare-and-set. */
    static final String SEQ = "seq";
    /** After this, an in-flight mark is a batch that died (kill -9, OOM, a store outage) before its counters. */
    static final Duration DEFAULT_HEAL_AFTER = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(DeliveryProjection.class);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration healAfter;

    @Autowired
    DeliveryProjection(MongoTemplate mongo, @Value("${govcomm.reporting.counts.heal-after:PT5M}") Duration healAfter) {
        this(mongo, Clock.systemUTC(), healAfter);
    }

    DeliveryProjection(MongoTemplate mongo) {
        this(mongo, Clock.systemUTC(), DEFAULT_HEAL_AFTER);
    }

    DeliveryProjection(MongoTemplate mongo, Clock clock, Duration healAfter) {
        this.mongo = mongo;
        this.clock = clock;
        this.healAfter = healAfter;
        // MongoDB: the exports and recount read a campaign's rows in order.
        mongo.indexOps(DELIVERIES).createIndex(new Index().on("campaignId", Sort.Direction.ASC)
                .on("_id", Sort.Direction.ASC).named("campaign_rows"));
        // MongoDB: the sweeper looks for old marks (few documents have any).
        mongo.indexOps(COUNTS).createIndex(new Index().on(PENDING + ".at", Sort.Direction.ASC).sparse().named("pending_batches"));
    }

    Duration healAfter() {
        return healAfter;
    }

    Clock clock() {
        return clock;
    }

    /**
     * What a row takes from a delivery event, whichever it is: {@link DeliveryRequested} (the only one with the
     * endpoint's display name; without its noticeVersion or attempt it is poison) or {@link DeliveryStatusChanged}
     * (the only one with reasons, references and permalinks; an absent attempt counts as 1).
     */
    public record Observed(String deliveryId, String campaignId, String agencyId, String channel, String endpointId,
                           Integer attempt, String reasonCode, String reason, String externalRef, String permalink,
                           String endpointName) {

        public static Observed of(DeliveryRequested requested) {
            if (requested.noticeVersion() == null || requested.attempt() == null) {
                throw new PoisonEventException("DeliveryRequested " + requested.deliveryId()
                        + " without its noticeVersion or attempt");
            }
            return new Observed(requested.deliveryId(), requested.campaignId(), requested.agencyId(), requested.channel(),
                    requested.endpointId(), requested.attempt(), null, null, null, null, requested.endpointName());
        }

        public static Observed of(DeliveryStatusChanged changed) {
            return new Observed(changed.deliveryId(), changed.campaignId(), changed.agencyId(), changed.channel(),
                    changed.endpointId(), changed.attempt(), changed.reasonCode(), changed.reason(), changed.externalRef(),
                    changed.permalink(), null);
        }
    }

    /**
     * A delivery event (requested or status-changed) at the given status and business time; checked when it is
     * made, so a listener finds the poison record of a batch before anything is written.
     */
    public record Change(Observed event, DeliveryStatus status, Instant at) {

        public Change {
            if (event.deliveryId() == null || event.campaignId() == null || event.agencyId() == null
                    || !Channels.isKnown(event.channel())) {
                throw new PoisonEventException("Delivery event without deliveryId, campaignId, agencyId or a known channel");
            }
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(at, "at");
        }

        int attempt() {
            return event.attempt() == null ? 1 : event.attempt();
        }
    }

    /**
     * A delivery whose row kept changing under the batch's compare-and-sets; {@link #index()} is the position of its
     * first event in the batch. The moves of every other delivery of the batch are written and counted.
     */
    public static final class KeptChanging extends ConcurrentChange {

        private final int index;

        KeptChanging(String deliveryId, int index) {
            super("Delivery " + deliveryId + " kept changing; will be retried");
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    /** A delivery event (requested or status-changed) at the given status: a batch of one. */
    public void record(Observed event, DeliveryStatus status, Instant at) {
        recordAll(List.of(new Change(event, status, at)));
    }

    /**
     * A batch of delivery events, of any deliveries, topics and order: the same rows and counters as applying them
     * one by one in this order (and, by the kit's rule, in any order).
     *
     * @throws KeptChanging when a row kept changing (the others are applied)
     */
    public void recordAll(List<Change> events) {
        Map<String, String> formerOf = new HashMap<>();
        List<Change> changes = attributed(events, formerOf);
        Map<String, List<Change>> byDelivery = new LinkedHashMap<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            String id = changes.get(i).event().deliveryId();
            byDelivery.computeIfAbsent(id, d -> new ArrayList<>()).add(changes.get(i));
            firstIndex.putIfAbsent(id, i);
        }
        Counting counting = new Counting();
        InFlight inFlight = new InFlight();
        Set<String> open = new LinkedHashSet<>(byDelivery.keySet());
        RuntimeException failure = null;
        try {
            for (int tries = 0; tries < TRIES && !open.isEmpty(); tries++) {
                Map<String, Document> stored = CampaignAgencies.byIds(mongo, DELIVERIES, List.copyOf(open));
                open = write(byDelivery, formerOf, open, stored, counting, inFlight);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            inFlight.checkAge(); // too late: the sweeper may be rebuilding these campaigns from the rows already
            counting.apply(mongo, inFlight); // the moves claimed so far, also when a later write failed
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure != null) {
            throw failure;
        }
        if (!open.isEmpty()) {
            String first = open.stream().min(Comparator.comparing(firstIndex::get)).orElseThrow();
            throw new KeptChanging(first, firstIndex.get(first));
        }
    }

    /**
     * The batch's events with each merged or renamed agency replaced by its successor ({@link Successions#resolve}: one
     * {@code _id $in} read of the directory per batch); {@code formerOf} gets the predecessor of each such delivery.
     * A row that exists keeps the agency it has: moving it is the succession's work, with its counters.
     */
    private List<Change> attributed(List<Change> changes, Map<String, String> formerOf) {
        if (changes.isEmpty()) {
            return changes;
        }
        Map<String, String> successors = Successions.resolve(mongo,
                changes.stream().map(c -> c.event().agencyId()).distinct().toList());
        if (successors.isEmpty()) {
            return changes;
        }
        List<Change> attributed = new ArrayList<>(changes.size());
        for (Change change : changes) {
            Observed e = change.event();
            String successor = successors.get(e.agencyId());
            if (successor == null) {
                attributed.add(change);
                continue;
            }
            formerOf.put(e.deliveryId(), e.agencyId());
            attributed.add(new Change(new Observed(e.deliveryId(), e.campaignId(), successor, e.channel(), e.endpointId(),
                    e.attempt(), e.reasonCode(), e.reason(), e.externalRef(), e.permalink(), e.endpointName()),
                    change.status(), change.at()));
        }
        return attributed;
    }

    /**
     * Folds each open delivery's events onto its stored row and writes the changed rows in one unordered bulk of
     * compare-and-set upserts; returns the deliveries whose compare-and-set lost.
     *
     * <p>Every write is an upsert whose filter is the row's state as read ({@code _id} plus {@code status: {$exists:
     * false}} for a row not there yet): when the row changed meanwhile the filter matches nothing, the upsert tries to
     * insert the same {@code _id} and fails with a duplicate key, reported per write. That is how the bulk tells,
     * write by write, which compare-and-sets lost (an update's result only has totals).
     */
    private Set<String> write(Map<String, List<Change>> byDelivery, Map<String, String> formerOf, Set<String> open,
                              Map<String, Document> stored, Counting counting, InFlight inFlight) {
        List<String> ids = new ArrayList<>();
        List<Document> folded = new ArrayList<>();
        List<UpdateOneModel<Document>> writes = new ArrayList<>();
        for (String id : open) {
            Document current = stored.get(id);
            Document row = fold(current, byDelivery.get(id));
            if (current == null && formerOf.containsKey(id)) {
                row.put("formerAgencyId", formerOf.get(id)); // a new row of a merged agency's delivery
            }
            Document update = difference(current, row);
            if (update.isEmpty()) {
                continue; // nothing new: duplicates, or events the row has gone past
            }
            Document filter = current == null ? new Document("_id", id).append("status", new Document("$exists", false))
                    : sameState(current);
            ids.add(id);
            folded.add(row);
            writes.add(new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(true)));
        }
        if (writes.isEmpty()) {
            return Set.of();
        }
        inFlight.mark(folded.stream().map(row -> row.getString("campaignId")).toList());
        inFlight.checkAge();
        Set<Integer> lost = new HashSet<>();
        Set<Integer> notWritten = new HashSet<>();
        MongoBulkWriteException failed = null;
        try {
            mongo.getCollection(DELIVERIES).bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // the store answered: which writes failed is known (handled below)
            for (BulkWriteError error : e.getWriteErrors()) {
                (error.getCode() == DUPLICATE_KEY ? lost : notWritten).add(error.getIndex());
            }
            if (!notWritten.isEmpty() || e.getWriteConcernError() != null) {
                failed = e;
            }
        } catch (RuntimeException unknownOutcome) {
            // No answer (connection lost, timeout): some rows may be written and claimed, uncounted. Their marks stay.
            inFlight.uncertain = true;
            throw unknownOutcome;
        }
        Set<String> again = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (lost.contains(i)) {
                again.add(ids.get(i));
            } else if (!notWritten.contains(i)) {
                Document current = stored.get(ids.get(i));
                Document row = folded.get(i);
                if (current == null) {
                    counting.move(row, UNCOUNTED);
                } else if (!Objects.equals(row.get("counted"), current.get("counted"))
                        || !Objects.equals(row.get("countedAttempt"), current.get("countedAttempt"))) {
                    counting.move(row, current.getString("counted"));
                } // else only a detail changed (the endpoint's name): nothing to count
            }
        }
        if (failed != null) {
            throw failed; // after counting what was written: those moves are claimed
        }
        return again;
    }

    /**
     * The row after these events, in their order, with its move claimed ({@code counted} = its status): the same
     * as one event per batch, one after the other. A row is created by the first event; then the kit's rule decides, which
     * also lets proof of publication for the same attempt override EXPIRED or FAILED (proof of play arrives late and
     * batched; a manual channel's evidence is accepted after a rejection), so the result does not depend on arrival
     * order and a replay agrees with the live run.
     */
    static Document fold(Document stored, List<Change> changes) {
        Document row = stored == null ? null : new Document(stored);
        for (Change change : changes) {
            Observed event = change.event();
            Document details = details(event);
            if (row == null) {
                row = new Document("_id", event.deliveryId())
                        .append("campaignId", event.campaignId())
                        .append("agencyId", event.agencyId())
                        .append("channel", event.channel())
                        .append("endpointId", event.endpointId())
                        .append("status", change.status().name())
                        .append("attempt", change.attempt())
                        .append("statusAt", Date.from(change.at()))
                        .append("counted", UNCOUNTED)
                        .append("countedAttempt", 0);
                row.putAll(details);
                achieved(row, change);
                continue;
            }
            if (!DeliveryStatus.valueOf(row.getString("status")).canMoveTo(change.status(), row.getInteger("attempt", 1),
                    change.attempt())) {
                achieved(row, change); // proof not applied (an earlier one, or after a higher status) still dates it
                // A request after its delivery's first status moves nothing, but it alone has the endpoint's name.
                String name = details.getString("endpointName");
                if (name != null && row.getString("endpointName") == null) {
                    row.put("endpointName", name);
                }
                continue;
            }
            // A reason explains the status it came with; a later status without one clears it.
            row.remove("reasonCode");
            row.remove("reason");
            if (change.attempt() > row.getInteger("attempt", 1)) {
                row.remove(ACHIEVED_AT); // a re-send starts over: only its own proof counts
            }
            row.putAll(details);
            row.append("status", change.status().name()).append("attempt", change.attempt())
                    .append("statusAt", Date.from(change.at()));
            achieved(row, change);
        }
        // The claim, in the row write itself (also finishes a move an older version wrote but did not claim).
        row.put("counted", row.getString("status"));
        row.put("countedAttempt", row.getInteger("attempt", 1));
        return row;
    }

    /**
     * The first time the row's current attempt was proven published ({@value #ACHIEVED_AT}: the earliest achieved
     * status event of that attempt, applied or not, so the order of arrival does not matter: PUBLISHED then FETCHED,
     * or proof of play arriving after an EXPIRED, keep the proof's own time). The scorecards compare it with the
     * campaign's due time; {@code statusAt} is the time of the latest status only.
     */
    private static void achieved(Document row, Change change) {
        if (change.status().isAchieved() && change.attempt() == row.getInteger("attempt", 1)) {
            Date at = Date.from(change.at());
            Date known = row.getDate(ACHIEVED_AT);
            if (known == null || at.before(known)) {
                row.put(ACHIEVED_AT, at);
            }
        }
    }

    /** {@code $set} of what changed and {@code $unset} of what went (all fields but {@code _id} for a new row); empty when nothing did. */
    private static Document difference(Document stored, Document row) {
        Document set = new Document();
        Document unset = new Document();
        row.forEach((field, value) -> {
            if (!field.equals("_id") && (stored == null || !Objects.equals(stored.get(field), value))) {
                set.append(field, value);
            }
        });
        if (stored != null) {
            stored.keySet().stream().filter(field -> !row.containsKey(field)).forEach(field -> unset.append(field, ""));
        }
        Document update = new Document();
        if (!set.isEmpty()) {
            update.append("$set", set);
        }
        if (!unset.isEmpty()) {
            update.append("$unset", unset);
        }
        return update;
    }

    /** The compare-and-set filter of a row: its {@code _id} (the look-up) and the state it was folded from. */
    private static Document sameState(Document row) {
        // agencyId too: a row moved to a successor meanwhile is read again, so its moves count for the successor.
        return new Document("_id", row.getString("_id")).append("agencyId", row.getString("agencyId"))
                .append("status", row.getString("status"))
                .append("attempt", row.get("attempt")).append("counted", row.get("counted"))
                .append("countedAttempt", row.get("countedAttempt"));
    }

    /**
     * The claimed moves of a batch, summed per document: one {@code $inc} per campaign document and one update per
     * agency document (counts, delivery ids, failures), each collection in one bulk; agencies whose document this
     * creates go into the campaign's agency index.
     */
    private static final class Counting {

        private final Map<String, Map<String, Integer>> campaigns = new LinkedHashMap<>();
        private final Map<String, Agency> agencies = new LinkedHashMap<>();

        private record Agency(String campaignId, String agencyId, Map<String, Integer> inc, Document set, Document unset) {
        }

        /** A claimed move {@code from → row's status} (from {@link #UNCOUNTED} for a new row). */
        void move(Document row, String from) {
            String campaignId = row.getString("campaignId");
            String channel = row.getString("channel");
            String status = row.getString("status");
            boolean first = from == null || UNCOUNTED.equals(from);
            boolean moved = !status.equals(from);
            String agencyId = row.getString("agencyId");
            Agency agency = agencies.computeIfAbsent(ReadModels.agencyKey(campaignId, agencyId),
                    k -> new Agency(campaignId, agencyId, new LinkedHashMap<>(), new Document(), new Document()));
            String key = ReadModels.fieldKey(row.getString("_id"));
            if (moved) {
                Map<String, Integer> counters = campaigns.computeIfAbsent(campaignId, c -> new LinkedHashMap<>());
                add(counters, "byStatus." + status, 1);
                add(counters, "byChannel." + channel + "." + status, 1);
                add(agency.inc(), "byChannel." + channel + "." + status, 1);
                if (first) {
                    add(counters, "total", 1);
                    add(agency.inc(), "total", 1);
                    agency.set().append("deliveries." + key, channel);
                } else {
                    add(counters, "byStatus." + from, -1);
                    add(counters, "byChannel." + channel + "." + from, -1);
                    add(agency.inc(), "byChannel." + channel + "." + from, -1);
                }
            }
            if (FAILED.equals(status)) {
                agency.set().append("failures." + key, failure(row));
            } else if (FAILED.equals(from)) {
                agency.unset().append("failures." + key, "");
            }
        }

        private static void add(Map<String, Integer> counters, String field, int n) {
            counters.merge(field, n, Integer::sum); // int32, as the single $inc of 1 it sums up
        }

        /**
         * Applies the claimed moves: the per-agency documents (and the agency index) first, the campaign documents
         * last, each campaign's {@code $inc} also removing the batch's in-flight mark, and only while the mark is
         * there (a mark the sweeper removed means it rebuilt the campaign from the rows, these moves included). So a
         * mark stays until every counter of the batch is written, and the increments of a healed batch never land
         * twice.
         */
        void apply(MongoTemplate mongo, InFlight inFlight) {
            List<Agency> changed = agencies.values().stream()
                    .filter(a -> !a.inc().isEmpty() || !a.set().isEmpty() || !a.unset().isEmpty()).toList();
            if (!changed.isEmpty()) {
                List<UpdateOneModel<Document>> writes = new ArrayList<>();
                for (Agency agency : changed) {
                    Document update = new Document("$setOnInsert", new Document("campaignId", agency.campaignId())
                            .append("agencyId", agency.agencyId()));
                    if (!agency.inc().isEmpty()) {
                        update.append("$inc", new Document(agency.inc()));
                    }
                    if (!agency.set().isEmpty()) {
                        update.append("$set", agency.set());
                    }
                    if (!agency.unset().isEmpty()) {
                        update.append("$unset", agency.unset());
                    }
                    writes.add(new UpdateOneModel<>(new Document("_id", ReadModels.agencyKey(agency.campaignId(), agency.agencyId())),
                            update, new UpdateOptions().upsert(true)));
                }
                BulkWriteResult result = mongo.getCollection(AGENCY_COUNTS).bulkWrite(writes, new BulkWriteOptions().ordered(false));
                Map<String, List<String>> created = new LinkedHashMap<>();
                for (BulkWriteUpsert upsert : result.getUpserts()) {
                    Agency agency = changed.get(upsert.getIndex());
                    created.computeIfAbsent(agency.campaignId(), c -> new ArrayList<>()).add(agency.agencyId());
                }
                CampaignAgencies.add(mongo, created);
            }
            // every move of a campaign comes from a row write, after the campaign's mark
            List<UpdateOneModel<Document>> writes = new ArrayList<>();
            Date now = new Date();
            for (String campaignId : inFlight.marked) {
                Map<String, Integer> counters = campaigns.get(campaignId);
                Document update = new Document();
                if (!inFlight.uncertain) {
                    update.append("$pull", new Document(PENDING, new Document("id", inFlight.id)));
                } else if (counters == null) {
                    continue; // the mark stays: the sweeper rebuilds the campaign from whatever the rows became
                }
                if (counters != null) {
                    Document inc = new Document(counters);
                    inc.append("rev", 1);
                    update.append("$inc", inc).append("$set", new Document("updatedAt", now));
                }
                writes.add(new UpdateOneModel<>(new Document("_id", campaignId).append(PENDING + ".id", inFlight.id), update));
            }
            if (writes.isEmpty()) {
                return;
            }
            BulkWriteResult result = mongo.getCollection(COUNTS).bulkWrite(writes, new BulkWriteOptions().ordered(false));
            if (result.getMatchedCount() < writes.size()) {
                log.warn("Delivery batch {} finished after its in-flight marks were healed away ({} of {} campaigns): "
                        + "those campaigns' counters were rebuilt from the rows instead", inFlight.id,
                        writes.size() - result.getMatchedCount(), writes.size());
            }
        }
    }

    /**
     * The in-flight marks of one batch: before its first row write of a campaign, the batch adds
     * {@code {id, at}} to that campaign document's {@value #PENDING} (one bulk for the campaigns of the write, again
     * only for campaigns a retry round adds) and bumps its {@code seq}; its campaign {@code $inc} removes the mark.
     * A mark older than {@code healAfter} is a batch that died between its row write and its counters
     * ({@link CountsHealing} rebuilds that campaign). A live batch never writes later than half of that after
     * its first mark ({@link #checkAge}), so a slow batch is never mistaken for a dead one.
     */
    final class InFlight {

        final String id = UUID.randomUUID().toString();
        final Set<String> marked = new LinkedHashSet<>();
        /** A row write went unanswered: the marks stay (the counters of what is known are still applied). */
        boolean uncertain;
        private Instant since;

        void mark(Collection<String> campaignIds) {
            List<String> fresh = campaignIds.stream().distinct().filter(c -> !marked.contains(c)).toList();
            if (fresh.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            if (since == null) {
                since = now;
            }
            Document mark = new Document("id", id).append("at", Date.from(now));
            List<UpdateOneModel<Document>> writes = fresh.stream().map(campaignId -> new UpdateOneModel<Document>(
                    new Document("_id", campaignId),
                    new Document("$push", new Document(PENDING, mark)).append("$inc", new Document(SEQ, 1)),
                    new UpdateOptions().upsert(true))).toList();
            mongo.getCollection(COUNTS).bulkWrite(writes, new BulkWriteOptions().ordered(false));
            marked.addAll(fresh);
        }

        /** Refuses to write once the batch is half-way to being taken for dead: it is retried with fresh marks. */
        void checkAge() {
            if (since != null && clock.instant().isAfter(since.plus(healAfter.dividedBy(2)))) {
                throw new ConcurrentChange("Delivery batch " + id + " marked at " + since
                        + " is too slow to finish its counters; will be retried (the sweeper heals what it left)");
            }
        }
    }

    private static Document failure(Document row) {
        Document failure = new Document("deliveryId", row.getString("_id")).append("channel", row.getString("channel"));
        for (String field : List.of("reasonCode", "reason", "endpointId")) {
            if (row.getString(field) != null) {
                failure.append(field, row.getString(field));
            }
        }
        return failure;
    }

    /**
     * Rebuilds one campaign's counters, per-agency documents (keeping their plan fields) and agency index from its
     * rows (repair after a crash, or after an upgrade from a version without per-agency documents; rows are the
     * source of truth), safely while live batches write the same campaign ({@link #rebuild}).
     *
     * @throws ApiProblem 409 {@code recount-busy} when batches kept writing the campaign through every try
     */
    public Document recount(String campaignId) {
        Rebuilt rebuilt = rebuild(campaignId, clock.instant().minus(healAfter), RECOUNT_TRIES);
        if (rebuilt == null) {
            throw new ApiProblem(HttpStatus.CONFLICT, "recount-busy",
                    "Chiến dịch " + campaignId + " đang nhận trạng thái liên tục; hãy đếm lại sau ít phút."
                            + " / Campaign " + campaignId + " keeps receiving statuses; recount in a few minutes.");
        }
        return rebuilt.counts();
    }

    /** What a rebuild did: the counters written, the dead batches whose marks it cleared, the totals before and after. */
    record Rebuilt(String campaignId, Document counts, List<Document> cleared, long totalBefore, long totalAfter, int tries) {
    }

    /**
     * Rebuilds a campaign from its rows as one compare-and-set on the campaign document's {@code seq}, which every
     * in-flight mark bumps. Each try reads the campaign document (seq, marks); a mark at or after {@code deadBefore}
     * is a batch that may be between its row write and its counters, so the try waits for it; older marks are dead
     * batches. Then the rows are read and counted, the per-agency documents and the index written, and the counters
     * set only if {@code seq} is still the one read, removing the dead marks (a late increment of a batch taken
     * for dead then matches nothing, see {@link Counting#apply}). A batch that marked meanwhile makes the
     * compare-and-set fail and the next try rewrites the per-agency documents from a fresh read, so a successful
     * try counted rows no live batch was between writing and counting. Returns null when every try found the
     * campaign busy (nothing lost: the marks, its own included, stay for the next turn).
     */
    Rebuilt rebuild(String campaignId, Instant deadBefore, int tries) {
        // Marked like a batch before it writes anything: a rebuild that gives up (or dies) midway is healed in turn.
        String own = REBUILD_MARK + UUID.randomUUID();
        mongo.upsert(byId(campaignId), new Update().push(PENDING, new Document("id", own)
                .append("at", Date.from(clock.instant()))).inc(SEQ, 1), COUNTS);
        for (int attempt = 1; attempt <= tries; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            Query headQuery = byId(campaignId);
            headQuery.fields().include(SEQ, PENDING, "total");
            Document head = mongo.findOne(headQuery, Document.class, COUNTS);
            List<Document> marks = head.getList(PENDING, Document.class, List.of());
            // Only a batch's mark can mean increments still to come; a rebuild's (this one's, or one that gave up) never
            // does: waiting for those made every recount after a refused one refuse again while recounts kept coming.
            if (marks.stream().anyMatch(m -> !m.getString("id").startsWith(REBUILD_MARK)
                    && !m.getDate("at").toInstant().isBefore(deadBefore))) {
                continue; // a batch in flight: its increments may still come
            }
            Tally tally = tally(campaignId);
            if (!tally.unsettled.isEmpty() && !settle(tally.unsettled)) {
                continue; // a live writer moved one of them: read again
            }
            CampaignAgencies.add(mongo, campaignId, tally.agencies.keySet());
            writeAgencies(campaignId, tally.agencies);
            Update update = new Update().set("total", tally.counts.getLong("total")).set("byStatus", tally.byStatus)
                    .set("byChannel", tally.byChannel).inc("rev", 1).inc(SEQ, 1).unset(PENDING).set("updatedAt", new Date());
            Document counts = mongo.findAndModify(Query.query(Criteria.where("_id").is(campaignId).and(SEQ).is(head.get(SEQ))),
                    update, FindAndModifyOptions.options().returnNew(true), Document.class, COUNTS);
            if (counts == null) {
                continue; // a batch marked the campaign meanwhile
            }
            long before = head.get("total") == null ? 0 : ((Number) head.get("total")).longValue();
            List<Document> cleared = marks.stream().filter(m -> !m.getString("id").equals(own)).toList();
            return new Rebuilt(campaignId, counts, cleared, before, tally.counts.getLong("total"), attempt);
        }
        return null;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(10L * attempt, 200L)); // a batch's writes take milliseconds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrentChange("Interrupted while rebuilding counters");
        }
    }

    /** A campaign's rows, counted by status (the row is the truth). */
    private static final class Tally {
        final Document counts = new Document("total", 0L);
        final Document byStatus = new Document();
        final Document byChannel = new Document();
        final Map<String, AgencyTally> agencies = new LinkedHashMap<>();
        final List<Document> unsettled = new ArrayList<>();
    }

    private Tally tally(String campaignId) {
        Tally tally = new Tally();
        for (Document row : mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)), Document.class, DELIVERIES)) {
            String status = row.getString("status");
            String channel = row.getString("channel");
            tally.counts.put("total", tally.counts.getLong("total") + 1);
            tally.byStatus.merge(status, 1L, (a, b) -> (Long) a + (Long) b);
            ((Document) tally.byChannel.computeIfAbsent(channel, c -> new Document())).merge(status, 1L, (a, b) -> (Long) a + (Long) b);
            if (row.getString("agencyId") != null) {
                tally.agencies.computeIfAbsent(row.getString("agencyId"), a -> new AgencyTally()).add(row);
            }
            if (!status.equals(row.getString("counted")) || !Objects.equals(row.getInteger("countedAttempt"), row.getInteger("attempt", 1))) {
                tally.unsettled.add(row);
            }
        }
        return tally;
    }

    /** Claims the moves of rows an older version wrote without claiming them; false when one changed meanwhile. */
    private boolean settle(List<Document> rows) {
        List<UpdateOneModel<Document>> writes = rows.stream().map(row -> new UpdateOneModel<Document>(sameState(row),
                new Document("$set", new Document("counted", row.getString("status"))
                        .append("countedAttempt", row.getInteger("attempt", 1))))).toList();
        return mongo.getCollection(DELIVERIES).bulkWrite(writes, new BulkWriteOptions().ordered(false)).getMatchedCount()
                == writes.size();
    }

    private void writeAgencies(String campaignId, Map<String, AgencyTally> agencies) {
        BulkOperations perAgency = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, AGENCY_COUNTS);
        int writes = agencies.size();
        agencies.forEach((agencyId, tally) -> perAgency.upsert(byId(ReadModels.agencyKey(campaignId, agencyId)),
                new Update().set("campaignId", campaignId).set("agencyId", agencyId).set("total", tally.total)
                        .set("byChannel", tally.byChannel).set("deliveries", tally.deliveries).set("failures", tally.failures)));
        for (String agencyId : CampaignAgencies.ids(mongo, campaignId)) {
            if (!agencies.containsKey(agencyId)) {
                perAgency.updateOne(byId(ReadModels.agencyKey(campaignId, agencyId)), new Update().set("total", 0L)
                        .set("byChannel", new Document()).set("deliveries", new Document()).set("failures", new Document()));
                writes++;
            }
        }
        if (writes > 0) {
            perAgency.execute();
        }
    }

    private static final class AgencyTally {
        long total;
        final Document byChannel = new Document();
        final Document deliveries = new Document();
        final Document failures = new Document();

        void add(Document row) {
            String channel = row.getString("channel");
            String status = row.getString("status");
            String key = ReadModels.fieldKey(row.getString("_id"));
            total++;
            ((Document) byChannel.computeIfAbsent(channel, c -> new Document())).merge(status, 1L, (a, b) -> (Long) a + (Long) b);
            deliveries.put(key, channel);
            if (FAILED.equals(status)) {
                failures.put(key, failure(row));
            }
        }
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    /** What a row keeps of the event besides its state: the fields it came with. */
    private static Document details(Observed event) {
        Document details = new Document();
        keep(details, "reasonCode", event.reasonCode());
        keep(details, "reason", event.reason());
        keep(details, "externalRef", event.externalRef());
        keep(details, "permalink", event.permalink());
        keep(details, "endpointName", event.endpointName());
        return details;
    }

    private static void keep(Document details, String field, String value) {
        if (value != null) {
            details.append(field, value);
        }
    }
}
