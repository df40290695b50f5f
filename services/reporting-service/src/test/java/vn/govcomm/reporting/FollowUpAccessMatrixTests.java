package vn.govcomm.reporting;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import vn.govcomm.identity.Caller;
import vn.govcomm.reporting.ReportingAccessMatrixTests.Who;
import vn.govcomm.reporting.projections.CampaignAgencies;
import vn.govcomm.reporting.projections.ReadModels;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The follow-up endpoints × every kind of caller of the README's matrix ({@link ReportingAccessMatrixTests#CALLERS}),
 * over real HTTP: the campaign's follow-up (JSON, XLSX, print) answers exactly like the campaign's other reports;
 * the period's (with {@code issuer} = the campaign's issuing agency) answers the same statuses, its 404 being
 * {@code not-found}. Refusals are {@code application/problem+json}; nothing changes.
 */
class FollowUpAccessMatrixTests extends FollowUpContext {

    static final String PERIOD = "?from=2022-09-01&to=2022-09-30&issuer=" + Callers.ISSUING;

    enum Endpoint {
        FOLLOW_UP("/follow-up", "application/json", false),
        FOLLOW_UP_XLSX("/follow-up.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false),
        FOLLOW_UP_PRINT("/follow-up/print", "text/html", false),
        PERIOD_FOLLOW_UP("", "application/json", true),
        PERIOD_FOLLOW_UP_XLSX(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true),
        PERIOD_FOLLOW_UP_PRINT("/print", "text/html", true);

        final String suffix;
        final String type;
        final boolean period;

        Endpoint(String suffix, String type, boolean period) {
            this.suffix = suffix;
            this.type = type;
            this.period = period;
        }

        String path(String campaignId) {
            return period ? "/api/reports/follow-up" + suffix + PERIOD : "/api/reports/campaigns/" + campaignId + suffix;
        }
    }

    static Stream<Arguments> matrix() {
        return Arrays.stream(Endpoint.values()).flatMap(e -> ReportingAccessMatrixTests.CALLERS.stream().map(who -> Arguments.of(e, who)));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("matrix")
    void everyFollowUpEndpointAnswersEveryCallerAsTheMatrixSays(Endpoint endpoint, Who who) throws Exception {
        String id = campaigns().main();
        List<Document> before = state(id);

        Answer answer = call(endpoint.path(id), endpoint == Endpoint.FOLLOW_UP_PRINT || endpoint == Endpoint.PERIOD_FOLLOW_UP_PRINT
                ? "text/html,application/xhtml+xml,*/*;q=0.8" : "*/*", who.headers().get());

        assertThat(answer.status()).as("status").isEqualTo(who.reads());
        assertThat(state(id)).as("nothing changed").isEqualTo(before);
        if (who.reads() == 200) {
            assertThat(answer.contentType()).startsWith(endpoint.type);
            if (endpoint == Endpoint.FOLLOW_UP || endpoint == Endpoint.PERIOD_FOLLOW_UP) {
                assertThat(answer.body()).contains("\"so-y-te\"", "FB_TOKEN_EXPIRED");
            }
            return;
        }
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(who.reads());
        assertThat(problem.path("code").asString()).isEqualTo(switch (who.reads()) {
            case 401 -> who.name().startsWith("token") ? "invalid-token" : "unauthenticated";
            default -> endpoint.period ? "not-found" : "campaign-not-found";
        });
        assertThat(answer.body()).doesNotContain("so-y-te", "FB_TOKEN_EXPIRED");
    }

    /** Another agency cannot tell a campaign it may not see from one that does not exist: the same 404, byte for byte. */
    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"FOLLOW_UP", "FOLLOW_UP_XLSX", "FOLLOW_UP_PRINT"})
    void anotherAgencyGetsExactlyTheAnswerOfAnUnknownCampaign(Endpoint endpoint) throws Exception {
        String id = campaigns().main();
        String unknown = Scenario.randomCampaignId();
        Map<String, String> other = Map.of("Authorization", Callers.bearer(Callers.OTHER, Caller.OFFICER));
        Answer hidden = call(endpoint.path(id), "*/*", other);
        Answer missing = call(endpoint.path(unknown), "*/*", other);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.contentType()).isEqualTo(missing.contentType()).startsWith("application/problem+json");
        assertThat(hidden.body().replace(id, "ID")).isEqualTo(missing.body().replace(unknown, "ID"));
    }

    @Test
    void withoutAnIssuerAPeriodReportCoversOnlyTheIssuingAgenciesTheCallerReads() throws Exception {
        Campaigns c = campaigns();
        Map<String, List<String>> seen = new LinkedHashMap<>();
        seen.put("issuing viewer", period(Callers.ISSUING, Caller.VIEWER));
        seen.put("other officer", period(Callers.OTHER, Caller.OFFICER));
        seen.put("target officer", period(Callers.TARGET, Caller.OFFICER));
        seen.put("province-wide viewer", period(Callers.PROVINCE_WIDE, Caller.VIEWER));
        seen.put("province-wide officer", period(Callers.PROVINCE_WIDE, Caller.OFFICER));
        seen.put("province-wide viewer of another province", period(Callers.PROVINCE_WIDE_ELSEWHERE, Caller.VIEWER));
        assertThat(seen).containsExactly(Map.entry("issuing viewer", List.of(c.main())),
                Map.entry("other officer", List.of(c.foreign())), Map.entry("target officer", List.of()),
                Map.entry("province-wide viewer", List.of(c.foreign(), c.main())),
                Map.entry("province-wide officer", List.of()),
                Map.entry("province-wide viewer of another province", List.of()));
    }

    @Test
    void aCallerWithoutAPlatformRoleGetsNoFollowUp() throws Exception {
        String id = campaigns().main();
        Map<String, String> roleless = Map.of("Authorization", Callers.bearer(Callers.ISSUING));
        Answer period = call(Endpoint.PERIOD_FOLLOW_UP.path(id), "*/*", roleless);
        assertThat(period.status()).isEqualTo(403);
        assertThat(period.contentType()).startsWith("application/problem+json");
        assertThat(period.body()).contains("\"code\":\"forbidden\"");
        assertThat(call(Endpoint.FOLLOW_UP.path(id), "*/*", roleless).status()).isEqualTo(404);
    }

    private List<String> period(String agency, String role) throws Exception {
        Answer answer = call("/api/reports/follow-up?from=2022-09-01&to=2022-09-30", "*/*",
                Map.of("Authorization", Callers.bearer(agency, role)));
        assertThat(answer.status()).as("%s %s", agency, role).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(answer.body()).path("followUps").forEach(f -> ids.add(f.path("campaignId").asString()));
        return ids;
    }

    /** What a follow-up could change if it wrote: the campaign's counters and per-agency documents. */
    private List<Document> state(String campaignId) {
        List<Document> state = new ArrayList<>();
        Document counts = mongo.findById(campaignId, Document.class, ReadModels.COUNTS);
        counts.remove("updatedAt");
        state.add(counts);
        state.addAll(CampaignAgencies.documents(mongo, campaignId, CampaignAgencies.ids(mongo, campaignId)));
        return state;
    }

    record Answer(int status, String contentType, String body) {
    }

    private Answer call(String path, String accept, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("content-type").orElse("");
            String body = type.startsWith("application/vnd.openxml") ? "<xlsx " + response.body().length + " bytes>"
                    : new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            return new Answer(response.statusCode(), type, body);
        }
    }
}
