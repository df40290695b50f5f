package vn.govcomm.reporting.projections;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.reporting.projections.DeliveryProjection.Change;
import vn.govcomm.reporting.projections.DeliveryProjectionTests.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.govcomm.reporting.projections.DeliveryProjectionTests.agencyDocuments;
import static vn.govcomm.reporting.projections.DeliveryProjectionTests.history;

/**
 * The delivery projection fed a whole poll at a time ({@link DeliveryProjection#recordAll}), as the listeners do:
 * the same rows, counters and per-agency documents as one event at a time, in a few store commands per batch.
 */
class DeliveryBatchTests {

    /** Store commands a batch of requests and statuses may cost, per delivery event (one at a time: 4.1–4.75). */
    static final double MAX_COMMANDS_PER_EVENT = 0.05;

    static final EmbeddedMongo COUNTED_MONGO = EmbeddedMongo.inMemory();
    static final MongoClient CLIENT = MongoClients.create(COUNTED_MONGO.uri(""));

    @AfterAll
    static void close() {
        CLIENT.close();
        COUNTED_MONGO.close();
    }

    static MongoTemplate mongo(String database) {
        return new MongoTemplate(CLIENT, database);
    }

    static DeliveryProjection projection(String database) {
        return new DeliveryProjection(mongo(database));
    }

    static List<Document> rows(String database) {
        return mongo(database).findAll(Document.class, ReadModels.DELIVERIES).stream()
                .sorted(java.util.Comparator.comparing(d -> d.getString("_id"))).toList();
    }

    static Document counts(String database) {
        return numbers(mongo(database).findById("cmp-1", Document.class, ReadModels.COUNTS));
    }

    static Change change(Event e) {
        String agencyId = DeliveryProjectionTests.agencyOf(e.deliveryId());
        Document data = new Document("deliveryId", e.deliveryId()).append("campaignId", "cmp-1")
                .append("agencyId", agencyId).append("channel", e.channel()).append("endpointId", agencyId + "." + e.channel())
                .append("attempt", e.attempt());
        if (e.status() == DeliveryStatus.FAILED) {
            data.append("reasonCode", "FB_TOKEN_EXPIRED").append("reason", "Mã truy cập đã hết hạn");
        }
        if (e.status() == DeliveryStatus.DISPATCHED) {
            return new Change(DeliveryProjectionTests.request(data.append("noticeVersion", 1)
                    .append("endpointName", "Trang của " + agencyId)), e.status(), e.at());
        }
        return new Change(DeliveryProjectionTests.event(data), e.status(), e.at());
    }

    /** Requests and statuses of N deliveries (request, ACCEPTED, PUBLISHED each), shuffled. */
    static List<Change> requestsAndStatuses(int deliveries, long seed) {
        Instant t = Instant.parse("2025-02-03T01:00:00Z");
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            String id = "dlv-" + i;
            String channel = List.of("portal", "facebook", "zalo", "led").get(i % 4);
            changes.add(change(new Event(id, channel, DeliveryStatus.DISPATCHED, 1, t)));
            changes.add(change(new Event(id, channel, DeliveryStatus.ACCEPTED, 1, t.plusSeconds(1))));
            changes.add(change(new Event(id, channel, DeliveryStatus.PUBLISHED, 1, t.plusSeconds(2))));
        }
        Collections.shuffle(changes, new Random(seed));
        return changes;
    }

    @Test
    void aBatchOfRequestsAndStatusesCostsAFewStoreCommandsInsteadOfFourPerEvent() {
        Map<String, Integer> commands = new TreeMap<>();
        AtomicBoolean counting = new AtomicBoolean();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (counting.get()) {
                    commands.merge(event.getCommandName() + " " + event.getCommand().get(event.getCommandName()).asString()
                            .getValue(), 1, Integer::sum);
                }
            }
        };
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(COUNTED_MONGO.uri(""))).addCommandListener(listener).build())) {
            MongoTemplate mongo = new MongoTemplate(client, "counted");
            DeliveryProjection projection = new DeliveryProjection(mongo);
            int deliveries = 160; // 480 events: one poll of max.poll.records (500)
            List<Change> batch = requestsAndStatuses(deliveries, 7);

            counting.set(true);
            projection.recordAll(batch);
            counting.set(false);

            int total = commands.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("%d delivery events in one batch: %d store commands (%.3f per event, %.3f per delivery) %s%n",
                    batch.size(), total, (double) total / batch.size(), (double) total / deliveries, commands);
            assertThat((double) total / batch.size()).as("store commands per delivery event: %s", commands)
                    .isLessThanOrEqualTo(MAX_COMMANDS_PER_EVENT);
            Document counts = mongo.findById("cmp-1", Document.class, ReadModels.COUNTS);
            assertThat(counts.get("total", Number.class).intValue()).isEqualTo(deliveries);
            assertThat(counts.get("byStatus", Document.class).get("PUBLISHED", Number.class).intValue()).isEqualTo(deliveries);
            assertThat(CampaignAgencies.ids(mongo, "cmp-1")).hasSize(deliveries / 4);
        }
    }

    @Test
    void severalStatusesOfADeliveryInOneBatchOutOfOrderGiveTheSameRowsAndCountsAsOneByOne() {
        DeliveryProjection oneByOne = projection("batch-reference");
        history().forEach(e -> oneByOne.recordAll(List.of(change(e))));
        for (long seed = 21; seed <= 23; seed++) {
            List<Change> events = new ArrayList<>(history().stream().map(DeliveryBatchTests::change).toList());
            events.addAll(history().stream().map(DeliveryBatchTests::change).toList());
            Collections.shuffle(events, new Random(seed));
            String whole = "batch-whole" + seed;
            projection(whole).recordAll(events);
            String split = "batch-split" + seed;
            DeliveryProjection batches = projection(split);
            Random sizes = new Random(seed);
            for (int from = 0; from < events.size(); ) {
                int to = Math.min(events.size(), from + 1 + sizes.nextInt(15));
                batches.recordAll(events.subList(from, to));
                from = to;
            }
            for (String database : List.of(whole, split)) {
                assertThat(rows(database)).as("%s rows", database).isEqualTo(rows("batch-reference"));
                assertThat(counts(database)).as("%s counts", database).isEqualTo(counts("batch-reference"));
                assertThat(agencyDocuments(mongo(database))).as("%s per agency", database)
                        .isEqualTo(agencyDocuments(mongo("batch-reference")));
            }
        }
        // the history has deliveries whose events are all in one batch out of order, e.g. PUBLISHED before FAILED
        Document resent = rows("batch-whole21").stream().filter(r -> r.getString("_id").equals("dlv-1")).findFirst().orElseThrow();
        assertThat(resent.getString("status")).isEqualTo("PUBLISHED");
        assertThat(resent.getInteger("attempt")).isEqualTo(2);
        assertThat(resent.getString("endpointName")).isEqualTo("Trang của agency-0");
    }

    /**
     * Two writers (the request and the status listener, or two instances) write overlapping batches of the same
     * deliveries at the same moment, first creating the rows (requests against ACCEPTED), then moving them
     * (PUBLISHED against CANCELLED, which ends everything): their compare-and-sets lose to each other, are read again
     * and refolded, and every move is counted once: the counters equal a recount of the rows.
     */
    @Test
    void concurrentBatchesOfTheSameDeliveriesCountEveryMoveOnce() throws Exception {
        AtomicInteger rowWrites = new AtomicInteger();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("update")
                        && event.getCommand().getString("update").getValue().equals(ReadModels.DELIVERIES)) {
                    rowWrites.incrementAndGet();
                }
            }
        };
        int rounds = 5;
        int deliveries = 40;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(COUNTED_MONGO.uri(""))).addCommandListener(listener).build())) {
            for (int round = 0; round < rounds; round++) {
                MongoTemplate mongo = new MongoTemplate(client, "batch-race" + round);
                DeliveryProjection first = new DeliveryProjection(mongo);
                DeliveryProjection second = new DeliveryProjection(mongo);
                List<Change> events = requestsAndStatuses(deliveries, round);
                race(writers, first, only(events, DeliveryStatus.DISPATCHED), second, only(events, DeliveryStatus.ACCEPTED));
                List<Change> cancelled = only(events, DeliveryStatus.PUBLISHED).stream()
                        .map(c -> new Change(c.event(), DeliveryStatus.CANCELLED, c.at())).toList();
                race(writers, first, only(events, DeliveryStatus.PUBLISHED), second, cancelled);

                Document incremental = numbers(mongo.findById("cmp-1", Document.class, ReadModels.COUNTS));
                List<Document> perAgency = agencyDocuments(mongo);
                assertThat(incremental.get("total", Number.class).intValue()).isEqualTo(deliveries);
                assertThat(incremental.get("byStatus", Document.class)).isEqualTo(new Document("CANCELLED", deliveries));
                first.recount("cmp-1");
                Document recounted = numbers(mongo.findById("cmp-1", Document.class, ReadModels.COUNTS));
                assertThat(recounted.get("byChannel")).isEqualTo(incremental.get("byChannel"));
                assertThat(recounted.get("total")).isEqualTo(incremental.get("total"));
                assertThat(agencyDocuments(mongo)).isEqualTo(perAgency);
                mongo.findAll(Document.class, ReadModels.DELIVERIES).forEach(row -> assertThat(row.getString("endpointName"))
                        .as("the request reached %s", row.get("_id")).isNotNull());
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(rowWrites.get()).as("some compare-and-sets lost and were written again").isGreaterThan(4 * rounds);
    }

    private static List<Change> only(List<Change> events, DeliveryStatus status) {
        return events.stream().filter(c -> c.status() == status).toList();
    }

    private static void race(ExecutorService writers, DeliveryProjection first, List<Change> these,
                             DeliveryProjection second, List<Change> those) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> a = writers.submit(() -> {
            start.await();
            first.recordAll(these);
            return null;
        });
        Future<?> b = writers.submit(() -> {
            start.await();
            second.recordAll(those);
            return null;
        });
        a.get();
        b.get();
    }

    /** Counters as the reports read them: numbers of either width alike, zeros left out. */
    static Document numbers(Document counts) {
        return Document.parse(DeliveryProjectionTests.withoutZeros(DeliveryProjectionTests.settled(counts)).toJson()
                .replaceAll("\\{\"\\$numberLong\": \"(\\d+)\"}", "$1"));
    }
}
