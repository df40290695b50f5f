package vn.govcomm.zalo;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.WebhookDelivery;
import vn.govcomm.fakes.zalo.ZaloArticle;
import vn.govcomm.fakes.zalo.ZaloEvents;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.zalo.oa.OaConnections;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adapter end to end on a real broker (embedded KRaft), a wire-protocol MongoDB and the Zalo fake: requests
 * in, calls to Zalo, statuses out (validated against the contracts), webhooks, retraction, admin API.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZaloAdapterIntegrationTests extends ZaloAdapterTestBase {

    static final String REQUESTED = "vn.govcomm.delivery.requested.v1";
    static final String RETRACTED = "vn.govcomm.delivery.retracted.v1";

    static String newDeliveryId() {
        return "dlv-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    void request(String deliveryId, String title) {
        ZaloTestSupport.send(KAFKA.bootstrapServers(), REQUESTED, "so-y-te.zalo",
                ZaloTestSupport.request(deliveryId, OA, 1, title));
    }

    Document delivery(String deliveryId) {
        return mongo.findById(deliveryId, Document.class, AdapterDeliveries.COLLECTION);
    }

    String phase(String deliveryId) {
        Document doc = delivery(deliveryId);
        return doc == null || doc.get("zalo") == null ? null : doc.get("zalo", Document.class).getString("phase");
    }

    static List<ZaloArticle> articlesTitled(String title) {
        return FAKE.articles().stream().filter(a -> title.equals(a.title())).toList();
    }

    @Test
    void publishesVerifiesAndBroadcastsAnArticleWithContractValidStatuses() {
        String id = newDeliveryId();
        String title = "Khảo sát hài lòng " + id;

        request(id, title);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(id)));
        List<ConsumerRecord<String, byte[]>> records = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.zalo",
                r -> id.equals(r.key()), 1, Duration.ofSeconds(20));
        List<JsonNode> statuses = records.stream().map(IncomingEvent::from).peek(e ->
                assertThat(Contracts.get().validate(e.type(), e.dataAsString())).as(e.dataAsString()).isEmpty())
                .map(e -> ZaloTestSupport.JSON.readTree(e.dataAsString())).toList();
        ZaloArticle article = articlesTitled(title).getFirst();
        assertThat(articlesTitled(title)).hasSize(1);
        // Verified within the quick polls: the token is written with PUBLISHED, no ACCEPTED is written or sent.
        assertThat(statuses).extracting(s -> s.path("status").asString()).containsExactly("PUBLISHED");
        assertThat(statuses.getFirst().path("externalRef").asString()).isEqualTo(article.id());
        assertThat(delivery(id).get("zalo", Document.class).getString("token")).isEqualTo(article.token());
        var broadcast = FAKE.broadcasts().stream().filter(b -> b.articleId().equals(article.id())).toList();
        assertThat(broadcast).hasSize(1);
        assertThat(delivery(id).get("zalo", Document.class).getString("messageId"))
                .isEqualTo(broadcast.getFirst().messageId());
        assertThat(FAKE.requests("POST", ".*/article/create").getLast().header("access_token")).isNotBlank();
    }

    @Test
    void anArticleNotVerifiedWithinTheQuickPollsHasItsTokenWrittenWithAcceptedFirst() {
        String id = newDeliveryId();
        String title = "Chưa duyệt xong " + id;
        // Every try of the first verify call fails (the in-call retries included): the run must let the plan go.
        FAKE.faults().failNext(3, "POST", ".*/article/verify", Fault.status(503));
        request(id, title);

        await().atMost(Duration.ofSeconds(40)).until(() -> "DONE".equals(phase(id)));
        List<JsonNode> statuses = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.zalo",
                        r -> id.equals(r.key()), 2, Duration.ofSeconds(20)).stream().map(IncomingEvent::from)
                .map(e -> ZaloTestSupport.JSON.readTree(e.dataAsString())).toList();
        ZaloArticle article = articlesTitled(title).getFirst();
        assertThat(articlesTitled(title)).hasSize(1);
        assertThat(statuses.getFirst().path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(statuses.getFirst().path("externalRef").asString()).isEqualTo(article.token());
        await().atMost(Duration.ofSeconds(20)).until(() -> "PUBLISHED".equals(delivery(id).getString("status")));
        assertThat(delivery(id).getString("externalRef")).isEqualTo(article.id());
        assertThat(FAKE.requests("POST", ".*/article/create").stream()
                .filter(r -> r.bodyText().contains(title))).hasSize(1);
    }

    @Test
    void aRedeliveredRequestDoesNotCreateASecondArticle() {
        String id = newDeliveryId();
        String title = "Thông báo lặp " + id;
        request(id, title);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(id)));

        request(id, title); // Kafka redelivery: same delivery, same attempt
        String marker = newDeliveryId();
        request(marker, "Sau lần lặp " + marker); // same key, same partition: processed after the redelivery
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(marker)));

        assertThat(articlesTitled(title)).hasSize(1);
        assertThat(FAKE.broadcasts().stream().filter(b -> b.articleId().equals(articlesTitled(title).getFirst().id())))
                .hasSize(1);
    }

    @Test
    void contentThatCannotBeSentFailsWithAClearReasonAndNoCall() {
        String id = newDeliveryId();
        String title = id + " " + "Rất dài ".repeat(20);

        request(id, title);

        await().atMost(Duration.ofSeconds(30)).until(() -> delivery(id) != null && "FAILED".equals(delivery(id).getString("status")));
        assertThat(delivery(id).getString("reasonCode")).isEqualTo("ZALO_TITLE_TOO_LONG");
        assertThat(delivery(id).getString("reason")).contains("at most 150");
        assertThat(FAKE.articles()).noneMatch(a -> a.title().startsWith(id));
    }

    @Test
    void aLostCreateAnswerIsLookedUpInsteadOfPostingAgain() {
        String id = newDeliveryId();
        String title = "Trả lời bị mất " + id;
        FAKE.faults().failNext(1, "POST", ".*/article/create", Fault.dropAfterProcessing());
        FAKE.settings().listingLag(Duration.ofSeconds(2)); // Zalo's list shows it a little later
        try {
            request(id, title);
            await().atMost(Duration.ofSeconds(30)).until(() -> "CREATE_UNCONFIRMED".equals(phase(id)));
            assertThat(delivery(id).getString("status")).isEqualTo("RETRYING");
            assertThat(delivery(id).getString("reasonCode")).isEqualTo("ZALO_CREATE_UNCONFIRMED");

            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(id)) || "RECONCILING".equals(phase(id)));
        } finally {
            FAKE.settings().listingLag(Duration.ZERO);
        }
        ZaloArticle created = articlesTitled(title).getFirst();
        assertThat(delivery(id).getString("status")).isEqualTo("PUBLISHED");
        assertThat(delivery(id).getString("externalRef")).isEqualTo(created.id());
        assertThat(articlesTitled(title)).hasSize(1);
        assertThat(FAKE.requests("POST", ".*/article/create").stream()
                .filter(r -> r.bodyText().contains(title))).hasSize(1);
    }

    @Test
    void aLostCreateThatShowsUpAfterTheHorizonIsRemovedSoThatOneArticleStaysLive() {
        String id = newDeliveryId();
        String title = "Hiện ra muộn " + id;
        FAKE.faults().failNext(1, "POST", ".*/article/create", Fault.dropAfterProcessing());
        FAKE.settings().listingLag(Duration.ofSeconds(8)); // longer than the 5 s look-up horizon of these tests
        try {
            request(id, title);

            // Not visible within the horizon: created again, published; the late original is then found and removed.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(delivery(id).getString("status")).isEqualTo("PUBLISHED");
                assertThat(delivery(id).get("zalo", Document.class).getInteger("strays", 0)).isEqualTo(1);
            });
        } finally {
            FAKE.settings().listingLag(Duration.ZERO);
        }
        assertThat(articlesTitled(title)).hasSize(2);
        List<ZaloArticle> live = articlesTitled(title).stream().filter(a -> !a.removed()).toList();
        assertThat(live).singleElement().satisfies(a -> assertThat(a.id()).isEqualTo(delivery(id).getString("externalRef")));
        assertThat(delivery(id).get("zalo", Document.class).getInteger("recreations")).isEqualTo(1);
    }

    @Test
    void aCancelWhileTheCreateIsUnconfirmedRemovesTheArticleWhenItShowsUp() {
        String id = newDeliveryId();
        String title = "Hủy khi chưa rõ " + id;
        FAKE.faults().failNext(1, "POST", ".*/article/create", Fault.dropAfterProcessing());
        FAKE.settings().listingLag(Duration.ofSeconds(3));
        try {
            request(id, title);
            await().atMost(Duration.ofSeconds(30)).until(() -> "CREATE_UNCONFIRMED".equals(phase(id)));

            ZaloTestSupport.send(KAFKA.bootstrapServers(), RETRACTED, "so-y-te.zalo",
                    ZaloTestSupport.retraction(id, OA, "CAMPAIGN_CANCELLED"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(delivery(id).getString("status")).isEqualTo("CANCELLED");
                assertThat(phase(id)).isEqualTo("REMOVED");
            });
        } finally {
            FAKE.settings().listingLag(Duration.ZERO);
        }
        assertThat(articlesTitled(title)).singleElement().satisfies(a -> assertThat(a.removed()).isTrue());
    }

    @Test
    void aRateLimitedOaWaitsRetryingUntilTheResetTimeZaloTellsThenPublishes() {
        String id = newDeliveryId();
        String title = "Giới hạn gọi " + id;
        java.time.Instant reset = java.time.Instant.now().plusSeconds(3);
        FAKE.throttle("app-1", Duration.ofSeconds(3));

        request(id, title);

        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(id) != null && delivery(id).get("retry") != null);
        Document waiting = delivery(id);
        assertThat(waiting.getString("status")).isEqualTo("RETRYING");
        assertThat(waiting.getString("reasonCode")).isEqualTo("ZALO_RATE_LIMITED");
        // The wait is at least what Zalo's quota call told (the burst's end), not the kit's 200 ms backoff.
        assertThat(waiting.get("retry", Document.class).getDate("nextAt").toInstant())
                .isAfterOrEqualTo(reset.minusMillis(500));
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(id)));
        assertThat(delivery(id).getString("status")).isEqualTo("PUBLISHED");
        assertThat(delivery(id).get("retry")).isNull();
        assertThat(articlesTitled(title)).hasSize(1);
    }

    @Test
    void aBroadcastOverTheQuotaWaitsForTheNextPeriodAndIsSentOnce() {
        String id = newDeliveryId();
        String title = "Hết hạn mức " + id;
        // The fake's clock stands still until the test moves it: the quota period cannot roll over by itself.
        vn.govcomm.fakes.http.SettableClock zaloClock = new vn.govcomm.fakes.http.SettableClock(java.time.Instant.now());
        FAKE.settings().clock(zaloClock).broadcastQuotaPeriod(Duration.ofSeconds(4), Duration.ZERO);
        try {
            FAKE.exhaustBroadcastQuota("app-1");
            request(id, title);

            await().atMost(Duration.ofSeconds(20)).until(() -> delivery(id) != null
                    && "WAITING".equals(delivery(id).get("zalo", Document.class).getString("broadcast")));
            assertThat(delivery(id).getString("status")).isEqualTo("PUBLISHED");
            assertThat(phase(id)).isEqualTo("BROADCAST_PENDING");

            zaloClock.advance(Duration.ofSeconds(4)); // the next period: the quota is back
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(id)));
        } finally {
            FAKE.settings().clock(java.time.Clock.systemUTC()).broadcastQuotaPeriod(Duration.ofDays(1), Duration.ofHours(7));
        }
        String articleId = articlesTitled(title).getFirst().id();
        assertThat(delivery(id).get("zalo", Document.class).getString("broadcast")).isEqualTo("SENT");
        assertThat(FAKE.broadcasts().stream().filter(b -> b.articleId().equals(articleId))).hasSize(1);
    }

    @Test
    void onceABroadcastIsRefusedTheConnectionsNextBroadcastsWaitWithoutCallingUntilTheQuotaIsBack() {
        String first = newDeliveryId();
        List<String> others = List.of(newDeliveryId(), newDeliveryId());
        // The fake's clock stands still until the test moves it; its quota period (60 s) is placed so that the quota
        // comes back 15 s from now (the reset time the quota call tells), whatever the time of day.
        long start = System.currentTimeMillis();
        long period = 60_000;
        vn.govcomm.fakes.http.SettableClock zaloClock = new vn.govcomm.fakes.http.SettableClock(
                java.time.Instant.ofEpochMilli(start));
        FAKE.settings().clock(zaloClock).broadcastQuotaPeriod(Duration.ofMillis(period),
                Duration.ofMillis(Math.floorMod(period - 15_000 - start % period, period)));
        try {
            FAKE.exhaustBroadcastQuota("app-1");
            int broadcastsBefore = FAKE.requests("POST", ".*/oa/message").size();
            int quotaCallsBefore = FAKE.requests("GET", ".*/oa/quota/message").size();
            request(first, "Hạn mức " + first);
            await().atMost(Duration.ofSeconds(20)).until(() -> broadcast(first).equals("WAITING"));
            others.forEach(id -> request(id, "Hạn mức " + id));
            await().atMost(Duration.ofSeconds(20)).until(() -> others.stream().allMatch(id -> broadcast(id).equals("WAITING")));

            // One refused broadcast for the three: the others knew the connection's reset time. (Deliveries of earlier
            // tests share the adapter and the app, so only the calls naming our articles are counted; a quota call
            // is made only after a refused call, never for a broadcast that was not sent.)
            List<String> ours = List.of(first, others.get(0), others.get(1)).stream()
                    .map(id -> articlesTitled("Hạn mức " + id).getFirst().id()).toList();
            var broadcastCalls = FAKE.requests("POST", ".*/oa/message");
            var inTheWindow = broadcastCalls.subList(broadcastsBefore, broadcastCalls.size());
            assertThat(inTheWindow.stream().filter(r -> ours.stream().anyMatch(a -> r.bodyText().contains(a))))
                    .hasSize(1);
            assertThat(FAKE.requests("GET", ".*/oa/quota/message").size() - quotaCallsBefore)
                    .isBetween(1, inTheWindow.size());
            for (String id : others) {
                Document plan = delivery(id).get("zalo", Document.class);
                assertThat(delivery(id).getString("status")).isEqualTo("PUBLISHED");
                assertThat(plan.getString("phase")).isEqualTo("BROADCAST_PENDING");
                assertThat(plan.getString("broadcastReason")).isNotBlank();
                assertThat(plan.getDate("dueAt").toInstant()).as("waits for the reset Zalo told")
                        .isAfter(java.time.Instant.now().plusSeconds(1));
            }

            zaloClock.advance(Duration.ofMillis(period)); // the next period: the quota is back
            List<String> all = new java.util.ArrayList<>(others);
            all.add(first);
            await().atMost(Duration.ofSeconds(60)).until(() -> all.stream().allMatch(id -> "DONE".equals(phase(id))));
            for (String id : all) {
                String articleId = articlesTitled("Hạn mức " + id).getFirst().id();
                assertThat(broadcast(id)).isEqualTo("SENT");
                assertThat(FAKE.broadcasts().stream().filter(b -> b.articleId().equals(articleId))).hasSize(1);
            }
        } finally {
            FAKE.settings().clock(java.time.Clock.systemUTC()).broadcastQuotaPeriod(Duration.ofDays(1), Duration.ofHours(7));
        }
    }

    String broadcast(String deliveryId) {
        Document doc = delivery(deliveryId);
        Document plan = doc == null ? null : doc.get("zalo", Document.class);
        return plan == null || plan.getString("broadcast") == null ? "" : plan.getString("broadcast");
    }

    @Test
    void retractionRemovesTheArticleAndMapsTheReason() {
        String cancelled = newDeliveryId();
        String ended = newDeliveryId();
        request(cancelled, "Hủy " + cancelled);
        request(ended, "Hết hạn " + ended);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(phase(cancelled)) && "DONE".equals(phase(ended)));

        ZaloTestSupport.send(KAFKA.bootstrapServers(), RETRACTED, "so-y-te.zalo",
                ZaloTestSupport.retraction(cancelled, OA, "CAMPAIGN_CANCELLED"));
        ZaloTestSupport.send(KAFKA.bootstrapServers(), RETRACTED, "so-y-te.zalo",
                ZaloTestSupport.retraction(ended, OA, "WINDOW_ENDED"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "REMOVED".equals(phase(cancelled)) && "REMOVED".equals(phase(ended)));
        assertThat(delivery(cancelled).getString("status")).isEqualTo("CANCELLED");
        // Achieved already: EXPIRED does not override PUBLISHED (DeliveryStatus.canMoveTo), the article still goes.
        assertThat(delivery(ended).getString("status")).isEqualTo("PUBLISHED");
        assertThat(articlesTitled("Hủy " + cancelled).getFirst().removed()).isTrue();
        assertThat(articlesTitled("Hết hạn " + ended).getFirst().removed()).isTrue();
    }

    @Test
    void theContractExampleForAnotherChannelIsDeadLetteredAsPoison() {
        String example = Contracts.get().example(REQUESTED);
        ZaloTestSupport.send(KAFKA.bootstrapServers(), REQUESTED, "poison-key", example);

        var dead = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.requests.zalo.DLT",
                r -> "poison-key".equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        DeliveryRequested parsed = ZaloTestSupport.JSON.readValue(example, DeliveryRequested.class);
        assertThat(delivery(parsed.deliveryId())).isNull();
    }

    @Test
    void aSignedZnsReceiptForOneOfOurDeliveriesMovesItToPublishedOnce() {
        String id = newDeliveryId();
        DeliveryRequested request = ZaloTestSupport.JSON.readValue(ZaloTestSupport.request(id, OA, 1, "ZNS " + id),
                DeliveryRequested.class);
        deliveries.accept(request, new Document("deliveryId", id));
        String event = ZaloEvents.znsReceived("app-1", OA, "msg-" + id, id, System.currentTimeMillis());
        String callback = "http://127.0.0.1:" + port + "/webhooks/zalo";

        WebhookDelivery sent = FAKE.sendWebhook(callback, "app-1", "secret-1", event);

        assertThat(sent.delivered()).isTrue();
        assertThat(sent.attempts()).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> "PUBLISHED".equals(delivery(id).getString("status")));
        assertThat(delivery(id).getString("externalRef")).isEqualTo("msg-" + id);
        var status = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.zalo", r -> id.equals(r.key()), 1,
                Duration.ofSeconds(20)).getFirst();
        IncomingEvent published = IncomingEvent.from(status);
        assertThat(Contracts.get().validate(published.type(), published.dataAsString())).isEmpty();
    }

    @Test
    void webhooksAreVerifiedAndDeduplicated() throws Exception {
        // As Zalo sends it: timestamp (epoch ms as a string) inside the body.
        String timestamp = Long.toString(System.currentTimeMillis());
        String body = ((tools.jackson.databind.node.ObjectNode) ZaloTestSupport.JSON.readTree(
                ZaloEvents.follow("app-1", OA, "user-" + UUID.randomUUID()))).put("timestamp", timestamp).toString();
        String signature = FakeZalo.webhookSignature("app-1", body, timestamp, "secret-1");

        HttpResponse<String> forged = postWebhook(body, FakeZalo.webhookSignature("app-1", body, timestamp, "wrong"));
        HttpResponse<String> first = postWebhook(body, "mac=" + signature);
        HttpResponse<String> retry = postWebhook(body, signature);
        HttpResponse<String> unsigned = postWebhook(body, null);

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("INVALID_SIGNATURE");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"duplicate\":false");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).contains("\"duplicate\":true");
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo.count(new org.springframework.data.mongodb.core.query.Query(
                org.springframework.data.mongodb.core.query.Criteria.where("body").is(body).and("processed").is(true)),
                "zalo_webhook_events") == 1);
    }

    @Test
    void aChunkedWebhookBodyOverTheCapIsRefusedWith413AndNothingIsStored() throws Exception {
        long before = mongo.count(new org.springframework.data.mongodb.core.query.Query(), "zalo_webhook_events");
        String timestamp = Long.toString(System.currentTimeMillis());
        String body = ((tools.jackson.databind.node.ObjectNode) ZaloTestSupport.JSON.readTree(
                ZaloEvents.follow("app-1", OA, "user-" + UUID.randomUUID()))).put("timestamp", timestamp)
                .put("padding", "x".repeat(300 * 1024)).toString();
        byte[] raw = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/zalo"))
                .header("Content-Type", "application/json")
                .header("X-ZEvent-Signature", FakeZalo.webhookSignature("app-1", body, timestamp, "secret-1"));

        // No Content-Length (chunked): counted while it streams, refused before the signature is even checked.
        HttpResponse<String> chunked = HTTP.send(request.copy().POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(raw))).build(), HttpResponse.BodyHandlers.ofString());
        // A declared Content-Length over the cap: refused before anything is read.
        HttpResponse<String> declared = HTTP.send(request.copy().POST(HttpRequest.BodyPublishers.ofByteArray(raw))
                .build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> answer : List.of(chunked, declared)) {
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"code\":\"body-too-large\"");
        }
        assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), "zalo_webhook_events"))
                .isEqualTo(before);
    }

    HttpResponse<String> postWebhook(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/zalo"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-ZEvent-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminConnectsRotatesAndDisconnectsAnOaWithoutEverShowingOrLoggingSecrets(CapturedOutput output) throws Exception {
        ZaloTokens pair = FAKE.issueTokens("app-1");
        String body = "{\"appId\":\"app-1\",\"appSecret\":\"secret-1\",\"refreshToken\":\"" + pair.refreshToken()
                + "\",\"accessToken\":\"" + pair.accessToken() + "\"}";
        String url = "/api/zalo/oas/oa-admin/connection";

        HttpResponse<String> officer = admin("PUT", url, body, "officer");
        HttpResponse<String> incomplete = admin("PUT", url, "{\"appId\":\"app-1\"}", "admin");
        HttpResponse<String> connected = admin("PUT", url, body, "officer", "admin");
        HttpResponse<String> shown = admin("GET", url, null, "admin");
        HttpResponse<String> listed = admin("GET", "/api/zalo/oas", null, "admin");

        assertThat(officer.statusCode()).isEqualTo(403);
        assertThat(officer.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(incomplete.body()).contains("appSecret").contains("refreshToken");
        assertThat(connected.statusCode()).isEqualTo(200);
        assertThat(connected.body()).contains("\"updatedBy\":\"nguyen.quan.tri\""); // the verified caller
        assertThat(shown.body()).contains("\"appId\":\"app-1\"").contains("\"hasRefreshToken\":true");
        for (String answer : List.of(connected.body(), shown.body(), listed.body(), output.getAll())) {
            assertThat(answer).doesNotContain("secret-1").doesNotContain(pair.refreshToken())
                    .doesNotContain(pair.accessToken());
        }
        assertThat(connections.find("oa-admin").orElseThrow().refreshToken()).isEqualTo(pair.refreshToken());

        assertThat(admin("DELETE", url, null, "admin").statusCode()).isEqualTo(204);
        assertThat(admin("GET", url, null, "admin").statusCode()).isEqualTo(404);
    }

    HttpResponse<String> admin(String method, String path, String body, String... roles) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestCallers.bearer(AUDIENCE, "nguyen.quan.tri", "so-noi-vu", roles))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
