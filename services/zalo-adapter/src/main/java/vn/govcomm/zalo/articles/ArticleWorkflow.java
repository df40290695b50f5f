package vn.govcomm.zalo.articles;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.Window;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryRetries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.RetryLater;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;
import vn.govcomm.zalo.oa.ZaloCallException;
import vn.govcomm.zalo.oa.ZaloClient;
import vn.govcomm.zalo.oa.ZaloClient.Operation;
import vn.govcomm.zalo.oa.ZaloInterrupted;
import vn.govcomm.zalo.oa.ZaloProperties;
import vn.govcomm.zalo.oa.ZaloQuota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The article flow of one delivery as a persisted plan (field {@code zalo} of the kit's delivery document):
 * QUEUED → CREATING → VERIFYING → BROADCAST_PENDING → BROADCASTING → [RECONCILING →] DONE, with CREATE_UNCONFIRMED
 * when the answer to {@code article/create} was lost, FAILED → STOPPED for permanent errors, and REMOVING → REMOVED
 * / STOPPED when the delivery is retracted or ends unpublished.
 *
 * <p>Nothing a recovery needs is kept only in memory. A plan carries its next due time; a run takes the plan's lease
 * first (so one worker runs a delivery at a time, here or in another instance), records each step before its call
 * and the call's outcome together with the status it proves (one write), keeps the lease over the quick verify
 * polls (holding the create's token in memory meanwhile: it goes with PUBLISHED, or with ACCEPTED before the run lets
 * go; a kill in between is a kill mid-create, looked up), and frees it with the next due time (and the run's last
 * change) in one write. A run a kill interrupts leaves
 * its lease to expire and its due time in the past: the sweeper runs it again, and the step it finds half done
 * tells what to do (an in-flight create is looked up, never resent; an in-flight broadcast is never resent; a
 * recorded outcome whose status was not reported yet is reported first). Transient failures before publication are
 * durable waits through the kit ({@link DeliveryRetries}: RETRYING, with Zalo's own wait as the minimum, until the
 * window ends); after publication (broadcast quota) and after retraction the plan's own due time is the wait.
 * FAILED is for permanent errors only, each with its reason code.
 */
@Component
class ArticleWorkflow implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ArticleWorkflow.class);
    static final List<String> ACTIVE = List.of("QUEUED", "CREATING", "CREATE_UNCONFIRMED", "VERIFYING",
            "BROADCAST_PENDING", "BROADCASTING", "RECONCILING", "FAILED", "REMOVING");
    static final List<String> FINAL = List.of("DONE", "REMOVED", "STOPPED");
    static final Set<String> PUBLISHED_PHASES = Set.of("BROADCAST_PENDING", "BROADCASTING", "RECONCILING", "DONE");
    private static final int MAX_STEPS_PER_RUN = 25;

    /** Test seam: the points between a side effect and its record, where a kill leaves the plan half-way. */
    interface Checkpoints {
        Checkpoints NONE = (point, deliveryId) -> {
        };

        void reached(String point, String deliveryId);
    }

    private final AdapterDeliveries deliveries;
    private final DeliveryRetries retries;
    private final ZaloClient zalo;
    private final ZaloQuota quota;
    private final JsonMapper json;
    private final ZaloProperties.Workflow settings;
    private final ZaloProperties.Broadcast broadcast;
    private final Clock clock;
    private final PlanStore plans;
    private final StrayArticles strays;
    private final Checkpoints checkpoints;
    private final String defaultAuthor;
    private final String defaultCoverUrl;
    /** Delivery id → 1 (a run in progress here) or 2 (… and woken since: run again). */
    private final Map<String, Integer> running = new ConcurrentHashMap<>();
    /** New deliveries whose plan the worker writes (with its lease, at the create) instead of the listener. */
    private final Map<String, Seed> seeds = new ConcurrentHashMap<>();
    /** Runs that keep their lease over a short wait (quick verify polls): a timer resumes them from memory. */
    private final Map<String, Delivery> held = new ConcurrentHashMap<>();
    private final AtomicLong steps = new AtomicLong();
    private volatile ExecutorService workers;
    private volatile ScheduledExecutorService timers;
    private volatile Instant nextOrphanScan = Instant.EPOCH;
    private volatile Instant nextRenewal = Instant.EPOCH;

    ArticleWorkflow(MongoTemplate mongo, AdapterDeliveries deliveries, DeliveryRetries retries, ZaloClient zalo,
                    ZaloQuota quota, JsonMapper json, ZaloProperties properties, ObjectProvider<Checkpoints> checkpoints,
                    @Value("${govcomm.zalo.default-author:Cổng thông tin tỉnh Khánh Hòa}") String defaultAuthor,
                    @Value("${govcomm.zalo.default-cover-url:https://govcomm.vn/static/cover.png}") String defaultCoverUrl) {
        this.deliveries = deliveries;
        this.retries = retries;
        this.zalo = zalo;
        this.quota = quota;
        this.json = json;
        this.settings = properties.workflow();
        this.broadcast = properties.broadcast();
        this.clock = Clock.systemUTC();
        this.plans = new PlanStore(mongo, UUID.randomUUID().toString(), clock, settings.lease());
        this.strays = new StrayArticles(zalo, settings.lookupPageSize(), settings.lookupPages());
        this.checkpoints = checkpoints.getIfAvailable(() -> Checkpoints.NONE);
        this.defaultAuthor = defaultAuthor;
        this.defaultCoverUrl = defaultCoverUrl;
    }

    // ---- entry points ------------------------------------------------------------------------------------------

    /**
     * A recorded request (new attempt): builds and checks the article, writes the plan once (a plan of this attempt
     * already written is only woken) and runs it. Content an officer must change is FAILED here, before any call.
     */
    void start(DeliveryRequested request) {
        if (request.attempt() == 1) {
            // First attempt, just recorded by the kit: nothing to read. The worker writes the plan together with its
            // lease and the create step (one write, see firstRun); a kill before that leaves the delivery recorded
            // without a plan, which the orphan scan (or a Kafka redelivery) plans again.
            Document recorded = Seed.recorded(request);
            Map<String, Object> article;
            try {
                article = ArticleContent.article(request, defaultAuthor, defaultCoverUrl);
            } catch (ArticleContent.Unsendable e) {
                deliveries.report(DeliveryRef.of(request), DeliveryStatus.FAILED, e.reasonCode, e.getMessage(), null,
                        null, recorded);
                return;
            }
            seeds.put(request.deliveryId(), new Seed(request, recorded, article));
            submit(request.deliveryId());
            return;
        }
        startFromStore(request);
    }

    /** A new attempt whose stored document must be read first (an officer's re-send carries the previous plan over). */
    private void startFromStore(DeliveryRequested request) {
        for (int tries = 0; tries < 3; tries++) {
            Document doc = plans.read(request.deliveryId());
            if (doc == null || doc.getInteger("attempt", 1) != request.attempt()) {
                return; // not recorded, or a newer attempt rules
            }
            DeliveryStatus status = DeliveryStatus.valueOf(doc.getString("status"));
            Document previous = doc.get("zalo", Document.class);
            Integer previousAttempt = previous == null ? null : previous.getInteger("attempt");
            if (request.attempt().equals(previousAttempt)) {
                wake(request.deliveryId());
                return;
            }
            if (status.isTerminal() || status.isAchieved()) {
                return; // retracted (or ended) before its plan was written: nothing was created
            }
            Map<String, Object> article;
            try {
                article = ArticleContent.article(request, defaultAuthor, defaultCoverUrl);
            } catch (ArticleContent.Unsendable e) {
                deliveries.report(DeliveryRef.of(request), DeliveryStatus.FAILED, e.reasonCode, e.getMessage(), null,
                        null, doc);
                return;
            }
            Document plan = new Document("attempt", request.attempt()).append("phase", "QUEUED")
                    .append("article", new Document(article)).append("dueAt", Date.from(clock.instant()))
                    .append("wakes", 0);
            List<Document> carried = carriedOver(request.deliveryId(), previous);
            if (!carried.isEmpty()) {
                plan.append("unconfirmed", carried);
            }
            if (plans.insertPlan(request.deliveryId(), request.attempt(), previousAttempt, plan)) {
                submit(request.deliveryId());
                return;
            }
        }
    }

    /** The same attempt again (Kafka redelivery, or the kit's retry sweeper): continue the stored plan. */
    void redelivered(DeliveryRequested request, DeliveryStatus status) {
        Document doc = plans.read(request.deliveryId());
        Document plan = doc == null ? null : doc.get("zalo", Document.class);
        if (plan != null && plan.getInteger("attempt", 0) == request.attempt()) {
            wake(request.deliveryId());
        } else if (status == DeliveryStatus.DISPATCHED || status == DeliveryStatus.RETRYING) {
            start(request); // recorded, then the previous run stopped before writing its plan
        }
    }

    /** Marks the plan retracted (persisted first, waking whoever holds it) and takes the articles back. */
    void retract(String deliveryId, String reason) {
        Document doc = plans.read(deliveryId);
        Document plan = doc == null ? null : doc.get("zalo", Document.class);
        if (plan == null) {
            return; // nothing was created: the status just reported (CANCELLED / EXPIRED) stops any later start
        }
        if (plans.wake(deliveryId, plan.getInteger("attempt", 0), new Update().set("zalo.retracted", reason)
                .unset("zalo.takenBack"))) {
            submit(deliveryId);
        }
    }

    private void wake(String deliveryId) {
        Document doc = plans.read(deliveryId);
        Document plan = doc == null ? null : doc.get("zalo", Document.class);
        if (plan != null && plans.wake(deliveryId, plan.getInteger("attempt", 0), new Update())) {
            submit(deliveryId);
        }
    }

    // ---- running ------------------------------------------------------------------------------------------------

    private void submit(String deliveryId) {
        if (running.merge(deliveryId, 1, (was, one) -> 2) != 1) {
            return; // running (or held) here: it runs once more before it lets go
        }
        execute(deliveryId, null);
    }

    /** Runs the delivery on a worker: from the store, or ({@code resumed}) a held run from what it has in memory. */
    private void execute(String deliveryId, Delivery resumed) {
        ExecutorService pool = workers;
        try {
            if (pool == null) {
                throw new RejectedExecutionException("not started");
            }
            pool.execute(new Step(resumed != null, steps.incrementAndGet(), () -> run(deliveryId, resumed)));
        } catch (RejectedExecutionException stopping) {
            // The plan is due in the store (or, for a seed, the delivery is recorded without a plan: the orphan
            // scan plans it): the next start, or another instance, runs it. A held run whose timer fired as the
            // stop began keeps its place among the held runs if it holds the create's token only in memory: the
            // stop writes it (recordHeldTokens).
            running.remove(deliveryId);
            if (resumed == null || resumed.unrecorded() == null) {
                held.remove(deliveryId);
            }
            seeds.remove(deliveryId);
        }
    }

    private void run(String deliveryId, Delivery resumed) {
        held.remove(deliveryId);
        try {
            boolean first = true;
            do {
                // A held run resumes from memory unless it was woken meanwhile: then it starts by reading the store
                // (its lease is still ours), and runFrom writes what it holds only in memory (the create's token)
                // before that read, or the store's CREATING would send the run to look the article up.
                boolean holding = first && resumed != null
                        ? runFrom(resumed, running.getOrDefault(deliveryId, 0) == 1 ? null : Outcome.again())
                        : runOnce(deliveryId);
                first = false;
                if (holding) {
                    return; // the lease stays ours; a timer resumes the run (its entry in running stays too)
                }
            } while (running.compute(deliveryId, (id, state) -> state != null && state == 2 ? 1 : null) != null);
        } catch (ZaloInterrupted | ZaloInterruptedStop e) {
            // Shutting down mid-call: as after a kill, the lease expires and the plan's due time brings it back.
            running.remove(deliveryId);
            log.info("Zalo work on delivery {} interrupted by shutdown; it is run again from the store", deliveryId);
        } catch (RuntimeException e) {
            running.remove(deliveryId);
            if (stopping()) {
                log.info("Zalo work on delivery {} interrupted by shutdown; it is run again from the store", deliveryId);
            } else {
                log.warn("Zalo workflow of delivery {} failed unexpectedly; it is run again when its lease expires",
                        deliveryId, e);
            }
        }
    }

    /** One run from the store (or, for a new delivery, from its seed); true when it is held over a short wait. */
    private boolean runOnce(String deliveryId) {
        Seed seed = seeds.remove(deliveryId);
        if (seed != null) {
            Delivery planned = firstRun(seed);
            if (planned != null) {
                checkpoints.reached("claimed", deliveryId);
                return runFrom(planned, guarded(planned, () -> sendCreate(planned)));
            }
            // Planned already (a redelivery, another instance), or retracted or replaced meanwhile: the store rules.
        }
        Document doc = plans.read(deliveryId);
        Document plan = doc == null ? null : doc.get("zalo", Document.class);
        if (plan == null || plan.getInteger("attempt", 0) != doc.getInteger("attempt", 1)
                || !plans.claim(deliveryId, plan)) {
            return false;
        }
        checkpoints.reached("claimed", deliveryId);
        return runFrom(new Delivery(doc, plan), null);
    }

    /**
     * Writes a new delivery's plan in the state of its first step (CREATING, with this worker's lease): one write for
     * what was plan + claim + phase move. A kill after it and before the create is sent is found as CREATING, which
     * is looked up, never created blindly, and created again only after the look-up horizon found nothing: one
     * article either way. Null when a plan exists already or the delivery is no longer waiting for one.
     */
    private Delivery firstRun(Seed seed) {
        Date now = now();
        Document plan = new Document("attempt", 1).append("phase", "CREATING")
                .append("article", new Document(seed.article)).append("dueAt", now).append("wakes", 0)
                .append("owner", plans.owner()).append("leaseUntil", plans.leaseEnd()).append("createStartedAt", now);
        if (!plans.insertPlan(seed.request.deliveryId(), 1, null, plan)) {
            return null;
        }
        Document doc = new Document(seed.recorded).append("zalo", plan).append("updatedAt", now);
        return new Delivery(doc, plan, seed.request);
    }

    /** A step's unexpected failure: retried after {@code max-delay}, unless the shutdown cut it (then as a kill). */
    private Outcome guarded(Delivery d, Supplier<Outcome> step) {
        try {
            return step.get();
        } catch (ZaloInterrupted e) {
            throw e;
        } catch (RuntimeException e) {
            if (stopping()) {
                throw new ZaloInterruptedStop(e); // a store call cut by the shutdown: as a kill, nothing recorded
            }
            log.warn("Zalo step of delivery {} failed unexpectedly; trying again in {}", d.id, settings.maxDelay(), e);
            return Outcome.waitFor(clock.instant().plus(settings.maxDelay()));
        }
    }

    /**
     * Runs the steps of a claimed plan from {@code d} (what this worker holds in memory: every write of a step is
     * applied to it, so nothing just written is read back). {@code first}: the outcome of a step already taken.
     */
    private boolean runFrom(Delivery start, Outcome first) {
        Delivery d = start;
        try {
            String deliveryId = d.id;
            for (int step = 0; ; step++) {
                Delivery current = d;
                Outcome outcome = first != null ? first
                        : step < MAX_STEPS_PER_RUN ? guarded(current, () -> advance(current))
                        : Outcome.waitFor(clock.instant().plus(settings.maxDelay()));
                first = null;
                if (outcome.kind == Outcome.Kind.LOST) {
                    return false;
                }
                if (outcome.kind == Outcome.Kind.RELEASED) {
                    remind(deliveryId, outcome.dueAt);
                    return false;
                }
                if (outcome.next != null) {
                    d = outcome.next;
                }
                if (outcome.kind == Outcome.Kind.AGAIN && outcome.next != null) {
                    continue; // the step's write is applied to what we hold: no read
                }
                if (outcome.kind == Outcome.Kind.HOLD && hold(d, outcome.dueAt)) {
                    return true;
                }
                boolean readAgain = false;
                if (d.unrecorded() != null) {
                    // The run lets the plan go, or reads the store: what it holds only in memory (the create's token)
                    // is written first.
                    Outcome recorded = recordToken(d);
                    if (recorded.kind == Outcome.Kind.LOST) {
                        return false;
                    }
                    // The status could not move (retracted meanwhile): the store rules.
                    readAgain = recorded.next == null;
                    if (!readAgain) {
                        d = recorded.next;
                    }
                }
                if (outcome.kind != Outcome.Kind.AGAIN && !readAgain) {
                    Update last = new Update(); // a copy: the release adds its own operations to it
                    if (outcome.with != null) {
                        copy(outcome.with, last);
                    }
                    if (plans.release(deliveryId, d.plan.get("wakes"), outcome.dueAt, last)) {
                        remind(deliveryId, outcome.dueAt);
                        return false;
                    }
                    // Woken while we ran (retraction, redelivery): the step's change still goes in (fenced by our
                    // lease), then on with what the store holds now.
                    if (outcome.with != null && !plans.move(deliveryId, outcome.with)) {
                        return false;
                    }
                }
                Document doc = plans.read(deliveryId);
                Document plan = doc == null ? null : doc.get("zalo", Document.class);
                if (plan == null || !plans.owner().equals(plan.getString("owner"))
                        || plan.getInteger("attempt", 0) != doc.getInteger("attempt", 1)) {
                    return false; // replaced by a new attempt, or the lease was taken over
                }
                d = new Delivery(doc, plan);
            }
        } catch (RuntimeException e) {
            keepForStop(d);
            throw e;
        }
    }

    /**
     * A run cut by the shutdown (a call or a store write interrupted, or its hold refused) while it holds the create's
     * token only in memory hands that token to the stop, which writes it once the workers have ended
     * ({@link #recordHeldTokens}), as it does for the runs waiting between two quick polls. Otherwise the next start
     * would find CREATING and look the article up (a kill still does: it writes nothing).
     */
    private void keepForStop(Delivery d) {
        if (d != null && d.unrecorded() != null && stopping()) {
            held.put(d.id, d);
        }
    }

    /**
     * Keeps the lease over a short wait and resumes from memory: no release, read or claim per quick poll. The store
     * keeps the due time the run started with (in the past), so a kill meanwhile is run again once the lease (renewed
     * with the others running here) expires. Not held when woken meanwhile, or the wait is long.
     */
    private boolean hold(Delivery d, Instant dueAt) {
        ScheduledExecutorService timer = timers;
        long millis = Duration.between(clock.instant(), dueAt).toMillis();
        if (timer == null || millis >= settings.pollInterval().toMillis() * 3
                || running.getOrDefault(d.id, 0) != 1) {
            return false;
        }
        held.put(d.id, d);
        checkpoints.reached("held", d.id);
        try {
            timer.schedule(() -> execute(d.id, d), Math.max(0, millis), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException stopping) {
            held.remove(d.id);
            return false;
        }
    }

    private boolean stopping() {
        return workers == null || Thread.currentThread().isInterrupted();
    }

    /** A store call the shutdown interrupted (the driver's own exception): handled as {@link ZaloInterrupted}. */
    private static final class ZaloInterruptedStop extends RuntimeException {
        ZaloInterruptedStop(Throwable cause) {
            super(cause);
        }
    }

    /** A short wait is also kept in memory, so quick polls do not wait for the sweeper's next pass. */
    private void remind(String deliveryId, Instant dueAt) {
        ScheduledExecutorService timer = timers;
        if (dueAt == null || timer == null) {
            return;
        }
        long millis = Duration.between(clock.instant(), dueAt).toMillis();
        if (millis < settings.pollInterval().toMillis() * 3) {
            try {
                timer.schedule(() -> submit(deliveryId), Math.max(0, millis), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // the sweeper of the next start finds it due
            }
        }
    }

    // ---- the steps -----------------------------------------------------------------------------------------------

    private Outcome advance(Delivery d) {
        d = catchUp(d);
        if (d.takingBack()) {
            return takeBack(d);
        }
        return switch (d.phase()) {
            case "QUEUED" -> create(d);
            case "CREATING" -> {
                // We hold the lease, so the run that made this call is gone: its outcome is unknown. Never create
                // blindly again: look it up.
                yield unconfirmed(d, d.date("createStartedAt"), null);
            }
            case "CREATE_UNCONFIRMED" -> lookUp(d);
            case "VERIFYING" -> verify(d);
            case "BROADCAST_PENDING" -> broadcast(d);
            case "BROADCASTING" -> {
                // In flight when its run died: never resent (followers would be notified twice).
                yield moved(d, afterBroadcast(d).set("zalo.broadcast", "UNCONFIRMED"), Outcome.again());
            }
            case "RECONCILING" -> reconcile(d);
            case "FAILED" -> moved(d, new Update().set("zalo.phase", "STOPPED"), Outcome.idle());
            default -> Outcome.idle();
        };
    }

    /**
     * The plan is the truth, the status follows it: an outcome recorded before a kill whose status was not reported
     * yet is reported now ({@link DeliveryStatus#canMoveTo} drops what is stale).
     */
    private Delivery catchUp(Delivery d) {
        if (d.unrecorded() != null) {
            return d; // this run's own state, not yet in the store: nothing it proves is unreported
        }
        DeliveryStatus status = d.status();
        boolean publishing = !Set.of("REMOVING", "REMOVED", "STOPPED", "FAILED").contains(d.phase());
        if (publishing && d.articleId() != null && !status.isAchieved() && status != DeliveryStatus.CANCELLED) {
            return caughtUp(d, DeliveryStatus.PUBLISHED, null, null, d.articleId());
        } else if (publishing && d.token() != null
                && (status == DeliveryStatus.DISPATCHED || status == DeliveryStatus.RETRYING)) {
            return caughtUp(d, DeliveryStatus.ACCEPTED, null, null, d.token());
        } else if (Set.of("FAILED", "STOPPED").contains(d.phase()) && d.articleId() == null
                && !status.isTerminal() && !status.isAchieved()) {
            Document failure = d.plan.get("failure", Document.class);
            return caughtUp(d, DeliveryStatus.FAILED,
                    failure == null ? "ZALO_INTERRUPTED" : failure.getString("code"),
                    failure == null ? "Việc đăng bài bị dừng giữa chừng: kiểm tra OA rồi gửi lại. / The publication "
                            + "stopped half-way: check the OA, then re-send." : failure.getString("reason"), null);
        }
        return d;
    }

    /** A report of what the plan proves, applied to what we hold (a stale report is dropped by the kit). */
    private Delivery caughtUp(Delivery d, DeliveryStatus status, String reasonCode, String reason, String externalRef) {
        return deliveries.report(d.ref, status, reasonCode, reason, externalRef, null, d.doc)
                ? d.reported(status, reasonCode, reason, externalRef, new Update()) : d;
    }

    /**
     * The plan's move and the status it proves in ONE write: the kit's status compare-and-set carries the plan's
     * change ({@code report(..., more)}) and renews the lease. That write is fenced by status and attempt, not by the
     * lease: a worker whose lease was taken over (a stall longer than the lease) can only write what its own call
     * proved (the token or id of the article it made), and whoever took over never creates blindly, so both end
     * with that one article. When the status cannot move (retracted meanwhile: CANCELLED/EXPIRED came first) the
     * plan still moves, alone and fenced by the lease, and the run reads the store again (a take-back follows).
     * Returns the outcome {@code then} with the delivery as written, AGAIN to read again, or LOST.
     */
    private Outcome reportAndMove(Delivery d, DeliveryStatus status, String reasonCode, String reason,
                                  String externalRef, Update planMove, Function<Delivery, Outcome> then) {
        planMove.set("zalo.leaseUntil", plans.leaseEnd());
        if (deliveries.report(d.ref, status, reasonCode, reason, externalRef, null, d.doc, update -> copy(planMove, update))) {
            return then.apply(d.reported(status, reasonCode, reason, externalRef, planMove));
        }
        return plans.move(d.id, planMove) ? Outcome.again() : Outcome.lost();
    }

    /** Adds the operations of {@code from} to {@code to} (plan fields only: they never clash with the kit's). */
    private static void copy(Update from, Update to) {
        from.getUpdateObject().forEach((op, fields) -> ((Document) fields).forEach((key, value) -> {
            switch (op) {
                case "$set" -> to.set(key, value);
                case "$unset" -> to.unset(key);
                case "$inc" -> to.inc(key, (Number) value);
                default -> throw new IllegalArgumentException("Not merged into a status report: " + op);
            }
        }));
    }

    private Outcome create(Delivery d) {
        Update creating = new Update().set("zalo.phase", "CREATING").set("zalo.createStartedAt", now());
        if (!plans.move(d.id, creating)) {
            return Outcome.lost();
        }
        return sendCreate(d.with(creating));
    }

    /** The create call of a plan recorded as CREATING (a lost answer is looked up, never resent blindly). */
    private Outcome sendCreate(Delivery d) {
        Date started = d.date("createStartedAt");
        checkpoints.reached("create.sending", d.id);
        JsonNode answer;
        try {
            answer = zalo.post(d.oaId, Operation.ARTICLE_CREATE, "/article/create", d.article());
        } catch (ZaloCallException e) {
            return switch (e.kind()) {
                case PERMANENT -> fail(d, e.reasonCode(), e.officerReason()); // refused: nothing was created
                case NOT_SENT, THROTTLED -> transientWait(d, e, new Update().set("zalo.phase", "QUEUED"));
                default -> unconfirmed(d, started, e);
            };
        }
        checkpoints.reached("create.answered", d.id);
        String token = answer.path("data").path("token").asString("");
        if (token.isBlank()) {
            return unconfirmed(d, started, null);
        }
        // The token is held in memory over the quick verify polls (the lease kept, nothing written). When Zalo gives
        // the article id within them (the usual case), PUBLISHED, the token and the id go in one write and ACCEPTED is
        // never written or sent; otherwise the token goes with ACCEPTED before the run lets the plan go (recordToken).
        // A kill in between leaves CREATING, as a kill mid-create does: the resume looks the article up by its
        // reference before anything else, never creates blindly (InterruptedWorkflowIntegrationTests).
        return Outcome.hold(d.withUnrecorded(new Update().set("zalo.phase", "VERIFYING").set("zalo.token", token)
                .set("zalo.verifies", 0).set("zalo.retries", 0)), clock.instant().plus(settings.delay(0)));
    }

    /**
     * Writes what the run holds only in memory (the create's token) with ACCEPTED, as the create's answer was written
     * before the quick verify polls were merged with it: before the run lets the plan go, or a verify ends other than
     * with the article id. Returns AGAIN with the delivery as written, AGAIN to read again, or LOST.
     */
    private Outcome recordToken(Delivery d) {
        Update held = d.unrecorded();
        if (held == null) {
            return Outcome.again(d);
        }
        Update token = new Update();
        copy(held, token);
        token.set("zalo.verifies", d.count("verifies")).set("zalo.leaseUntil", plans.leaseEnd());
        if (deliveries.report(d.ref, DeliveryStatus.ACCEPTED, null, null, d.token(), null, d.doc,
                update -> copy(token, update))) {
            d.recorded();
            Delivery accepted = d.reported(DeliveryStatus.ACCEPTED, null, null, d.token(), token);
            checkpoints.reached("create.recorded", d.id);
            return Outcome.again(accepted);
        }
        // The status could not move (retracted meanwhile): the token still goes in, alone, unless the plan has one
        // (or the lease is gone); either way the run goes on from what the store holds.
        if (plans.moveIfAbsent(d.id, "zalo.token", token)) {
            d.recorded();
        }
        return Outcome.again();
    }

    /** The create's outcome is unknown: its reference joins the list of articles that may exist without us knowing. */
    private Outcome unconfirmed(Delivery d, Date since, ZaloCallException cause) {
        Date at = since == null ? new Date() : since;
        List<Document> list = d.unconfirmedWith(d.marker(), d.title(), at);
        if (!plans.move(d.id, new Update().set("zalo.phase", "CREATE_UNCONFIRMED").set("zalo.unconfirmedAt", at)
                .set("zalo.unconfirmed", list).set("zalo.lookups", 0))) {
            return Outcome.lost();
        }
        log.info("Zalo create of delivery {} unconfirmed ({}); looking it up before anything else", d.id,
                cause == null ? "found in flight" : cause.reasonCode());
        return waitFor(d, "ZALO_CREATE_UNCONFIRMED", CHECKING, settings.delay(0));
    }

    private static final String CHECKING = "Chưa rõ Zalo đã tạo bài viết chưa, đang kiểm tra trước khi thử lại. / "
            + "Checking whether Zalo created the article before trying again.";

    /** After a lost create answer: is our article (our reference in its body) on the OA? */
    private Outcome lookUp(Delivery d) {
        Instant since = d.instant("unconfirmedAt", d.instant("createStartedAt", clock.instant()));
        List<StrayArticles.Found> found;
        try {
            found = strays.find(d.oaId, d.wanted(settings.reconcileHorizon(), clock.instant(), true));
        } catch (ZaloCallException e) {
            return e.permanent() ? fail(d, e.reasonCode(), e.officerReason()) : transientWait(d, e, new Update());
        }
        removeStrays(d, found, null);
        List<String> mine = found.stream().filter(f -> f.marker().equals(d.marker())).map(StrayArticles.Found::articleId)
                .toList();
        if (!mine.isEmpty()) {
            // The oldest is ours; any other (a re-creation that also went through) is removed.
            String adopted = mine.getLast();
            mine.stream().filter(id -> !id.equals(adopted)).forEach(extra -> removeStray(d, extra));
            log.info("Zalo article {} of delivery {} found after an unconfirmed create; adopted", adopted, d.id);
            return published(d, adopted);
        }
        int lookups = d.count("lookups") + 1;
        if (clock.instant().isBefore(since.plus(settings.lookupHorizon()))) {
            return moved(d, new Update().set("zalo.lookups", lookups),
                    waitFor(d, "ZALO_CREATE_UNCONFIRMED", CHECKING, settings.delay(lookups)));
        }
        if (d.count("recreations") < settings.recreations()) {
            // Not visible after the whole horizon: the lost create most likely never reached Zalo. Create again
            // (same reference); if the first one shows up after all, reconciliation removes the extra.
            log.info("Zalo article of delivery {} not found within {}; creating it again", d.id, settings.lookupHorizon());
            return moved(d, new Update().set("zalo.phase", "QUEUED").set("zalo.lookups", 0)
                    .set("zalo.recreations", d.count("recreations") + 1), Outcome.again());
        }
        return fail(d, "ZALO_CREATE_UNCONFIRMED", "Zalo không xác nhận bài viết đã được tạo: kiểm tra trang OA trước "
                + "khi gửi lại. / Zalo did not confirm whether the article was created: check the OA before re-sending.");
    }

    private Outcome verify(Delivery d) {
        try {
            String id = articleIdOf(zalo.post(d.oaId, Operation.ARTICLE_VERIFY, "/article/verify",
                    Map.of("token", d.token())));
            if (id == null) {
                throw new ZaloCallException(ZaloCallException.Kind.NOT_READY, 0, "ZALO_NOT_READY", "no id yet", null);
            }
            return published(d, id);
        } catch (ZaloCallException e) {
            int verifies = d.count("verifies") + 1;
            Update counted = new Update().set("zalo.verifies", verifies);
            boolean quickPoll = !e.permanent() && e.kind() == ZaloCallException.Kind.NOT_READY
                    && verifies < settings.verifyAttempts();
            if (quickPoll) {
                // Counted in memory while the run holds its lease (a kill only restarts the count: a few more
                // quick polls), written with the release when the wait is too long to hold.
                checkpoints.reached("verify.waiting", d.id);
                return Outcome.hold(d.with(counted), clock.instant().plus(settings.delay(verifies))).releasing(counted);
            }
            if (d.unrecorded() != null) {
                // Not published within the quick polls: the token is written first (with ACCEPTED).
                Outcome recorded = recordToken(d);
                if (recorded.next == null) {
                    return recorded;
                }
                d = recorded.next;
            }
            if (e.permanent()) {
                return fail(d, e.reasonCode(), e.officerReason());
            }
            if (e.kind() != ZaloCallException.Kind.NOT_READY) {
                return transientWait(d, e, new Update());
            }
            // Verification takes longer than the quick polls: a durable wait, until the window ends.
            return waitFor(d, "ZALO_VERIFYING", "Zalo đang duyệt bài viết. / Zalo is still verifying the article.",
                    settings.maxDelay()).releasing(counted);
        }
    }

    /**
     * PUBLISHED, and the plan's move to the broadcast, in ONE write. When the broadcast can go now (enabled, window
     * open) that write already records it as in flight (BROADCASTING, as {@link #broadcast} would write next) and the
     * call follows at once: a kill after the write is a kill mid-send, never resent, exactly as before, one write
     * fewer. When the broadcast step would make no call (broadcasts off, the window over, the connection's broadcasts
     * refused until a known time) that write is also the step's outcome and the release of the plan, fenced as a
     * release is ({@link PlanStore#releaseFence}): the run ends with one write where it took two. Otherwise (or when
     * the status cannot move: retracted meanwhile, or the plan was woken) the plan waits in BROADCAST_PENDING.
     */
    private Outcome published(Delivery d, String articleId) {
        Instant windowEnd = d.windowEnd(json);
        // A connection whose broadcasts are refused for now (ZaloQuota#broadcastsRefused): BROADCAST_PENDING, and the
        // broadcast step waits for the reset without calling. Both ways into sendBroadcast check this first.
        boolean sendNow = broadcast.enabled() && (windowEnd == null || clock.instant().isBefore(windowEnd))
                && quota.broadcastsRefused(d.oaId).isEmpty();
        // Without unconfirmed creates, withoutCall writes nothing and ends the run with a release (WAIT or IDLE with
        // its change of the plan): that release is what goes into the report's write.
        Outcome decided = sendNow || d.hasUnconfirmed() ? null : withoutCall(d, windowEnd);
        if (decided != null) {
            Update last = withHeld(d, publishedMove(articleId, "BROADCAST_PENDING"));
            copy(decided.with, last); // its phase (DONE, or BROADCAST_PENDING with the wait's details) wins
            Update release = plans.releasing(last, decided.dueAt);
            if (deliveries.report(d.ref, DeliveryStatus.PUBLISHED, null, null, articleId, null, d.doc,
                    plans.releaseFence(d.plan.get("wakes")), update -> copy(release, update))) {
                d.recorded();
                checkpoints.reached("published.recorded", d.id);
                return Outcome.released(decided.dueAt);
            }
            // Woken while we ran, or the status cannot move: as below, the release left to the run.
        }
        Update move = withHeld(d, publishedMove(articleId, sendNow ? "BROADCASTING" : "BROADCAST_PENDING"));
        if (sendNow) {
            move.set("zalo.broadcastStartedAt", now());
        }
        move.set("zalo.leaseUntil", plans.leaseEnd());
        if (deliveries.report(d.ref, DeliveryStatus.PUBLISHED, null, null, articleId, null, d.doc,
                update -> copy(move, update))) {
            d.recorded();
            Delivery published = d.reported(DeliveryStatus.PUBLISHED, null, null, articleId, move);
            checkpoints.reached("published.recorded", d.id);
            return sendNow ? sendBroadcast(published, windowEnd) : Outcome.again(published);
        }
        if (!plans.move(d.id, withHeld(d, publishedMove(articleId, "BROADCAST_PENDING")))) {
            return Outcome.lost();
        }
        d.recorded();
        return Outcome.again();
    }

    /** {@code move} preceded by what the run holds only in memory (the token over the quick polls), if anything. */
    private static Update withHeld(Delivery d, Update move) {
        if (d.unrecorded() == null) {
            return move;
        }
        Update both = new Update();
        copy(d.unrecorded(), both);
        copy(move, both);
        return both;
    }

    private static Update publishedMove(String articleId, String phase) {
        return new Update().set("zalo.phase", phase).set("zalo.articleId", articleId).set("zalo.retries", 0)
                .set("zalo.lookups", 0);
    }

    /** Sends the article to the OA's followers; the answer's message_id is kept as detail. Never sent twice. */
    private Outcome broadcast(Delivery d) {
        Instant windowEnd = d.windowEnd(json);
        Outcome decided = withoutCall(d, windowEnd);
        if (decided != null) {
            return decided; // nothing to send now: no BROADCASTING record either
        }
        Update sending = new Update().set("zalo.phase", "BROADCASTING").set("zalo.broadcastStartedAt", now());
        if (!plans.move(d.id, sending)) {
            return Outcome.lost();
        }
        return sendBroadcast(d.with(sending), windowEnd);
    }

    /**
     * The broadcast step's outcome when it sends nothing now: broadcasts off (DONE), the window over (SKIPPED), or
     * the connection's broadcasts refused until a known time (a wait, see {@link #knownRefusal}). Null: send now.
     * Writes nothing unless the plan has unconfirmed creates to reconcile ({@link #afterBroadcast(Delivery, Update)}).
     */
    private Outcome withoutCall(Delivery d, Instant windowEnd) {
        if (!broadcast.enabled()) {
            return afterBroadcast(d, afterBroadcast(d));
        }
        if (windowEnd != null && !clock.instant().isBefore(windowEnd)) {
            return afterBroadcast(d, afterBroadcast(d).set("zalo.broadcast", "SKIPPED")
                    .set("zalo.broadcastReason", "The notice window ended before the broadcast could be sent"));
        }
        return knownRefusal(d, windowEnd);
    }

    /**
     * The broadcast call of a plan recorded as BROADCASTING (in flight: never sent again after a kill);
     * {@code windowEnd} as the caller already read it from the request.
     */
    private Outcome sendBroadcast(Delivery d, Instant windowEnd) {
        checkpoints.reached("broadcast.sending", d.id);
        Map<String, Object> message = Map.of(
                "recipient", Map.of("target", broadcast.target()),
                "message", Map.of("attachment", Map.of("type", "template", "payload", Map.of(
                        "template_type", "media",
                        "elements", List.of(Map.of("media_type", "article", "attachment_id", d.articleId()))))));
        try {
            JsonNode answer = zalo.post(d.oaId, Operation.BROADCAST, "/oa/message", message);
            checkpoints.reached("broadcast.answered", d.id);
            return afterBroadcast(d, afterBroadcast(d).set("zalo.broadcast", "SENT")
                    .set("zalo.messageId", answer.path("data").path("message_id").asString()));
        } catch (ZaloCallException e) {
            if (e.kind() == ZaloCallException.Kind.THROTTLED || e.kind() == ZaloCallException.Kind.NOT_SENT) {
                // Refused, nothing sent: wait for the quota (or Zalo) to come back, as long as the window lasts.
                int tries = d.count("broadcastRetries") + 1;
                Duration wait = waitAfter(d, e, tries);
                if (e.kind() == ZaloCallException.Kind.THROTTLED) {
                    quota.broadcastRefused(d.oaId, clock.instant().plus(wait), e.officerReason());
                }
                return broadcastWait(d, windowEnd, tries, wait, e.officerReason());
            }
            log.warn("Broadcast of delivery {} not confirmed: {}", d.id, e.reasonCode());
            // The article is published either way; a failed or unconfirmed broadcast is kept as detail.
            return afterBroadcast(d, afterBroadcast(d).set("zalo.broadcast", e.permanent() ? "FAILED" : "UNCONFIRMED")
                    .set("zalo.broadcastReason", e.officerReason()));
        }
    }

    /**
     * The wait of a broadcast whose connection's broadcasts are refused until a time Zalo told (-32, then the quota
     * call; {@link ZaloQuota#broadcastsRefused}): this one would be refused too, so it is not sent and waits for that
     * time, as after a refusal of its own. Null when no refusal is known.
     */
    private Outcome knownRefusal(Delivery d, Instant windowEnd) {
        Optional<ZaloQuota.Refusal> refused = quota.broadcastsRefused(d.oaId);
        if (refused.isEmpty()) {
            return null;
        }
        int tries = d.count("broadcastRetries") + 1;
        Duration left = Duration.between(clock.instant(), refused.get().until());
        Duration backoff = settings.delay(tries);
        return broadcastWait(d, windowEnd, tries, left.compareTo(backoff) < 0 ? backoff : left, refused.get().reason());
    }

    /** A broadcast refused (nothing sent): it waits, as long as the window lasts; past it, it is skipped. */
    private Outcome broadcastWait(Delivery d, Instant windowEnd, int tries, Duration wait, String reason) {
        if (windowEnd != null && clock.instant().plus(wait).isAfter(windowEnd)) {
            return afterBroadcast(d, afterBroadcast(d).set("zalo.broadcast", "SKIPPED")
                    .set("zalo.broadcastReason", reason));
        }
        return Outcome.waitFor(clock.instant().plus(wait)).releasing(new Update()
                .set("zalo.phase", "BROADCAST_PENDING").set("zalo.broadcastRetries", tries)
                .set("zalo.broadcast", "WAITING").set("zalo.broadcastReason", reason));
    }

    private Update afterBroadcast(Delivery d) {
        return new Update().set("zalo.phase", d.hasUnconfirmed() ? "RECONCILING" : "DONE");
    }

    /**
     * The broadcast's outcome: DONE is written with the release (one write: nothing is left to run); RECONCILING
     * goes on at once. A kill before that write leaves BROADCASTING, which is never sent again.
     */
    private Outcome afterBroadcast(Delivery d, Update outcome) {
        return d.hasUnconfirmed() ? moved(d, outcome, Outcome.again()) : Outcome.idle().releasing(outcome);
    }

    /**
     * Published, but a create of this delivery was unconfirmed once: until the reconcile horizon has passed, look for
     * a second article with our reference (the lost original showing up late) and remove it.
     */
    private Outcome reconcile(Delivery d) {
        List<StrayArticles.Wanted> wanted = d.wanted(settings.reconcileHorizon(), clock.instant(), false);
        if (wanted.isEmpty()) {
            return moved(d, new Update().set("zalo.phase", "DONE").unset("zalo.unconfirmed"), Outcome.idle());
        }
        try {
            removeStrays(d, strays.find(d.oaId, wanted), d.articleId());
        } catch (ZaloCallException e) {
            if (e.permanent()) {
                log.warn("Delivery {}: cannot look for stray Zalo articles ({}); stopping", d.id, e.reasonCode());
                return moved(d, new Update().set("zalo.phase", "DONE"), Outcome.idle());
            }
        }
        int lookups = d.count("lookups") + 1;
        return moved(d, new Update().set("zalo.lookups", lookups),
                Outcome.waitFor(clock.instant().plus(settings.delay(lookups))));
    }

    /**
     * The delivery was retracted, or ended without being published (FAILED, CANCELLED, EXPIRED): remove what it may
     * have put on the OA — the adopted article, the article of a known token, and any article carrying one of its
     * unconfirmed references, watched for until the reconcile horizon has passed.
     */
    private Outcome takeBack(Delivery d) {
        if (FINAL.contains(d.phase()) && d.plan.get("takenBack") != null
                && d.wanted(settings.reconcileHorizon(), clock.instant(), false).isEmpty()) {
            return Outcome.idle();
        }
        Update update = new Update().set("zalo.phase", "REMOVING");
        List<Document> unconfirmed = d.unconfirmed();
        if (Set.of("CREATING", "CREATE_UNCONFIRMED").contains(d.phase())) {
            unconfirmed = d.unconfirmedWith(d.marker(), d.title(), d.plan.getDate("createStartedAt") == null
                    ? new Date() : d.plan.getDate("createStartedAt"));
            update.set("zalo.unconfirmed", unconfirmed);
        }
        String articleId = d.articleId();
        boolean waiting = false;
        if (articleId == null && d.token() != null && d.plan.get("tokenGivenUp") == null) {
            try {
                articleId = articleIdOf(zalo.post(d.oaId, Operation.ARTICLE_VERIFY, "/article/verify",
                        Map.of("token", d.token())));
            } catch (ZaloCallException e) {
                if (!e.permanent() && clock.instant().isBefore(d.instant("createStartedAt", clock.instant())
                        .plus(settings.reconcileHorizon()))) {
                    waiting = true;
                } else {
                    log.warn("Taking back delivery {}: Zalo never gave the article id of its token ({})", d.id,
                            e.reasonCode());
                    update.set("zalo.tokenGivenUp", true);
                }
            }
            if (articleId != null) {
                update.set("zalo.articleId", articleId);
            }
        }
        if (articleId != null && d.plan.get("removed") == null) {
            StrayArticles.Removal removal = strays.remove(d.oaId, articleId);
            if (removal == StrayArticles.Removal.RETRY) {
                waiting = true;
            } else {
                if (removal == StrayArticles.Removal.REFUSED) {
                    log.warn("Zalo refused to remove article {} of delivery {} (already gone, or the OA is "
                            + "disconnected)", articleId, d.id);
                }
                update.set("zalo.removed", true);
            }
        }
        List<StrayArticles.Wanted> wanted = Delivery.wanted(unconfirmed, settings.reconcileHorizon(), clock.instant());
        int removedStrays = 0;
        if (!wanted.isEmpty()) {
            try {
                removedStrays = removeStrays(d, strays.find(d.oaId, wanted), null);
            } catch (ZaloCallException e) {
                if (e.permanent()) {
                    log.warn("Taking back delivery {}: cannot look for its unconfirmed Zalo articles ({})", d.id,
                            e.reasonCode());
                    wanted = List.of();
                    update.set("zalo.unconfirmed", List.of());
                }
            }
            waiting |= !wanted.isEmpty();
        }
        if (waiting) {
            int lookups = d.count("lookups") + 1;
            return moved(d, update.set("zalo.lookups", lookups),
                    Outcome.waitFor(clock.instant().plus(settings.delay(lookups))));
        }
        boolean removedSomething = articleId != null || removedStrays > 0 || d.count("strays") > 0;
        return moved(d, update.set("zalo.phase", removedSomething ? "REMOVED" : "STOPPED").set("zalo.takenBack", true),
                Outcome.idle());
    }

    /** Removes what was found, except {@code keep} and (when not taking back) the current attempt's own article. */
    private int removeStrays(Delivery d, List<StrayArticles.Found> found, String keep) {
        int removed = 0;
        for (StrayArticles.Found f : found) {
            boolean ours = f.marker().equals(d.marker());
            if (f.articleId().equals(keep) || (ours && keep == null && !d.takingBack())) {
                continue; // the current attempt's own article: adopted by the caller, not removed
            }
            removed += removeStray(d, f.articleId()) ? 1 : 0;
        }
        return removed;
    }

    private boolean removeStray(Delivery d, String articleId) {
        if (strays.remove(d.oaId, articleId) != StrayArticles.Removal.REMOVED) {
            return false;
        }
        log.info("Removed stray Zalo article {} of delivery {} (an unconfirmed create that went through)",
                articleId, d.id);
        plans.move(d.id, new Update().inc("zalo.strays", 1));
        d.plan.put("strays", d.count("strays") + 1); // what the rest of this run holds
        return true;
    }

    private Outcome fail(Delivery d, String reasonCode, String reason) {
        // FAILED and the plan's failure in one write; then take back whatever an unconfirmed create may have left.
        return reportAndMove(d, DeliveryStatus.FAILED, reasonCode, reason, null, new Update().set("zalo.phase", "FAILED")
                .set("zalo.failure", new Document("code", reasonCode).append("reason", reason)), failed -> {
                    checkpoints.reached("failed.recorded", d.id);
                    return Outcome.again(failed);
                });
    }

    /** A transient failure: how long Zalo asks us to wait, else our backoff; before publication, through the kit. */
    private Outcome transientWait(Delivery d, ZaloCallException e, Update with) {
        int n = d.count("retries") + 1;
        Duration wait = waitAfter(d, e, n);
        // Recorded first: a kill right after leaves the plan where it was, with the wait already counted.
        if (!plans.move(d.id, with.set("zalo.retries", n))) {
            return Outcome.lost();
        }
        return waitFor(d, e.reasonCode(), e.officerReason(), wait);
    }

    private Duration waitAfter(Delivery d, ZaloCallException e, int n) {
        if (e.retryAfter() != null) {
            return e.retryAfter();
        }
        if (e.kind() == ZaloCallException.Kind.THROTTLED) {
            // Zalo's reset time, but never less than our backoff (a reset already past must not make a tight loop).
            Duration backoff = settings.delay(n);
            return quota.waitFor(d.oaId).map(wait -> wait.compareTo(backoff) < 0 ? backoff : wait)
                    .orElse(settings.rateLimitWait());
        }
        return settings.delay(n);
    }

    /**
     * A wait on the plan's due time; before publication it is also the kit's durable retry (RETRYING with the reason,
     * at least {@code wait}, FAILED when the window ends), which is what the officer sees.
     */
    private Outcome waitFor(Delivery d, String reasonCode, String reason, Duration wait) {
        if (!d.status().isTerminal() && !d.status().isAchieved()) {
            retries.schedule(d.request(json), new RetryLater(reasonCode, reason, wait));
        }
        return Outcome.waitFor(clock.instant().plus(wait));
    }

    private Outcome moved(Delivery d, Update update, Outcome then) {
        if (!plans.move(d.id, update)) {
            return Outcome.lost();
        }
        return then.kind == Outcome.Kind.AGAIN ? Outcome.again(d.with(update)) : then;
    }

    private static String articleIdOf(JsonNode answer) {
        JsonNode data = answer.path("data");
        String id = data.hasNonNull("id") ? data.path("id").asString() : data.path("article_id").asString(null);
        return id == null || id.isBlank() ? null : id;
    }

    /** What the previous attempt's plan may have left on the OA without our knowing: watched by the new plan. */
    private List<Document> carriedOver(String deliveryId, Document previous) {
        List<Document> carried = new ArrayList<>();
        if (previous == null || previous.get("article") == null) {
            return carried;
        }
        Delivery old = new Delivery(new Document("_id", deliveryId).append("attempt", previous.getInteger("attempt", 1))
                .append("status", "DISPATCHED"), previous);
        carried.addAll(old.unconfirmed());
        boolean unsure = Set.of("CREATING", "CREATE_UNCONFIRMED").contains(old.phase())
                || (old.token() != null && old.articleId() == null)
                || (old.articleId() != null && previous.get("removed") == null);
        if (unsure) {
            carried.add(new Document("marker", old.marker()).append("title", old.title()).append("at", new Date()));
        }
        return carried;
    }

    private Date now() {
        return Date.from(clock.instant());
    }

    // ---- sweeper and lifecycle -------------------------------------------------------------------------------------

    /** One pass: due plans (their lease free or expired), and now and then the plans nothing would run again. */
    void sweep() {
        Instant now = clock.instant();
        if (!now.isBefore(nextRenewal)) {
            nextRenewal = now.plus(settings.lease().dividedBy(3));
            plans.renew(running.keySet());
        }
        if (!now.isBefore(nextOrphanScan)) {
            nextOrphanScan = now.plus(settings.orphanInterval());
            recoverOrphans();
        }
        // Held runs wait on a timer, not on a worker: they leave room for due plans.
        int room = Math.max(0, settings.threads() * 2 - (running.size() - held.size()));
        if (room == 0) {
            return;
        }
        for (String id : plans.due(room)) {
            if (!running.containsKey(id)) {
                submit(id);
            }
        }
    }

    private void recoverOrphans() {
        for (Document doc : plans.recordedWithoutPlan(settings.orphanGrace(), 100)) {
            try {
                DeliveryRequested request = json.readValue(doc.get("request", Document.class).toJson(),
                        DeliveryRequested.class);
                if (request.attempt() == doc.getInteger("attempt", 1) && doc.get(DeliveryRetries.FIELD) == null) {
                    log.info("Delivery {} was recorded but never planned (a kill in between); planning it now",
                            request.deliveryId());
                    start(request);
                }
            } catch (RuntimeException e) {
                log.warn("Delivery {} has an unreadable stored request; left alone", doc.getString("_id"), e);
            }
        }
        List<String> stranded = plans.stranded(ACTIVE, FINAL, 100);
        if (!stranded.isEmpty()) {
            log.info("Running {} Zalo plans that had no due time (left by a previous version or a kill)", stranded.size());
        }
        stranded.forEach(plans::dueNow);
    }

    @Override
    public void start() {
        workers = workers(settings.threads());
        timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("zalo-workflow-timer").daemon()
                .factory());
        timers.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                if (timers != null) {
                    log.warn("Zalo workflow sweep failed: {}", e.toString());
                }
            }
        }, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ExecutorService pool = workers;
        ScheduledExecutorService timer = timers;
        workers = null;
        timers = null;
        if (pool != null) {
            timer.shutdownNow();
            // Interrupts calls in flight: their steps stay recorded as "in flight", their leases expire, and the
            // next start (or another instance) continues from the store.
            pool.shutdownNow();
            zalo.cancelInterruptedCalls();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recordHeldTokens();
            running.clear();
            held.clear();
            seeds.clear();
        }
    }

    /**
     * At a graceful stop, the held runs' create tokens that are only in memory are written (with ACCEPTED), so the next
     * start verifies them instead of looking them up (a kill still leaves CREATING: looked up). Their leases are left
     * to expire and their due times are in the past: the next start, or another instance, runs them.
     */
    private void recordHeldTokens() {
        Instant deadline = clock.instant().plusSeconds(5);
        for (Delivery d : held.values()) {
            if (d.unrecorded() == null) {
                continue;
            }
            if (clock.instant().isAfter(deadline)) {
                log.info("Zalo workflow stopping: tokens of {} held runs not written; they are looked up at the next"
                        + " start", held.values().stream().filter(h -> h.unrecorded() != null).count());
                return;
            }
            try {
                recordToken(d);
            } catch (RuntimeException e) {
                log.info("Delivery {}: its token was not written at the stop ({}); it is looked up at the next start",
                        d.id, e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return workers != null;
    }

    // ---- values ---------------------------------------------------------------------------------------------------

    /**
     * What a run does next: go on at once, wait until a due time (HOLD: keeping the lease, if the wait is short),
     * stop (nothing left), stop (lease lost), or stop (the step's write released the plan already). {@code next}:
     * the delivery as the step left it (its writes applied); {@code with}: a change of the plan written together with
     * the release.
     */
    private record Outcome(Kind kind, Instant dueAt, Delivery next, Update with) {
        enum Kind { AGAIN, WAIT, HOLD, IDLE, LOST, RELEASED }

        static Outcome again() {
            return new Outcome(Kind.AGAIN, null, null, null);
        }

        static Outcome again(Delivery next) {
            return new Outcome(Kind.AGAIN, null, next, null);
        }

        static Outcome waitFor(Instant dueAt) {
            return new Outcome(Kind.WAIT, dueAt, null, null);
        }

        static Outcome hold(Delivery next, Instant dueAt) {
            return new Outcome(Kind.HOLD, dueAt, next, null);
        }

        static Outcome idle() {
            return new Outcome(Kind.IDLE, null, null, null);
        }

        static Outcome lost() {
            return new Outcome(Kind.LOST, null, null, null);
        }

        /** The step's own write ended the run and let the plan go (due again at {@code dueAt}, null: never). */
        static Outcome released(Instant dueAt) {
            return new Outcome(Kind.RELEASED, dueAt, null, null);
        }

        /** The same end of the run, with this change of the plan written in the release. */
        Outcome releasing(Update change) {
            return new Outcome(kind, dueAt, next, change);
        }
    }

    /** A first attempt just recorded by the kit: its request, the document as recorded, its checked article. */
    /** The workflow's workers: a fixed pool whose waiting runs are ordered as {@link Step}s order themselves. */
    static ExecutorService workers(int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                Thread.ofPlatform().name("zalo-workflow-", 1).daemon().factory());
    }

    /**
     * A run waiting for a worker. Held runs resuming after a quick poll go first, then the others in the order they
     * came: a campaign's verify polls do not queue behind its thousands of creates still waiting, so its articles go
     * live (and their leases end) while later deliveries are created, instead of all at the end.
     */
    record Step(boolean resumed, long sequence, Runnable work) implements Runnable, Comparable<Step> {

        @Override
        public void run() {
            work.run();
        }

        @Override
        public int compareTo(Step other) {
            return resumed != other.resumed ? (resumed ? -1 : 1) : Long.compare(sequence, other.sequence);
        }
    }

    private record Seed(DeliveryRequested request, Document recorded, Map<String, Object> article) {

        /** The delivery document as the kit's dispatcher inserted it (without reading it back). */
        static Document recorded(DeliveryRequested request) {
            return new Document("_id", request.deliveryId()).append("campaignId", request.campaignId())
                    .append("agencyId", request.agencyId()).append("endpointId", request.endpointId())
                    .append("externalId", request.externalId()).append("attempt", request.attempt())
                    .append("status", DeliveryStatus.DISPATCHED.name());
        }
    }

    /** A delivery document and its plan, read together. */
    static final class Delivery {
        final Document doc;
        final Document plan;
        final String id;
        final String oaId;
        final DeliveryRef ref;
        /**
         * A change of the plan this run holds only in memory (the create's token over the quick verify polls), to go
         * with its next status write; empty when the store has everything. Shared by every copy this run derives
         * (with, reported): the write that records it empties it for all of them, so a copy the run still holds
         * after a step that wrote it (steps whose outcome carries no delivery) never records it twice.
         */
        private final java.util.concurrent.atomic.AtomicReference<Update> unrecorded;
        private DeliveryRequested request;

        Delivery(Document doc, Document plan) {
            this(doc, plan, null);
        }

        Delivery(Document doc, Document plan, DeliveryRequested request) {
            this(doc, plan, request, new java.util.concurrent.atomic.AtomicReference<>());
        }

        private Delivery(Document doc, Document plan, DeliveryRequested request,
                         java.util.concurrent.atomic.AtomicReference<Update> unrecorded) {
            this.unrecorded = unrecorded;
            this.request = request;
            this.doc = doc;
            this.plan = plan;
            this.id = doc.getString("_id");
            this.oaId = doc.getString("externalId");
            this.ref = new DeliveryRef(id, doc.getString("campaignId"), doc.getString("agencyId"),
                    doc.getString("endpointId"), doc.getInteger("attempt", 1));
        }

        /**
         * This delivery after a write of ours: {@code $set}, {@code $unset} and {@code $inc} of the plan
         * ({@code zalo.*}) and of the document applied to copies, so that nothing just written is read back.
         */
        Delivery with(Update update) {
            Document nextDoc = new Document(doc);
            Document nextPlan = plan == null ? new Document() : new Document(plan);
            Document ops = update.getUpdateObject();
            ops.forEach((op, fields) -> ((Document) fields).forEach((key, value) -> {
                Document target = key.startsWith("zalo.") ? nextPlan : nextDoc;
                String field = key.startsWith("zalo.") ? key.substring("zalo.".length()) : key;
                switch (op) {
                    case "$set" -> target.put(field, value);
                    case "$unset" -> target.remove(field);
                    case "$inc" -> target.put(field, ((Number) target.getOrDefault(field, 0)).intValue()
                            + ((Number) value).intValue());
                    default -> { // $push of the kit's outbox: not part of what the workflow reads
                    }
                }
            }));
            nextDoc.put("zalo", nextPlan);
            return new Delivery(nextDoc, nextPlan, request, unrecorded);
        }

        /** This delivery after {@code change}, made in memory only (see {@link #unrecorded}). */
        Delivery withUnrecorded(Update change) {
            Delivery next = with(change);
            return new Delivery(next.doc, next.plan, request, new java.util.concurrent.atomic.AtomicReference<>(change));
        }

        /** What this run holds only in memory, or null. */
        Update unrecorded() {
            return unrecorded.get();
        }

        /** The in-memory change is in the store now (written with a status, or with the plan). */
        void recorded() {
            unrecorded.set(null);
        }

        /** This delivery after a status report of ours (the kit's write) that also moved the plan. */
        Delivery reported(DeliveryStatus status, String reasonCode, String reason, String externalRef, Update planMove) {
            Delivery next = with(planMove); // a status write carries what the run held in memory: recorded() by callers
            next.doc.put("status", status.name());
            next.doc.put("attempt", ref.attempt());
            if (reasonCode != null) {
                next.doc.put("reasonCode", reasonCode);
                next.doc.put("reason", reason);
            }
            if (externalRef != null) {
                next.doc.put("externalRef", externalRef);
            }
            if (status.isTerminal() || status.isAchieved()) {
                next.doc.remove(DeliveryRetries.FIELD);
            }
            return next;
        }

        DeliveryStatus status() {
            return DeliveryStatus.valueOf(doc.getString("status"));
        }

        String phase() {
            return plan.getString("phase");
        }

        /** Retracted, or ended unpublished: the plan only takes back what it may have put on the OA. */
        boolean takingBack() {
            DeliveryStatus status = status();
            boolean adopted = articleId() != null && PUBLISHED_PHASES.contains(phase());
            return plan.get("retracted") != null || status == DeliveryStatus.CANCELLED || "REMOVING".equals(phase())
                    || ((status == DeliveryStatus.EXPIRED || status == DeliveryStatus.FAILED) && !adopted);
        }

        DeliveryRequested request(JsonMapper json) {
            if (request == null) {
                request = json.readValue(doc.get("request", Document.class).toJson(), DeliveryRequested.class);
            }
            return request;
        }

        Instant windowEnd(JsonMapper json) {
            try {
                Window window = request(json).window();
                return window == null || window.endsAt() == null ? null : Instant.parse(window.endsAt());
            } catch (DateTimeParseException | IllegalArgumentException e) {
                return null;
            }
        }

        Document article() {
            return plan.get("article", Document.class);
        }

        String title() {
            return article().getString("title");
        }

        String marker() {
            return ArticleContent.marker(id, plan.getInteger("attempt", ref.attempt()));
        }

        String token() {
            return plan.getString("token");
        }

        String articleId() {
            return plan.getString("articleId");
        }

        int count(String field) {
            return plan.getInteger(field, 0);
        }

        Date date(String field) {
            return plan.getDate(field);
        }

        Instant instant(String field, Instant fallback) {
            Date date = plan.getDate(field);
            return date == null ? fallback : date.toInstant();
        }

        @SuppressWarnings("unchecked")
        List<Document> unconfirmed() {
            List<Document> list = (List<Document>) plan.get("unconfirmed");
            return list == null ? new ArrayList<>() : new ArrayList<>(list);
        }

        boolean hasUnconfirmed() {
            return !unconfirmed().isEmpty();
        }

        /** The list with this reference in it (once; the latest time it may have been created). */
        List<Document> unconfirmedWith(String marker, String title, Date at) {
            Map<String, Document> byMarker = new LinkedHashMap<>();
            unconfirmed().forEach(u -> byMarker.put(u.getString("marker"), u));
            Document existing = byMarker.get(marker);
            if (existing == null || existing.getDate("at").before(at)) {
                byMarker.put(marker, new Document("marker", marker).append("title", title).append("at", at));
            }
            return new ArrayList<>(byMarker.values());
        }

        /**
         * References to look for: the unconfirmed ones still within the horizon, and (looking up a lost create)
         * the current attempt's own, whatever its age.
         */
        List<StrayArticles.Wanted> wanted(Duration horizon, Instant now, boolean includeCurrent) {
            List<StrayArticles.Wanted> wanted = new ArrayList<>(wanted(unconfirmed(), horizon, now));
            if (includeCurrent && wanted.stream().noneMatch(w -> w.marker().equals(marker()))) {
                wanted.add(new StrayArticles.Wanted(marker(), title(), instant("unconfirmedAt",
                        instant("createStartedAt", now))));
            }
            return wanted;
        }

        static List<StrayArticles.Wanted> wanted(List<Document> unconfirmed, Duration horizon, Instant now) {
            return unconfirmed.stream().filter(u -> u.getDate("at").toInstant().plus(horizon).isAfter(now))
                    .map(u -> new StrayArticles.Wanted(u.getString("marker"), u.getString("title"),
                            u.getDate("at").toInstant())).toList();
        }
    }
}
