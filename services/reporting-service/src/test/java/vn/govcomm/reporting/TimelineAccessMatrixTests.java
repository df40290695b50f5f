package vn.govcomm.reporting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import vn.govcomm.reporting.ReportingAccessMatrixTests.Who;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/reports/campaigns/{id}/timeline} for every caller of the report's matrix, cell by cell: the same
 * answers as the campaign's report (the timeline reuses its access rule), problem details when refused, and another
 * agency's campaign answered exactly like an unknown one.
 */
class TimelineAccessMatrixTests extends ReportingServiceContext {

    private static volatile String campaign;

    static List<Who> callers() {
        return ReportingAccessMatrixTests.CALLERS;
    }

    @ParameterizedTest(name = "timeline by {0}")
    @MethodSource("callers")
    void answersEveryCallerLikeTheCampaignsReport(Who who) throws Exception {
        String id = campaign();

        HttpResponse<String> answer = call(id, who.headers().get());

        assertThat(answer.statusCode()).as("status").isEqualTo(who.reads());
        String type = answer.headers().firstValue("content-type").orElse("");
        if (who.reads() == 200) {
            assertThat(type).startsWith("application/json");
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.path("campaignId").asString()).isEqualTo(id);
            assertThat(body.path("series").size()).as("the scenario's rows are counted").isPositive();
            return;
        }
        assertThat(type).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(who.reads());
        assertThat(problem.path("code").asString()).isEqualTo(switch (who.reads()) {
            case 401 -> who.name().startsWith("token") ? "invalid-token" : "unauthenticated";
            default -> "campaign-not-found";
        });
        assertThat(answer.body()).doesNotContain("series");
    }

    @Test
    void anotherAgencyGetsExactlyTheAnswerOfAnUnknownCampaign() throws Exception {
        String id = campaign();
        String unknown = Scenario.randomCampaignId();
        Map<String, String> other = Map.of("Authorization", Callers.bearer(Callers.OTHER, "officer"));

        HttpResponse<String> hidden = call(id, other);
        HttpResponse<String> missing = call(unknown, other);

        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(hidden.body().replace(id, "ID")).isEqualTo(missing.body().replace(unknown, "ID"));
    }

    private String campaign() {
        if (campaign == null) {
            synchronized (TimelineAccessMatrixTests.class) {
                if (campaign == null) {
                    campaign = settledScenario();
                }
            }
        }
        return campaign;
    }

    private HttpResponse<String> call(String campaignId, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/reports/campaigns/" + campaignId + "/timeline"))
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
