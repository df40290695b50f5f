package vn.govcomm.led.screens;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.led.LedAdapterTestSupport;
import vn.govcomm.led.TestScreen;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Screen sizes come from the agency directory (AgencyChanged snapshots); the newest snapshot wins. */
class ScreenDirectoryIntegrationTests extends LedAdapterTestSupport {

    @Test
    void rendersForTheSizeTheDirectoryGivesAndIgnoresOlderSnapshots() throws Exception {
        String screenId = newId("scr");
        Instant now = Instant.now();
        publishAgencySnapshot(screenId, 2, 20, now);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(mongo.findById(screenId, Document.class, "screens")).isNotNull());
        publishAgencySnapshot(screenId, 9, 90, now.minusSeconds(60));

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
}
