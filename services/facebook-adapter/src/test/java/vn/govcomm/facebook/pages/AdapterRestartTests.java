package vn.govcomm.facebook.pages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.facebook.FacebookAdapterApplication;
import vn.govcomm.fakes.facebook.FacebookError;
import vn.govcomm.fakes.facebook.FakeFacebookGraph;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adapter is killed while Facebook holds the answer to its POST (the post already exists), then a new instance
 * starts on the same Kafka and MongoDB: the delivery's lease (taken before it was queued in its Page's lane) runs out,
 * the kit's retry sweeper hands it to the new instance, which looks the post up by its marker, and there is exactly
 * one post for the delivery. Own broker and store, so no other context shares the
 * consumer group.
 */
class AdapterRestartTests {

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final FakeFacebookGraph GRAPH = new FakeFacebookGraph().start();
    static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    @AfterAll
    static void stop() {
        GRAPH.close();
        MONGO.close();
        KAFKA.close();
    }

    static ConfigurableApplicationContext start() {
        // As command-line arguments, like the local launcher: they outrank facebook-adapter.yml.
        java.util.List<String> args = new java.util.ArrayList<>(vn.govcomm.facebook.FacebookAdapterTestSupport.fastWaitArgs());
        args.addAll(java.util.List.of(
                "--spring.config.name=" + FacebookAdapterApplication.CONFIG_NAME,
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--" + vn.govcomm.identity.testing.TestCallers.PUBLIC_KEYS_PROPERTY + "="
                        + vn.govcomm.identity.testing.TestCallers.publicKeys(),
                "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--spring.mongodb.uri=" + MONGO.uri("govcomm_facebook"),
                "--govcomm.credentials.encryption-key=" + KEY,
                "--govcomm.facebook.graph-base-url=" + GRAPH.baseUrl(),
                "--govcomm.facebook.page-tokens.777=tok-777",
                "--govcomm.facebook.page-tokens.778=tok-778",
                "--govcomm.facebook.page-tokens.779=tok-779",
                "--govcomm.facebook.read-timeout=30s"));
        return new SpringApplicationBuilder(FacebookAdapterApplication.class).run(args.toArray(String[]::new));
    }

    static void request(ConfigurableApplicationContext adapter, String deliveryId, String pageId) {
        String data = Contracts.get().example("vn.govcomm.delivery.requested.v1")
                .replace("\"channel\": \"led\"", "\"channel\": \"facebook\"")
                .replace("\"externalId\": \"scr-so-y-te-1\"", "\"externalId\": \"" + pageId + "\"")
                .replace("dlv-7c1f0e9a2b4d5e6f7a8b9c0d", deliveryId)
                // A window still open: a delivery that waits (RetryLater) is retried, not given up at once.
                .replace("2023-11-30T23:59:59+07:00", Instant.now().plus(java.time.Duration.ofDays(1)).toString());
        adapter.getBean(EventPublisher.class).send(OutgoingEvent.of("delivery.requests.facebook", "so-y-te.facebook",
                "vn.govcomm.delivery.requested.v1", "/services/notice-publishing-service", deliveryId,
                "https://govcomm.vn/contracts/schemas/delivery-requested.v1.json", Instant.now(), data)).join();
    }

    /**
     * The crash point after the create's answer, before anything is recorded: the post is read back at once, and its
     * id is written only with the status that read decides (PUBLISHED, or ACCEPTED). Killed while Facebook holds that
     * read's answer, the delivery is still DISPATCHED and the create's record says CALLING (an interrupted call): the
     * new instance looks the marker up, adopts the post, and reports PUBLISHED. One post.
     */
    @Test
    void adapterKilledDuringTheFirstReadBackAdoptsThePostByItsMarker() {
        GRAPH.registerPage("779", "tok-779");
        GRAPH.faults().failNext(1, "GET", "/v25.0/779_[0-9]+", Fault.delay(Duration.ofMinutes(5)));
        ConfigurableApplicationContext first = start();
        String deliveryId = "dlv-killed-in-first-read-0001";
        request(first, deliveryId, "779");
        AdapterDeliveries before = first.getBean(AdapterDeliveries.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> GRAPH.posts("779").size() == 1
                && GRAPH.requests("GET", "/v25.0/" + GRAPH.posts("779").getFirst().id()).size() == 1);
        String postId = GRAPH.posts("779").getFirst().id();
        assertThat(before.find(deliveryId).orElseThrow().status()).as("nothing recorded before the read's answer")
                .isEqualTo(DeliveryStatus.DISPATCHED);
        org.bson.Document record = first.getBean(org.springframework.data.mongodb.core.MongoTemplate.class)
                .findById(deliveryId, org.bson.Document.class, PostAttempts.COLLECTION);
        assertThat(record.getString("state")).isEqualTo("CALLING");

        first.close(); // "kill" during the read-back

        try (ConfigurableApplicationContext second = start()) {
            AdapterDeliveries deliveries = second.getBean(AdapterDeliveries.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.find(deliveryId)
                    .map(AdapterDeliveries.Stored::status).orElse(null) == DeliveryStatus.PUBLISHED);
            assertThat(GRAPH.posts("779")).hasSize(1);
            assertThat(deliveries.find(deliveryId).orElseThrow().externalRef()).isEqualTo(postId);
            assertThat(GRAPH.requests("POST", "/v25.0/779/feed")).hasSize(1);
            assertThat(GRAPH.requests("GET", "/v25.0/779/feed")).as("the interrupted call is looked up").isNotEmpty();
        }
    }

    /**
     * The crash point after the post id is recorded with ACCEPTED (the first read-back was refused: the Page is
     * throttled) while the create's record still says CALLING. Killed while Facebook holds the next read-back's answer,
     * the new instance reads the recorded post back — no look-up, no second post — and reports PUBLISHED.
     */
    @Test
    void adapterKilledDuringALaterReadBackConfirmsTheRecordedPostWithoutLookingItUp() {
        GRAPH.registerPage("778", "tok-778");
        GRAPH.faults().failNext(1, "GET", "/v25.0/778_[0-9]+", FacebookError.rateLimit(613).asFault())
                .failNext(1, "GET", "/v25.0/778_[0-9]+", Fault.delay(Duration.ofMinutes(5)));
        ConfigurableApplicationContext first = start();
        String deliveryId = "dlv-killed-in-read-back-0001";
        request(first, deliveryId, "778");
        AdapterDeliveries before = first.getBean(AdapterDeliveries.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> GRAPH.posts("778").size() == 1
                && before.find(deliveryId).map(AdapterDeliveries.Stored::status).orElse(null) == DeliveryStatus.ACCEPTED
                && GRAPH.requests("GET", "/v25.0/" + GRAPH.posts("778").getFirst().id()).size() == 2);
        String postId = GRAPH.posts("778").getFirst().id();
        org.bson.Document record = first.getBean(org.springframework.data.mongodb.core.MongoTemplate.class)
                .findById(deliveryId, org.bson.Document.class, PostAttempts.COLLECTION);
        assertThat(record.getString("state")).as("the answer is recorded on the delivery only").isEqualTo("CALLING");
        assertThat(before.find(deliveryId).orElseThrow().externalRef()).isEqualTo(postId);

        first.close(); // "kill" during the read-back

        try (ConfigurableApplicationContext second = start()) {
            AdapterDeliveries deliveries = second.getBean(AdapterDeliveries.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.find(deliveryId)
                    .map(AdapterDeliveries.Stored::status).orElse(null) == DeliveryStatus.PUBLISHED);
            assertThat(GRAPH.posts("778")).hasSize(1);
            assertThat(deliveries.find(deliveryId).orElseThrow().externalRef()).isEqualTo(postId);
            assertThat(GRAPH.requests("POST", "/v25.0/778/feed")).hasSize(1);
            assertThat(GRAPH.requests("GET", "/v25.0/778/feed")).as("no look-up of a recorded post").isEmpty();
            assertThat(GRAPH.requests("GET", "/v25.0/" + postId)).hasSize(3);
        }
    }

    @Test
    void adapterKilledMidCallPostsExactlyOncePerDeliveryAfterRestart() {
        GRAPH.registerPage("777", "tok-777");
        // Facebook creates the post at once but holds the answer far longer than the test lasts.
        GRAPH.faults().failNext(1, "POST", "/v25.0/777/feed", Fault.delay(Duration.ofMinutes(5)));
        ConfigurableApplicationContext first = start();
        String deliveryId = "dlv-killed-mid-call-0001";
        String data = Contracts.get().example("vn.govcomm.delivery.requested.v1")
                .replace("\"channel\": \"led\"", "\"channel\": \"facebook\"")
                .replace("\"externalId\": \"scr-so-y-te-1\"", "\"externalId\": \"777\"")
                .replace("dlv-7c1f0e9a2b4d5e6f7a8b9c0d", deliveryId);
        first.getBean(EventPublisher.class).send(OutgoingEvent.of("delivery.requests.facebook", "so-y-te.facebook",
                "vn.govcomm.delivery.requested.v1", "/services/notice-publishing-service", deliveryId,
                "https://govcomm.vn/contracts/schemas/delivery-requested.v1.json", Instant.now(), data)).join();
        await().atMost(Duration.ofSeconds(20)).until(() -> GRAPH.posts("777").size() == 1);

        long closing = System.nanoTime();
        first.close(); // "kill": the answer never arrives, nothing after the POST is recorded
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(20));

        try (ConfigurableApplicationContext second = start()) {
            AdapterDeliveries deliveries = second.getBean(AdapterDeliveries.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.find(deliveryId)
                    .map(AdapterDeliveries.Stored::status).orElse(null) == DeliveryStatus.PUBLISHED);
            assertThat(GRAPH.posts("777")).hasSize(1);
            assertThat(deliveries.find(deliveryId).orElseThrow().externalRef()).isEqualTo(GRAPH.posts("777").getFirst().id());
            assertThat(GRAPH.requests("POST", "/v25.0/777/feed")).hasSize(1);
            assertThat(GRAPH.requests("GET", "/v25.0/777/feed")).isNotEmpty();
        }
    }
}
