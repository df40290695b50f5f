package vn.govcomm.zalo.articles;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloArticle;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.zalo.AdapterProcess;
import vn.govcomm.zalo.ZaloTestSupport;
import vn.govcomm.zalo.oa.OaConnections;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18 item 2: the store commands one Zalo delivery costs on the happy path (request recorded → article created
 * → verified after Zalo's "still processing" answers → published → broadcast), counted on the adapter's own MongoDB
 * client with a driver {@link CommandListener}. Counted: every command on {@code deliveries} that names one of this
 * run's deliveries (the kit's insert and status reports, the outbox relay's read and pull, the plan's writes, lease
 * renewals), and every command on {@code zalo_connections} (the OA look-ups of the calls). Not counted: the
 * periodic sweeps that name no delivery (due plans, the kit's retries, the outbox sweep), whose number depends on
 * time, not on deliveries.
 */
class StoreCommandsPerDeliveryIntegrationTests {

    /**
     * The bounds (the happy path of the fake: 2 "still processing" answers, within the quick polls). All commands
     * but the lease renewals: 1 insert + 4 plan writes (CREATING; token, id and PUBLISHED; the broadcast's outcome;
     * the lease bulk share) + the kit relay's pull and its reads, which it batches across deliveries (at worst one
     * per status event: 1). Without the relay: what the dispatcher and the workflow do themselves (5 + the shared
     * connection reads). Were 10.5 and 6.5 while the token was written with ACCEPTED before the polls.
     */
    static final double BOUND = 8.5;
    static final double BOUND_WITHOUT_RELAY = 5.5;
    static final int DELIVERIES = 20;

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final FakeZalo FAKE = new FakeZalo().registerApp("app-1", "secret-1").start(0);
    static final ZaloTokens TOKENS = FAKE.issueTokens("app-1");

    /** Counts the commands of the adapter's client that belong to this run, by command and collection. */
    static final class Counter implements CommandListener {
        final String runMarker;
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        Counter(String runMarker) {
            this.runMarker = runMarker;
        }

        @Override
        public void commandStarted(CommandStartedEvent event) {
            String name = event.getCommandName();
            if (!Set.of("find", "insert", "update", "delete", "findAndModify", "aggregate", "count").contains(name)) {
                return;
            }
            String collection = event.getCommand().get(name).isString()
                    ? event.getCommand().getString(name).getValue() : "";
            boolean ours = collection.equals(OaConnections.COLLECTION) || (collection.equals(AdapterDeliveries.COLLECTION)
                    && event.getCommand().toJson().contains(runMarker));
            if (ours) {
                counts.computeIfAbsent(collection + " " + name + kind(event), k -> new LongAdder()).increment();
            }
        }

        /**
         * The kit's outbox relay (its read by {@code _id}s with the outbox projection, its {@code $pull}) and the lease
         * renewals (one multi-update per 500 runs in progress: per period, not per delivery) are told apart.
         */
        private static String kind(CommandStartedEvent event) {
            String command = event.getCommand().toJson();
            if (command.contains("\"$pull\"") || command.contains("\"projection\": {\"outbox\"")) {
                return " (relay)";
            }
            return command.contains("\"multi\": true") ? " (renewals)" : "";
        }

        long total(boolean relay) {
            return counts.entrySet().stream().filter(e -> !e.getKey().endsWith("(renewals)"))
                    .filter(e -> relay || !e.getKey().endsWith("(relay)")).mapToLong(e -> e.getValue().sum()).sum();
        }

        Map<String, Long> breakdown() {
            Map<String, Long> sorted = new TreeMap<>();
            counts.forEach((k, v) -> sorted.put(k, v.sum()));
            return sorted;
        }
    }

    @AfterAll
    static void closeAll() {
        FAKE.close();
        KAFKA.close();
        MONGO.close();
    }

    @Test
    void aPublishedDeliveryCostsAtMostTheBoundOfStoreCommands() {
        String run = "cnt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Counter counter = new Counter(run);
        ConfigurableApplicationContext adapter = AdapterProcess.start(KAFKA, MONGO, "zalo-count", FAKE,
                ctx -> ctx.getBeanFactory().registerSingleton("commandCounter",
                        (MongoClientSettingsBuilderCustomizer) settings -> settings.addCommandListener(counter)),
                "--govcomm.zalo.default-app.app-id=app-1", "--govcomm.zalo.default-app.secret=secret-1",
                "--govcomm.zalo.default-app.refresh-token=" + TOKENS.refreshToken(),
                "--govcomm.zalo.default-app.access-token=" + TOKENS.accessToken());
        // The test reads through a client of its own: its polling is not the adapter's work.
        try (MongoClient client = MongoClients.create(MONGO.uri("zalo-count"))) {
            MongoTemplate mongo = new MongoTemplate(client, "zalo-count");
            List<String> ids = IntStream.range(0, DELIVERIES).mapToObj(i -> run + i).toList();
            counter.counts.clear(); // the start-up's bootstrap of the connections is not a delivery's
            // One OA each (as a campaign across agencies): every OA falls back to the default app's connection.
            ids.forEach(id -> ZaloTestSupport.send(KAFKA.bootstrapServers(), "vn.govcomm.delivery.requested.v1",
                    "so-count.zalo", ZaloTestSupport.request(id, "oa-" + id, 1, "Đếm lệnh " + id)));

            // Settled: published and broadcast, the plan finished and let go, the status events relayed.
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> ids.forEach(id -> {
                Document d = mongo.findById(id, Document.class, AdapterDeliveries.COLLECTION);
                assertThat(d).as(id).isNotNull();
                Document plan = d.get("zalo", Document.class);
                assertThat(plan).as(id + " planned").isNotNull();
                assertThat(d.getString("status")).as(id).isEqualTo("PUBLISHED");
                assertThat(plan.getString("phase")).as(id).isEqualTo("DONE");
                assertThat(plan.get("owner")).as(id + " released").isNull();
                assertThat(d.getList("outbox", Document.class, List.of())).as(id + " relayed").isEmpty();
            }));
            double perDelivery = (double) counter.total(true) / DELIVERIES;
            double withoutRelay = (double) counter.total(false) / DELIVERIES;
            System.out.printf("Zalo store commands per delivery: %.2f, without the outbox relay %.2f (%d deliveries) %s%n",
                    perDelivery, withoutRelay, DELIVERIES, counter.breakdown());

            ids.forEach(id -> {
                List<ZaloArticle> live = FAKE.articles().stream()
                        .filter(a -> a.title().equals("Đếm lệnh " + id) && !a.removed()).toList();
                assertThat(live).as(id + ": one article").hasSize(1);
                assertThat(FAKE.broadcasts().stream().filter(b -> b.articleId().equals(live.getFirst().id())))
                        .as(id + ": one broadcast").hasSize(1);
            });
            assertThat(perDelivery).as("store commands per delivery " + counter.breakdown()).isLessThanOrEqualTo(BOUND);
            assertThat(withoutRelay).as("without the relay " + counter.breakdown()).isLessThanOrEqualTo(BOUND_WITHOUT_RELAY);
        } finally {
            adapter.close();
        }
    }
}
