package vn.govcomm.led.xibo;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.xibo.XiboError;
import vn.govcomm.fakes.xibo.XiboEvent;
import vn.govcomm.fakes.xibo.XiboLayout;
import vn.govcomm.fakes.xibo.XiboWidget;
import vn.govcomm.led.LedAdapterTestSupport;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Xibo CMS bridge against the faithful fake of infra/channel-fakes. */
class XiboBridgeIntegrationTests extends LedAdapterTestSupport {

    @Autowired XiboBridge bridge;

    @Test
    void schedulesATextLayoutOnTheScreensDisplayGroupAndReportsDisplayedOnlyFromLateProofOfPlay() {
        String deliveryId = newId("dlv-xibo");
        ObjectNode request = request(deliveryId, XIBO_SCREEN);
        request.put("priority", "URGENT");
        send(REQUESTED, request);
        awaitStatus(deliveryId, "ACCEPTED");

        Document schedule = schedule(deliveryId);
        int layoutId = schedule.getInteger("layoutId");
        XiboWidget widget = XIBO.widgets().stream().filter(w -> w.widgetId() == schedule.getInteger("widgetId"))
                .findFirst().orElseThrow();
        assertThat(widget.text()).contains("Khảo sát mức độ hài lòng năm 2023").contains("<br/>");
        assertThat(widget.duration()).isEqualTo(20);
        assertThat(widget.useDuration()).isEqualTo(1);
        XiboEvent event = XIBO.events().stream().filter(e -> e.eventId() == schedule.getInteger("eventId"))
                .findFirst().orElseThrow();
        assertThat(event.displayGroupIds()).containsExactly(XIBO.displayGroupOf(XIBO_DISPLAY));
        assertThat(event.isPriority()).isEqualTo(1);
        assertThat(XIBO.layouts()).extracting(XiboLayout::layoutId).contains(layoutId);
        assertThat(XIBO.collectRequests()).contains(XIBO.displayGroupOf(XIBO_DISPLAY));
        assertThat(bridge.readProofOfPlay()).as("scheduled is not displayed").isZero();

        Instant start = Instant.now().minusSeconds(120);
        XIBO.recordLayoutPlay(XIBO_DISPLAY, layoutId, start, start.plusSeconds(20));
        assertThat(bridge.readProofOfPlay()).as("still on the player, not uploaded").isZero();
        assertThat(status(deliveryId)).isEqualTo("ACCEPTED");

        XIBO.uploadStats(XIBO_DISPLAY);
        assertThat(bridge.readProofOfPlay()).isEqualTo(1);
        awaitStatus(deliveryId, "DISPLAYED");
        XIBO.reuploadLastBatch(XIBO_DISPLAY);
        assertThat(bridge.readProofOfPlay()).as("duplicate rows change nothing").isZero();

        List<JsonNode> events = statusEvents(deliveryId, 2);
        assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("ACCEPTED", "DISPLAYED");
        assertThat(events.get(0).path("externalRef").asString()).isEqualTo("xibo:event:" + event.eventId());
    }

    @Test
    void retriesRetryableFailuresWaitsDurablyAndResumesWhereItStoppedButFailsOnAValidationError() {
        String retried = newId("dlv-xibo");
        XIBO.faults().failNext(2, "POST", ".*/schedule", Fault.status(503));
        int before = XIBO.requests("POST", ".*/schedule").size();
        send(REQUESTED, request(retried, XIBO_SCREEN));
        awaitStatus(retried, "ACCEPTED");
        assertThat(XIBO.requests("POST", ".*/schedule").size() - before).isEqualTo(3);

        // Unavailable beyond the client's 3 tries: the delivery waits (RETRYING, retry.nextAt) and the kit resumes it.
        String unavailable = newId("dlv-xibo");
        XIBO.faults().failNext(3, "POST", ".*/layout/fullscreen", Fault.status(503));
        int playlistsBefore = XIBO.playlists().size();
        send(REQUESTED, request(unavailable, XIBO_SCREEN));
        awaitStatus(unavailable, "ACCEPTED");
        List<JsonNode> events = statusEvents(unavailable, 2);
        assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("RETRYING", "ACCEPTED");
        assertThat(events.getFirst().path("reasonCode").asString()).isEqualTo("XIBO_UNAVAILABLE");
        assertThat(XIBO.playlists().size() - playlistsBefore).as("resumed, not restarted").isEqualTo(1);
        assertThat(mongo.findById(unavailable, Document.class, "deliveries").get("retry")).as("the wait is over").isNull();

        String rejected = newId("dlv-xibo");
        XIBO.faults().failNext(1, "POST", ".*/schedule", XiboError.invalid("toDt", "Can not have an end time earlier"
                + " than your start time").asFault());
        int attempts = XIBO.requests("POST", ".*/schedule").size();
        send(REQUESTED, request(rejected, XIBO_SCREEN));
        awaitStatus(rejected, "FAILED");
        assertThat(XIBO.requests("POST", ".*/schedule").size() - attempts).as("never retried").isEqualTo(1);
        assertThat(statusEvents(rejected, 1).getFirst().path("reasonCode").asString()).isEqualTo("XIBO_REJECTED");
    }

    @Test
    void aLostScheduleAnswerIsFoundByItsCampaignAndNeverScheduledTwice() {
        String deliveryId = newId("dlv-xibo");
        // The event is created, but the connection closes before the answer: the outcome is unknown.
        XIBO.faults().failNext(1, "POST", ".*/schedule", Fault.dropAfterProcessing());
        int schedulesBefore = XIBO.requests("POST", ".*/schedule").size();
        send(REQUESTED, request(deliveryId, XIBO_SCREEN));
        awaitStatus(deliveryId, "ACCEPTED");

        List<JsonNode> events = statusEvents(deliveryId, 2);
        assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("RETRYING", "ACCEPTED");
        assertThat(events.getFirst().path("reasonCode").asString()).isEqualTo("XIBO_UNCONFIRMED");
        int campaignId = schedule(deliveryId).getInteger("xiboCampaignId");
        assertThat(XIBO.events()).filteredOn(e -> e.campaignId() == campaignId).singleElement()
                .satisfies(e -> assertThat(events.get(1).path("externalRef").asString()).isEqualTo("xibo:event:" + e.eventId()));
        assertThat(XIBO.requests("POST", ".*/schedule").size() - schedulesBefore).as("posted once, then looked up").isEqualTo(1);
        assertThat(XIBO.requests("GET", ".*/schedule/data/events")).isNotEmpty();
    }

    @Test
    void aPublicationLeftHalfWayByACrashIsHandedBackToTheRetriesAndFinishedWithoutASecondEvent() {
        String deliveryId = newId("dlv-xibo");
        send(REQUESTED, request(deliveryId, XIBO_SCREEN));
        awaitStatus(deliveryId, "ACCEPTED");
        int eventId = schedule(deliveryId).getInteger("eventId");
        int campaignId = schedule(deliveryId).getInteger("xiboCampaignId");

        // Given the state a crash right after POST /schedule went out leaves behind, ten minutes ago: the event
        // exists in Xibo, its id was never stored, nothing was reported, and no retry is waiting for it.
        Date tenMinutesAgo = Date.from(Instant.now().minusSeconds(600));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)), new Update().unset("eventId")
                .set("state", "PENDING").set("scheduleSentAt", tenMinutesAgo).set("updatedAt", tenMinutesAgo), XiboBridge.COLLECTION);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(deliveryId)), new Update().set("status", "DISPATCHED")
                .unset("retry"), "deliveries");
        int schedulesBefore = XIBO.requests("POST", ".*/schedule").size();

        // When the Xibo sweep finds it stale, it hands it to the kit's retries, which resume it
        assertThat(bridge.handOverStale()).isEqualTo(1);
        awaitStatus(deliveryId, "ACCEPTED");

        // Then the existing event is adopted, not scheduled again
        assertThat(schedule(deliveryId).getInteger("eventId")).isEqualTo(eventId);
        assertThat(XIBO.events()).filteredOn(e -> e.campaignId() == campaignId).hasSize(1);
        assertThat(XIBO.requests("POST", ".*/schedule").size()).isEqualTo(schedulesBefore);
        assertThat(bridge.handOverStale()).as("nothing left half-way").isZero();
    }

    @Test
    void retractionDeletesTheScheduleEventEvenWhenTheFirstTryFails() {
        String deliveryId = newId("dlv-xibo");
        send(REQUESTED, request(deliveryId, XIBO_SCREEN));
        awaitStatus(deliveryId, "ACCEPTED");
        int eventId = schedule(deliveryId).getInteger("eventId");

        XIBO.faults().failNext(3, "DELETE", ".*/schedule/.*", Fault.status(500));
        retract(deliveryId, XIBO_SCREEN, "CAMPAIGN_CANCELLED");
        awaitStatus(deliveryId, "CANCELLED");
        assertThat(XIBO.events()).extracting(XiboEvent::eventId).contains(eventId);

        bridge.sweep();
        assertThat(XIBO.events()).extracting(XiboEvent::eventId).doesNotContain(eventId);
        assertThat(schedule(deliveryId).get("retractPending")).isNull();

        ObjectNode resent = request(deliveryId, XIBO_SCREEN);
        resent.put("attempt", 2);
        send(REQUESTED, resent);
        await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(schedule(deliveryId).getInteger("eventId")).isNotNull().isNotEqualTo(eventId));
        awaitStatus(deliveryId, "ACCEPTED");
        assertThat(XIBO.events()).extracting(XiboEvent::eventId).contains(schedule(deliveryId).getInteger("eventId"));
    }

    @Test
    void aLoggedInXiboDisplayCountsAsTheScreensHeartbeat() {
        XIBO.playerCollects(XIBO_DISPLAY);
        bridge.refreshDisplayStatus();

        Document screen = mongo.findById(XIBO_SCREEN, Document.class, "screens");
        assertThat(screen.getString("status")).isEqualTo("ONLINE");
        assertThat(screen.getString("currentItem")).startsWith("xibo:layout:");
    }

    private Document schedule(String deliveryId) {
        return mongo.findById(deliveryId, Document.class, XiboBridge.COLLECTION);
    }
}
