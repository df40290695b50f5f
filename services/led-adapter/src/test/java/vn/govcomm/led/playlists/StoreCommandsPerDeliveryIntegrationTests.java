package vn.govcomm.led.playlists;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.testing.StoreCommandCounter;
import vn.govcomm.led.LedAdapterApplication;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18 item 1: the store commands an LED delivery costs (request recorded → screen looked up → playlist item
 * queued → ACCEPTED → relayed), counted on the adapter's own MongoDB client ({@link StoreCommandCounter}, the kit's
 * test-jar). Counted: every command on the adapter's delivery, playlist item and screen collections that names one
 * of this run's deliveries or screens. Not counted: the periodic sweeps and health checks that name neither. The
 * requests come as a burst (as a fan-out sends them), one screen per delivery.
 * Before the batch intake (one record at a time, the screen read twice per request): 8.00 per delivery, 6.00 without
 * the outbox relay; with it 0.30 and 0.20 (a burst of 60 on 3 partitions: 3 batches).
 */
class StoreCommandsPerDeliveryIntegrationTests {

    /** The bounds: the relay's pull per delivery and its batched reads, and a share of 4 commands per batch. */
    static final double BOUND = 2.5;
    static final double BOUND_WITHOUT_RELAY = 1.5;
    static final int DELIVERIES = 60;

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String REQUESTED = EventTypes.DELIVERY_REQUESTED;

    @AfterAll
    static void closeAll() {
        KAFKA.close();
        MONGO.close();
    }

    @Test
    void anAcceptedLedDeliveryCostsAtMostTheBoundOfStoreCommands() {
        String run = "dlv-cnt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String screens = "scr-cnt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        StoreCommandCounter counter = new StoreCommandCounter(Set.of(AdapterDeliveries.COLLECTION,
                PlaylistItems.COLLECTION, "screens"), Set.of(run, screens));
        ConfigurableApplicationContext adapter = new SpringApplicationBuilder(LedAdapterApplication.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("commandCounter", counter.customizer()))
                .run("--spring.config.name=" + LedAdapterApplication.CONFIG_NAME, "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--" + TestCallers.PUBLIC_KEYS_PROPERTY + "=" + TestCallers.publicKeys(),
                        "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "--spring.mongodb.uri=" + MONGO.uri("govcomm_led"));
        // The test reads through a client of its own: its polling is not the adapter's work.
        try (MongoClient client = MongoClients.create(MONGO.uri("govcomm_led"))) {
            MongoTemplate mongo = new MongoTemplate(client, "govcomm_led");
            List<String> ids = IntStream.range(0, DELIVERIES).mapToObj(i -> run + i).toList();
            counter.reset();
            EventPublisher publisher = adapter.getBean(EventPublisher.class);
            CompletableFuture.allOf(IntStream.range(0, DELIVERIES).mapToObj(i -> publisher.send(OutgoingEvent.of(
                    EventTypes.deliveryRequestsTopic("led"), "so-y-te." + screens + i, REQUESTED,
                    "/services/notice-publishing-service", ids.get(i), Contracts.get().contract(REQUESTED).dataschema(),
                    Instant.now(), request(ids.get(i), screens + i)))).toArray(CompletableFuture[]::new)).join();

            // Settled: queued, ACCEPTED, the status events relayed.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ids.forEach(id -> {
                Document d = mongo.findById(id, Document.class, AdapterDeliveries.COLLECTION);
                assertThat(d).as(id).isNotNull();
                assertThat(d.getString("status")).as(id).isEqualTo("ACCEPTED");
                assertThat(d.getList("outbox", Document.class, List.of())).as(id + " relayed").isEmpty();
                assertThat(mongo.findById(id, Document.class, PlaylistItems.COLLECTION)).as(id + " queued").isNotNull();
            }));
            double perDelivery = (double) counter.total(true) / DELIVERIES;
            double withoutRelay = (double) counter.total(false) / DELIVERIES;
            System.out.printf("LED store commands per delivery: %.2f, without the outbox relay %.2f (%d deliveries) %s%n",
                    perDelivery, withoutRelay, DELIVERIES, counter.breakdown());

            assertThat(perDelivery).as("store commands per delivery " + counter.breakdown()).isLessThanOrEqualTo(BOUND);
            assertThat(withoutRelay).as("without the relay " + counter.breakdown()).isLessThanOrEqualTo(BOUND_WITHOUT_RELAY);
        } finally {
            adapter.close();
        }
    }

    private static String request(String deliveryId, String screenId) {
        ObjectNode d = (ObjectNode) JSON.readTree(Contracts.get().example(REQUESTED));
        d.put("deliveryId", deliveryId);
        d.put("endpointId", "so-y-te." + screenId);
        d.put("externalId", screenId);
        ObjectNode window = (ObjectNode) d.get("window");
        window.put("startsAt", Instant.now().minus(Duration.ofHours(1)).toString());
        window.put("endsAt", Instant.now().plus(Duration.ofDays(1)).toString());
        d.remove("ledSchedule");
        assertThat(Contracts.get().validate(REQUESTED, d.toString())).as("test delivery matches the contract").isEmpty();
        return d.toString();
    }
}
