package vn.govcomm.publishing;

import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.publications.Publications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.time.temporal.ChronoUnit.DAYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may read and re-send what, over real HTTP against the running service: the endpoint × caller matrix of the
 * README cell by cell, and re-sends refused once the campaign stopped or its window ended. Every refusal answers
 * {@code application/problem+json} and changes nothing: the campaign's publications, stored campaign and
 * deliveries (their outbox included) are compared before and after, and no re-sent request reaches Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishingAccessIntegrationTests extends PublishingTestContext {

    /** Issues the campaigns of these tests (not a province-wide agency). */
    static final String ISSUING = "it-acc-so-cong-thuong";
    static final String OTHER = "it-acc-so-giao-thong";
    /** Province-wide oversight agency (govcomm.identity.province-wide-agencies of the test context). */
    static final String PROVINCE_WIDE = "so-noi-vu";
    static final List<String> TARGETS = List.of("it-acc-xa-vinh-luong", "it-acc-xa-vinh-phuong");
    static final String REQUESTED = "vn.govcomm.delivery.requested.v1";

    /** A caller as its requests show it, and the code of the 401 it gets if its credentials are worth nothing. */
    record Who(String name, String user, Consumer<HttpRequest.Builder> credentials, String unauthenticated) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Who token(String name, String agency, String... roles) {
        String user = name.replace(' ', '.');
        return new Who(name, user, r -> r.header("Authorization", TestStack.bearer(user, agency, roles)), null);
    }

    static final Who NO_TOKEN = new Who("no token", null, r -> { }, "unauthenticated");
    static final Who FORGED_HEADERS = new Who("forged X-User-* headers, no token", "mallory", r -> r
            .header("X-User-Id", "mallory").header("X-User-Roles", "officer,approver,admin")
            .header("X-User-Agency", ISSUING), "unauthenticated");
    static final Who FOREIGN_KEY = new Who("officer token signed by a foreign key", "mallory", r -> r
            .header("Authorization", TestCallers.foreignBearer(TestStack.AUDIENCE, "mallory", ISSUING, "officer")),
            "invalid-token");
    static final Who OTHER_AUDIENCE = new Who("officer token for campaign-service", "officer", r -> r
            .header("Authorization", TestCallers.bearer("campaign-service", "officer", ISSUING, "officer")),
            "invalid-token");
    static final Who VIEWER_WITH_FORGED_ROLES = new Who("issuing viewer token + forged X-User-Roles officer",
            "issuing.viewer", r -> r.header("Authorization", TestStack.bearer("issuing.viewer", ISSUING, "viewer"))
            .header("X-User-Roles", "officer,admin").header("X-User-Agency", ISSUING), null);

    /** The README's matrix: caller → progress, deliveries, resend one, resend-failed. */
    record Row(Who who, int progress, int deliveries, int resend, int resendFailed) {
        int expected(Endpoint endpoint) {
            return switch (endpoint) {
                case PROGRESS -> progress;
                case DELIVERIES -> deliveries;
                case RESEND -> resend;
                case RESEND_FAILED -> resendFailed;
            };
        }
    }

    static final List<Row> MATRIX = List.of(
            new Row(token("issuing officer", ISSUING, "officer"), 200, 200, 200, 200),
            new Row(token("issuing approver", ISSUING, "approver"), 200, 200, 200, 200),
            new Row(token("issuing viewer", ISSUING, "viewer"), 200, 200, 403, 403),
            new Row(token("issuing admin", ISSUING, "admin"), 200, 200, 403, 403),
            new Row(token("issuing user without a platform role", ISSUING, "editor"), 404, 404, 404, 404),
            new Row(token("other officer", OTHER, "officer"), 404, 404, 404, 404),
            new Row(token("other approver", OTHER, "approver"), 404, 404, 404, 404),
            new Row(token("other viewer", OTHER, "viewer"), 404, 404, 404, 404),
            new Row(token("other admin", OTHER, "admin"), 200, 200, 403, 403),
            new Row(token("province-wide viewer", PROVINCE_WIDE, "viewer"), 200, 200, 403, 403),
            new Row(token("province-wide officer", PROVINCE_WIDE, "officer"), 404, 404, 404, 404),
            new Row(token("province-wide viewer of another province", TestStack.PROVINCE_WIDE_ELSEWHERE, "viewer"),
                    404, 404, 404, 404),
            new Row(VIEWER_WITH_FORGED_ROLES, 200, 200, 403, 403),
            new Row(NO_TOKEN, 401, 401, 401, 401),
            new Row(FORGED_HEADERS, 401, 401, 401, 401),
            new Row(FOREIGN_KEY, 401, 401, 401, 401),
            new Row(OTHER_AUDIENCE, 401, 401, 401, 401));

    enum Endpoint {
        PROGRESS("GET", "/api/publications/%s"),
        DELIVERIES("GET", "/api/publications/%s/deliveries"),
        RESEND("POST", "/api/publications/%s/deliveries/%s/resend"),
        RESEND_FAILED("POST", "/api/publications/%s/resend-failed");

        final String method;
        final String path;

        Endpoint(String method, String path) {
            this.method = method;
            this.path = path;
        }

        boolean mutates() {
            return "POST".equals(method);
        }

        String path(String campaignId, String deliveryId) {
            return path.formatted(campaignId, deliveryId);
        }

        @Override
        public String toString() {
            return method + " " + path.replaceFirst("%s", "{campaignId}").replace("%s", "{deliveryId}");
        }
    }

    @LocalServerPort int port;
    @Autowired MongoTemplate mongo;
    @Autowired Publications publications;
    @Autowired Deliveries deliveries;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** A running campaign of ISSUING with two FAILED deliveries, for every cell that must change nothing. */
    String shared;

    @BeforeAll
    void runningCampaignWithFailedDeliveries() {
        for (String agency : TARGETS) {
            if (mongo.findById(agency, Document.class, "agencies") == null) {
                mongo.insert(TestStack.replicaEntry(agency), "agencies");
            }
        }
        if (mongo.findById(TestStack.PROVINCE_WIDE_ELSEWHERE, Document.class, "agencies") == null) {
            mongo.insert(TestStack.replicaEntryIn(TestStack.PROVINCE_WIDE_ELSEWHERE, "ha-noi"), "agencies");
        }
        shared = failed(expandedCampaign(Instant.now().plus(30, DAYS)));
    }

    static Stream<Arguments> matrix() {
        return MATRIX.stream().flatMap(row -> Stream.of(Endpoint.values())
                .map(endpoint -> Arguments.of(row.who(), endpoint, row.expected(endpoint))));
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfTheAccessMatrixAnswersAsTheReadmeSays(Who who, Endpoint endpoint, int expected) throws Exception {
        boolean changes = endpoint.mutates() && expected == 200;
        // a re-send that goes through gets a campaign of its own; all other cells share one and must leave it as it was
        String campaignId = changes ? failed(expandedCampaign(Instant.now().plus(30, DAYS))) : shared;
        String deliveryId = deliveryIds(campaignId).getFirst();
        Stored before = stored(campaignId);

        HttpResponse<String> response = call(who, endpoint, campaignId, deliveryId);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        if (expected != 200) {
            assertRefused(response, expected, refusalCode(who, expected));
            assertThat(stored(campaignId)).isEqualTo(before);
            return;
        }
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        switch (endpoint) {
            case PROGRESS -> {
                Document progress = Document.parse(response.body());
                assertThat(progress.getString("campaignId")).isEqualTo(campaignId);
                assertThat(progress.get("byStatus", Document.class).get("FAILED")).isEqualTo(2);
            }
            case DELIVERIES -> assertThat(list(response)).hasSize(2)
                    .allSatisfy(d -> assertThat(d.getString("campaignId")).isEqualTo(campaignId));
            case RESEND -> {
                Document resent = Document.parse(response.body());
                assertThat(resent.getInteger("attempt")).isEqualTo(2);
                assertThat(resent.getString("status")).isEqualTo("PENDING");
                assertThat(resent.getString("resentBy")).isEqualTo(who.user());
                assertThat(mongo.findById(deliveryId, Document.class, "deliveries").getInteger("attempt")).isEqualTo(2);
            }
            case RESEND_FAILED -> {
                assertThat(Document.parse(response.body()).getInteger("resent")).isEqualTo(2);
                assertThat(mongo.find(byCampaign(campaignId), Document.class, "deliveries"))
                        .allSatisfy(d -> assertThat(d.getInteger("attempt")).isEqualTo(2));
            }
        }
        if (!changes) {
            assertThat(stored(campaignId)).isEqualTo(before);
        }
    }

    @Test
    void anotherAgencysCampaignAnswersExactlyLikeACampaignThatDoesNotExist() throws Exception {
        Who other = token("other officer", OTHER, "officer");
        String deliveryId = deliveryIds(shared).getFirst();
        String unknown = "cmp-acc-" + UUID.randomUUID().toString().substring(0, 8);
        for (Endpoint endpoint : Endpoint.values()) {
            HttpResponse<String> foreign = call(other, endpoint, shared, deliveryId);
            HttpResponse<String> missing = call(other, endpoint, unknown, deliveryId);
            assertRefused(foreign, 404, "not-found");
            assertRefused(missing, 404, "not-found");
            assertThat(foreign.body().replace(shared, "{id}")).isEqualTo(missing.body().replace(unknown, "{id}"));
        }
    }

    @Test
    void refusedResendsProduceNoRequestAndChangeNothing() throws Exception {
        String campaignId = failed(expandedCampaign(Instant.now().plus(30, DAYS)));
        String deliveryId = deliveryIds(campaignId).getFirst();
        Stored before = stored(campaignId);
        for (Row row : MATRIX) {
            for (Endpoint endpoint : List.of(Endpoint.RESEND, Endpoint.RESEND_FAILED)) {
                if (row.expected(endpoint) != 200) {
                    assertRefused(call(row.who(), endpoint, campaignId, deliveryId), row.expected(endpoint),
                            refusalCode(row.who(), row.expected(endpoint)));
                }
            }
        }
        assertThat(stored(campaignId)).isEqualTo(before);
        assertOnlyFirstAttemptsWentOut(campaignId, 2);
    }

    @Test
    void resendsAreRefusedOnceTheCampaignIsCancelled() throws Exception {
        String campaignId = failed(expandedCampaign(Instant.now().plus(30, DAYS)));
        TestStack.send("campaign.events", campaignId, "vn.govcomm.campaign.cancelled.v1", campaignId,
                new Document("campaignId", campaignId).append("code", "SCT-ACC-1").append("version", 1)
                        .append("fromStatus", "RUNNING").append("toStatus", "CANCELLED").append("actor", "issuing.approver")
                        .append("occurredAt", Instant.now().toString()).toJson());
        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELLED".equals(publication(campaignId, 1).getString("state")));

        assertResendsRefused(campaignId, deliveryIds(campaignId).getFirst(), "campaign-closed");
    }

    @Test
    void aSupersededVersionsDeliveriesCanNoLongerBeResent() throws Exception {
        String campaignId = failed(expandedCampaign(Instant.now().plus(30, DAYS)));
        String v1Delivery = deliveryIds(campaignId).getFirst();
        Document v2 = campaign(campaignId, Instant.now().plus(30, DAYS));
        v2.put("version", 2);
        TestStack.schedule(publications, v2, "evt-" + campaignId + "-v2");
        await().atMost(Duration.ofSeconds(20)).until(() -> "SUPERSEDED".equals(publication(campaignId, 1).getString("state"))
                && "EXPANDED".equals(publication(campaignId, 2).getString("state")));

        Stored before = stored(campaignId);
        assertRefused(call(token("issuing officer", ISSUING, "officer"), Endpoint.RESEND, campaignId, v1Delivery),
                409, "campaign-closed");
        assertThat(stored(campaignId)).isEqualTo(before);
        assertOnlyFirstAttemptsWentOut(campaignId, 4);
    }

    @Test
    void resendsAreRefusedOnceTheWindowEnded() throws Exception {
        String campaignId = expandedCampaign(Instant.now().plusSeconds(4));
        failed(campaignId);
        await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(publication(campaignId, 1).getString("state")));
        // what was not achieved expired at the window end: exactly the statuses a re-send used to take
        assertThat(mongo.find(byCampaign(campaignId), Document.class, "deliveries"))
                .allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("EXPIRED"));

        assertResendsRefused(campaignId, deliveryIds(campaignId).getFirst(), "window-ended");
    }

    @Test
    void resendsAreRefusedByTheClockAsSoonAsTheWindowEndsEvenBeforeThePublicationCloses() throws Exception {
        String campaignId = failed(expandedCampaign(Instant.now().plus(30, DAYS)));
        // the window has just ended while another instance still holds the publication (a long fan-out): the
        // scheduler has not moved it to CLOSING yet, the clock alone says the campaign is over
        mongo.updateFirst(Query.query(Criteria.where("_id").is(campaignId + ":v1")), new Update()
                .set("state", "EXPANDING").set("leaseOwner", "another-instance")
                .set("leaseUntil", Date.from(Instant.now().plusSeconds(3600)))
                .set("windowEndsAt", Date.from(Instant.now().minusSeconds(1))), "publications");

        assertResendsRefused(campaignId, deliveryIds(campaignId).getFirst(), "window-ended");
    }

    @Test
    void aBodyLargerThanTheServicesCapIsRefusedBeforeAnythingHappens() throws Exception {
        Stored before = stored(shared);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + Endpoint.RESEND_FAILED.path(shared, null)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[65 * 1024 + 1]));
        token("issuing officer", ISSUING, "officer").credentials().accept(request);
        assertRefused(http.send(request.build(), HttpResponse.BodyHandlers.ofString()), 413, "body-too-large");
        assertThat(stored(shared)).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Officers and approvers of the issuing agency get 409 {@code code} on both re-sends; nothing changes. */
    void assertResendsRefused(String campaignId, String deliveryId, String code) throws Exception {
        Stored before = stored(campaignId);
        Who officer = token("issuing officer", ISSUING, "officer");
        Who approver = token("issuing approver", ISSUING, "approver");
        assertRefused(call(officer, Endpoint.RESEND, campaignId, deliveryId), 409, code);
        assertRefused(call(approver, Endpoint.RESEND_FAILED, campaignId, deliveryId), 409, code);
        HttpRequest.Builder withExpired = request(Endpoint.RESEND_FAILED, campaignId, deliveryId, "?includeExpired=true");
        officer.credentials().accept(withExpired);
        assertRefused(http.send(withExpired.build(), HttpResponse.BodyHandlers.ofString()), 409, code);
        assertThat(stored(campaignId)).isEqualTo(before);
        assertOnlyFirstAttemptsWentOut(campaignId, 2);
    }

    static String refusalCode(Who who, int status) {
        return switch (status) {
            case 401 -> who.unauthenticated();
            case 403 -> "forbidden";
            case 404 -> "not-found";
            default -> throw new IllegalArgumentException("not a refusal: " + status);
        };
    }

    static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        Document problem = Document.parse(response.body());
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getString("code")).isEqualTo(code);
    }

    HttpResponse<String> call(Who who, Endpoint endpoint, String campaignId, String deliveryId)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(endpoint, campaignId, deliveryId, "");
        who.credentials().accept(request);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(Endpoint endpoint, String campaignId, String deliveryId, String query) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + endpoint.path(campaignId, deliveryId) + query))
                .method(endpoint.method, HttpRequest.BodyPublishers.noBody());
    }

    static List<Document> list(HttpResponse<String> response) {
        return Document.parse("{\"items\": " + response.body() + "}").getList("items", Document.class);
    }

    /** Everything the service keeps about a campaign, outboxes included: equal before and after = nothing changed. */
    record Stored(List<Document> publications, List<Document> campaigns, List<Document> deliveries) {
    }

    Stored stored(String campaignId) {
        Query byId = Query.query(Criteria.where("_id").regex("^" + campaignId + ":v")).with(Sort.by("_id"));
        return new Stored(mongo.find(byCampaign(campaignId).with(Sort.by("_id")), Document.class, "publications"),
                mongo.find(byId, Document.class, "publication_campaigns"),
                mongo.find(byCampaign(campaignId).with(Sort.by("_id")), Document.class, "deliveries"));
    }

    static Query byCampaign(String campaignId) {
        return Query.query(Criteria.where("campaignId").is(campaignId));
    }

    List<String> deliveryIds(String campaignId) {
        return mongo.find(byCampaign(campaignId).with(Sort.by("_id")), Document.class, "deliveries").stream()
                .map(d -> d.getString("_id")).toList();
    }

    Document publication(String campaignId, int version) {
        return mongo.findById(campaignId + ":v" + version, Document.class, "publications");
    }

    /** Every request of the campaign on Kafka is a first attempt: no re-send went out. */
    static void assertOnlyFirstAttemptsWentOut(String campaignId, int deliveries) {
        List<Document> requests = TestStack.readAll("delivery.requests.facebook",
                        r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("\"" + campaignId + "\""),
                        Duration.ofSeconds(2)).stream().map(IncomingEvent::from)
                .filter(e -> REQUESTED.equals(e.type())).map(e -> Document.parse(e.dataAsString())).toList();
        assertThat(requests).hasSize(deliveries).allSatisfy(r -> assertThat(r.getInteger("attempt")).isEqualTo(1));
    }

    static Document campaign(String campaignId, Instant windowEndsAt) {
        Document campaign = TestStack.campaignScheduled(campaignId, TARGETS, List.of("facebook"), Instant.now(), windowEndsAt);
        campaign.put("issuingAgencyId", ISSUING);
        assertThat(Contracts.get().validate("vn.govcomm.campaign.scheduled.v1", campaign.toJson())).isEmpty();
        return campaign;
    }

    /** A campaign of ISSUING due now, once it went out: one facebook delivery per target, DISPATCHED. */
    String expandedCampaign(Instant windowEndsAt) {
        String campaignId = "cmp-acc-" + UUID.randomUUID().toString().substring(0, 8);
        TestStack.schedule(publications, campaign(campaignId, windowEndsAt), "evt-" + campaignId);
        await().atMost(Duration.ofSeconds(20)).until(() -> publication(campaignId, 1) != null
                && List.of("EXPANDED", "CLOSING", "CLOSED").contains(publication(campaignId, 1).getString("state")));
        assertThat(deliveryIds(campaignId)).hasSize(TARGETS.size());
        return campaignId;
    }

    /** The channel reports every delivery of the campaign FAILED (as the status listener applies it). */
    String failed(String campaignId) {
        for (String deliveryId : deliveryIds(campaignId)) {
            Instant now = Instant.now();
            deliveries.applyStatus(new DeliveryStatusChanged(deliveryId, campaignId, null, "facebook", null,
                    DeliveryStatusChanged.Status.FAILED, 1, "FB_TOKEN_EXPIRED", null, null, null, now.toString()), now);
        }
        return campaignId;
    }
}
