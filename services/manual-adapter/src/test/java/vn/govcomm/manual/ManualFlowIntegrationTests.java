package vn.govcomm.manual;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.embedded.TopicProbe;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The loop over the real broker and store: a delivery request opens a task; the target agency sends evidence; the
 * issuing agency rejects it, the agency sends better evidence, it is accepted; the statuses on
 * delivery.status.manual follow in order. Also retractions, redeliveries, a new attempt and the repair sweep.
 */
class ManualFlowIntegrationTests extends ManualAdapterTestSupport {

    @Test
    void requestEvidenceRejectResubmitAcceptReportsAcceptedFailedPublishedInOrder() throws Exception {
        String deliveryId = newId("dlv");
        String campaignId = newId("cmp");
        requestOverKafka(request(deliveryId, campaignId));
        assertThat(taskState(deliveryId)).isEqualTo("AWAITING_CONFIRMATION");

        // The target agency sees its task, with what to publish and where.
        JsonNode listed = JSON.readTree(get("/api/manual/tasks?campaignId=" + campaignId, targetOfficer()).body());
        assertThat(listed).singleElement().satisfies(t -> {
            assertThat(t.path("deliveryId").asString()).isEqualTo(deliveryId);
            assertThat(t.path("state").asString()).isEqualTo("AWAITING_CONFIRMATION");
            assertThat(t.path("endpointName").asString()).isEqualTo(ENDPOINT_NAME);
            assertThat(t.path("campaignCode").asString()).isEqualTo("SNV-CCHC-2023-09");
            assertThat(t.path("campaignTitle").asString()).isEqualTo("Khảo sát mức độ hài lòng năm 2023");
            assertThat(t.has("notice")).as("lists leave the notice text out").isFalse();
        });
        JsonNode task = JSON.readTree(get("/api/manual/tasks/" + deliveryId, targetOfficer()).body());
        assertThat(task.path("kind").asString()).isEqualTo("one-stop-board");
        assertThat(task.path("notice").path("title").asString()).isEqualTo("Khảo sát mức độ hài lòng năm 2023");
        assertThat(task.path("deliveryStatus").asString()).isEqualTo("ACCEPTED");

        // 1st evidence: a photo. Rejected by the issuing agency's approver.
        HttpResponse<String> first = submitEvidence(deliveryId, targetOfficer(), photoEvidence());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode afterFirst = JSON.readTree(first.body());
        assertThat(afterFirst.path("state").asString()).isEqualTo("AWAITING_REVIEW");
        JsonNode photo = afterFirst.path("evidence").get(0);
        assertThat(photo.path("file").path("mediaType").asString()).isEqualTo("image/png");
        assertThat(photo.path("file").path("name").asString()).isEqualTo("ảnh bảng tin.png");
        assertThat(photo.path("file").path("sha256").asString()).hasSize(64);
        assertThat(photo.path("submittedBy").asString()).isEqualTo("le.thi.hoa");
        assertThat(photo.path("submittedByName").asString()).isEqualTo("Lê Thị Hoa");
        assertThat(JSON.readTree(get("/api/manual/reviews?state=AWAITING_REVIEW&campaignId=" + campaignId,
                issuingApprover()).body())).extracting(t -> t.path("deliveryId").asString()).containsExactly(deliveryId);

        String words = "Ảnh chụp không thấy rõ nội dung thông báo; đề nghị chụp lại toàn bộ bảng tin.";
        HttpResponse<String> rejected = review(deliveryId, issuingApprover(), "REJECT", words);
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(JSON.readTree(rejected.body()).path("state").asString()).isEqualTo("REJECTED");
        awaitDeliveryStatus(deliveryId, "FAILED");

        // 2nd evidence: a link. Accepted by the issuing agency's officer.
        String url = "https://syt.khanhhoa.gov.vn/tin-tuc/khao-sat-hai-long-2023";
        HttpResponse<String> second = submitEvidence(deliveryId, targetApprover(), linkEvidence(url));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(deliveryStatus(deliveryId)).as("the stream stays FAILED until accepted").isEqualTo("FAILED");
        HttpResponse<String> accepted = review(deliveryId, issuingOfficer(), "ACCEPT", null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        JsonNode done = JSON.readTree(accepted.body());
        assertThat(done.path("state").asString()).isEqualTo("ACCEPTED");
        assertThat(done.path("permalink").asString()).isEqualTo(url);
        assertThat(done.path("evidence")).hasSize(2);
        assertThat(done.path("evidence").get(0).path("review").path("decision").asString()).isEqualTo("REJECT");
        assertThat(done.path("evidence").get(0).path("review").path("reason").asString()).isEqualTo(words);
        assertThat(done.path("evidence").get(0).path("review").path("by").asString()).isEqualTo("nguyen.van.minh");
        assertThat(done.path("evidence").get(0).path("review").path("byName").asString()).isEqualTo("Nguyễn Văn Minh");
        assertThat(done.path("evidence").get(1).path("review").path("decision").asString()).isEqualTo("ACCEPT");
        // tokens without a name: the ids alone, nothing invented
        assertThat(done.path("evidence").get(1).path("submittedBy").asString()).isEqualTo("pham.van.duc");
        assertThat(done.path("evidence").get(1).has("submittedByName")).isFalse();
        assertThat(done.path("evidence").get(1).path("review").path("by").asString()).isEqualTo("tran.thi.lan");
        assertThat(done.path("evidence").get(1).path("review").has("byName")).isFalse();
        org.bson.Document stored = mongo.findById(deliveryId, org.bson.Document.class, "manual_tasks");
        assertThat(stored.getList("evidence", org.bson.Document.class).get(0).getString("submittedByName"))
                .isEqualTo("Lê Thị Hoa");

        List<JsonNode> events = statusEvents(deliveryId, 3);
        assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("ACCEPTED", "FAILED", "PUBLISHED");
        assertThat(events.get(0).path("reasonCode").asString()).isEqualTo("MANUAL_AWAITING_CONFIRMATION");
        assertThat(events.get(0).path("reason").asString()).contains(ENDPOINT_NAME).contains(" / ");
        assertThat(events.get(1).path("reasonCode").asString()).isEqualTo("EVIDENCE_REJECTED");
        assertThat(events.get(1).path("reason").asString()).isEqualTo(words);
        assertThat(events.get(2).path("permalink").asString()).isEqualTo(url);
        assertThat(events.get(2).path("externalRef").asString()).isEqualTo(done.path("evidence").get(1).path("evidenceId").asString());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.path("channel").asString()).isEqualTo("manual");
            assertThat(e.path("attempt").asInt()).isEqualTo(1);
            assertThat(e.path("agencyId").asString()).isEqualTo(TARGET);
        });

        // The file of the rejected evidence is still there for whoever sees the task.
        HttpResponse<byte[]> file = download("/api/manual/tasks/" + deliveryId + "/evidence/"
                + photo.path("evidenceId").asString() + "/file", issuingOfficer());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(PNG);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;")
                .contains("UTF-8''%E1%BA%A3nh%20b%E1%BA%A3ng%20tin.png");
    }

    @Test
    void evidenceAcceptedWithoutALinkIsPublishedWithTheConsolePageOfTheTask() throws Exception {
        String deliveryId = requestOverKafka(request(newId("dlv"), newId("cmp")));
        assertThat(submitEvidence(deliveryId, targetOfficer(), photoEvidence()).statusCode()).isEqualTo(201);
        assertThat(review(deliveryId, admin(), "ACCEPT", "Đạt yêu cầu.").statusCode()).isEqualTo(200);

        List<JsonNode> events = statusEvents(deliveryId, 2);
        assertThat(events.get(1).path("status").asString()).isEqualTo("PUBLISHED");
        assertThat(events.get(1).path("permalink").asString()).isEqualTo(CONSOLE + "/console/manual/tasks/" + deliveryId);
    }

    @Test
    void aCancelledCampaignCancelsTheTaskAndItsDelivery() throws Exception {
        ObjectNode request = request(newId("dlv"), newId("cmp"));
        String deliveryId = requestOverKafka(request);
        assertThat(submitEvidence(deliveryId, targetOfficer(), photoEvidence()).statusCode()).isEqualTo(201);

        retract(request, "CAMPAIGN_CANCELLED");

        awaitDeliveryStatus(deliveryId, "CANCELLED");
        assertThat(taskState(deliveryId)).isEqualTo("CANCELLED");
        assertThat(task(deliveryId).getString("cancelReason")).isEqualTo("CAMPAIGN_CANCELLED");
        List<JsonNode> events = statusEvents(deliveryId, 2);
        assertThat(events.get(1).path("status").asString()).isEqualTo("CANCELLED");
        assertThat(events.get(1).path("reasonCode").asString()).isEqualTo("CAMPAIGN_CANCELLED");
        HttpResponse<String> late = review(deliveryId, issuingOfficer(), "ACCEPT", null);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(late.body()).path("code").asString()).isEqualTo("task-state-conflict");
        assertThat(submitEvidence(deliveryId, targetOfficer(), photoEvidence()).statusCode()).isEqualTo(409);
    }

    @Test
    void theWindowEndingExpiresTheDeliveryButLateEvidenceCanStillBeAccepted() throws Exception {
        ObjectNode request = request(newId("dlv"), newId("cmp"));
        String deliveryId = requestOverKafka(request);

        retract(request, "WINDOW_ENDED");
        awaitDeliveryStatus(deliveryId, "EXPIRED");
        assertThat(taskState(deliveryId)).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(task(deliveryId).getDate("windowEndedAt")).isNotNull();

        assertThat(submitEvidence(deliveryId, targetOfficer(), linkEvidence("https://example.vn/a")).statusCode())
                .isEqualTo(201);
        assertThat(review(deliveryId, issuingOfficer(), "ACCEPT", null).statusCode()).isEqualTo(200);
        awaitDeliveryStatus(deliveryId, "PUBLISHED");
        assertThat(statusEvents(deliveryId, 3)).extracting(e -> e.path("status").asString())
                .containsExactly("ACCEPTED", "EXPIRED", "PUBLISHED");
    }

    @Test
    void theWindowEndingAfterPublicationChangesNothing() throws Exception {
        ObjectNode request = request(newId("dlv"), newId("cmp"));
        String deliveryId = requestOverKafka(request);
        submitEvidence(deliveryId, targetOfficer(), photoEvidence());
        review(deliveryId, issuingOfficer(), "ACCEPT", null);
        awaitDeliveryStatus(deliveryId, "PUBLISHED");

        retract(request, "WINDOW_ENDED");
        ObjectNode marker = request(newId("dlv"), newId("cmp")); // same key: handled after the retraction
        requestOverKafka(marker);

        assertThat(deliveryStatus(deliveryId)).isEqualTo("PUBLISHED");
        assertThat(taskState(deliveryId)).isEqualTo("ACCEPTED");
    }

    @Test
    void aRedeliveredRequestChangesNothingAndReportsNothingTwice() throws Exception {
        ObjectNode request = request(newId("dlv"), newId("cmp"));
        String deliveryId = requestOverKafka(request);
        assertThat(submitEvidence(deliveryId, targetOfficer(), photoEvidence()).statusCode()).isEqualTo(201);
        Document before = task(deliveryId);

        send(REQUESTED, request); // the same record again (a Kafka redelivery)
        requestOverKafka(request(newId("dlv"), newId("cmp"))); // same key, same partition: handled after it

        assertThat(task(deliveryId)).as("the task is as it was").isEqualTo(before);
        assertThat(exactlyOneStatusEvent(deliveryId).path("status").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    void aRedeliveryAfterACrashBeforeTheTaskWasWrittenOpensItAndReportsAccepted() {
        // What the first consumption did before the process died: the kit recorded the request, nothing else.
        String deliveryId = newId("dlv");
        ObjectNode data = request(deliveryId, newId("cmp"));
        DeliveryRequested request = JSON.readValue(data.toString(), DeliveryRequested.class);
        assertThat(deliveries.accept(request, Document.parse(data.toString()))).isTrue();
        assertThat(task(deliveryId)).isNull();

        send(REQUESTED, data);

        awaitDeliveryStatus(deliveryId, "ACCEPTED");
        assertThat(taskState(deliveryId)).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(exactlyOneStatusEvent(deliveryId).path("reasonCode").asString())
                .isEqualTo("MANUAL_AWAITING_CONFIRMATION");
    }

    @Test
    void aNewAttemptStartsTheTaskOverAndKeepsTheEvidenceHistory() throws Exception {
        ObjectNode request = request(newId("dlv"), newId("cmp"));
        String deliveryId = requestOverKafka(request);
        submitEvidence(deliveryId, targetOfficer(), photoEvidence());
        review(deliveryId, issuingOfficer(), "REJECT", "Thiếu ngày niêm yết.");
        awaitDeliveryStatus(deliveryId, "FAILED");

        request.put("attempt", 2); // the issuing officer re-sends the delivery
        send(REQUESTED, request);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(task(deliveryId).getInteger("attempt")).isEqualTo(2);
            assertThat(deliveryStatus(deliveryId)).isEqualTo("ACCEPTED");
        });
        JsonNode task = JSON.readTree(get("/api/manual/tasks/" + deliveryId, targetOfficer()).body());
        assertThat(task.path("state").asString()).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(task.path("attempt").asInt()).isEqualTo(2);
        assertThat(task.path("evidence")).singleElement().satisfies(e -> {
            assertThat(e.path("attempt").asInt()).isEqualTo(1);
            assertThat(e.path("review").path("decision").asString()).isEqualTo("REJECT");
        });
        List<JsonNode> events = statusEvents(deliveryId, 3);
        assertThat(events.get(2).path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(events.get(2).path("attempt").asInt()).isEqualTo(2);

        // The new attempt goes through the loop on its own.
        assertThat(submitEvidence(deliveryId, targetOfficer(), linkEvidence("https://example.vn/b")).statusCode())
                .isEqualTo(201);
        assertThat(review(deliveryId, issuingOfficer(), "ACCEPT", null).statusCode()).isEqualTo(200);
        awaitDeliveryStatus(deliveryId, "PUBLISHED");
        assertThat(statusEvents(deliveryId, 4).get(3).path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aReviewWhoseReportWasInterruptedIsReportedByTheSweep() {
        String deliveryId = openTask(newId("cmp"));
        // What a crash between the review's write and its report leaves: the task ACCEPTED, its report queued.
        Document queued = new Document("id", "r-1").append("attempt", 1).append("status", "PUBLISHED")
                .append("externalRef", "evd-x").append("permalink", "https://example.vn/c")
                .append("at", Date.from(Instant.now().minusSeconds(60)));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)),
                new Update().set("state", "ACCEPTED").push("unreported", queued), "manual_tasks");

        awaitDeliveryStatus(deliveryId, "PUBLISHED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(task(deliveryId).getList("unreported", Document.class)).isEmpty());
        assertThat(statusEvents(deliveryId, 2).get(1).path("permalink").asString()).isEqualTo("https://example.vn/c");
    }

    /** The one status event of this delivery on the topic (none more within a few seconds). */
    private JsonNode exactlyOneStatusEvent(String deliveryId) {
        List<JsonNode> events = statusEvents(deliveryId, 1);
        assertThatThrownBy(() -> TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.manual",
                r -> deliveryId.equals(r.key()), 2, Duration.ofSeconds(4)))
                .isInstanceOf(AssertionError.class).hasMessageEndingWith("got 1");
        return events.getFirst();
    }
}
