package vn.govcomm.facebook.pages;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.facebook.FacebookAdapterTestSupport;
import vn.govcomm.facebook.credentials.PageView;
import vn.govcomm.fakes.facebook.FacebookError;
import vn.govcomm.fakes.facebook.FacebookPost;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.IncomingEvent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PagePublishingIntegrationTests extends FacebookAdapterTestSupport {

    static final String TEXT = "📢 THÔNG BÁO triển khai khảo sát mức độ hài lòng năm 2023 — Sở Nội vụ tỉnh Khánh Hòa";

    @Autowired MeterRegistry meters;

    @Test
    void publishesOncePerDeliveryAndEveryStatusEventMatchesTheContract() {
        String page = connectedPage("tok-publish");
        String deliveryId = request(page, TEXT);

        AdapterDeliveries.Stored stored = awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        List<FacebookPost> posts = GRAPH.posts(page);
        assertThat(posts).hasSize(1);
        assertThat(posts.getFirst().message()).isEqualTo(TEXT + "\n\n#" + deliveryId);
        assertThat(stored.externalRef()).isEqualTo(posts.getFirst().id());

        List<ConsumerRecord<String, byte[]>> events = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.facebook",
                r -> deliveryId.equals(r.key()), 1, Duration.ofSeconds(15));
        // Read back at once and found published: the post id goes with PUBLISHED, no ACCEPTED is written or sent.
        assertThat(events).extracting(r -> json.readTree(r.value()).path("status").asString())
                .containsExactly("PUBLISHED");
        events.forEach(r -> {
            IncomingEvent event = IncomingEvent.from(r);
            assertThat(Contracts.get().validate(event.type(), event.dataAsString())).as(event.dataAsString()).isEmpty();
        });
        assertThat(json.readTree(events.getFirst().value()).path("permalink").asString())
                .isEqualTo("https://www.facebook.com/" + page + "/posts/" + posts.getFirst().postNumber());
        // The token travelled in the Authorization header, never in a URL.
        assertThat(GRAPH.requests(null, "/v25.0/" + page + "/feed")).allSatisfy(r -> {
            assertThat(r.rawQuery() == null ? "" : r.rawQuery()).doesNotContain("tok-publish");
            assertThat(r.bodyText()).doesNotContain("tok-publish");
        });
        assertThat(meters.find("govcomm.channel.calls").tags("channel", "facebook", "operation", "publish",
                "outcome", "success").timer()).isNotNull();
        assertThat(meters.find("govcomm.channel.calls").meters()).allSatisfy(m ->
                assertThat(m.getId().getTags()).extracting(t -> t.getKey())
                        .isSubsetOf("channel", "operation", "outcome", "application")
                        .doesNotContain("page", "pageId"));
    }

    @Test
    void redeliveredRequestIsIdempotent() {
        String page = connectedPage("tok-redelivery");
        String deliveryId = newDeliveryId();
        String data = requestJson(deliveryId, page, 1, TEXT);
        send(page, "vn.govcomm.delivery.requested.v1", deliveryId, data);
        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);

        send(page, "vn.govcomm.delivery.requested.v1", deliveryId, data);
        String marker = request(page, "Một thông báo khác"); // processed after the redelivery (same partition)
        awaitStatus(marker, DeliveryStatus.PUBLISHED);

        assertThat(GRAPH.posts(page)).extracting(FacebookPost::message)
                .filteredOn(m -> m.endsWith("#" + deliveryId)).hasSize(1);
    }

    @Test
    void looksThePostUpAfterATimeoutInsteadOfPostingTwice() {
        String page = connectedPage("tok-timeout");
        // Facebook creates the post but answers after the adapter's 1 s read timeout.
        GRAPH.faults().failNext(1, "POST", "/v25.0/" + page + "/feed", vn.govcomm.fakes.http.Fault.delay(Duration.ofSeconds(3)));
        String deliveryId = request(page, TEXT);

        AdapterDeliveries.Stored stored = awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.posts(page)).hasSize(1);
        assertThat(stored.externalRef()).isEqualTo(GRAPH.posts(page).getFirst().id());
        assertThat(GRAPH.requests("POST", "/v25.0/" + page + "/feed")).hasSize(1);
        assertThat(GRAPH.requests("GET", "/v25.0/" + page + "/feed")).isNotEmpty();
    }

    @Test
    void droppedConnectionAfterFacebookCreatedThePostDoesNotDoublePost() {
        String page = connectedPage("tok-dropped");
        GRAPH.faults().failNext(1, "POST", "/v25.0/" + page + "/feed", vn.govcomm.fakes.http.Fault.dropAfterProcessing());
        String deliveryId = request(page, TEXT);

        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.posts(page)).hasSize(1);
    }

    @Test
    void droppedConnectionBeforeFacebookActedIsPostedAfterTheLookUpFindsNothing() {
        String page = connectedPage("tok-dropped-before");
        GRAPH.faults().failNext(1, "POST", "/v25.0/" + page + "/feed", vn.govcomm.fakes.http.Fault.drop());
        String deliveryId = request(page, TEXT);

        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.posts(page)).hasSize(1);
        assertThat(GRAPH.requests("POST", "/v25.0/" + page + "/feed")).hasSize(2);
    }

    @Test
    void rateLimitAnswersMakeTheDeliveryWaitDurablyThenPublish() {
        String page = connectedPage("tok-rate");
        double scheduledBefore = meters.counter("govcomm.delivery.retries", "channel", "facebook", "outcome",
                "scheduled").count();
        GRAPH.faults().failNext(2, "POST", "/v25.0/" + page + "/feed", FacebookError.rateLimit(613).asFault());
        String deliveryId = request(page, TEXT);

        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.posts(page)).hasSize(1);
        // Not retried in-call: each rate-limit answer paused the Page and made the delivery wait (kit's durable retry).
        assertThat(GRAPH.requests("POST", "/v25.0/" + page + "/feed")).hasSize(3);
        assertThat(meters.counter("govcomm.delivery.retries", "channel", "facebook", "outcome", "scheduled").count()
                - scheduledBefore).isGreaterThanOrEqualTo(2);
        List<String> statuses = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.facebook",
                        r -> deliveryId.equals(r.key()), 2, Duration.ofSeconds(15)).stream()
                .map(r -> json.readTree(r.value()).path("status").asString() + ":"
                        + json.readTree(r.value()).path("reasonCode").asString("")).toList();
        assertThat(statuses).containsExactly("RETRYING:RATE_LIMITED", "PUBLISHED:");
    }

    /**
     * An admin rotates the Page's token while a create with the old one is in flight, and Facebook refuses the old one
     * (190): the refusal is about a token the Page no longer has. The delivery is tried again with the new token (not
     * FAILED) and the Page is not marked as needing attention.
     */
    @Test
    void aTokenReplacedWhileACallUsedTheOldOneIsTriedAgainWithTheNewOne() {
        String page = connectedPage("tok-before-rotation");
        // The first create arrives with the old token; as it arrives, the admin's rotation lands (in the store and on
        // Facebook) and Facebook answers that the old token is no longer valid.
        GRAPH.faults().failNext(1, "POST", "/v25.0/" + page + "/feed", Fault.respondWith(() -> {
            credentials.connect(page, null, "tok-after-rotation", "admin");
            return FacebookError.invalidToken(460).toResponse();
        }, "190/460 after a rotation"));
        GRAPH.rotatePageToken(page, "tok-after-rotation");
        String deliveryId = request(page, TEXT);

        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.posts(page)).hasSize(1);
        assertThat(GRAPH.requests("POST", "/v25.0/" + page + "/feed")).hasSize(2);
        assertThat(credentials.find(page).orElseThrow().status()).isNotEqualTo("NEEDS_ATTENTION");
        List<String> statuses = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.facebook",
                        r -> deliveryId.equals(r.key()), 2, Duration.ofSeconds(15)).stream()
                .map(r -> json.readTree(r.value()).path("status").asString() + ":"
                        + json.readTree(r.value()).path("reasonCode").asString("")).toList();
        assertThat(statuses).containsExactly("RETRYING:FB_TOKEN_REPLACED", "PUBLISHED:");
    }

    @Test
    void expiredTokenFailsFastMarksThePageAndLaterDeliveriesDoNotCallFacebook() {
        String page = connectedPage("tok-expiring");
        GRAPH.invalidateToken(page, 460);
        String first = request(page, TEXT);

        AdapterDeliveries.Stored failed = awaitStatus(first, DeliveryStatus.FAILED);
        assertThat(deliveryDocument(first).getString("reasonCode")).isEqualTo("FB_TOKEN_EXPIRED");
        assertThat(deliveryDocument(first).getString("reason")).contains("Page token expired: reconnect the Page");
        assertThat(GRAPH.requests("POST", "/v25.0/" + page + "/feed")).hasSize(1); // permanent: no retry
        PageView view = credentials.find(page).orElseThrow();
        assertThat(view.status()).isEqualTo("NEEDS_ATTENTION");
        assertThat(view.attentionReason()).isEqualTo("token_expired");
        assertThat(meters.find("govcomm.endpoints.attention").tags("channel", "facebook", "reason", "token_expired")
                .gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(failed.externalRef()).isNull();

        String second = request(page, "Thông báo thứ hai");
        awaitStatus(second, DeliveryStatus.FAILED);
        assertThat(GRAPH.requests("POST", "/v25.0/" + page + "/feed")).hasSize(1); // failed fast, no call

        // Reconnecting with a new token clears the mark; an officer's re-send (attempt 2) then publishes.
        GRAPH.rotatePageToken(page, "tok-renewed");
        credentials.connect(page, null, "tok-renewed", "admin");
        send(page, "vn.govcomm.delivery.requested.v1", second, requestJson(second, page, 2, "Thông báo thứ hai"));
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.find(second).orElseThrow(),
                s -> s.attempt() == 2 && s.status() == DeliveryStatus.PUBLISHED);
        assertThat(credentials.find(page).orElseThrow().status()).isEqualTo("CONNECTED");
    }

    @Test
    void missingPermissionFailsWithAnOfficerReadableReason() {
        String page = connectedPage("tok-no-permission");
        GRAPH.revokePermissions(page, "pages_manage_posts");
        String deliveryId = request(page, TEXT);

        awaitStatus(deliveryId, DeliveryStatus.FAILED);
        assertThat(deliveryDocument(deliveryId).getString("reasonCode")).isEqualTo("FB_PERMISSION");
        assertThat(deliveryDocument(deliveryId).getString("reason")).contains("pages_manage_posts");
        assertThat(credentials.find(page).orElseThrow().attentionReason()).isEqualTo("permission");
    }

    @Test
    void duplicateThatIsOurOwnEarlierPostIsAdoptedAndAnUnfoundDuplicateIsPostedAfterTheHorizonNeverFailed() {
        String page = connectedPage("tok-duplicate");
        String deliveryId = newDeliveryId();
        // Our post already exists (e.g. its record was lost): Graph answers 506 to the new POST.
        GRAPH.faults().clear();
        postDirectly(page, "tok-duplicate", TEXT + "\n\n#" + deliveryId);
        send(page, "vn.govcomm.delivery.requested.v1", deliveryId, requestJson(deliveryId, page, 1, TEXT));
        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.posts(page)).hasSize(1);

        // A 506 although nothing of ours is on the Page: looked for until the visibility horizon, then posted again.
        GRAPH.faults().failNext(1, "POST", "/v25.0/" + page + "/feed", FacebookError.duplicate().asFault());
        String other = request(page, "Nội dung khác");
        awaitStatus(other, DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.posts(page)).filteredOn(p -> p.message().endsWith("#" + other)).hasSize(1);
        assertThat(GRAPH.requests("GET", "/v25.0/" + page + "/feed")).hasSizeGreaterThan(1);
        assertThat(credentials.find(page).orElseThrow().status()).isEqualTo("CONNECTED"); // content, not the Page
    }

    @Test
    void aVisitorsPostCarryingOurMarkerIsNotTakenForOurPostAfterADroppedAnswer() {
        String page = connectedPage("tok-visitor-lookup");
        String deliveryId = newDeliveryId();
        // Anyone may post on the Page's feed and copy a marker (e.g. of a delivery about to be sent).
        FacebookPost visitors = GRAPH.postAsVisitor(page, "9100000000000001", "Khách ghé thăm",
                "Sao chép: " + TEXT + "\n\n#" + deliveryId);
        // Our POST is dropped before Facebook acted: the next try looks the post up by its marker first.
        GRAPH.faults().failNext(1, "POST", "/v25.0/" + page + "/feed", vn.govcomm.fakes.http.Fault.drop());
        send(page, "vn.govcomm.delivery.requested.v1", deliveryId, requestJson(deliveryId, page, 1, TEXT));

        AdapterDeliveries.Stored stored = awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        List<FacebookPost> pagesOwn = GRAPH.posts(page).stream().filter(FacebookPost::byPage).toList();
        assertThat(pagesOwn).hasSize(1);
        assertThat(stored.externalRef()).isEqualTo(pagesOwn.getFirst().id()).isNotEqualTo(visitors.id());
        assertThat(GRAPH.requests("POST", "/v25.0/" + page + "/feed")).hasSize(2); // dropped, then posted
        // The look-up asked who wrote each post.
        assertThat(GRAPH.requests("GET", "/v25.0/" + page + "/feed")).isNotEmpty().allSatisfy(r ->
                assertThat(java.net.URLDecoder.decode(r.rawQuery(), StandardCharsets.UTF_8))
                        .contains("fields=id,message,created_time,from"));
        assertThat(GRAPH.post(visitors.id()).orElseThrow().deleted()).isFalse();
    }

    @Test
    void thePagesOwnPostIsFoundPastAVisitorsNewerCopyOfItsMarker() {
        String page = connectedPage("tok-visitor-own");
        String deliveryId = newDeliveryId();
        // Facebook created our post but the answer was lost; a visitor then copied it (newer: listed first).
        postDirectly(page, "tok-visitor-own", TEXT + "\n\n#" + deliveryId);
        String ours = GRAPH.posts(page).getFirst().id();
        GRAPH.postAsVisitor(page, "9100000000000002", "Khách ghé thăm", TEXT + "\n\n#" + deliveryId);
        int postsBefore = GRAPH.requests("POST", "/v25.0/" + page + "/feed").size();
        GRAPH.faults().failNext(1, "POST", "/v25.0/" + page + "/feed", vn.govcomm.fakes.http.Fault.drop());
        send(page, "vn.govcomm.delivery.requested.v1", deliveryId, requestJson(deliveryId, page, 1, TEXT));

        AdapterDeliveries.Stored stored = awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        assertThat(stored.externalRef()).isEqualTo(ours);
        assertThat(GRAPH.posts(page).stream().filter(FacebookPost::byPage)).hasSize(1);
        // The adapter's only POST was the dropped one: the look-up found our post, not the visitor's copy.
        assertThat(GRAPH.requests("POST", "/v25.0/" + page + "/feed")).hasSize(postsBefore + 1);
    }

    @Test
    void deliveryToAPageNobodyConnectedFailsAndListsThePage() {
        String page = newPage("tok-unknown");
        String deliveryId = request(page, TEXT);

        awaitStatus(deliveryId, DeliveryStatus.FAILED);
        assertThat(deliveryDocument(deliveryId).getString("reasonCode")).isEqualTo("FB_PAGE_NOT_CONNECTED");
        assertThat(credentials.find(page).orElseThrow().attentionReason()).isEqualTo("not_connected");
        assertThat(GRAPH.requestLog()).noneMatch(r -> r.path().contains(page));
    }

    @Test
    void bootstrapTokenFromConfigurationIsImportedEncrypted() {
        String deliveryId = request(BOOTSTRAP_PAGE, TEXT);

        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        org.bson.Document stored = mongo().findById(BOOTSTRAP_PAGE, org.bson.Document.class, "page_credentials");
        assertThat(stored.getString("token")).startsWith("v1:k1:").doesNotContain(BOOTSTRAP_TOKEN);
    }

    @Test
    void retractionDeletesThePostAndReportsCancelledOrExpiredOnlyWhenNotAchieved() {
        String page = connectedPage("tok-retract");
        String cancelled = request(page, TEXT);
        awaitStatus(cancelled, DeliveryStatus.PUBLISHED);
        String postId = GRAPH.posts(page).getFirst().id();

        retract(page, cancelled, "CAMPAIGN_CANCELLED");
        awaitStatus(cancelled, DeliveryStatus.CANCELLED);
        assertThat(GRAPH.post(postId).orElseThrow().deleted()).isTrue();
        assertThat(GRAPH.requests("DELETE", "/v25.0/" + postId)).hasSize(1);
        // The post id recorded with PUBLISHED answers the create (its record still says CALLING): nothing to look up.
        assertThat(GRAPH.requests("GET", "/v25.0/" + page + "/(feed|scheduled_posts)")).isEmpty();

        String ended = request(page, "Thông báo hết hạn");
        awaitStatus(ended, DeliveryStatus.PUBLISHED);
        retract(page, ended, "WINDOW_ENDED");
        await().atMost(Duration.ofSeconds(20)).until(() -> GRAPH.posts(page).stream().allMatch(FacebookPost::deleted));
        String after = request(page, "Sau khi hết hạn"); // same partition: processed after the retraction
        awaitStatus(after, DeliveryStatus.PUBLISHED);
        assertThat(deliveries.find(ended).orElseThrow().status()).isEqualTo(DeliveryStatus.PUBLISHED);

        GRAPH.invalidateToken(page, 463);
        String failed = request(page, "Không đăng được");
        awaitStatus(failed, DeliveryStatus.FAILED);
        retract(page, failed, "WINDOW_ENDED");
        awaitStatus(failed, DeliveryStatus.EXPIRED);
    }

    @Test
    void consumesTheContractExampleAndDeadLettersARequestForAnotherChannel() {
        String page = connectedPage("tok-contract");
        String example = Contracts.get().example("vn.govcomm.delivery.requested.v1")
                .replace("\"channel\": \"led\"", "\"channel\": \"facebook\"")
                .replace("\"externalId\": \"scr-so-y-te-1\"", "\"externalId\": \"" + page + "\"")
                .replace("dlv-7c1f0e9a2b4d5e6f7a8b9c0d", "dlv-contract-example-" + page);
        send(page, "vn.govcomm.delivery.requested.v1", "dlv-contract-example-" + page, example);
        awaitStatus("dlv-contract-example-" + page, DeliveryStatus.PUBLISHED);

        String poisonId = newDeliveryId();
        String poison = requestJson(poisonId, page, 1, TEXT).replace("\"channel\":\"facebook\"", "\"channel\":\"zalo\"");
        send(page, "vn.govcomm.delivery.requested.v1", poisonId, poison);
        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.read(KAFKA.bootstrapServers(),
                "delivery.requests.facebook.DLT", r -> new String(r.value(), StandardCharsets.UTF_8).contains(poisonId),
                1, Duration.ofSeconds(20));
        assertThat(dead).hasSize(1);
        assertThat(deliveries.find(poisonId)).isEmpty();
    }

    @Test
    void imageAttachmentIsPostedAsAPhotoWithTheNoticeAsCaption() {
        String page = connectedPage("tok-photo");
        String deliveryId = newDeliveryId();
        tools.jackson.databind.node.ObjectNode data = (tools.jackson.databind.node.ObjectNode)
                json.readTree(requestJson(deliveryId, page, 1, TEXT));
        ((tools.jackson.databind.node.ObjectNode) data.path("content")).putArray("attachments").addObject()
                .put("name", "infographic.png").put("mediaType", "image/png")
                .put("url", "https://snv.khanhhoa.gov.vn/khao-sat-2023.png");
        assertThat(Contracts.get().validate("vn.govcomm.delivery.requested.v1", json.writeValueAsString(data))).isEmpty();
        send(page, "vn.govcomm.delivery.requested.v1", deliveryId, json.writeValueAsString(data));

        AdapterDeliveries.Stored stored = awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        FacebookPost post = GRAPH.posts(page).getFirst();
        assertThat(GRAPH.posts(page)).hasSize(1);
        assertThat(post.photoUrl()).isEqualTo("https://snv.khanhhoa.gov.vn/khao-sat-2023.png");
        assertThat(post.message()).endsWith("#" + deliveryId);
        assertThat(stored.externalRef()).isEqualTo(post.id()); // the story's post_id, not the photo id
    }

    @Test
    void wordAndExcelAttachmentsAreLeftOutAndTheNoticeIsPostedAsText() {
        String page = connectedPage("tok-office");
        String deliveryId = newDeliveryId();
        tools.jackson.databind.node.ObjectNode data = (tools.jackson.databind.node.ObjectNode)
                json.readTree(requestJson(deliveryId, page, 1, TEXT));
        tools.jackson.databind.node.ArrayNode attachments =
                ((tools.jackson.databind.node.ObjectNode) data.path("content")).putArray("attachments");
        attachments.addObject().put("name", "Phiếu khảo sát.docx").put("mediaType", vn.govcomm.kit.files.MediaTypeSniffer.DOCX)
                .put("url", "https://snv.khanhhoa.gov.vn/phieu-khao-sat.docx").put("sizeBytes", 40960);
        attachments.addObject().put("name", "Danh sách.xlsx").put("mediaType", vn.govcomm.kit.files.MediaTypeSniffer.XLSX)
                .put("url", "https://snv.khanhhoa.gov.vn/danh-sach.xlsx");
        assertThat(Contracts.get().validate("vn.govcomm.delivery.requested.v1", json.writeValueAsString(data))).isEmpty();
        send(page, "vn.govcomm.delivery.requested.v1", deliveryId, json.writeValueAsString(data));

        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.posts(page)).singleElement().satisfies(post -> {
            assertThat(post.photoUrl()).isNull();
            assertThat(post.message()).doesNotContain(".docx").endsWith("#" + deliveryId);
        });
    }

    @Test
    void failedReadBackLeavesTheDeliveryAcceptedUntilAWebhookConfirmsIt() {
        String page = connectedPage("tok-readback");
        GRAPH.faults().always("GET", "/v25.0/" + page + "_.*", FacebookError.service().asFault());
        String deliveryId = request(page, TEXT);
        awaitStatus(deliveryId, DeliveryStatus.ACCEPTED);
        GRAPH.faults().clear();
        String postId = GRAPH.posts(page).getFirst().id();

        int status = GRAPH.sendWebhook(callback(), APP_SECRET, GRAPH.feedChangeEvent(postId, "add"));

        assertThat(status).isEqualTo(200);
        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        assertThat(GRAPH.posts(page)).hasSize(1);
    }

    @org.springframework.boot.test.web.server.LocalServerPort int port;

    String callback() {
        return "http://127.0.0.1:" + port + "/webhooks/facebook";
    }

    private static void postDirectly(String page, String token, String message) {
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            var body = "message=" + java.net.URLEncoder.encode(message, StandardCharsets.UTF_8);
            var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    GRAPH.baseUrl() + "/v25.0/" + page + "/feed"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
