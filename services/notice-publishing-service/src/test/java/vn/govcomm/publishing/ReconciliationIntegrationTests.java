package vn.govcomm.publishing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.publications.Publications;
import vn.govcomm.publishing.reconciliation.Reconciler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.publishing.TestStack.KAFKA;
import static vn.govcomm.publishing.TestStack.MONGO;

/**
 * The reconciliation of deliveries whose adapter never answers, on an instance of its own (own database, own consumer
 * groups reading from the end, the shared broker): a round every 200 ms, re-requests after 4 s without an answer, at
 * most 2 per delivery. A stand-in adapter reads {@code delivery.requests.<channel>} in an adapter's consumer group,
 * answers what it gets with a PUBLISHED status on {@code delivery.status.<channel>}, and loses the requests it is
 * told to (consumed and committed, never processed: as a record lost on its way would be).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationIntegrationTests {

    static final String DATABASE = "publishing_reconcile";
    static final Duration NO_ANSWER_AFTER = Duration.ofSeconds(4);
    static final int MAX_RESENDS = 2;
    static final String REQUESTED = "vn.govcomm.delivery.requested.v1";
    static final String STATUS = "vn.govcomm.delivery.status-changed.v1";
    static final String ISSUER = Document.parse(Contracts.get().example("vn.govcomm.campaign.scheduled.v1"))
            .getString("issuingAgencyId");

    ConfigurableApplicationContext context;
    MongoTemplate mongo;
    Publications publications;
    Reconciler reconciler;
    MeterRegistry meters;
    String baseUrl;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<FakeAdapter> adapters = new ArrayList<>();

    @BeforeAll
    void startInstance() {
        String[] args = java.util.stream.Stream.of(
                "spring.config.name=" + NoticePublishingApplication.CONFIG_NAME,
                "spring.mongodb.database=" + DATABASE,
                "spring.mongodb.uri=" + MONGO.uri(DATABASE),
                "server.port=0",
                "spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                // groups of its own that start at the end: this instance sees only what the tests below send
                "govcomm.publishing.consumer-group=" + DATABASE,
                "spring.kafka.consumer.auto-offset-reset=latest",
                "govcomm.publishing.scheduler-interval=100ms",
                "govcomm.publishing.reconcile.interval=200ms",
                "govcomm.publishing.reconcile.no-answer-after=" + NO_ANSWER_AFTER.toMillis() + "ms",
                "govcomm.publishing.reconcile.max-resends=" + MAX_RESENDS,
                "govcomm.publishing.reconcile.page=7",
                "govcomm.identity.province-wide-agencies=so-noi-vu,ubnd-tinh,van-phong-ubnd-tinh",
                TestStack.callerKeysProperty(),
                "logging.level.org.apache.kafka=WARN").map(p -> "--" + p).toArray(String[]::new);
        context = new SpringApplicationBuilder(NoticePublishingApplication.class).run(args);
        mongo = context.getBean(MongoTemplate.class);
        publications = context.getBean(Publications.class);
        reconciler = context.getBean(Reconciler.class);
        meters = context.getBean(MeterRegistry.class);
        baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        KafkaListenerEndpointRegistry listeners = context.getBean(KafkaListenerEndpointRegistry.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.getListenerContainers().stream()
                .allMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty()));
    }

    @AfterAll
    void stopInstance() {
        adapters.forEach(FakeAdapter::close);
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aRequestLostOnItsWayToTheAdapterIsRequestedAgainOnceIdenticallyAndNotAfterItsAnswer() {
        String campaignId = campaign("drop");
        List<String> agencies = directory("rc-drop-a", "rc-drop-b");
        String answered = Deliveries.deliveryId(campaignId, 1, agencies.get(0), agencies.get(0) + ".portal");
        String lost = Deliveries.deliveryId(campaignId, 1, agencies.get(1), agencies.get(1) + ".portal");
        FakeAdapter adapter = adapter("portal", campaignId);
        adapter.loseFirst.add(lost);
        double reconciledBefore = reconciled("portal");

        TestStack.schedule(publications, TestStack.campaignScheduled(campaignId, agencies, List.of("portal"), Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS)), "evt-" + campaignId);

        awaitStatus(answered, "PUBLISHED");
        assertThat(delivery(lost).getString("status")).isEqualTo("DISPATCHED");
        // no answer for NO_ANSWER_AFTER: requested again, the adapter gets it this time and answers
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery(lost).getInteger("reconciliations", 0) == 1);
        awaitStatus(lost, "PUBLISHED");

        List<ConsumerRecord<String, byte[]>> copies = adapter.copies(lost);
        assertThat(copies).hasSize(2);
        assertSameRecord(copies.get(1), copies.get(0));
        Document request = Document.parse(IncomingEvent.from(copies.get(1)).dataAsString());
        assertThat(request.getString("deliveryId")).isEqualTo(lost);
        assertThat(request.getInteger("attempt")).isEqualTo(1);
        assertThat(IncomingEvent.from(copies.get(1)).id()).isEqualTo(UUID.nameUUIDFromBytes(("requested|" + lost + "|1")
                .getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(Contracts.get().validate(REQUESTED, request.toJson())).isEmpty();
        Document stored = delivery(lost);
        assertThat(stored.getDate("lastReconciledAt").toInstant())
                .isAfterOrEqualTo(stored.getDate("dispatchedAt").toInstant().plus(NO_ANSWER_AFTER));
        assertThat(adapter.copies(answered)).hasSize(1);
        assertThat(delivery(answered).get("reconciliations")).isNull();
        assertThat(reconciled("portal") - reconciledBefore).isEqualTo(1.0);

        // answered: never requested again, however many rounds pass
        long rounds = reconciler.rounds();
        await().during(NO_ANSWER_AFTER.plusSeconds(1)).atMost(NO_ANSWER_AFTER.plusSeconds(5))
                .until(() -> adapter.copies(lost).size() == 2 && adapter.copies(answered).size() == 1);
        assertThat(reconciler.rounds()).isGreaterThan(rounds + 10);
        assertThat(delivery(lost).getInteger("reconciliations")).isEqualTo(1);
        assertThat(reconciled("portal") - reconciledBefore).isEqualTo(1.0);
    }

    @Test
    void aDeliveryItsChannelNeverAnswersIsRequestedAtMostMaxTimesThenShownAndCountedAsUnanswered() throws Exception {
        String campaignId = campaign("dead");
        List<String> agencies = directory("rc-dead-a");
        String silent = Deliveries.deliveryId(campaignId, 1, agencies.get(0), agencies.get(0) + ".zalo");
        FakeAdapter adapter = adapter("zalo", campaignId);
        adapter.lose.add(silent);

        TestStack.schedule(publications, TestStack.campaignScheduled(campaignId, agencies, List.of("zalo"), Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS)), "evt-" + campaignId);

        await().atMost(Duration.ofSeconds(40)).until(() -> delivery(silent) != null
                && delivery(silent).getInteger("reconciliations", 0) == MAX_RESENDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> adapter.copies(silent).size() == 1 + MAX_RESENDS);
        List<ConsumerRecord<String, byte[]>> copies = adapter.copies(silent);
        copies.subList(1, copies.size()).forEach(copy -> assertSameRecord(copy, copies.getFirst()));

        // the progress API and the board's marker
        Document progress = Document.parse(get("/api/publications/" + campaignId));
        assertThat(progress.get("unanswered", Number.class).longValue()).isEqualTo(1);
        Document listed = deliveries(campaignId).getFirst();
        assertThat(listed.getString("noAnswerSince")).isNotNull().isEqualTo(listed.getString("dispatchedAt"));
        assertThat(listed.getString("lastReconciledAt")).isNotNull();
        assertThat(listed.getInteger("reconciliations")).isEqualTo(MAX_RESENDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> unanswered("zalo") == 1.0);

        // no more re-requests after MAX_RESENDS: it stays DISPATCHED and counted
        long rounds = reconciler.rounds();
        await().during(NO_ANSWER_AFTER.plusSeconds(2)).atMost(NO_ANSWER_AFTER.plusSeconds(6))
                .until(() -> adapter.copies(silent).size() == 1 + MAX_RESENDS && unanswered("zalo") == 1.0);
        assertThat(reconciler.rounds()).isGreaterThan(rounds + 10);
        assertThat(delivery(silent).getString("status")).isEqualTo("DISPATCHED");

        // a late answer settles it: no longer unanswered, on the board or in the gauge
        adapter.answer(Document.parse(IncomingEvent.from(copies.getFirst()).dataAsString()));
        awaitStatus(silent, "PUBLISHED");
        assertThat(Document.parse(get("/api/publications/" + campaignId)).get("unanswered", Number.class).longValue())
                .isZero();
        assertThat(deliveries(campaignId).getFirst().get("noAnswerSince")).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> unanswered("zalo") == 0.0);
    }

    @Test
    void deliveriesOfACancelledSupersededOrEndedPublicationAreNeverRequestedAgain() {
        // Requests that never reached an adapter (recorded DISPATCHED an hour ago, never sent), one per publication.
        // The stopped publications' retraction passes are held by another instance's lease, so their deliveries
        // stay DISPATCHED while the reconciler runs: the moment a cancellation or window end is being worked on.
        Map<String, Document> stopped = Map.of(
                "CANCELLING", new Document("leaseOwner", "another-instance").append("leaseUntil", hoursFromNow(1)),
                "CANCELLED", new Document(),
                "SUPERSEDING", new Document("leaseOwner", "another-instance").append("leaseUntil", hoursFromNow(1)),
                "SUPERSEDED", new Document(),
                "CLOSING", new Document("leaseOwner", "another-instance").append("leaseUntil", hoursFromNow(1)),
                "CLOSED", new Document(),
                // still EXPANDED, but its window has ended by the clock (the scheduler closes it: EXPIRED, retracted)
                "EXPANDED", new Document("windowEndsAt", Date.from(Instant.now().minusSeconds(1))));
        List<String> stoppedIds = new ArrayList<>();
        stopped.forEach((state, fields) -> {
            String campaignId = campaign("stopped-" + state.toLowerCase());
            stoppedIds.add(seed(campaignId, "facebook", directory("rc-stopped-" + state.toLowerCase()), state, fields, 0, null)
                    .getFirst());
        });
        String control = seed(campaign("running"), "facebook", directory("rc-running"), "EXPANDED", new Document(), 0, null)
                .getFirst();

        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(control).getInteger("reconciliations", 0) == 1);
        long rounds = reconciler.rounds();
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.rounds() > rounds + 5);

        List<ConsumerRecord<String, byte[]>> requests = TestStack.readAll("delivery.requests.facebook",
                r -> REQUESTED.equals(IncomingEvent.from(r).type())
                        && (control.equals(IncomingEvent.from(r).subject()) || stoppedIds.contains(IncomingEvent.from(r).subject())),
                Duration.ofSeconds(2));
        assertThat(requests).extracting(r -> IncomingEvent.from(r).subject()).containsExactly(control);
        assertThat(Contracts.get().validate(REQUESTED, IncomingEvent.from(requests.getFirst()).dataAsString())).isEmpty();
        assertThat(stoppedIds).allSatisfy(id -> assertThat(delivery(id).get("reconciliations")).as(id).isNull());
        // the window-ended one was expired by the scheduler, not re-requested; the others wait for their passes
        await().atMost(Duration.ofSeconds(10)).until(() -> stoppedIds.stream()
                .filter(id -> "EXPIRED".equals(delivery(id).getString("status"))).count() == 1);
    }

    @Test
    void twoReconcilerRunsAtOnceRequestEachDeliveryOnce() throws Exception {
        // 40 deliveries re-requested once already, an hour ago; one re-request left each (MAX_RESENDS = 2). The
        // publication is not going out yet; it starts (EXPANDED) just as two rounds start at once, beside the
        // instance's own scheduled round.
        String campaignId = campaign("race");
        List<String> agencies = directory(IntStream.range(0, 40).mapToObj(i -> "rc-race-" + i).toArray(String[]::new));
        List<String> ids = seed(campaignId, "led", agencies, "SCHEDULED", new Document(), 1, hoursFromNow(-1));
        double before = reconciled("led");

        CyclicBarrier start = new CyclicBarrier(3);
        List<CompletableFuture<Reconciler.Round>> runs = new ArrayList<>();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        for (int i = 0; i < 2; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                arrive(start);
                return reconciler.reconcile();
            }, threads));
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(campaignId + ":v1")), new Update().set("state", "EXPANDED"),
                "publications");
        arrive(start);
        List<Reconciler.Round> rounds = runs.stream().map(CompletableFuture::join).toList();
        threads.shutdown();

        await().atMost(Duration.ofSeconds(10)).until(() -> reconciled("led") - before == ids.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream()
                .allMatch(id -> delivery(id).getInteger("reconciliations") == MAX_RESENDS));
        assertThat(rounds).allSatisfy(r -> assertThat(r.resent()).isLessThanOrEqualTo(ids.size()));
        List<String> sent = TestStack.readAll("delivery.requests.led",
                r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"" + campaignId + "\""), Duration.ofSeconds(2))
                .stream().map(r -> IncomingEvent.from(r).subject()).toList();
        assertThat(sent).hasSize(ids.size()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(reconciled("led") - before).isEqualTo(ids.size());
    }

    // ------------------------------------------------------------------------------------------ helpers

    static String campaign(String name) {
        return "cmp-rc-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Directory replica entries (one endpoint per channel each) for the agencies, written straight to the store. */
    List<String> directory(String... agencies) {
        for (String agency : agencies) {
            if (mongo.findById(agency, Document.class, "agencies") == null) {
                mongo.insert(TestStack.replicaEntry(agency), "agencies");
            }
        }
        return List.of(agencies);
    }

    /**
     * A publication in {@code state} (with {@code fields}) and its deliveries on {@code channel}, recorded DISPATCHED an
     * hour ago as the fan-out records them, whose requests never went out.
     */
    List<String> seed(String campaignId, String channel, List<String> agencies, String state, Document fields,
                      int reconciliations, Date lastReconciledAt) {
        Instant publishAt = Instant.now().plus(1, ChronoUnit.DAYS); // the scheduler does not claim it as SCHEDULED
        TestStack.schedule(publications, TestStack.campaignScheduled(campaignId, agencies, List.of(channel), publishAt,
                publishAt.plus(30, ChronoUnit.DAYS)), "evt-" + campaignId);
        Date anHourAgo = Date.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS));
        List<String> ids = new ArrayList<>();
        List<Document> documents = new ArrayList<>();
        for (String agency : agencies) {
            String id = Deliveries.deliveryId(campaignId, 1, agency, agency + "." + channel);
            ids.add(id);
            Document delivery = new Document("_id", id).append("campaignId", campaignId).append("noticeVersion", 1)
                    .append("agencyId", agency).append("channel", channel).append("endpointId", agency + "." + channel)
                    .append("externalId", channel + "-" + agency).append("status", "DISPATCHED").append("attempt", 1)
                    .append("publishAt", anHourAgo).append("requestedAt", anHourAgo).append("dispatchedAt", anHourAgo);
            if (reconciliations > 0) {
                delivery.append("reconciliations", reconciliations).append("lastReconciledAt", lastReconciledAt);
            }
            documents.add(delivery);
        }
        mongo.getCollection("deliveries").insertMany(documents);
        Document set = new Document("state", state);
        if (!"SCHEDULED".equals(state)) { // went out an hour ago
            set.append("publishAt", hoursFromNow(-1)).append("expandedTargets", agencies.size())
                    .append("deliveries", agencies.size()).append("dispatched", agencies.size());
        }
        set.putAll(fields);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(campaignId + ":v1")), Update.fromDocument(new Document("$set", set)),
                "publications");
        return ids;
    }

    static Date hoursFromNow(int hours) {
        return Date.from(Instant.now().plus(hours, ChronoUnit.HOURS));
    }

    Document delivery(String id) {
        return mongo.findById(id, Document.class, "deliveries");
    }

    void awaitStatus(String deliveryId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery(deliveryId) != null
                && status.equals(delivery(deliveryId).getString("status")));
    }

    double reconciled(String channel) {
        Counter counter = meters.find("govcomm.deliveries.reconciled").tag("channel", channel).counter();
        return counter == null ? 0 : counter.count();
    }

    double unanswered(String channel) {
        Gauge gauge = meters.find("govcomm.deliveries.unanswered").tag("channel", channel).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", TestStack.bearer("le.van.hung", ISSUER, "viewer")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    List<Document> deliveries(String campaignId) throws Exception {
        return Document.parse("{\"list\": " + get("/api/publications/" + campaignId + "/deliveries") + "}")
                .getList("list", Document.class);
    }

    /** The same record: key, value and every CloudEvents header (ce_id, ce_time, ...) byte for byte. */
    static void assertSameRecord(ConsumerRecord<String, byte[]> copy, ConsumerRecord<String, byte[]> original) {
        assertThat(copy.topic()).isEqualTo(original.topic());
        assertThat(copy.key()).isEqualTo(original.key());
        assertThat(new String(copy.value(), StandardCharsets.UTF_8)).isEqualTo(new String(original.value(), StandardCharsets.UTF_8));
        assertThat(headers(copy)).isEqualTo(headers(original));
    }

    static List<String> headers(ConsumerRecord<String, byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    static void arrive(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    FakeAdapter adapter(String channel, String campaignId) {
        FakeAdapter adapter = new FakeAdapter(channel, campaignId);
        adapters.add(adapter);
        return adapter;
    }

    /**
     * Stands in for a channel adapter: consumes {@code delivery.requests.<channel>} in a consumer group of its own,
     * keeps every request of its campaign it gets, and answers each with PUBLISHED (same delivery, same attempt) on
     * {@code delivery.status.<channel>} — except the requests it loses: consumed and committed, never processed.
     */
    static final class FakeAdapter implements AutoCloseable {
        final String channel;
        final String campaignId;
        /** Deliveries whose every request is lost on its way. */
        final Set<String> lose = ConcurrentHashMap.newKeySet();
        /** Deliveries whose first request is lost on its way. */
        final Set<String> loseFirst = ConcurrentHashMap.newKeySet();
        final List<ConsumerRecord<String, byte[]>> received = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private final Thread thread;

        FakeAdapter(String channel, String campaignId) {
            this.channel = channel;
            this.campaignId = campaignId;
            this.thread = Thread.ofPlatform().daemon().name("fake-" + channel + "-adapter").start(this::run);
        }

        private void run() {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    "bootstrap.servers", KAFKA.bootstrapServers(),
                    "group.id", "reconcile-it." + channel + "-adapter." + UUID.randomUUID(),
                    "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of("delivery.requests." + channel));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        handle(record);
                    }
                }
            }
        }

        private void handle(ConsumerRecord<String, byte[]> record) {
            IncomingEvent event = IncomingEvent.from(record);
            if (!REQUESTED.equals(event.type())) {
                return;
            }
            Document request = Document.parse(event.dataAsString());
            if (!campaignId.equals(request.getString("campaignId"))) {
                return;
            }
            received.add(record);
            String deliveryId = request.getString("deliveryId");
            if (lose.contains(deliveryId) || loseFirst.remove(deliveryId)) {
                return; // lost on its way: never processed, never answered
            }
            answer(request);
        }

        /** Reports PUBLISHED for the request's delivery and attempt, as the adapter would after publishing it. */
        void answer(Document request) {
            Document report = Document.parse(Contracts.get().example(STATUS));
            for (String field : List.of("deliveryId", "campaignId", "agencyId", "channel", "endpointId", "attempt")) {
                report.put(field, request.get(field));
            }
            report.put("status", "PUBLISHED");
            report.put("occurredAt", Instant.now().toString());
            String json = report.toJson();
            TestStack.send("delivery.status." + channel, request.getString("deliveryId"), STATUS,
                    request.getString("deliveryId"), json);
        }

        List<ConsumerRecord<String, byte[]>> copies(String deliveryId) {
            return received.stream().filter(r -> deliveryId.equals(IncomingEvent.from(r).subject())).toList();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
