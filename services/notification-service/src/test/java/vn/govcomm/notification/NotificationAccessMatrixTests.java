package vn.govcomm.notification;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.notification.notifications.Notification;
import vn.govcomm.notification.notifications.Notifications;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint × role × agency matrix of the README, cell by cell over real HTTP: the status, what the caller sees
 * (all of the campaign's notifications, or only its own), {@code application/problem+json} with the right code for
 * every refusal, and nothing changed in the store.
 */
class NotificationAccessMatrixTests extends NotificationServiceContext {

    static final String ISSUER = "so-matrix-issuer";
    static final String TARGET = "so-matrix-target";
    static final String OTHER_TARGET = "so-matrix-target-2";
    static final String OTHER = "so-matrix-other";
    static final String CAMPAIGN = "cmp-matrix";
    static final Instant DUE = Instant.parse("2031-09-10T01:00:00Z");
    /** Notifications of the campaign: one each to TARGET and OTHER_TARGET, an observer copy, and news to ISSUER. */
    static final int ALL = 4;

    private static volatile boolean seeded;

    @Autowired Notifications notifications;

    enum Endpoint {
        CAMPAIGN_LIST("/api/notifications?campaignId=" + CAMPAIGN),
        TARGET_AGENCY("/api/notifications/agencies/" + TARGET);

        final String path;

        Endpoint(String path) {
            this.path = path;
        }
    }

    /** A kind of caller and its answers: status for the campaign list (and how many it sees), for the agency list. */
    record Who(String name, int campaign, int sees, int agency, Supplier<Map<String, String>> headers) {

        static Who token(String name, int campaign, int sees, int agency, String agencyId, String... roles) {
            return new Who(name, campaign, sees, agency, () -> Map.of("Authorization",
                    TestCallers.bearer(AUDIENCE, "user-of-" + agencyId, agencyId, roles)));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Who> CALLERS = List.of(
            Who.token("officer of the issuing agency", 200, ALL, 404, ISSUER, Caller.OFFICER),
            Who.token("approver of the issuing agency", 200, ALL, 404, ISSUER, Caller.APPROVER),
            Who.token("viewer of the issuing agency", 403, 0, 403, ISSUER, Caller.VIEWER),
            Who.token("officer of the target agency", 200, 1, 200, TARGET, Caller.OFFICER),
            Who.token("approver of the target agency", 200, 1, 200, TARGET, Caller.APPROVER),
            Who.token("viewer of the target agency", 403, 0, 403, TARGET, Caller.VIEWER),
            Who.token("officer of another agency", 404, 0, 404, OTHER, Caller.OFFICER),
            Who.token("approver of another agency", 404, 0, 404, OTHER, Caller.APPROVER),
            Who.token("admin of another agency", 200, ALL, 200, OTHER, Caller.ADMIN),
            Who.token("user without a platform role", 403, 0, 403, TARGET),
            new Who("no token", 401, 0, 401, Map::of),
            new Who("forged X-User-* headers, no token", 401, 0, 401, () -> Map.of("X-User-Id", "forger",
                    "X-User-Roles", "admin", "X-User-Agency", ISSUER)),
            new Who("token signed by a foreign key", 401, 0, 401, () -> Map.of("Authorization",
                    TestCallers.foreignBearer(AUDIENCE, "intruder", ISSUER, Caller.ADMIN))),
            new Who("token for reporting-service", 401, 0, 401, () -> Map.of("Authorization",
                    TestCallers.bearer("reporting-service", "replayer", ISSUER, Caller.ADMIN))));

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put(TARGET, List.of("portal"));
        targets.put(OTHER_TARGET, List.of("portal"));
        events().scheduled(CAMPAIGN, 1, ISSUER, "Ma trận quyền", targets, "2031-09-30T17:00:00+07:00", List.of(), List.of());
        awaitPlan(CAMPAIGN, 1, 0);
        Notification toTarget = Notification.draft(Notification.Kind.REMINDER, Notification.Audience.AGENCY, CAMPAIGN, TARGET, DUE)
                .missing(List.of("portal"));
        Notification toOther = Notification.draft(Notification.Kind.REMINDER, Notification.Audience.AGENCY, CAMPAIGN, OTHER_TARGET, DUE)
                .missing(List.of("portal"));
        Notification copy = Notification.draft(Notification.Kind.OBSERVER_COPY, Notification.Audience.OBSERVER, CAMPAIGN, ISSUER, DUE)
                .to(List.of("toasoan@bao.test"));
        Notification news = Notification.draft(Notification.Kind.APPROVED, Notification.Audience.ISSUER, CAMPAIGN, ISSUER, DUE);
        // Queued for a time the clock never reaches in this class: they stay as they are while the matrix runs.
        notifications.queue(List.of(toTarget, toOther, copy, news), Instant.parse("2099-01-01T00:00:00Z"));
        seeded = true;
    }

    static Stream<Arguments> matrix() {
        return Arrays.stream(Endpoint.values()).flatMap(e -> CALLERS.stream().map(who -> Arguments.of(e, who)));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("matrix")
    void everyEndpointAnswersEveryCallerAsTheMatrixSays(Endpoint endpoint, Who who) throws Exception {
        List<Document> before = store();

        HttpResponse<String> answer = call(endpoint.path, who.headers().get());

        int expected = endpoint == Endpoint.CAMPAIGN_LIST ? who.campaign() : who.agency();
        assertThat(answer.statusCode()).as("status").isEqualTo(expected);
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (expected == 200) {
            assertThat(type).startsWith("application/json");
            JsonNode body = Events.JSON.readTree(answer.body());
            if (endpoint == Endpoint.CAMPAIGN_LIST) {
                assertThat(body.path("notifications")).hasSize(who.sees());
                if (who.sees() == 1) {
                    assertThat(body.path("notifications").get(0).path("recipientAgencyId").asString()).isEqualTo(TARGET);
                    assertThat(body.has("rounds")).isFalse();
                } else {
                    assertThat(body.has("rounds")).isTrue();
                }
            } else {
                assertThat(body.path("notifications")).hasSize(1);
                assertThat(body.path("notifications").get(0).path("recipientAgencyId").asString()).isEqualTo(TARGET);
            }
        } else {
            assertThat(type).startsWith("application/problem+json");
            JsonNode problem = Events.JSON.readTree(answer.body());
            assertThat(problem.path("status").asInt()).isEqualTo(expected);
            assertThat(problem.path("code").asString()).isEqualTo(switch (expected) {
                case 401 -> who.name().startsWith("token") ? "invalid-token" : "unauthenticated";
                case 403 -> "forbidden";
                default -> endpoint == Endpoint.CAMPAIGN_LIST ? "campaign-not-found" : "agency-not-found";
            });
        }
        assertThat(store()).as("nothing changed").isEqualTo(before);
    }

    /** Another agency cannot tell a campaign it may not see from one that does not exist: the same 404, byte for byte. */
    @Test
    void anotherAgencyGetsExactlyTheAnswerOfAnUnknownCampaign() throws Exception {
        Map<String, String> other = Map.of("Authorization", TestCallers.bearer(AUDIENCE, "o", OTHER, Caller.OFFICER));
        HttpResponse<String> hidden = call("/api/notifications?campaignId=" + CAMPAIGN, other);
        HttpResponse<String> missing = call("/api/notifications?campaignId=cmp-does-not-exist", other);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(hidden.body().replace(CAMPAIGN, "ID")).isEqualTo(missing.body().replace("cmp-does-not-exist", "ID"));
    }

    @Test
    void badRequestsAreProblemDetails() throws Exception {
        Map<String, String> admin = Map.of("Authorization", TestCallers.bearer(AUDIENCE, "a", OTHER, Caller.ADMIN));
        HttpResponse<String> noCampaign = call("/api/notifications", admin);
        assertThat(noCampaign.statusCode()).isEqualTo(400);
        assertThat(Events.JSON.readTree(noCampaign.body()).path("code").asString()).isEqualTo("campaign-required");
        HttpResponse<String> badPeriod = call("/api/notifications/agencies/" + TARGET + "?from=yesterday", admin);
        assertThat(badPeriod.statusCode()).isEqualTo(400);
        assertThat(badPeriod.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Events.JSON.readTree(badPeriod.body()).path("code").asString()).isEqualTo("invalid-period");
        HttpResponse<String> unknownForAdmin = call("/api/notifications?campaignId=cmp-does-not-exist", admin);
        assertThat(unknownForAdmin.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> call(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The campaign's documents: its notifications and its plan. */
    private List<Document> store() {
        List<Document> all = new ArrayList<>(mongo.find(Query.query(Criteria.where("campaignId").is(CAMPAIGN))
                .with(Sort.by("_id")), Document.class, "notifications"));
        all.add(mongo.findById(CAMPAIGN, Document.class, "notification_campaigns"));
        return all;
    }
}
