package vn.govcomm.reporting;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.identity.Caller;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The timeline's aggregation over a known dataset: statuses at chosen times, buckets in Asia/Ho_Chi_Minh (an event
 * at 17:30 UTC on the 4th is 00:30 on the 5th there), counts per channel and status, per agency group from the
 * directory (an agency the directory does not know counts under no group).
 */
class TimelineIntegrationTests extends ReportingServiceContext {

    private static final String HEALTH = "so-y-te";
    private static final String UNKNOWN = "xa-chua-co";

    @Test
    void countsDeliveriesByLocalHourChannelAndStatus() {
        String id = dataset();

        JsonNode timeline = get("/api/reports/campaigns/{id}/timeline?unit=hour", id);

        assertThat(timeline.path("unit").asString()).isEqualTo("hour");
        assertThat(timeline.path("zone").asString()).isEqualTo("Asia/Ho_Chi_Minh");
        assertThat(cells(timeline)).containsExactly(
                "2026-12-05T00:00 portal PUBLISHED 1",
                "2026-12-05T08:00 facebook PUBLISHED 1",
                "2026-12-05T08:00 portal PUBLISHED 1",
                "2026-12-05T09:00 facebook FAILED 2");
    }

    @Test
    void countsByLocalDayAndByAgencyGroup() {
        String id = dataset();

        JsonNode timeline = get("/api/reports/campaigns/{id}/timeline?unit=day", id);

        assertThat(cells(timeline)).containsExactly(
                "2026-12-05 facebook FAILED 2",
                "2026-12-05 facebook PUBLISHED 1",
                "2026-12-05 portal PUBLISHED 2");
        List<String> groups = new ArrayList<>();
        timeline.path("groups").forEach(g -> groups.add(g.path("group").asString() + " " + g.path("status").asString()
                + " " + g.path("count").asLong()));
        assertThat(groups).containsExactly(" FAILED 1", "co-quan-chuyen-mon FAILED 1", "co-quan-chuyen-mon PUBLISHED 1",
                "ubnd-cap-huyen PUBLISHED 2", "vung-bien PUBLISHED 2");
    }

    @Test
    void choosesDaysForAWindowOfMonthsAndRefusesAnUnknownUnit() {
        String id = dataset(); // the contract example's window: three months

        assertThat(get("/api/reports/campaigns/{id}/timeline", id).path("unit").asString()).isEqualTo("day");
        var answer = as(Callers.ISSUING, Caller.OFFICER).get().uri("/api/reports/campaigns/{id}/timeline?unit=week", id)
                .exchange((request, response) -> new String[]{String.valueOf(response.getStatusCode().value()),
                        String.valueOf(response.getHeaders().getContentType()),
                        new String(response.getBody().readAllBytes())});
        assertThat(answer[0]).isEqualTo("400");
        assertThat(answer[1]).startsWith("application/problem+json");
        assertThat(answer[2]).contains("\"field\":\"unit\"");
    }

    /**
     * Town (groups ubnd-cap-huyen, vung-bien): portal PUBLISHED 08:10 local, facebook PUBLISHED 08:50; health (the
     * example's co-quan-chuyen-mon): portal PUBLISHED 00:30 local (17:30 UTC the day before), facebook FAILED 09:05;
     * an agency not in the directory: facebook FAILED 09:40.
     */
    private String dataset() {
        String id = Scenario.randomCampaignId();
        // an agency of its own (the directory keeps the newest snapshot of an agency: other tests' must not interfere)
        String town = "ubnd-" + id.toLowerCase().replaceAll("[^a-z0-9]", "");
        Scenario scenario = new Scenario(kafka, id);
        scenario.scheduled();
        scenario.agency(HEALTH, "Sở Y tế tỉnh Khánh Hòa");
        ObjectNode agency = Scenario.example(Scenario.AGENCY);
        agency.put("agencyId", town).put("name", "UBND thành phố Nha Trang").put("occurredAt", Instant.now().toString());
        agency.putArray("groups").add("ubnd-cap-huyen").add("vung-bien");
        agency.putArray("endpoints");
        scenario.send("directory.agencies", town, Scenario.AGENCY, agency);
        scenario.status(town, "portal", "PUBLISHED", Instant.parse("2026-12-05T01:10:00Z"));
        scenario.status(town, "facebook", "PUBLISHED", Instant.parse("2026-12-05T01:50:00Z"));
        scenario.status(HEALTH, "portal", "PUBLISHED", Instant.parse("2026-12-04T17:30:00Z"));
        scenario.status(HEALTH, "facebook", "FAILED", Instant.parse("2026-12-05T02:05:00Z"));
        scenario.status(UNKNOWN, "facebook", "FAILED", Instant.parse("2026-12-05T02:40:00Z"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(get("/api/reports/campaigns/{id}", id).path("total").asInt()).isEqualTo(5);
            JsonNode groups = get("/api/reports/campaigns/{id}/timeline", id).path("groups");
            assertThat(groups.toString()).contains("vung-bien", "co-quan-chuyen-mon");
        });
        return id;
    }

    private static List<String> cells(JsonNode timeline) {
        List<String> cells = new ArrayList<>();
        timeline.path("series").forEach(c -> cells.add(c.path("bucket").asString() + " " + c.path("channel").asString()
                + " " + c.path("status").asString() + " " + c.path("count").asLong()));
        return cells;
    }
}
