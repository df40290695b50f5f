package vn.govcomm.led.xibo;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.xibo.XiboError;
import vn.govcomm.fakes.xibo.XiboEvent;
import vn.govcomm.fakes.xibo.XiboLayout;
import vn.govcomm.fakes.xibo.XiboWidget;
import vn.govcomm.led.LedAdapterTestSupport;

import java.time.Instant;
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
    void retriesRetryableFailuresAndResumesWhereItStoppedButFailsOnAValidationError() {
        String retried = newId("dlv-xibo");
        XIBO.faults().failNext(2, "POST", ".*/schedule", Fault.status(503));
        int before = XIBO.requests("POST", ".*/schedule").size();
        send(REQUESTED, request(retried, XIBO_SCREEN));
        awaitStatus(retried, "ACCEPTED");
        assertThat(XIBO.requests("POST", ".*/schedule").size() - before).isEqualTo(3);

        String unavailable = newId("dlv-xibo");
        XIBO.faults().failNext(3, "POST", ".*/layout/fullscreen", Fault.status(502));
        int playlistsBefore = XIBO.playlists().size();
        send(REQUESTED, request(unavailable, XIBO_SCREEN));
        awaitStatus(unavailable, "RETRYING");
        bridge.sweep();
        awaitStatus(unavailable, "ACCEPTED");
        assertThat(XIBO.playlists().size() - playlistsBefore).as("resumed, not restarted").isEqualTo(1);

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
