package vn.govcomm.portal;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.websub.FakeWebSubSubscriber;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbound-URL policy (SSRF) over real HTTP: user-configured URLs pointing into the platform's network are
 * refused when configured (WordPress base URL → 400 naming baseUrl; WebSub hub.callback → 400 naming hub.callback,
 * nothing called) and again at call time (a stored URL that now resolves inside is not called). The context
 * allow-lists exactly the fakes' 127.0.0.1 host:port pairs, with plain http allowed.
 */
class OutboundPolicyIntegrationTests extends PortalAdapterTestSupport {

    @Autowired
    MeterRegistry meters;

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1", "http://127.0.0.1:{other}/", "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.5", "http://172.16.5.4", "http://192.168.1.10", "http://100.64.0.1", "http://0.0.0.0:{wp}",
            "http://[::1]:{wp}", "http://[fd00::1]", "http://[::ffff:127.0.0.1]:{wp}", "http://[fe80::1]",
            "https://localhost", "http://localhost:{wp}", "http://LOCALHOST.:{wp}", "http://224.0.0.1",
            "http://user:secret@127.0.0.1:{wp}", "ftp://wordpress.example.vn", "https://nonexistent.invalid",
            "https:/no-host"})
    void aWordPressSiteInsideThePlatformNetworkIsRefusedWhenConfiguredNamingTheField(String template) throws Exception {
        String portal = newPortal();
        String url = template.replace("{wp}", String.valueOf(WORDPRESS.port()))
                .replace("{other}", String.valueOf(SUBSCRIBER_PORT + 1));
        HttpResponse<String> r = configureWordPress(portal, url);
        assertThat(r.statusCode()).as(url + " → " + r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("code").asString()).isEqualTo("validation-failed");
        assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString())).containsExactly("baseUrl");
        assertThat(problem.path("errors").get(0).path("code").asString()).isIn("private-address", "unresolvable-host",
                "credentials-in-url", "scheme-not-allowed", "invalid-url", "invalid");
        assertThat(mongo.getCollection("wordpress_targets").countDocuments(new Document("_id", portal))).isZero();
    }

    @Test
    void theAllowListedFakeWordPressIsAccepted() throws Exception {
        String portal = newPortal();
        HttpResponse<String> r = configureWordPress(portal, WORDPRESS.baseUrl() + "/");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("baseUrl").asString()).isEqualTo(WORDPRESS.baseUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data", "http://10.0.0.5/cb", "http://127.0.0.1/cb",
            "https://localhost/cb", "http://localhost:{sub}/websub/callback", "{unlisted}"})
    void aCallbackInsideThePlatformNetworkIsRefusedAtSubscriptionAndNeverCalled(String template) throws Exception {
        String portal = newPortal();
        String token = issueToken(portal);
        try (FakeWebSubSubscriber unlisted = new FakeWebSubSubscriber().start()) { // a random port: not allow-listed
            String callback = template.replace("{sub}", String.valueOf(unlisted.port()))
                    .replace("{unlisted}", unlisted.callbackUrl());
            HttpResponse<String> r = hub(Map.of("hub.mode", "subscribe", "hub.callback", callback,
                    "hub.topic", PUBLIC_BASE + "/feeds/" + portal + "/atom.xml"), token);
            assertThat(r.statusCode()).as(callback + " → " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            JsonNode error = JSON.readTree(r.body()).path("errors").get(0);
            assertThat(error.path("field").asString()).isEqualTo("hub.callback");
            assertThat(error.path("code").asString()).isIn("private-address", "scheme-not-allowed");
            assertThat(unlisted.requests(null, ".*")).as("nothing was called").isEmpty();
            assertThat(mongo.getCollection("websub_subscriptions").countDocuments(new Document("portalId", portal)))
                    .isZero();
        }
    }

    @Test
    void aStoredWordPressAddressThatNowResolvesInsideIsNotCalledAndFailsTheDelivery() throws Exception {
        String portal = newPortal();
        WORDPRESS.addUser("doi-dns-" + portal, "dns0 move 0000 1111 2222");
        assertThat(configureWordPress(portal, WORDPRESS.baseUrl(), "doi-dns-" + portal, "dns0 move 0000 1111 2222")
                .statusCode()).isEqualTo(200);
        // As if the site's DNS answer changed after it was configured: the same server, by a name not allow-listed.
        mongo.getCollection("wordpress_targets").updateOne(new Document("_id", portal),
                new Document("$set", new Document("baseUrl", "http://localhost:" + WORDPRESS.port())));

        ObjectNode delivery = delivery(portal, "cmp-wp-rebind", 1);
        String slug = "govcomm-" + delivery.get("deliveryId").asString();
        send(REQUESTED, delivery);
        JsonNode failed = awaitStatus(delivery.get("deliveryId").asString(), "FAILED");
        assertThat(failed.path("reasonCode").asString()).isEqualTo("WP_URL_REFUSED");
        assertThat(failed.path("reason").asString()).contains("internal network");
        assertThat(WORDPRESS.requests(null, "/wp-json/.*")).noneMatch(r -> r.bodyText().contains(slug)
                || String.valueOf(r.rawQuery()).contains(slug));
    }

    @Test
    void aStoredCallbackThatIsNoLongerAllowedGetsNoDelivery() throws Exception {
        String portal = newPortal();
        try (FakeWebSubSubscriber unlisted = new FakeWebSubSubscriber().start()) {
            String topic = PUBLIC_BASE + "/feeds/" + portal + "/atom.xml";
            Instant now = Instant.now();
            mongo.getCollection("websub_subscriptions").insertOne(new Document("_id", "sub-" + portal)
                    .append("portalId", portal).append("topic", topic).append("callback", unlisted.callbackUrl())
                    .append("leaseSeconds", 3600L).append("expiresAt", Date.from(now.plusSeconds(3600)))
                    .append("verifiedAt", Date.from(now)));
            double refusedBefore = refusedDeliveries();

            ObjectNode delivery = delivery(portal, "cmp-websub-rebind", 1);
            send(REQUESTED, delivery);
            awaitStatus(delivery.get("deliveryId").asString(), "PUBLISHED");
            await().atMost(Duration.ofSeconds(10)).until(() -> refusedDeliveries() > refusedBefore);
            assertThat(unlisted.requests(null, ".*")).isEmpty();
        }
    }

    @Test
    void anUpstreamErrorBodyIsKeptOnlyAsAShortCleanExcerpt() throws Exception {
        String portal = newPortal();
        WORDPRESS.addUser("loi-" + portal, "big0 body 0000 1111 2222");
        configureWordPress(portal, WORDPRESS.baseUrl(), "loi-" + portal, "big0 body 0000 1111 2222");
        String flood = "<html>\r\n\u001b[31mFORGED LOG LINE\u001b[0m\n\u202Eevil" + "A".repeat(5000) + "</html>";
        WORDPRESS.faults().failNext(1, "POST", "/wp-json/wp/v2/posts",
                Fault.respond(Response.of(400, "text/html; charset=UTF-8", flood)));

        ObjectNode delivery = delivery(portal, "cmp-wp-flood", 1);
        send(REQUESTED, delivery);
        JsonNode failed = awaitStatus(delivery.get("deliveryId").asString(), "FAILED");
        String reason = failed.path("reason").asString();
        assertThat(failed.path("reasonCode").asString()).isEqualTo("WP_REJECTED");
        assertThat(reason).contains("FORGED LOG LINE").contains("…")
                .doesNotContain("\u001b", "\r", "\n", "\u202E", "A".repeat(250));
        assertThat(reason.length()).isLessThan(600);
    }

    @Test
    void aRedirectFromWordPressIsNotFollowed() throws Exception {
        String portal = newPortal();
        WORDPRESS.addUser("chuyen-" + portal, "redi rect 0000 1111 2222");
        configureWordPress(portal, WORDPRESS.baseUrl(), "chuyen-" + portal, "redi rect 0000 1111 2222");
        WORDPRESS.faults().failNext(1, "POST", "/wp-json/wp/v2/posts", Fault.respond(Response.empty(302)
                .withHeader("Location", WORDPRESS.baseUrl() + "/redirected-target")));

        ObjectNode delivery = delivery(portal, "cmp-wp-redirect", 1);
        send(REQUESTED, delivery);
        JsonNode failed = awaitStatus(delivery.get("deliveryId").asString(), "FAILED");
        assertThat(failed.path("reasonCode").asString()).isEqualTo("WP_REJECTED");
        assertThat(failed.path("reason").asString()).contains("redirect (302), which is not followed");
        assertThat(WORDPRESS.requests(null, "/redirected-target")).isEmpty();
    }

    private double refusedDeliveries() {
        var timer = meters.find("govcomm.channel.calls").tags("operation", "websub.deliver", "outcome", "permanent")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private HttpResponse<String> configureWordPress(String portal, String baseUrl) throws Exception {
        return configureWordPress(portal, baseUrl, "bientap", "abcd EFGH 1234 ijkl");
    }

    private HttpResponse<String> configureWordPress(String portal, String baseUrl, String user, String password)
            throws Exception {
        String body = JSON.writeValueAsString(Map.of("baseUrl", baseUrl, "username", user,
                "applicationPassword", password));
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/portal/portals/" + portal + "/wordpress"))
                .header("Authorization", admin()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> hub(Map<String, String> form, String token) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/feeds/hub"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
