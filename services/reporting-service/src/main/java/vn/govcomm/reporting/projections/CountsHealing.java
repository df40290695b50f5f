package vn.govcomm.reporting.projections;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static vn.govcomm.reporting.projections.ReadModels.COUNTS;
import static vn.govcomm.reporting.projections.ReadModels.LEASES;

/**
 * Heals the counters a crashed batch left behind ("nothing is lost when a service fails"): every turn (each minute,
 * on every instance; one instance takes the turn's lease) finds the campaign documents with an in-flight mark older
 * than {@code heal-after} ({@link DeliveryProjection.InFlight}: a batch that wrote rows and died before their
 * counters) and rebuilds each such campaign from its rows ({@link DeliveryProjection#rebuild}, safe while live
 * batches write the same campaign), counting {@value #HEALED} and logging at WARN. A campaign busy through every
 * try keeps its marks for the next turn. The lease only saves work: two instances healing at once still end right
 * (the rebuild is a compare-and-set).
 */
@Component
class CountsHealing implements DisposableBean {

    static final String HEALED = "govcomm.reporting.counts.healed";
    private static final String LEASE = "counts-heal";
    /** Tries of one campaign's rebuild in a turn (waiting up to ~1 s for a moment between two batches). */
    private static final int TRIES = 10;
    private static final Logger log = LoggerFactory.getLogger(CountsHealing.class);

    private final DeliveryProjection projection;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration lease;
    private final Counter healed;
    private final String instance = UUID.randomUUID().toString();
    private final ScheduledExecutorService turns;

    @Autowired
    CountsHealing(DeliveryProjection projection, MongoTemplate mongo, MeterRegistry meters,
                  @Value("${govcomm.reporting.counts.heal-interval:PT1M}") Duration interval) {
        this(projection, mongo, meters, interval, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reporting-counts-heal");
            t.setDaemon(true);
            return t;
        }));
        turns.scheduleWithFixedDelay(this::turn, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Without a schedule: tests call {@link #sweep} themselves. */
    CountsHealing(DeliveryProjection projection, MongoTemplate mongo, MeterRegistry meters) {
        this(projection, mongo, meters, Duration.ofMinutes(1), null);
    }

    private CountsHealing(DeliveryProjection projection, MongoTemplate mongo, MeterRegistry meters, Duration lease,
                          ScheduledExecutorService turns) {
        this.projection = projection;
        this.mongo = mongo;
        this.clock = projection.clock();
        this.lease = lease;
        this.turns = turns;
        this.healed = Counter.builder(HEALED)
                .description("Campaigns whose counters were rebuilt from their rows after a batch died before its counters")
                .register(meters);
    }

    private void turn() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Counters healing turn failed, next turn in a minute: {}", e.toString());
        }
    }

    /** One turn: the campaigns healed (none when another instance holds the lease). */
    List<DeliveryProjection.Rebuilt> sweep() {
        Instant now = clock.instant();
        if (!takeLease(now)) {
            return List.of();
        }
        List<DeliveryProjection.Rebuilt> done = new ArrayList<>();
        try {
            Instant deadBefore = now.minus(projection.healAfter());
            Query stale = Query.query(Criteria.where(DeliveryProjection.PENDING + ".at").lt(Date.from(deadBefore)));
            stale.fields().include("_id");
            for (Document campaign : mongo.find(stale, Document.class, COUNTS)) {
                String campaignId = campaign.getString("_id");
                DeliveryProjection.Rebuilt rebuilt = projection.rebuild(campaignId, deadBefore, TRIES);
                if (rebuilt == null) {
                    log.info("Counters of campaign {} have a dead batch but stayed busy; healed next turn", campaignId);
                    continue;
                }
                healed.increment();
                log.warn("Healed the counters of campaign {}: {} batch(es) died between their row writes and their "
                                + "counters {}; rebuilt from the rows, total {} -> {}", campaignId, rebuilt.cleared().size(),
                        rebuilt.cleared(), rebuilt.totalBefore(), rebuilt.totalAfter());
                done.add(rebuilt);
            }
        } finally {
            releaseLease();
        }
        return done;
    }

    /** The turn's lease: free, expired or ours; a duplicate key is another instance's lease still running. */
    private boolean takeLease(Instant now) {
        Query free = Query.query(Criteria.where("_id").is(LEASE)
                .orOperator(Criteria.where("until").lt(Date.from(now)), Criteria.where("holder").is(instance)));
        try {
            mongo.upsert(free, new Update().set("holder", instance).set("until", Date.from(now.plus(lease))), LEASES);
            return true;
        } catch (DuplicateKeyException held) {
            return false;
        }
    }

    private void releaseLease() {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(LEASE).and("holder").is(instance)),
                new Update().set("until", Date.from(clock.instant())), LEASES);
    }

    @Override
    public void destroy() {
        if (turns != null) {
            turns.shutdownNow();
        }
    }
}
