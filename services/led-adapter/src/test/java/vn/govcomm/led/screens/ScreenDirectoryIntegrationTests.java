package vn.govcomm.led.screens;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.led.LedAdapterTestSupport;
import vn.govcomm.led.TestScreen;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Screen sizes come from the agency directory (AgencyChanged snapshots); the newest snapshot wins. */
class ScreenDirectoryIntegrationTests extends LedAdapterTestSupport {

    static final String AGENCY_CHANGED = "vn.govcomm.directory.agency-changed.v1";

    @Test
    void rendersForTheSizeTheDirectoryGivesAndIgnoresOlderSnapshots() throws Exception {
        String screenId = newId("scr");
        Instant now = Instant.now();
        publishSnapshot(screenId, 2, 20, now);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(mongo.findById(screenId, Document.class, "screens")).isNotNull());
        publishSnapshot(screenId, 9, 90, now.minusSeconds(60));

        String deliveryId = newId("dlv");
        send(REQUESTED, request(deliveryId, screenId));
        awaitStatus(deliveryId, "ACCEPTED");
        TestScreen screen = new TestScreen(baseUrl(), screenId, issueCredential(screenId));
        screen.poll();

        JsonNode item = screen.items().getFirst();
        assertThat(item.path("lines").valueStream().map(JsonNode::asString))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(20));
        assertThat(item.path("pages").valueStream()).allSatisfy(page -> assertThat(page.size()).isLessThanOrEqualTo(2));
        Document stored = mongo.findById(screenId, Document.class, "screens");
        assertThat(stored.getInteger("lines")).as("older snapshot ignored").isEqualTo(2);
        assertThat(stored.getString("agencyId")).isEqualTo("so-y-te");
    }

    private void publishSnapshot(String screenId, int lines, int charsPerLine, Instant at) {
        ObjectNode agency = (ObjectNode) JSON.readTree(Contracts.get().example(AGENCY_CHANGED));
        for (JsonNode endpoint : agency.path("endpoints")) {
            if ("led".equals(endpoint.path("channel").asString())) {
                ((ObjectNode) endpoint).put("externalId", screenId);
                ((ObjectNode) endpoint.path("screen")).put("lines", lines).put("charsPerLine", charsPerLine);
            }
        }
        assertThat(Contracts.get().validate(AGENCY_CHANGED, agency.toString())).isEmpty();
        publisher.send(OutgoingEvent.of("directory.agencies", "so-y-te", AGENCY_CHANGED, "/services/campaign-service",
                "so-y-te", Contracts.get().contract(AGENCY_CHANGED).dataschema(), at, agency.toString())).join();
    }
}
