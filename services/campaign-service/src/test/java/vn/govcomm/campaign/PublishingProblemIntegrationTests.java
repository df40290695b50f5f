package vn.govcomm.campaign;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.outbox.OutboxRelay;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A campaign whose CampaignScheduled can never be sent. Forced here by a producer whose max.request.size (256 KB) is
 * below what the service lets through (govcomm.campaigns.max-event-bytes, 900 KB): the misconfiguration the outbox
 * quarantine is the safety net for. A context of its own (same broker, its own database).
 */
@TestPropertySource(properties = {"govcomm.database=govcomm_campaigns_quarantine",
        "spring.kafka.producer.properties.max.request.size=262144"})
class PublishingProblemIntegrationTests extends CampaignServiceTestSupport {

    static final String SCHEDULED = "vn.govcomm.campaign.scheduled.v1";

    @Autowired MeterRegistry meters;

    @Test
    void aCampaignWhoseEventCannotBeSentShowsItAndAnEditWithReapprovalRepairsIt() throws Exception {
        String big = CampaignValidationIntegrationTests.bodyOf(400_000);
        String id = createAndSubmit(draftWith(d -> ((ObjectNode) d.path("notice")).put("bodyHtml", big)));
        approve(APPROVER, id).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SCHEDULED"));

        // the relay cannot send CampaignScheduled: quarantined, and the campaign says so
        JsonNode problem = await().atMost(Duration.ofSeconds(20)).until(
                () -> body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id)))).path("publishingProblem"),
                node -> !node.isMissingNode());
        assertThat(problem.path("code").asString()).isEqualTo("publishing-failed");
        assertThat(problem.path("reason").asString()).isEqualTo("too-large");
        assertThat(problem.path("eventType").asString()).isEqualTo(SCHEDULED);
        assertThat(problem.path("since").asString()).isNotBlank();
        assertThat(problem.path("events").asInt()).isEqualTo(1);
        assertThat(problem.path("messageVi").asString())
                .startsWith("Không thể phát hành: bản tin quá lớn").endsWith("/ 256 KB)");
        assertThat(problem.path("messageEn").asString())
                .startsWith("Cannot be published: the event is larger than the message broker accepts").endsWith("/ 256 KB)");
        assertThat(problem.path("repairEn").asString()).contains("approve it again");
        assertThat(problem.path("detail").asString()).contains("max.request.size (262144 bytes)");
        // the list shows it too; another agency still learns nothing
        JsonNode listed = body(mvc.perform(APPROVER.on(get("/api/campaigns")))).valueStream()
                .filter(c -> c.path("id").asString().equals(id)).findFirst().orElseThrow();
        assertThat(listed.path("publishingProblem").path("eventType").asString()).isEqualTo(SCHEDULED);
        mvc.perform(OTHER_OFFICER.on(get("/api/campaigns/{id}", id))).andExpect(status().isNotFound());
        // nothing is blocked or lost: the events before it are on Kafka, the unsent one is kept in the store
        assertThat(types(allEventsOf("campaigns", "campaign.events", id))).containsExactly("submitted", "approved");
        List<Document> quarantine = mongo.findById(id, Document.class, "campaigns")
                .getList(OutboxRelay.QUARANTINE, Document.class);
        assertThat(quarantine).singleElement().satisfies(entry ->
                assertThat(entry.get("event", Document.class).getString("data")).contains("Đề nghị người dân"));
        assertThat(meters.counter("govcomm.outbox.quarantined", "collection", "campaigns", "type", SCHEDULED).count())
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> quarantinedGauge() == 1);

        // the officer shortens the notice: a new version, back to SUBMITTED; until it is sent the problem stays
        String etag = etag(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))));
        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON).content(DRAFT))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUBMITTED"))
                .andExpect(jsonPath("$.publishingProblem.eventType").value(SCHEDULED));

        approve(APPROVER, id).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SCHEDULED"));

        // the new CampaignScheduled is sent, and that clears the problem
        await().atMost(Duration.ofSeconds(20)).until(
                () -> body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id)))).path("publishingProblem").isMissingNode());
        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        assertThat(types(events)).containsExactly("submitted", "approved", "submitted", "approved", "scheduled");
        IncomingEvent scheduled = events.getLast();
        assertThat(parse(scheduled.dataAsString()).path("version").asInt()).isEqualTo(2);
        Document stored = mongo.findById(id, Document.class, "campaigns");
        assertThat(stored).as("a read model, never stored").doesNotContainKey("publishingProblem");
        assertThat(stored.getList(OutboxRelay.QUARANTINE, Document.class)).isEmpty();
        assertThat(stored.getList(OutboxRelay.RESOLVED, Document.class)).singleElement().satisfies(entry -> {
            assertThat(entry.getString("type")).isEqualTo(SCHEDULED);
            assertThat(entry.getString("resolvedBy")).isEqualTo(scheduled.id());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> quarantinedGauge() == 0);
    }

    @Test
    void aCampaignWhoseEventsWereSentHasNoPublishingProblem() throws Exception {
        String id = createAndSubmit(DRAFT);
        approve(APPROVER, id).andExpect(status().isOk());
        assertThat(types(allEventsOf("campaigns", "campaign.events", id))).containsExactly("submitted", "approved", "scheduled");
        JsonNode campaign = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))));
        assertThat(campaign.has("publishingProblem")).isFalse();
        assertThat(campaign.path("status").asString()).isEqualTo("SCHEDULED");
    }

    private double quarantinedGauge() {
        return meters.get("govcomm.outbox.quarantined.events").tag("collection", "campaigns").gauge().value();
    }
}
