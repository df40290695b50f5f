package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console says changed between two approved versions, and which version waits for re-approval. */
class CampaignVersionsUnitTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode version(int number, String title, String body, String led, String channels, String start, String other) {
        return JSON.readTree("""
                {"version":%d,"approvedBy":"a","approvedAt":"2026-01-0%dT00:00:00Z","content":{
                 "notice":{"title":"%s","bodyHtml":"%s","ledText":"%s","facebookText":"%s"},
                 "targets":[{"agencyId":"x","channels":%s},{"group":"g","channels":["portal"]}],
                 "window":{"startsAt":"%s","endsAt":"2026-12-31T17:00:00Z"}}}"""
                .formatted(number, number, title, body, led, other, channels, start));
    }

    @Test
    void namesEachChangedPartInTheOrderOfThePage() {
        JsonNode before = version(1, "A", "<p>a</p>", "L", "[\"led\"]", "2026-01-01T17:00:00Z", "f");

        assertThat(CampaignVersions.changes(before, version(2, "A", "<p>b</p>", "L", "[\"led\"]", "2026-01-01T17:00:00Z", "f")))
                .containsExactly("body");
        assertThat(CampaignVersions.changes(before, version(2, "B", "<p>a</p>", "M", "[\"led\",\"zalo\"]", "2026-02-01T17:00:00Z", "g")))
                .containsExactly("title", "ledText", "channels", "window", "other");
        // the same channels in another order are no change
        assertThat(CampaignVersions.changes(before, version(2, "A", "<p>a</p>", "L", "[\"portal\",\"led\"]", "2026-01-01T17:00:00Z", "f")))
                .isEmpty();
    }

    @Test
    void listsNewestFirstMarksTheApprovedOneAndTheVersionWaitingForReapproval() {
        JsonNode versions = JSON.createArrayNode()
                .add(version(1, "A", "a", "L", "[\"led\"]", "2026-01-01T17:00:00Z", "f"))
                .add(version(2, "B", "a", "L", "[\"led\"]", "2026-01-01T17:00:00Z", "f"));

        CampaignVersions waiting = CampaignVersions.of(JSON.readTree("""
                {"status":"SUBMITTED","noticeVersion":3,"approvedVersion":2}"""), versions);
        CampaignVersions running = CampaignVersions.of(JSON.readTree("""
                {"status":"RUNNING","noticeVersion":2,"approvedVersion":2}"""), versions);
        CampaignVersions firstSubmission = CampaignVersions.of(JSON.readTree("""
                {"status":"SUBMITTED","noticeVersion":1,"approvedVersion":0}"""), null);

        assertThat(waiting.pending()).isEqualTo(3);
        assertThat(waiting.versions()).extracting(CampaignVersions.Version::number).containsExactly(2, 1);
        assertThat(waiting.versions()).extracting(CampaignVersions.Version::current).containsExactly(true, false);
        assertThat(waiting.versions().getFirst().changes()).containsExactly("title");
        assertThat(waiting.versions().getLast().first()).isTrue();
        assertThat(running.pending()).isZero();
        assertThat(firstSubmission.pending()).isZero();
        assertThat(firstSubmission.versions()).isEmpty();
    }
}
