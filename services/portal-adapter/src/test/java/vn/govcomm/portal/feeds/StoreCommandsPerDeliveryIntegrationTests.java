package vn.govcomm.portal.feeds;

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
import vn.govcomm.portal.PortalAdapterApplication;

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
 * Issue 18 item 1: the store commands a portal delivery costs (request recorded → item in the feed → feed version
 * bumped → PUBLISHED → relayed), counted on the adapter's own MongoDB client ({@link StoreCommandCounter}, the kit's
 * test-jar). Counted: every command on the adapter's delivery, feed item, feed version, WordPress and WebSub
 * collections that names one of this run's deliveries or portals. Not counted: the periodic sweeps that name
 * neither. The requests come as a burst (as a fan-out sends them), one portal per delivery (as a campaign reaches
 * each agency's portal once), so nothing is shared between deliveries but the batch.
 * Before the batch intake (one record at a time): 10.00 per delivery, 8.00 without the outbox relay; with it 0.50 and
 * 0.40 (a burst of 60 on 3 partitions: 3 batches).
 */
class StoreCommandsPerDeliveryIntegrationTests {

    /** The bounds: the relay's pull per delivery and its batched reads, and a share of 8 commands per batch. */
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
    void aPublishedPortalDeliveryCostsAtMostTheBoundOfStoreCommands() {
        String run = "dlv-cnt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String portals = "portal-cnt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        StoreCommandCounter counter = new StoreCommandCounter(Set.of(AdapterDeliveries.COLLECTION, FeedItems.COLLECTION,
                FeedVersions.COLLECTION, "wordpress_targets", "wordpress_posts", "websub_subscriptions"),
                Set.of(run, portals));
        ConfigurableApplicationContext adapter = new SpringApplicationBuilder(PortalAdapterApplication.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("commandCounter", counter.customizer()))
                .run("--spring.config.name=" + PortalAdapterApplication.CONFIG_NAME, "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--" + TestCallers.PUBLIC_KEYS_PROPERTY + "=" + TestCallers.publicKeys(),
                        "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "--spring.mongodb.uri=" + MONGO.uri("govcomm_portal"));
        // The test reads through a client of its own: its polling is not the adapter's work.
        try (MongoClient client = MongoClients.create(MONGO.uri("govcomm_portal"))) {
            MongoTemplate mongo = new MongoTemplate(client, "govcomm_portal");
            List<String> ids = IntStream.range(0, DELIVERIES).mapToObj(i -> run + i).toList();
            counter.reset();
            EventPublisher publisher = adapter.getBean(EventPublisher.class);
            CompletableFuture.allOf(IntStream.range(0, DELIVERIES).mapToObj(i -> publisher.send(OutgoingEvent.of(
                    EventTypes.deliveryRequestsTopic("portal"), "so-y-te." + portals + i, REQUESTED,
                    "/services/notice-publishing-service", ids.get(i), Contracts.get().contract(REQUESTED).dataschema(),
                    Instant.now(), request(ids.get(i), portals + i)))).toArray(CompletableFuture[]::new)).join();

            // Settled: in the feed, PUBLISHED, the status events relayed.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ids.forEach(id -> {
                Document d = mongo.findById(id, Document.class, AdapterDeliveries.COLLECTION);
                assertThat(d).as(id).isNotNull();
                assertThat(d.getString("status")).as(id).isEqualTo("PUBLISHED");
                assertThat(d.getList("outbox", Document.class, List.of())).as(id + " relayed").isEmpty();
                assertThat(mongo.findById(id, Document.class, FeedItems.COLLECTION)).as(id + " in the feed").isNotNull();
            }));
            double perDelivery = (double) counter.total(true) / DELIVERIES;
            double withoutRelay = (double) counter.total(false) / DELIVERIES;
            System.out.printf("Portal store commands per delivery: %.2f, without the outbox relay %.2f (%d deliveries) %s%n",
                    perDelivery, withoutRelay, DELIVERIES, counter.breakdown());

            assertThat(perDelivery).as("store commands per delivery " + counter.breakdown()).isLessThanOrEqualTo(BOUND);
            assertThat(withoutRelay).as("without the relay " + counter.breakdown()).isLessThanOrEqualTo(BOUND_WITHOUT_RELAY);
        } finally {
            adapter.close();
        }
    }

    private static String request(String deliveryId, String portalId) {
        ObjectNode d = (ObjectNode) JSON.readTree(Contracts.get().example(REQUESTED));
        d.put("deliveryId", deliveryId);
        d.put("channel", "portal");
        d.put("endpointId", "so-y-te." + portalId);
        d.put("externalId", portalId);
        d.remove("ledSchedule");
        ((ObjectNode) d.get("content")).remove("lines");
        ((ObjectNode) d.get("content")).put("title", "Thông báo khảo sát / Survey notice");
        assertThat(Contracts.get().validate(REQUESTED, d.toString())).as("test delivery matches the contract").isEmpty();
        return d.toString();
    }
}
