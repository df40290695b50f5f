package vn.govcomm.portal;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.RecordedRequest;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.wordpress.FakeWordPress;
import vn.govcomm.fakes.wordpress.WordPressError;
import vn.govcomm.fakes.wordpress.WordPressPost;
import vn.govcomm.fakes.wordpress.WordPressRole;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WordPress push under real-world failures (issues 16 and 23): an outage of any length is waited out durably by the
 * kit's retries (compressed time: first retry after 200 ms here), Retry-After is honoured, a create whose answer
 * never came is looked up (and waited for) before anything is posted again, and permanent refusals fail at once
 * with a named reason. Every test ends with exactly one post per delivery.
 */
class WordPressOutageIntegrationTests extends PortalAdapterTestSupport {

    private static final String POSTS = "/wp-json/wp/v2/posts";
    private static final String PASSWORD = "outg pass 0000 1111 2222";

    @Test
    void anOutageEndsWithEveryDeliveryPublishedOnceNothingDeadLetteredAndNoManualStep() throws Exception {
        // Given a portal whose WordPress site is down: nothing listens on its port (connection refused)
        String portal = newPortal();
        String user = "outage-" + portal;
        assertThat(configure(portal, "http://127.0.0.1:" + DOWN_SITE_PORT, user).statusCode()).isEqualTo(200);
        List<ObjectNode> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ObjectNode delivery = delivery(portal, "cmp-outage-" + i, 1);
            send(REQUESTED, delivery);
            sent.add(delivery);
        }
        for (ObjectNode delivery : sent) {
            assertThat(awaitStatus(id(delivery), "RETRYING").path("reasonCode").asString()).isEqualTo("WP_UNREACHABLE");
        }
        // ...for several tries each, every wait on the delivery's own document
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> sent.forEach(delivery -> {
            Document wait = retry(id(delivery));
            assertThat(wait).isNotNull();
            assertThat(wait.getInteger("count")).isGreaterThanOrEqualTo(3);
        }));

        // When the site comes back in maintenance (503 to everything), then answers (one create's answer is lost)
        try (FakeWordPress site = new FakeWordPress()) {
            site.addUser(user, PASSWORD);
            site.faults().always(null, ".*", Fault.respond(Response.of(503, "text/html; charset=UTF-8",
                    "<h1>Briefly unavailable for scheduled maintenance.</h1>").withHeader("Retry-After", "1")));
            site.start(DOWN_SITE_PORT);
            await().atMost(Duration.ofSeconds(30)).until(() -> site.requests("POST", POSTS).size() >= 5);
            site.faults().clear();
            site.faults().dropNextAfterProcessing(1);

            // Then every delivery is PUBLISHED, with exactly one post each and nothing dead-lettered
            for (ObjectNode delivery : sent) {
                JsonNode published = awaitStatus(id(delivery), "PUBLISHED");
                assertThat(site.posts()).filteredOn(p -> p.slug().equals("govcomm-" + id(delivery))).singleElement()
                        .satisfies(p -> assertThat(published.path("externalRef").asString()).isEqualTo(String.valueOf(p.id())));
            }
            assertThat(site.posts()).hasSize(sent.size());
            for (ObjectNode delivery : sent) {
                assertThat(statuses(id(delivery), 2)).containsExactly("RETRYING", "PUBLISHED");
                assertThat(retry(id(delivery))).as("the wait is over").isNull();
            }
            assertThat(deadLetteredKeys()).doesNotContain(sent.getFirst().get("endpointId").asString());
        }
    }

    @Test
    void aRateLimitWithRetryAfterInSecondsIsHonouredBeforeTheNextTry() throws Exception {
        String portal = newPortal();
        configureOnSharedSite(portal);
        WORDPRESS.faults().failNext(1, "POST", POSTS, Fault.respond(Response.json(429,
                Map.of("code", "too_many_requests", "message", "Too many requests")).withHeader("Retry-After", "3")));

        ObjectNode delivery = delivery(portal, "cmp-wp-429", 1);
        send(REQUESTED, delivery);
        Instant nextAt = awaitWait(id(delivery), "WP_RATE_LIMITED");
        Instant throttledAt = creates(WORDPRESS, id(delivery)).getFirst().receivedAt();
        assertThat(nextAt).isAfterOrEqualTo(throttledAt.plusSeconds(3));
        JsonNode retrying = awaitStatus(id(delivery), "RETRYING");
        assertThat(retrying.path("reasonCode").asString()).isEqualTo("WP_RATE_LIMITED");
        assertThat(retrying.path("reason").asString()).contains("Retry-After 3 s");
        awaitStatus(id(delivery), "PUBLISHED");
        List<RecordedRequest> creates = creates(WORDPRESS, id(delivery));
        assertThat(creates).hasSize(2);
        assertThat(creates.get(1).receivedAt()).isAfterOrEqualTo(throttledAt.plusSeconds(3));
        assertThat(postsOf(WORDPRESS, id(delivery))).hasSize(1);
    }

    @Test
    void aMaintenanceAnswerWithRetryAfterAsAnHttpDateIsHonoured() throws Exception {
        String portal = newPortal();
        configureOnSharedSite(portal);
        Instant until = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        WORDPRESS.faults().failNext(1, "POST", POSTS, Fault.respond(Response.of(503, "text/html; charset=UTF-8",
                "<h1>Maintenance</h1>").withHeader("Retry-After",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(until.atOffset(ZoneOffset.UTC)))));

        ObjectNode delivery = delivery(portal, "cmp-wp-503-date", 1);
        send(REQUESTED, delivery);
        assertThat(awaitWait(id(delivery), "WP_UNAVAILABLE")).isAfterOrEqualTo(until);
        assertThat(awaitStatus(id(delivery), "RETRYING").path("reasonCode").asString()).isEqualTo("WP_UNAVAILABLE");
        awaitStatus(id(delivery), "PUBLISHED");
        assertThat(creates(WORDPRESS, id(delivery)).get(1).receivedAt()).isAfterOrEqualTo(until);
        assertThat(postsOf(WORDPRESS, id(delivery))).hasSize(1);
    }

    @Test
    void aSlowSaveIsLookedUpUntilItShowsAndAdoptedInsteadOfPostedAgain() throws Exception {
        String portal = newPortal();
        configureOnSharedSite(portal);
        // The post is saved, but the answer comes after the adapter's 2 s timeout; the first look-up does not see it yet.
        WORDPRESS.faults().failNext(1, "POST", POSTS, Fault.delay(Duration.ofSeconds(4)));
        WORDPRESS.faults().failNext(1, "GET", POSTS, Fault.respond(Response.json(200, List.of())));

        ObjectNode delivery = delivery(portal, "cmp-wp-slow", 1);
        send(REQUESTED, delivery);
        assertThat(awaitStatus(id(delivery), "RETRYING").path("reasonCode").asString()).isEqualTo("WP_UNCONFIRMED");
        JsonNode published = awaitStatus(id(delivery), "PUBLISHED");

        assertThat(creates(WORDPRESS, id(delivery))).as("looked up, never posted again").hasSize(1);
        assertThat(postsOf(WORDPRESS, id(delivery))).singleElement()
                .satisfies(p -> assertThat(published.path("externalRef").asString()).isEqualTo(String.valueOf(p.id())));
        assertThat(WORDPRESS.requests("GET", POSTS).stream().filter(r -> r.rawQuery() != null && r.rawQuery().contains(id(delivery)))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aGatewayErrorIsNotPostedAgainBeforeTheUnconfirmedHorizonThenPostedOnce() throws Exception {
        String portal = newPortal();
        configureOnSharedSite(portal);
        // A proxy's 504: WordPress may still be saving behind it (here it saved nothing).
        WORDPRESS.faults().failNext(1, "POST", POSTS, Fault.status(504));

        ObjectNode delivery = delivery(portal, "cmp-wp-504", 1);
        send(REQUESTED, delivery);
        awaitStatus(id(delivery), "PUBLISHED");

        List<RecordedRequest> creates = creates(WORDPRESS, id(delivery));
        assertThat(creates).hasSize(2);
        // The horizon (3 s in the test context) counts from just before the first call went out.
        assertThat(creates.get(1).receivedAt()).as("not posted again within the unconfirmed horizon")
                .isAfterOrEqualTo(creates.get(0).receivedAt().plusMillis(2900));
        assertThat(WORDPRESS.requests("GET", POSTS).stream().filter(r -> r.rawQuery() != null && r.rawQuery().contains(id(delivery))))
                .as("looked up in between").hasSizeGreaterThanOrEqualTo(2);
        assertThat(postsOf(WORDPRESS, id(delivery))).hasSize(1);
    }

    @Test
    void permanentRefusalsFailAtOnceEachWithItsOwnReason() throws Exception {
        record Case(String name, Fault fault, String reasonCode, String inReason) {
        }
        List<Case> cases = List.of(
                new Case("content", WordPressError.invalidParams(Map.of("status", new String[] {"rest_not_in_enum",
                        "status is not one of publish, future, draft."})).asFault(), "WP_REJECTED", "rest_invalid_param"),
                new Case("api", WordPressError.noRoute().asFault(), "WP_API_NOT_FOUND", "REST API"),
                new Case("size", Fault.status(413), "WP_CONTENT_TOO_LARGE", "413"));
        for (Case c : cases) {
            String portal = newPortal();
            configureOnSharedSite(portal);
            WORDPRESS.faults().failNext(1, "POST", POSTS, c.fault());
            ObjectNode delivery = delivery(portal, "cmp-wp-" + c.name(), 1);
            send(REQUESTED, delivery);
            JsonNode failed = awaitStatus(id(delivery), "FAILED");
            assertThat(failed.path("reasonCode").asString()).as(c.name()).isEqualTo(c.reasonCode());
            assertThat(failed.path("reason").asString()).as(c.name()).contains(c.inReason());
            assertThat(creates(WORDPRESS, id(delivery))).as(c.name() + ": never retried").hasSize(1);
            assertThat(retry(id(delivery))).as(c.name()).isNull();
        }

        String portal = newPortal();
        String contributor = "ctv-" + portal;
        WORDPRESS.addUser(contributor, PASSWORD, WordPressRole.CONTRIBUTOR);
        configure(portal, WORDPRESS.baseUrl(), contributor);
        ObjectNode delivery = delivery(portal, "cmp-wp-403", 1);
        send(REQUESTED, delivery);
        JsonNode failed = awaitStatus(id(delivery), "FAILED");
        assertThat(failed.path("reasonCode").asString()).isEqualTo("WP_FORBIDDEN");
        assertThat(failed.path("reason").asString()).contains("rest_cannot_publish");
        assertThat(postsOf(WORDPRESS, id(delivery))).isEmpty();
    }

    @Test
    void aCancellationTrashesAPostWhoseCreateWasNeverConfirmed() throws Exception {
        String portal = newPortal();
        configureOnSharedSite(portal);
        // The post is created but the answer is lost, and the look-ups fail while the campaign is cancelled.
        WORDPRESS.faults().failNext(1, "POST", POSTS, Fault.dropAfterProcessing());
        WORDPRESS.faults().always("GET", POSTS, Fault.status(502));
        ObjectNode delivery = delivery(portal, "cmp-wp-cancel", 1);
        String slug = "govcomm-" + id(delivery);
        try {
            send(REQUESTED, delivery);
            awaitStatus(id(delivery), "RETRYING");
            assertThat(postsOf(WORDPRESS, id(delivery))).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo("publish"));

            send(RETRACTED, retraction(delivery, "CAMPAIGN_CANCELLED"));
            awaitStatus(id(delivery), "CANCELLED");
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(
                    mongo.findById(id(delivery), Document.class, "wordpress_posts").getBoolean("trashPending")));
        } finally {
            WORDPRESS.faults().clear();
        }
        // Then the trash retry finds the post and trashes it: no live post outlives its campaign
        await().atMost(Duration.ofSeconds(20)).until(() -> WORDPRESS.posts().stream()
                .anyMatch(p -> p.slug().equals(slug) && p.status().equals("trash")));
        assertThat(postsOf(WORDPRESS, id(delivery))).hasSize(1);
        assertThat(retry(id(delivery))).isNull();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static String id(ObjectNode delivery) {
        return delivery.get("deliveryId").asString();
    }

    /** The delivery's durable wait ({@code retry} on the kit's delivery document), or null. */
    private Document retry(String deliveryId) {
        Document doc = mongo.findById(deliveryId, Document.class, "deliveries");
        return doc == null ? null : doc.get("retry", Document.class);
    }

    /** Waits until the delivery waits for {@code reasonCode} and returns its stored next-attempt time. */
    private Instant awaitWait(String deliveryId, String reasonCode) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            Document wait = retry(deliveryId);
            return wait != null && reasonCode.equals(wait.getString("reasonCode")) ? wait.getDate("nextAt").toInstant() : null;
        }, java.util.Objects::nonNull);
    }

    private static List<RecordedRequest> creates(FakeWordPress site, String deliveryId) {
        return site.requests("POST", POSTS).stream().filter(r -> r.bodyText().contains("govcomm-" + deliveryId)).toList();
    }

    private static List<WordPressPost> postsOf(FakeWordPress site, String deliveryId) {
        return site.posts().stream().filter(p -> p.slug().startsWith("govcomm-" + deliveryId)).toList();
    }

    private void configureOnSharedSite(String portal) throws Exception {
        WORDPRESS.addUser("bt-" + portal, PASSWORD);
        assertThat(configure(portal, WORDPRESS.baseUrl(), "bt-" + portal).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> configure(String portal, String baseUrl, String user) throws Exception {
        String body = JSON.writeValueAsString(Map.of("baseUrl", baseUrl, "username", user, "applicationPassword", PASSWORD));
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/portal/portals/" + portal + "/wordpress"))
                .header("Authorization", admin()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Keys (endpoint ids) of every record in delivery.requests.portal.DLT, read to its end. */
    private static List<String> deadLetteredKeys() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-check-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("delivery.requests.portal.DLT").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> keys = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(20);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(Instant.now()).as("DLT read to its end").isBefore(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
            return keys;
        }
    }
}
