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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scorecard endpoints × every kind of caller of the README's matrix ({@link ReportingAccessMatrixTests#CALLERS}),
 * over real HTTP, cell by cell: with {@code issuer} exactly the period follow-up's answers (404 {@code not-found});
 * with {@code agency} (no issuer) the agency's own users, admins and province-wide viewers get its row across every
 * issuer, anybody else only over the campaigns of the issuers they read. Refusals are
 * {@code application/problem+json} and reveal nothing; nothing changes.
 */
class ScorecardAccessMatrixTests extends ScorecardContext {

    enum Endpoint {
        SCORECARD("", "application/json"),
        SCORECARD_XLSX(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        SCORECARD_PRINT("/print", "text/html");

        final String suffix;
        final String type;

        Endpoint(String suffix, String type) {
            this.suffix = suffix;
            this.type = type;
        }

        String path(String query) {
            return "/api/reports/scorecards" + suffix + "?period=2019-Q1" + query;
        }
    }

    /**
     * {@code agency=so-y-te} without issuer: the status, and how many campaigns its row covers (0: no row): 2 = q1
     * and the other agency's campaign, 1 = only the caller's own agency's.
     */
    static final Map<String, List<Integer>> OWN_ROW = Map.ofEntries(
            entry("officer of the issuing agency", List.of(200, 1)),
            entry("approver of the issuing agency", List.of(200, 1)),
            entry("admin of the issuing agency", List.of(200, 2)),
            entry("viewer of the issuing agency", List.of(200, 1)),
            entry("officer of another agency", List.of(200, 1)),
            entry("approver of another agency", List.of(200, 1)),
            entry("admin of another agency", List.of(200, 2)),
            entry("viewer of another agency", List.of(200, 1)),
            entry("officer of a target agency", List.of(200, 2)),
            entry("viewer of a target agency", List.of(200, 2)),
            entry("viewer of a province-wide agency", List.of(200, 2)),
            entry("officer of a province-wide agency", List.of(200, 0)),
            // not its province's agency: the row over its province's issuers' campaigns (none)
            entry("viewer of a province-wide agency of another province", List.of(200, 0)),
            entry("no token", List.of(401, 0)),
            entry("forged X-User-* headers, no token", List.of(401, 0)),
            entry("token signed by a foreign key", List.of(401, 0)),
            entry("token for notice-publishing-service", List.of(401, 0)));

    static Stream<Arguments> matrix() {
        return Arrays.stream(Endpoint.values()).flatMap(e -> ReportingAccessMatrixTests.CALLERS.stream().map(who -> Arguments.of(e, who)));
    }

    @ParameterizedTest(name = "{0} of the issuer by {1}")
    @MethodSource("matrix")
    void theIssuersScorecardAnswersEveryCallerAsTheMatrixSays(Endpoint endpoint, Who who) throws Exception {
        List<Document> before = state();
        Answer answer = call(endpoint.path("&issuer=" + Callers.ISSUING), who.headers().get());

        assertThat(answer.status()).as("status").isEqualTo(who.reads());
        assertThat(state()).as("nothing changed").isEqualTo(before);
        if (who.reads() == 200) {
            assertThat(answer.contentType()).startsWith(endpoint.type);
            if (endpoint != Endpoint.SCORECARD_XLSX) {
                assertThat(answer.body()).contains(endpoint == Endpoint.SCORECARD ? CAM_RANH : "UBND thành phố Cam Ranh");
            }
            return;
        }
        refused(answer, who.reads());
    }

    @ParameterizedTest(name = "{0} of one agency by {1}")
    @MethodSource("matrix")
    void anAgencysRowAnswersEveryCallerAsTheMatrixSays(Endpoint endpoint, Who who) throws Exception {
        List<Integer> expected = OWN_ROW.get(who.name());
        Answer answer = call(endpoint.path("&agency=" + Y_TE), who.headers().get());

        assertThat(answer.status()).as("status").isEqualTo(expected.getFirst());
        if (expected.getFirst() != 200) {
            refused(answer, expected.getFirst());
            return;
        }
        assertThat(answer.contentType()).startsWith(endpoint.type);
        if (endpoint == Endpoint.SCORECARD) {
            JsonNode agencies = JSON.readTree(answer.body()).path("agencies");
            List<String> rows = new ArrayList<>();
            agencies.forEach(a -> rows.add(a.path("agencyId").asString() + ":" + a.path("campaigns").asInt()));
            assertThat(rows).as("only the agency's row").isEqualTo(expected.get(1) == 0 ? List.of() : List.of(Y_TE + ":" + expected.get(1)));
        }
    }

    @Test
    void anAgencysRowNarrowedToAnIssuerFollowsTheIssuerRuleUnlessItIsTheCallersOwnAgency() throws Exception {
        campaigns();
        String query = "&agency=" + Y_TE + "&issuer=" + Callers.OTHER;
        Answer own = call(Endpoint.SCORECARD.path(query), Map.of("Authorization", Callers.bearer(Y_TE, Caller.VIEWER)));
        assertThat(own.status()).isEqualTo(200);
        assertThat(JSON.readTree(own.body()).path("agencies").get(0).path("campaigns").asInt()).isEqualTo(1);
        Answer issuers = call(Endpoint.SCORECARD.path(query), Map.of("Authorization", Callers.bearer(Callers.ISSUING, Caller.OFFICER)));
        Answer another = call(Endpoint.SCORECARD.path("&agency=" + CAM_RANH), Map.of("Authorization", Callers.bearer(Y_TE, Caller.OFFICER)));
        assertThat(issuers.status()).isEqualTo(404);
        refused(issuers, 404);
        assertThat(another.status()).as("another agency's row: only over the campaigns the caller's agency issued (none)").isEqualTo(200);
        assertThat(JSON.readTree(another.body()).path("agencies")).isEmpty();
    }

    /** Across agencies, without issuer or agency: the campaigns of the issuers the caller reads, province by province. */
    @Test
    void aScorecardAcrossAgenciesCoversTheIssuersOfTheCallersProvinceOnly() throws Exception {
        Map<String, Integer> covered = new LinkedHashMap<>();
        for (var who : List.of(List.of(Callers.ISSUING, Caller.ADMIN), List.of(Callers.PROVINCE_WIDE, Caller.VIEWER),
                List.of(Callers.PROVINCE_WIDE_ELSEWHERE, Caller.VIEWER), List.of(Callers.PROVINCE_WIDE_ELSEWHERE, Caller.ADMIN))) {
            Answer answer = call(Endpoint.SCORECARD.path(""), Map.of("Authorization", Callers.bearer(who.get(0), who.get(1))));
            assertThat(answer.status()).isEqualTo(200);
            JsonNode scorecard = JSON.readTree(answer.body());
            covered.put(who.get(0) + " " + who.get(1), scorecard.path("campaigns").asInt());
            if (who.get(0).equals(Callers.PROVINCE_WIDE_ELSEWHERE) && who.get(1).equals(Caller.VIEWER)) {
                assertThat(scorecard.path("agencies")).as("no row of another province's campaigns").isEmpty();
            }
        }
        int all = covered.get(Callers.ISSUING + " admin");
        assertThat(all).as("q1 and the other agency's campaign at least").isGreaterThanOrEqualTo(2);
        assertThat(covered).containsExactly(entry(Callers.ISSUING + " admin", all), entry(Callers.PROVINCE_WIDE + " viewer", all),
                entry(Callers.PROVINCE_WIDE_ELSEWHERE + " viewer", 0), entry(Callers.PROVINCE_WIDE_ELSEWHERE + " admin", all));
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aCallerWithoutAPlatformRoleGetsNoScorecard(Endpoint endpoint) throws Exception {
        for (String query : List.of("", "&issuer=" + Callers.ISSUING, "&agency=" + Callers.ISSUING)) {
            Answer answer = call(endpoint.path(query), Map.of("Authorization", Callers.bearer(Callers.ISSUING)));
            assertThat(answer.status()).as(query).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"code\":\"forbidden\"");
        }
    }

    /** Access is decided before the period is read: a bad period from a stranger is still 404, from a reader 400. */
    @Test
    void accessIsDecidedBeforeThePeriod() throws Exception {
        String bad = "/api/reports/scorecards?period=2019-Q9&issuer=" + Callers.ISSUING;
        assertThat(call(bad, Map.of("Authorization", Callers.bearer(Callers.OTHER, Caller.OFFICER))).status()).isEqualTo(404);
        assertThat(call(bad, Map.of("Authorization", Callers.bearer(Callers.ISSUING, Caller.VIEWER))).status()).isEqualTo(400);
    }

    private static void refused(Answer answer, int status) {
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isIn(status == 401 ? List.of("unauthenticated", "invalid-token") : List.of("not-found"));
        assertThat(answer.body()).doesNotContain(CAM_RANH, "Cam Ranh", "onTime");
    }

    /** What a scorecard could change if it wrote: q1's counters and per-agency documents. */
    private List<Document> state() {
        String q1 = campaigns().q1();
        List<Document> state = new ArrayList<>();
        Document counts = mongo.findById(q1, Document.class, ReadModels.COUNTS);
        counts.remove("updatedAt");
        state.add(counts);
        state.addAll(CampaignAgencies.documents(mongo, q1, CampaignAgencies.ids(mongo, q1)));
        return state;
    }

    record Answer(int status, String contentType, String body) {
    }

    private Answer call(String path, Map<String, String> headers) throws Exception {
        campaigns();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", path.contains("/print") ? "text/html,application/xhtml+xml,*/*;q=0.8" : "*/*")
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("content-type").orElse("");
            String body = type.startsWith("application/vnd.openxml") ? "<xlsx " + response.body().length + " bytes>"
                    : new String(response.body(), StandardCharsets.UTF_8);
            return new Answer(response.statusCode(), type, body);
        }
    }
}
