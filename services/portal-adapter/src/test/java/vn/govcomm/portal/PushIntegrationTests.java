package vn.govcomm.portal;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.websub.FakeWebSubSubscriber;
import vn.govcomm.fakes.websub.SignatureCheck;
import vn.govcomm.fakes.websub.WebSubDelivery;
import vn.govcomm.fakes.wordpress.WordPressPost;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PushIntegrationTests extends PortalAdapterTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void pushesToWordPressAndReportsPublishedWithThePostIdAndLink() throws Exception {
        String portal = newPortal();
        WORDPRESS.addUser("bientap-" + portal, "abcd EFGH 1234 ijkl MNOP 5678");
        HttpResponse<String> configured = configureWordPress(portal, "bientap-" + portal, "abcd EFGH 1234 ijkl MNOP 5678");
        assertThat(configured.statusCode()).isEqualTo(200);
        assertThat(configured.body()).doesNotContain("abcd").contains("\"applicationPasswordSet\":true");
        assertThat(mongo.getCollection("wordpress_targets").find(new Document("_id", portal)).first().getString("password"))
                .startsWith("v1:").doesNotContain("abcd");

        ObjectNode delivery = delivery(portal, "cmp-wp", 1);
        send(REQUESTED, delivery);
        JsonNode published = awaitStatus(delivery.get("deliveryId").asString(), "PUBLISHED");

        WordPressPost post = WORDPRESS.posts().stream()
                .filter(p -> p.slug().equals("govcomm-" + delivery.get("deliveryId").asString())).findFirst().orElseThrow();
        assertThat(published.path("externalRef").asString()).isEqualTo(String.valueOf(post.id()));
        assertThat(published.path("permalink").asString()).isEqualTo(WORDPRESS.baseUrl() + "/" + post.slug() + "/");
        assertThat(post.title()).contains("Khánh Hòa");
        assertThat(post.content()).doesNotContain("<script", "onclick");
        assertThat(WORDPRESS.requests("POST", "/wp-json/wp/v2/posts")).hasSizeGreaterThanOrEqualTo(1);
        assertThat(meters.get("govcomm.channel.calls").tags("channel", "portal", "operation", "wordpress.create_post",
                "outcome", "success").timer().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPostWhoseAnswerWasLostIsFoundBySlugInsteadOfPostedTwiceAndARetractionTrashesIt() throws Exception {
        String portal = newPortal();
        WORDPRESS.addUser("mang-" + portal, "lost answr 0000 1111 2222");
        configureWordPress(portal, "mang-" + portal, "lost answr 0000 1111 2222");
        WORDPRESS.faults().dropNextAfterProcessing(1); // the post is created, the answer never arrives

        ObjectNode delivery = delivery(portal, "cmp-wp-lost", 1);
        String slug = "govcomm-" + delivery.get("deliveryId").asString();
        send(REQUESTED, delivery);
        assertThat(awaitStatus(delivery.get("deliveryId").asString(), "RETRYING").path("reasonCode").asString())
                .isEqualTo("WP_UNCONFIRMED");
        JsonNode published = awaitStatus(delivery.get("deliveryId").asString(), "PUBLISHED");

        assertThat(WORDPRESS.posts()).filteredOn(p -> p.slug().equals(slug)).singleElement()
                .satisfies(p -> assertThat(published.path("externalRef").asString()).isEqualTo(String.valueOf(p.id())));
        assertThat(WORDPRESS.requests("GET", "/wp-json/wp/v2/posts")).isNotEmpty();

        send(RETRACTED, retraction(delivery, "CAMPAIGN_CANCELLED"));
        awaitStatus(delivery.get("deliveryId").asString(), "CANCELLED");
        await().atMost(Duration.ofSeconds(10)).until(() -> WORDPRESS.posts().stream()
                .anyMatch(p -> p.slug().equals(slug) && p.status().equals("trash")));
    }

    @Test
    void aRejectedApplicationPasswordFailsTheDeliveryWithAClearReasonAndTheWindowEndExpiresIt() throws Exception {
        String portal = newPortal();
        WORDPRESS.addUser("cu-" + portal, "old0 pass word 0000 1111 2222");
        configureWordPress(portal, "cu-" + portal, "old0 pass word 0000 1111 2222");
        WORDPRESS.revokeApplicationPassword("cu-" + portal);

        ObjectNode delivery = delivery(portal, "cmp-wp-auth", 1);
        send(REQUESTED, delivery);
        JsonNode failed = awaitStatus(delivery.get("deliveryId").asString(), "FAILED");
        assertThat(failed.path("reasonCode").asString()).isEqualTo("WP_AUTH_REJECTED");
        assertThat(failed.path("reason").asString()).contains("incorrect_password").contains("Application Password");

        send(RETRACTED, retraction(delivery, "WINDOW_ENDED"));
        assertThat(awaitStatus(delivery.get("deliveryId").asString(), "EXPIRED").path("reasonCode").asString())
                .isEqualTo("WINDOW_ENDED");
    }

    @Test
    void rejectsAnInvalidWordPressConfigurationWithProblemDetails() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/portal/portals/"
                        + newPortal() + "/wordpress")).header("Authorization", admin())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"baseUrl\": \"ftp://x\", \"username\": \"\", "
                        + "\"applicationPassword\": \"p\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("code").asString()).as(r.body()).isEqualTo("validation-failed");
        assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString()))
                .contains("baseUrl", "username");
    }

    @Test
    void actsAsWebSubHubVerifiesSubscribersSignsDeliveriesAndDropsThemOn410() throws Exception {
        String portal = newPortal();
        String token = issueToken(portal);
        String topic = PUBLIC_BASE + "/feeds/" + portal + "/atom.xml";
        try (FakeWebSubSubscriber subscriber = new FakeWebSubSubscriber().secret("bi-mat-chung").expectTopic(topic)
                .start(SUBSCRIBER_PORT)) {
            HttpResponse<String> intent = hub(Map.of("hub.mode", "subscribe", "hub.topic", topic,
                    "hub.callback", subscriber.callbackUrl(), "hub.secret", "bi-mat-chung", "hub.lease_seconds", "3600"), token);
            assertThat(intent.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.verifications().stream()
                    .anyMatch(v -> v.confirmed() && v.leaseSeconds() == 3600));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    mongo.getCollection("websub_subscriptions").countDocuments(new Document("portalId", portal)) == 1);

            ObjectNode delivery = delivery(portal, "cmp-websub", 1);
            send(REQUESTED, delivery);
            await().atMost(Duration.ofSeconds(15)).until(() -> !subscriber.deliveries().isEmpty());
            WebSubDelivery pushed = subscriber.deliveries().get(0);
            assertThat(pushed.signatureCheck()).isEqualTo(SignatureCheck.VALID);
            assertThat(pushed.signature()).startsWith("sha256=");
            assertThat(pushed.contentType()).startsWith("application/atom+xml");
            assertThat(pushed.links()).contains("<" + PUBLIC_BASE + "/feeds/hub>; rel=\"hub\"", "<" + topic + ">; rel=\"self\"");
            assertThat(pushed.body()).contains("cmp-websub").contains("Khánh Hòa");

            subscriber.endSubscription();
            send(REQUESTED, delivery(portal, "cmp-websub-2", 1));
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    mongo.getCollection("websub_subscriptions").countDocuments(new Document("portalId", portal)) == 0);
            assertThat(subscriber.deliveries()).extracting(WebSubDelivery::answeredStatus).contains(410);
            assertThat(meters.get("govcomm.channel.calls").tags("operation", "websub.deliver", "outcome", "permanent")
                    .timer().count()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void theHubRefusesTopicsOfOtherPortalsAndIncompleteRequests() throws Exception {
        String mine = newPortal();
        String token = issueToken(mine);
        HttpResponse<String> foreign = hub(Map.of("hub.mode", "subscribe", "hub.topic",
                PUBLIC_BASE + "/feeds/" + newPortal() + "/atom.xml", "hub.callback", "http://127.0.0.1:9/cb"), token);
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> noCallback = hub(Map.of("hub.mode", "subscribe", "hub.topic",
                PUBLIC_BASE + "/feeds/" + mine + "/atom.xml"), token);
        assertThat(noCallback.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noCallback.body()).path("errors").get(0).path("field").asString()).isEqualTo("hub.callback");
        HttpResponse<String> anonymous = hub(Map.of("hub.mode", "subscribe", "hub.topic",
                PUBLIC_BASE + "/feeds/" + mine + "/atom.xml", "hub.callback", "http://127.0.0.1:9/cb"), null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> configureWordPress(String portal, String user, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("baseUrl", WORDPRESS.baseUrl(), "username", user,
                "applicationPassword", password));
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/portal/portals/" + portal + "/wordpress"))
                .header("Authorization", admin()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> hub(Map<String, String> form, String token) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/feeds/hub"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
