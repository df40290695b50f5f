package vn.govcomm.facebook.webhooks;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.facebook.FacebookAdapterTestSupport;
import vn.govcomm.fakes.facebook.FacebookPost;
import vn.govcomm.fakes.facebook.HandshakeResult;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.IncomingEvent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FacebookWebhookTests extends FacebookAdapterTestSupport {

    @LocalServerPort int port;

    String callback() {
        return "http://127.0.0.1:" + port + "/webhooks/facebook";
    }

    @Test
    void handshakeEchoesTheChallengeOnlyForTheVerifyToken() {
        HandshakeResult ok = GRAPH.verifyHandshake(callback(), VERIFY_TOKEN);
        HandshakeResult wrong = GRAPH.verifyHandshake(callback(), "not-the-token");

        assertThat(ok.challengeEchoed()).isTrue();
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.challengeEchoed()).isFalse();
    }

    @Test
    void rejectsEventsWithoutAValidSignature() {
        String body = "{\"object\":\"page\",\"entry\":[]}";
        assertThat(GRAPH.sendWebhookWithSignature(callback(), null, body)).isEqualTo(401);
        assertThat(GRAPH.sendWebhookWithSignature(callback(), "sha256=00ff", body)).isEqualTo(401);
        assertThat(GRAPH.sendWebhook(callback(), "another-app-secret", body)).isEqualTo(401);
        assertThat(GRAPH.sendWebhook(callback(), APP_SECRET, body)).isEqualTo(200);
    }

    @Test
    void aVisitorsPostCarryingADeliverysMarkerDoesNotPublishItButThePagesOwnPostDoes() {
        String page = connectedPage("tok-webhook-visitor");
        String deliveryId = newDeliveryId();
        // Recorded but not yet confirmed (e.g. its POST answer was lost): only the marker can tie a post to it.
        deliveries.accept(json.readValue(requestJson(deliveryId, page, 1, "Thông báo"), DeliveryRequested.class),
                new Document("deliveryId", deliveryId));
        FacebookPost visitors = GRAPH.postAsVisitor(page, "9200000000000001", "Khách ghé thăm",
                "Thông báo giả mạo\n\n#" + deliveryId);
        String visitorsEvent = GRAPH.feedChangeEvent(visitors.id(), "add");
        // The older shape of feed events names the author in sender_id.
        String olderShape = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":1,\"changes\":[{"
                + "\"field\":\"feed\",\"value\":{\"item\":\"status\",\"verb\":\"add\",\"published\":1,"
                + "\"post_id\":\"" + visitors.id() + "\",\"sender_id\":9200000000000001,"
                + "\"message\":\"Thông báo giả mạo\\n\\n#" + deliveryId + "\"}}]}]}";

        assertThat(GRAPH.sendWebhook(callback(), APP_SECRET, visitorsEvent)).isEqualTo(200);
        assertThat(GRAPH.sendWebhook(callback(), APP_SECRET, olderShape)).isEqualTo(200);
        awaitProcessed(visitorsEvent);
        awaitProcessed(olderShape);
        assertThat(deliveries.find(deliveryId).orElseThrow().status()).isEqualTo(DeliveryStatus.DISPATCHED);
        assertThat(deliveries.find(deliveryId).orElseThrow().externalRef()).isNull();

        postDirectly(page, "tok-webhook-visitor", "Thông báo\n\n#" + deliveryId);
        FacebookPost ours = GRAPH.posts(page).stream().filter(FacebookPost::byPage).findFirst().orElseThrow();
        assertThat(GRAPH.sendWebhook(callback(), APP_SECRET, GRAPH.feedChangeEvent(ours.id(), "add"))).isEqualTo(200);

        assertThat(awaitStatus(deliveryId, DeliveryStatus.PUBLISHED).externalRef()).isEqualTo(ours.id());
    }

    @Test
    void aVisitorsRemovedPostOrCommentDoesNotCancelAPublishedDelivery() {
        String page = connectedPage("tok-webhook-visitor-remove");
        String deliveryId = request(page, "Thông báo đã đăng");
        String ours = awaitStatus(deliveryId, DeliveryStatus.PUBLISHED).externalRef();
        FacebookPost visitors = GRAPH.postAsVisitor(page, "9200000000000002", "Khách ghé thăm",
                "Chia sẻ lại\n\n#" + deliveryId);
        String removed = GRAPH.feedChangeEvent(visitors.id(), "remove");
        // A visitor's comment on our post, then removed: an event about our post id, but not the post itself.
        String comment = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":1,\"changes\":[{"
                + "\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"remove\",\"post_id\":\"" + ours
                + "\",\"comment_id\":\"" + ours + "_77\",\"from\":{\"id\":\"9200000000000002\"}}}]}]}";

        assertThat(GRAPH.sendWebhook(callback(), APP_SECRET, removed)).isEqualTo(200);
        assertThat(GRAPH.sendWebhook(callback(), APP_SECRET, comment)).isEqualTo(200);
        awaitProcessed(removed);
        awaitProcessed(comment);

        assertThat(deliveries.find(deliveryId).orElseThrow().status()).isEqualTo(DeliveryStatus.PUBLISHED);
        assertThat(deliveries.find(deliveryId).orElseThrow().externalRef()).isEqualTo(ours);
    }

    @Test
    void aChunkedWebhookBodyOverTheCapIsRefusedWith413AndNothingIsStored() throws Exception {
        long before = mongo().count(new Query(), WebhookEvents.COLLECTION);
        String padding = "x".repeat(300 * 1024);
        byte[] body = ("{\"object\":\"page\",\"entry\":[],\"padding\":\"" + padding + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(callback()))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=" + hmac(APP_SECRET, body)); // correctly signed

        // No Content-Length (chunked): counted while it streams.
        HttpResponse<String> chunked = http.send(request.copy()
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        // A declared Content-Length over the cap: refused before anything is read.
        HttpResponse<String> declared = http.send(request.copy().POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> answer : List.of(chunked, declared)) {
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json.readTree(answer.body()).path("code").asString()).isEqualTo("body-too-large");
        }
        assertThat(mongo().count(new Query(), WebhookEvents.COLLECTION)).isEqualTo(before);
    }

    @Test
    void anEventLeftProcessingByAnInstanceThatDiedIsProcessedAgainAfterItsLease() throws Exception {
        String page = connectedPage("tok-webhook-stale");
        String deliveryId = request(page, "Thông báo bị xoá khi tiến trình chết");
        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        String event = GRAPH.feedChangeEvent(GRAPH.posts(page).getFirst().id(), "remove");
        // What a kill between "claimed" and "processed" leaves: the event stored and claimed, nothing done.
        String id = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(event.getBytes(StandardCharsets.UTF_8)));
        java.util.Date claimedLongAgo = java.util.Date.from(java.time.Instant.now().minus(Duration.ofMinutes(10)));
        mongo().insert(new Document("_id", id).append("body", event).append("state", "PROCESSING")
                .append("receivedAt", claimedLongAgo).append("claimedAt", claimedLongAgo).append("claims", 1),
                WebhookEvents.COLLECTION);
        // Facebook's retry of the same event is a duplicate of the stored one: it does not get it processed.
        assertThat(GRAPH.sendWebhook(callback(), APP_SECRET, event)).isEqualTo(200);

        awaitStatus(deliveryId, DeliveryStatus.CANCELLED);
        assertThat(deliveryDocument(deliveryId).getString("reasonCode")).isEqualTo("FB_POST_REMOVED");
        Document recovered = mongo().findById(id, Document.class, WebhookEvents.COLLECTION);
        assertThat(recovered.getString("state")).isEqualTo("PROCESSED");
        assertThat(recovered.getInteger("claims")).isEqualTo(2);
    }

    @Test
    void anEventAbandonedAgainAndAgainIsGivenUpInsteadOfRetriedForever() {
        String page = connectedPage("tok-webhook-poison");
        String deliveryId = request(page, "Thông báo không bị huỷ bởi sự kiện hỏng");
        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        String event = GRAPH.feedChangeEvent(GRAPH.posts(page).getFirst().id(), "remove");
        java.util.Date longAgo = java.util.Date.from(java.time.Instant.now().minus(Duration.ofMinutes(10)));
        mongo().insert(new Document("_id", "abandoned-" + deliveryId).append("body", event).append("state", "PROCESSING")
                .append("receivedAt", longAgo).append("claimedAt", longAgo).append("claims", 5),
                WebhookEvents.COLLECTION);

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(mongo().findById("abandoned-" + deliveryId,
                Document.class, WebhookEvents.COLLECTION).getString("state")));
        assertThat(deliveries.find(deliveryId).orElseThrow().status()).isEqualTo(DeliveryStatus.PUBLISHED);
    }

    private void awaitProcessed(String body) {
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo().count(Query.query(Criteria.where("body").is(body)
                .and("state").is("PROCESSED")), WebhookEvents.COLLECTION) == 1);
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static void postDirectly(String page, String token, String message) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                                    GRAPH.baseUrl() + "/v25.0/" + page + "/feed"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("message="
                                    + java.net.URLEncoder.encode(message, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void postRemovedByThePageAdminIsReportedOnceAsCancelledOnTheStatusTopic() {
        String page = connectedPage("tok-webhook");
        String deliveryId = request(page, "Thông báo sẽ bị quản trị viên xoá");
        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        String postId = GRAPH.posts(page).getFirst().id();
        String event = GRAPH.feedChangeEvent(postId, "remove");

        long started = System.nanoTime();
        int status = GRAPH.sendWebhook(callback(), APP_SECRET, event);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int again = GRAPH.sendWebhook(callback(), APP_SECRET, event); // Facebook retries the same event

        assertThat(status).isEqualTo(200);
        assertThat(again).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        awaitStatus(deliveryId, DeliveryStatus.CANCELLED);
        assertThat(deliveryDocument(deliveryId).getString("reasonCode")).isEqualTo("FB_POST_REMOVED");
        List<ConsumerRecord<String, byte[]>> events = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.facebook",
                r -> deliveryId.equals(r.key()) && json.readTree(r.value()).path("status").asString().equals("CANCELLED"),
                1, Duration.ofSeconds(15));
        IncomingEvent cancelled = IncomingEvent.from(events.getFirst());
        assertThat(Contracts.get().validate(cancelled.type(), cancelled.dataAsString())).isEmpty();
        assertThat(json.readTree(cancelled.dataAsString()).path("reasonCode").asString()).isEqualTo("FB_POST_REMOVED");
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo().count(
                org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("body").is(event)
                                .and("state").is("PROCESSED")), WebhookEvents.COLLECTION) == 1);
    }
}
