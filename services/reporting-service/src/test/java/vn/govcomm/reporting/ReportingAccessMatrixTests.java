package vn.govcomm.reporting;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.reporting.projections.ReadModels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoint × role × agency matrix of the README, cell by cell, over real HTTP against the running service:
 * every endpoint for every kind of caller, the right status and, when refused, {@code application/problem+json}
 * with the right code and nothing changed (the campaign's counters document is compared before and after; for
 * recount it is deliberately wrong beforehand, so a recount that ran would show).
 */
class ReportingAccessMatrixTests extends ReportingServiceContext {

    static final String ISSUING = Callers.ISSUING;
    static final String OTHER = Callers.OTHER;
    static final String TARGET = Callers.TARGET;
    static final String PROVINCE = Callers.PROVINCE_WIDE;

    /** The campaign every cell is tried on: the {@link Scenario}, issued by {@link Callers#ISSUING}. */
    private static volatile String campaign;

    enum Endpoint {
        REPORT("GET", "", "application/json"),
        COUNTS("GET", "/counts", "application/json"),
        AGENCIES("GET", "/agencies", "application/json"),
        RECOUNT("POST", "/recount", "application/json"),
        COMPLIANCE("GET", "/compliance", "application/json"),
        COMPLIANCE_CSV("GET", "/export/compliance.csv", "text/csv"),
        DELIVERIES_CSV("GET", "/export/deliveries.csv", "text/csv"),
        REPORT_XLSX("GET", "/export/report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        PRINT("GET", "/export/print", "text/html"),
        STREAM("GET", "/stream", "text/event-stream");

        final String method;
        final String suffix;
        final String type;

        Endpoint(String method, String suffix, String type) {
            this.method = method;
            this.suffix = suffix;
            this.type = type;
        }

        String path(String campaignId) {
            return "/api/reports/campaigns/" + campaignId + suffix;
        }

        /** What a browser or the console sends. */
        String accept() {
            return switch (this) {
                case STREAM -> "text/event-stream";
                case PRINT -> "text/html,application/xhtml+xml,*/*;q=0.8";
                default -> "*/*";
            };
        }
    }

    /**
     * A kind of caller and the README's answers: {@code reads} for every read endpoint, {@code recount} for
     * {@code POST .../recount}.
     */
    record Who(String name, int reads, int recount, Supplier<Map<String, String>> headers) {

        static Who token(String name, int reads, int recount, String agency, String... roles) {
            return new Who(name, reads, recount, () -> Map.of("Authorization", Callers.bearer(agency, roles)));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Who> CALLERS = List.of(
            Who.token("officer of the issuing agency", 200, 403, ISSUING, Caller.OFFICER),
            Who.token("approver of the issuing agency", 200, 403, ISSUING, Caller.APPROVER),
            Who.token("admin of the issuing agency", 200, 200, ISSUING, Caller.ADMIN),
            Who.token("viewer of the issuing agency", 200, 403, ISSUING, Caller.VIEWER),
            Who.token("officer of another agency", 404, 403, OTHER, Caller.OFFICER),
            Who.token("approver of another agency", 404, 403, OTHER, Caller.APPROVER),
            Who.token("admin of another agency", 200, 200, OTHER, Caller.ADMIN),
            Who.token("viewer of another agency", 404, 403, OTHER, Caller.VIEWER),
            Who.token("officer of a target agency", 404, 403, TARGET, Caller.OFFICER),
            Who.token("viewer of a target agency", 404, 403, TARGET, Caller.VIEWER),
            Who.token("viewer of a province-wide agency", 200, 403, PROVINCE, Caller.VIEWER),
            Who.token("officer of a province-wide agency", 404, 403, PROVINCE, Caller.OFFICER),
            Who.token("viewer of a province-wide agency of another province", 404, 403, Callers.PROVINCE_WIDE_ELSEWHERE,
                    Caller.VIEWER),
            new Who("no token", 401, 401, Map::of),
            new Who("forged X-User-* headers, no token", 401, 401, () -> Map.of("X-User-Id", "forger",
                    "X-User-Roles", "admin", "X-User-Agency", ISSUING)),
            new Who("token signed by a foreign key", 401, 401, () -> Map.of("Authorization",
                    TestCallers.foreignBearer(Callers.AUDIENCE, "intruder", ISSUING, Caller.ADMIN))),
            new Who("token for notice-publishing-service", 401, 401, () -> Map.of("Authorization",
                    TestCallers.bearer("notice-publishing-service", "replayer", ISSUING, Caller.ADMIN))));

    static Stream<Arguments> matrix() {
        return Arrays.stream(Endpoint.values()).flatMap(e -> CALLERS.stream().map(who -> Arguments.of(e, who)));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("matrix")
    void everyEndpointAnswersEveryCallerAsTheMatrixSays(Endpoint endpoint, Who who) throws Exception {
        String id = campaign();
        if (endpoint == Endpoint.RECOUNT) {
            corruptCounters(id);
        }
        Document before = counters(id);
        int expected = endpoint == Endpoint.RECOUNT ? who.recount() : who.reads();

        Answer answer = call(endpoint, id, who.headers().get());

        assertThat(answer.status).as("status").isEqualTo(expected);
        if (expected == 200) {
            assertThat(answer.contentType).startsWith(endpoint.type);
            if (endpoint == Endpoint.STREAM) {
                assertThat(answer.body).contains("event:counts", "\"campaignId\":\"" + id + "\"");
            }
            if (endpoint == Endpoint.RECOUNT) {
                Document after = counters(id);
                assertThat(((Number) after.get("total")).intValue()).as("recounted from the rows").isEqualTo(8);
                assertThat(((Number) after.get("rev")).longValue()).isGreaterThan(((Number) before.get("rev")).longValue());
            } else {
                assertThat(counters(id)).isEqualTo(before);
            }
            return;
        }
        assertThat(answer.contentType).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body);
        assertThat(problem.path("status").asInt()).isEqualTo(expected);
        assertThat(problem.path("code").asString()).isEqualTo(switch (expected) {
            case 401 -> who.name().startsWith("token") ? "invalid-token" : "unauthenticated";
            case 403 -> "forbidden";
            default -> "campaign-not-found";
        });
        assertThat(answer.body).doesNotContain("event:");
        assertThat(counters(id)).as("nothing changed, nothing recounted").isEqualTo(before);
    }

    /** Another agency cannot tell a campaign it may not see from one that does not exist: the same 404, byte for byte. */
    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anotherAgencyGetsExactlyTheAnswerOfAnUnknownCampaign(Endpoint endpoint) throws Exception {
        String id = campaign();
        String unknown = Scenario.randomCampaignId();
        Map<String, String> other = Map.of("Authorization", Callers.bearer(OTHER, Caller.OFFICER));
        Map<String, String> admin = Map.of("Authorization", Callers.bearer(ISSUING, Caller.ADMIN));

        Answer hidden = call(endpoint, id, endpoint == Endpoint.RECOUNT ? admin : other);
        Answer missing = call(endpoint, unknown, endpoint == Endpoint.RECOUNT ? admin : other);

        if (endpoint == Endpoint.RECOUNT) {
            assertThat(hidden.status).as("an admin recounts it").isEqualTo(200);
            assertThat(missing.status).isEqualTo(404);
            assertThat(missing.contentType).startsWith("application/problem+json");
            return;
        }
        assertThat(hidden.status).isEqualTo(404);
        assertThat(missing.status).isEqualTo(404);
        assertThat(hidden.contentType).isEqualTo(missing.contentType).startsWith("application/problem+json");
        assertThat(hidden.body.replace(id, "ID")).isEqualTo(missing.body.replace(unknown, "ID"));
    }

    @Test
    void aCampaignKnownOnlyFromItsDeliveriesIsReadOnlyByAdminsAndTheHomeProvincesProvinceWideViewers() throws Exception {
        String id = Scenario.randomCampaignId();
        Scenario scenario = new Scenario(kafka, id);
        scenario.request(TARGET, "portal");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> mongo.exists(Query.query(Criteria.where("_id").is(id)), ReadModels.COUNTS));

        Map<String, Integer> answers = new LinkedHashMap<>();
        answers.put("admin", call(Endpoint.COUNTS, id, auth(OTHER, Caller.ADMIN)).status);
        answers.put("province-wide viewer", call(Endpoint.COUNTS, id, auth(PROVINCE, Caller.VIEWER)).status);
        answers.put("province-wide viewer of another province",
                call(Endpoint.COUNTS, id, auth(Callers.PROVINCE_WIDE_ELSEWHERE, Caller.VIEWER)).status);
        answers.put("issuing officer of other campaigns", call(Endpoint.COUNTS, id, auth(ISSUING, Caller.OFFICER)).status);
        answers.put("target officer", call(Endpoint.COUNTS, id, auth(TARGET, Caller.OFFICER)).status);
        answers.put("target viewer", call(Endpoint.REPORT, id, auth(TARGET, Caller.VIEWER)).status);

        // its issuer not known yet: read as the home province's
        assertThat(answers).containsExactly(Map.entry("admin", 200), Map.entry("province-wide viewer", 200),
                Map.entry("province-wide viewer of another province", 404),
                Map.entry("issuing officer of other campaigns", 404), Map.entry("target officer", 404),
                Map.entry("target viewer", 404));
    }

    @Test
    void aRecountWithABodyOverTheCapIsRefusedBeforeAnythingIsRecounted() throws Exception {
        String id = campaign();
        corruptCounters(id);
        Document before = counters(id);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + Endpoint.RECOUNT.path(id)))
                .header("Authorization", Callers.bearer(ISSUING, Caller.ADMIN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[65 * 1024])).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/problem+json");
            assertThat(response.body()).contains("\"code\":\"body-too-large\"");
        }
        assertThat(counters(id)).isEqualTo(before);
    }

    private String campaign() {
        if (campaign == null) {
            synchronized (ReportingAccessMatrixTests.class) {
                if (campaign == null) {
                    campaign = settledScenario();
                }
            }
        }
        return campaign;
    }

    private static Map<String, String> auth(String agency, String... roles) {
        return Map.of("Authorization", Callers.bearer(agency, roles));
    }

    /** Counters the rows do not support (total 99): only a recount puts them right. */
    private void corruptCounters(String id) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("total", 99).set("byStatus.FAILED", 7),
                ReadModels.COUNTS);
    }

    private Document counters(String id) {
        Document counts = mongo.findById(id, Document.class, ReadModels.COUNTS);
        if (counts != null) {
            counts.remove("updatedAt");
        }
        return counts;
    }

    record Answer(int status, String contentType, String body) {
    }

    /**
     * One request; for a stream that started, the body is what arrived until the first {@code counts} event (then
     * the connection is closed).
     */
    private Answer call(Endpoint endpoint, String campaignId, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + endpoint.path(campaignId)))
                .header("Accept", endpoint.accept()).timeout(Duration.ofSeconds(30))
                .method(endpoint.method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("content-type").orElse("");
            try (InputStream in = response.body()) {
                if (response.statusCode() == 200 && type.startsWith("text/event-stream")) {
                    return new Answer(200, type, firstEvent(in));
                }
                return new Answer(response.statusCode(), type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static String firstEvent(InputStream in) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                BufferedReader text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = text.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the test closed the stream
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:")));
            return String.join("\n", lines);
        } finally {
            reader.interrupt();
        }
    }
}
