package vn.govcomm.led.signage;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.led.LedAdapterTestSupport;
import vn.govcomm.led.TestScreen;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The vendor-neutral signage protocol over real HTTP, driven by a scriptable test screen. */
class SignageProtocolIntegrationTests extends LedAdapterTestSupport {

    @Test
    void queuedItemIsAcceptedThenFetchedByAPollAndDisplayedOnlyOnTheDevicesAck() throws Exception {
        String screenId = newId("scr");
        String deliveryId = newId("dlv");
        TestScreen screen = new TestScreen(baseUrl(), screenId, issueCredential(screenId));
        send(REQUESTED, request(deliveryId, screenId));
        awaitStatus(deliveryId, "ACCEPTED");

        TestScreen.Poll first = screen.poll();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.etag()).isEqualTo("\"" + first.version() + "\"");
        assertThat(screen.deliveryIds()).containsExactly(deliveryId);
        assertThat(screen.items().getFirst().path("text").asString()).startsWith("Khảo sát mức độ hài lòng năm 2023");
        awaitStatus(deliveryId, "FETCHED");

        TestScreen.Poll second = screen.poll();
        assertThat(second.status()).isEqualTo(304);
        assertThat(second.sentIfNoneMatch()).isEqualTo(first.etag());
        assertThat(status(deliveryId)).as("pulling is not displaying").isEqualTo("FETCHED");

        assertThat(screen.ack(deliveryId, "DISPLAYED")).isEqualTo(200);
        awaitStatus(deliveryId, "DISPLAYED");
        assertThat(statusEvents(deliveryId, 3)).extracting(e -> e.path("status").asString())
                .containsExactly("ACCEPTED", "FETCHED", "DISPLAYED");
    }

    @Test
    void servesRenderedLinesWithPagesAndAStrongEtagThatChangesWithTheContent() throws Exception {
        String screenId = newId("scr");
        String secret = issueCredential(screenId);
        String first = newId("dlv");
        send(REQUESTED, request(first, screenId));
        awaitStatus(first, "ACCEPTED");

        HttpResponse<String> response = http("GET", "/signage/" + screenId + "/playlist", secret, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-cache");
        JsonNode item = JSON.readTree(response.body()).path("items").get(0);
        assertThat(item.path("lines").size()).isEqualTo(3);
        assertThat(item.path("pages").size()).as("3 lines on a 4-line default screen").isEqualTo(1);
        assertThat(item.path("durationSec").asInt()).isEqualTo(20);
        assertThat(item.path("noticeId").asString()).isEqualTo("cmp-2023-khaosat-hailong:v1");
        String etag = response.headers().firstValue("ETag").orElseThrow();

        String second = newId("dlv");
        send(REQUESTED, request(second, screenId));
        awaitStatus(second, "ACCEPTED");
        HttpResponse<String> changed = HTTP.send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/signage/" + screenId + "/playlist"))
                .header("Authorization", "Bearer " + secret).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    }

    @Test
    void urgentItemsComeFirstAndOnlyItemsValidNowAreServed() throws Exception {
        String screenId = newId("scr");
        String normal = newId("dlv-normal");
        String urgent = newId("dlv-urgent");
        String future = newId("dlv-future");
        String closed = newId("dlv-closed");
        send(REQUESTED, request(normal, screenId));
        ObjectNode urgentRequest = request(urgent, screenId);
        urgentRequest.put("priority", "URGENT");
        send(REQUESTED, urgentRequest);
        ObjectNode futureRequest = request(future, screenId);
        ((ObjectNode) futureRequest.get("window")).put("startsAt", Instant.now().plus(Duration.ofDays(1)).toString())
                .put("endsAt", Instant.now().plus(Duration.ofDays(2)).toString());
        send(REQUESTED, futureRequest);
        ObjectNode closedRequest = request(closed, screenId);
        String tomorrow = Instant.now().atZone(ZoneId.of("Asia/Ho_Chi_Minh")).getDayOfWeek().plus(1).name().substring(0, 3);
        ObjectNode schedule = closedRequest.putObject("ledSchedule");
        schedule.put("durationSec", 15).put("repeatEveryMinutes", 10);
        schedule.putArray("openingHours").addObject().put("from", "00:00").put("to", "24:00")
                .putArray("days").add(tomorrow);
        send(REQUESTED, closedRequest);
        List.of(normal, urgent, future, closed).forEach(id -> awaitStatus(id, "ACCEPTED"));

        TestScreen screen = new TestScreen(baseUrl(), screenId, issueCredential(screenId));
        assertThat(screen.poll().status()).isEqualTo(200);
        assertThat(screen.deliveryIds()).containsExactly(urgent, normal);
        assertThat(screen.items()).extracting(i -> i.path("priority").asInt()).containsExactly(1, 0);
        assertThat(screen.items().getFirst().path("priorityLevel").asString()).isEqualTo("URGENT");
        assertThat(status(future)).as("not served, so not fetched").isEqualTo("ACCEPTED");
    }

    @Test
    void duplicateOutOfOrderLateAndBatchedAcksAreIdempotent() throws Exception {
        String screenId = newId("scr");
        String d1 = newId("dlv");
        String d2 = newId("dlv");
        send(REQUESTED, request(d1, screenId));
        send(REQUESTED, request(d2, screenId));
        awaitStatus(d1, "ACCEPTED");
        awaitStatus(d2, "ACCEPTED");
        TestScreen screen = new TestScreen(baseUrl(), screenId, issueCredential(screenId));
        screen.holdAcks();
        screen.poll();
        screen.ack(d1, "RECEIVED");
        screen.ack(d2, "RECEIVED");
        screen.ack(d1, "DISPLAYED");
        screen.ack(d2, "DISPLAYED");
        assertThat(screen.held()).hasSize(4);

        List<Integer> sent = screen.flush(2, 7);

        assertThat(sent).hasSize(8).containsOnly(200);
        awaitStatus(d1, "DISPLAYED");
        awaitStatus(d2, "DISPLAYED");
        assertThat(statusEvents(d1, 3)).extracting(e -> e.path("status").asString())
                .containsExactly("ACCEPTED", "FETCHED", "DISPLAYED");
        assertThat(acksRecorded(d1))
                .as("each distinct ack recorded once").isEqualTo(2);
    }

    @Test
    void aBatchReportsAnOutcomePerAck() throws Exception {
        String screenId = newId("scr");
        String secret = issueCredential(screenId);
        String d1 = newId("dlv");
        send(REQUESTED, request(d1, screenId));
        awaitStatus(d1, "ACCEPTED");
        String at = Instant.now().minusSeconds(5).toString();
        ArrayNode batch = JSON.createArrayNode();
        batch.addObject().put("deliveryId", d1).put("state", "DISPLAYED").put("at", at);
        batch.addObject().put("deliveryId", d1).put("state", "DISPLAYED").put("at", at);
        batch.addObject().put("deliveryId", d1).put("state", "RECEIVED").put("at", at);
        batch.addObject().put("deliveryId", "dlv-not-here").put("state", "DISPLAYED").put("at", at);

        HttpResponse<String> response = http("POST", "/signage/" + screenId + "/ack", secret, batch.toString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("results").valueStream().map(r -> r.path("outcome").asString()))
                .containsExactly("APPLIED", "DUPLICATE", "RECORDED", "UNKNOWN");
        assertThat(status(d1)).isEqualTo("DISPLAYED");
    }

    @Test
    void windowEndedRetractionExpiresTheItemAndALateDisplayedAckIsRecordedWithoutMovingIt() throws Exception {
        String screenId = newId("scr");
        String secret = issueCredential(screenId);
        String expiring = newId("dlv");
        String cancelled = newId("dlv");
        send(REQUESTED, request(expiring, screenId));
        send(REQUESTED, request(cancelled, screenId));
        awaitStatus(expiring, "ACCEPTED");
        awaitStatus(cancelled, "ACCEPTED");

        retract(expiring, screenId, "WINDOW_ENDED");
        retract(cancelled, screenId, "CAMPAIGN_CANCELLED");
        awaitStatus(expiring, "EXPIRED");
        awaitStatus(cancelled, "CANCELLED");

        JsonNode playlist = JSON.readTree(http("GET", "/signage/" + screenId + "/playlist", secret, null).body());
        assertThat(playlist.path("items").size()).isZero();
        HttpResponse<String> late = http("POST", "/signage/" + screenId + "/ack", secret,
                "{\"deliveryId\":\"" + expiring + "\",\"state\":\"DISPLAYED\",\"at\":\"" + Instant.now() + "\"}");
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(late.body()).path("outcome").asString()).isEqualTo("RECORDED");
        assertThat(status(expiring)).isEqualTo("EXPIRED");
        JsonNode expired = statusEvents(expiring, 2).get(1);
        assertThat(expired.path("status").asString()).isEqualTo("EXPIRED");
        assertThat(expired.path("reasonCode").asString()).isEqualTo("WINDOW_ENDED");
    }

    @Test
    void devicesAuthenticateWithTheirOwnCredentialOnly() throws Exception {
        String screenId = newId("scr");
        String other = newId("scr");
        String secret = issueCredential(screenId);
        String otherSecret = issueCredential(other);
        String path = "/signage/" + screenId + "/playlist";

        assertThat(http("GET", path, null, null).statusCode()).isEqualTo(401);
        assertThat(http("GET", path, "scr_made-up", null).statusCode()).isEqualTo(401);
        HttpResponse<String> foreign = http("GET", path, otherSecret, null);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(foreign.body()).path("code").asString()).isEqualTo("wrong-screen");
        assertThat(http("GET", path, secret, null).statusCode()).isEqualTo(200);

        String rotated = issueCredential(screenId);
        assertThat(http("GET", path, secret, null).statusCode()).as("rotated away").isEqualTo(401);
        assertThat(http("GET", path, rotated, null).statusCode()).isEqualTo(200);
        String credential = "/api/led/screens/" + screenId + "/credential";
        assertThat(api("DELETE", credential, null, null).statusCode()).as("no caller token").isEqualTo(401);
        assertThat(api("DELETE", credential, TestCallers.bearer(AUDIENCE, "le.thi.hoa", SCREEN_AGENCY, "officer"), null)
                .statusCode()).as("admin only").isEqualTo(403);
        assertThat(http("DELETE", credential, rotated, null).statusCode()).as("a device secret is no caller token")
                .isEqualTo(401);
        assertThat(http("GET", path, rotated, null).statusCode()).isEqualTo(200);
        assertThat(api("DELETE", credential, admin(), null).statusCode()).isEqualTo(204);
        assertThat(http("GET", path, rotated, null).statusCode()).as("revoked").isEqualTo(401);
        assertThat(mongo.findById(screenId, Document.class, "screen_credentials").toJson())
                .doesNotContain(rotated).doesNotContain(secret);
    }

    @Test
    void anOversizedChunkedAckOrHeartbeatIs413AndNothingIsRecorded() throws Exception {
        String screenId = newId("scr");
        String secret = issueCredential(screenId);
        String deliveryId = newId("dlv");
        send(REQUESTED, request(deliveryId, screenId));
        awaitStatus(deliveryId, "ACCEPTED");

        HttpResponse<String> ack = chunked("/signage/" + screenId + "/ack", secret, megabyteOfAcks(deliveryId));
        // 100 KB: under the service's 256KB, over the device protocol's 64KB, counted while streaming.
        HttpResponse<String> heartbeat = chunked("/signage/" + screenId + "/heartbeat", secret, heartbeat(100 * 1024));
        HttpResponse<String> declared = http("POST", "/signage/" + screenId + "/ack", secret,
                new String(megabyteOfAcks(deliveryId), StandardCharsets.UTF_8).substring(0, 100 * 1024));

        for (HttpResponse<String> response : List.of(ack, heartbeat, declared)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
            assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo("body-too-large");
        }
        assertThat(acksRecorded(deliveryId)).isZero();
        assertThat(status(deliveryId)).isEqualTo("ACCEPTED");
        assertThat(lastHeartbeat(screenId)).as("no heartbeat recorded").isNull();
    }

    @Test
    void aWrongSecretIsRefusedBeforeTheBodyIsRead() throws Exception {
        String screenId = newId("scr");
        issueCredential(screenId);
        String otherSecret = issueCredential(newId("scr"));
        String deliveryId = newId("dlv");
        send(REQUESTED, request(deliveryId, screenId));
        awaitStatus(deliveryId, "ACCEPTED");

        // Read, these bodies would be 413: a 401 or 403 means the secret was checked first.
        HttpResponse<String> unknown = chunked("/signage/" + screenId + "/ack", "scr_made-up", megabyteOfAcks(deliveryId));
        HttpResponse<String> foreign = chunked("/signage/" + screenId + "/ack", otherSecret, megabyteOfAcks(deliveryId));
        HttpResponse<String> heartbeat = chunked("/signage/" + screenId + "/heartbeat", null, heartbeat(1024 * 1024));

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unknown.body()).path("code").asString()).isEqualTo("device-unauthenticated");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(foreign.body()).path("code").asString()).isEqualTo("wrong-screen");
        assertThat(heartbeat.statusCode()).isEqualTo(401);
        assertThat(acksRecorded(deliveryId)).isZero();
        assertThat(status(deliveryId)).isEqualTo("ACCEPTED");
        assertThat(lastHeartbeat(screenId)).isNull();
        assertThat(http("POST", "/signage/" + screenId + "/ack", "scr_made-up", "{\"deliveryId\": ").statusCode())
                .as("401, not the malformed body's 400").isEqualTo(401);
    }

    /** A JSON array of valid acks for the delivery, 1 MB long: applied if it were read whole. */
    private static byte[] megabyteOfAcks(String deliveryId) {
        String one = "{\"deliveryId\":\"" + deliveryId + "\",\"state\":\"DISPLAYED\",\"at\":\""
                + Instant.now().minusSeconds(5) + "\"}";
        StringBuilder batch = new StringBuilder("[").append(one);
        while (batch.length() < 1024 * 1024) {
            batch.append(',').append(one);
        }
        return batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] heartbeat(int bytes) {
        return ("{\"uptime\":60,\"currentItem\":\"" + "x".repeat(bytes) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** POSTs the body chunked: no Content-Length, so only counting while reading can stop it. */
    private HttpResponse<String> chunked(String path, String secret, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long acksRecorded(String deliveryId) {
        return mongo.count(Query.query(Criteria.where("deliveryId").is(deliveryId)), "screen_acks");
    }

    private Object lastHeartbeat(String screenId) {
        Document screen = mongo.findById(screenId, Document.class, "screens");
        return screen == null ? null : screen.get("lastHeartbeatAt");
    }

    @Test
    void badAcksAreProblemDetails() throws Exception {
        String screenId = newId("scr");
        String secret = issueCredential(screenId);
        String ack = "/signage/" + screenId + "/ack";

        HttpResponse<String> malformed = http("POST", ack, secret, "{\"deliveryId\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(JSON.readTree(malformed.body()).path("code").asString()).isEqualTo("malformed-json");

        HttpResponse<String> invalid = http("POST", ack, secret, "{\"deliveryId\":\"x\",\"state\":\"SHOWN\",\"at\":\"yesterday\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).path("errors").valueStream().map(e -> e.path("field").asString()))
                .containsExactlyInAnyOrder("state", "at");

        HttpResponse<String> unknown = http("POST", ack, secret,
                "{\"deliveryId\":\"dlv-unknown\",\"state\":\"DISPLAYED\",\"at\":\"" + Instant.now() + "\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("code").asString()).isEqualTo("unknown-delivery");

        assertThat(http("POST", "/signage/" + screenId + "/heartbeat", secret, "{\"uptime\": -3}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void theContractExampleIsQueuedAndTooLongTextsFail() {
        String example = Contracts.get().example(REQUESTED);
        ObjectNode asIs = (ObjectNode) JSON.readTree(example);
        send(REQUESTED, asIs);
        awaitStatus(asIs.path("deliveryId").asString(), "ACCEPTED");

        String tooLong = newId("dlv");
        ObjectNode request = request(tooLong, newId("scr"));
        ArrayNode lines = ((ObjectNode) request.get("content")).putArray("lines");
        for (int i = 0; i < 40; i++) {
            lines.add("Dòng " + i + " của một thông báo rất dài");
        }
        send(REQUESTED, request);
        awaitStatus(tooLong, "FAILED");
        assertThat(statusEvents(tooLong, 1).getFirst().path("reasonCode").asString()).isEqualTo("LED_TEXT_TOO_LONG");
    }
}
