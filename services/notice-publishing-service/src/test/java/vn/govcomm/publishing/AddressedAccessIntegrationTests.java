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
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.publications.Publications;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.time.temporal.ChronoUnit.DAYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The addressee view (campaigns addressed to an agency) over real HTTP: the README's matrix cell by cell, and an
 * agency sees only its own deliveries of another agency's campaign.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AddressedAccessIntegrationTests extends PublishingTestContext {

    static final String ISSUING = "it-adr-so-cong-thuong";
    static final String TARGET = "it-adr-xa-vinh-luong";
    static final String OTHER_TARGET = "it-adr-xa-vinh-phuong";
    static final String PROVINCE_WIDE = "so-noi-vu";

    record Who(String name, Consumer<HttpRequest.Builder> credentials, String refusal) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Who token(String name, String agency, String... roles) {
        return new Who(name, r -> r.header("Authorization", TestStack.bearer(name.replace(' ', '.'), agency, roles)), null);
    }

    /** Caller → status of GET /addressed?agency=TARGET and GET /addressed/{campaignId}?agency=TARGET. */
    record Row(Who who, int status) {
    }

    static final List<Row> MATRIX = List.of(
            new Row(token("target officer", TARGET, "officer"), 200),
            new Row(token("target approver", TARGET, "approver"), 200),
            new Row(token("target viewer", TARGET, "viewer"), 200),
            new Row(token("target admin", TARGET, "admin"), 200),
            new Row(token("target user without a platform role", TARGET, "editor"), 404),
            new Row(token("officer of another addressee", OTHER_TARGET, "officer"), 404),
            new Row(token("issuing officer", ISSUING, "officer"), 404),
            new Row(token("issuing approver", ISSUING, "approver"), 404),
            new Row(token("admin of another agency", ISSUING, "admin"), 200),
            new Row(token("province-wide viewer", PROVINCE_WIDE, "viewer"), 200),
            new Row(token("province-wide officer", PROVINCE_WIDE, "officer"), 404),
            new Row(token("province-wide viewer of another province", TestStack.PROVINCE_WIDE_ELSEWHERE, "viewer"), 404),
            new Row(new Who("no token", r -> { }, "unauthenticated"), 401),
            new Row(new Who("forged X-User-* headers, no token", r -> r.header("X-User-Id", "mallory")
                    .header("X-User-Roles", "officer,admin").header("X-User-Agency", TARGET), "unauthenticated"), 401),
            new Row(new Who("token signed by a foreign key", r -> r.header("Authorization",
                    TestCallers.foreignBearer(TestStack.AUDIENCE, "mallory", TARGET, "officer")), "invalid-token"), 401),
            new Row(new Who("token for campaign-service", r -> r.header("Authorization",
                    TestCallers.bearer("campaign-service", "mallory", TARGET, "officer")), "invalid-token"), 401));

    @LocalServerPort int port;
    @Autowired MongoTemplate mongo;
    @Autowired Publications publications;
    @Autowired Deliveries deliveries;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String campaignId;

    @BeforeAll
    void aCampaignAddressedToTwoAgencies() {
        for (String agency : List.of(TARGET, OTHER_TARGET)) {
            if (mongo.findById(agency, Document.class, "agencies") == null) {
                mongo.insert(TestStack.replicaEntry(agency), "agencies");
            }
        }
        if (mongo.findById(TestStack.PROVINCE_WIDE_ELSEWHERE, Document.class, "agencies") == null) {
            mongo.insert(TestStack.replicaEntryIn(TestStack.PROVINCE_WIDE_ELSEWHERE, "ha-noi"), "agencies");
        }
        campaignId = "cmp-adr-" + UUID.randomUUID().toString().substring(0, 8);
        Document campaign = TestStack.campaignScheduled(campaignId, List.of(TARGET, OTHER_TARGET), List.of("facebook", "portal"),
                Instant.now(), Instant.now().plus(30, DAYS));
        campaign.put("issuingAgencyId", ISSUING);
        TestStack.schedule(publications, campaign, "evt-" + campaignId);
        await().atMost(Duration.ofSeconds(20)).until(() -> mongo.count(Query.query(Criteria.where("campaignId").is(campaignId)),
                "deliveries") == 4);
        // The target's Facebook Page failed; its portal delivery is still on its way.
        Document facebook = mongo.findOne(Query.query(Criteria.where("campaignId").is(campaignId).and("agencyId").is(TARGET)
                .and("channel").is("facebook")), Document.class, "deliveries");
        await().atMost(Duration.ofSeconds(20)).until(() -> !"PENDING".equals(mongo.findById(facebook.getString("_id"),
                Document.class, "deliveries").getString("status")));
        Instant now = Instant.now();
        deliveries.applyStatus(new DeliveryStatusChanged(facebook.getString("_id"), campaignId, TARGET, "facebook",
                facebook.getString("endpointId"), DeliveryStatusChanged.Status.FAILED, 1, "FB_TOKEN_EXPIRED",
                "Mã truy cập Trang đã hết hạn. / The Page token expired.", null, null, now.toString()), now);
    }

    static Stream<Arguments> matrix() {
        return MATRIX.stream().flatMap(row -> Stream.of(Arguments.of(row.who(), "list", row.status()),
                Arguments.of(row.who(), "one", row.status())));
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfTheAddresseeMatrixAnswersAsTheReadmeSays(Who who, String endpoint, int expected) throws Exception {
        List<Document> before = stored();
        HttpResponse<String> response = call(who, "list".equals(endpoint)
                ? "/api/publications/addressed?agency=" + TARGET
                : "/api/publications/addressed/" + campaignId + "?agency=" + TARGET);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        assertThat(stored()).isEqualTo(before);
        if (expected != 200) {
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
            assertThat(Document.parse(response.body()).getString("code"))
                    .isEqualTo(expected == 401 ? who.refusal() : "not-found");
            return;
        }
        Document campaign = "list".equals(endpoint)
                ? Document.parse(response.body()).getList("items", Document.class).stream()
                        .filter(c -> campaignId.equals(c.getString("campaignId"))).findFirst().orElseThrow()
                : Document.parse(response.body());
        assertOnlyTheTargetsOwnDeliveries(campaign);
    }

    @Test
    void anAgencysOwnUsersNeedNoAgencyParameterAndSeeTheNoticeRenderedForEachOfTheirChannels() throws Exception {
        Who officer = token("target officer", TARGET, "officer");
        Document list = Document.parse(call(officer, "/api/publications/addressed").body());
        assertThat(list.getString("agencyId")).isEqualTo(TARGET);
        assertThat(list.getList("items", Document.class)).extracting(d -> d.getString("campaignId")).contains(campaignId);

        Document one = Document.parse(call(officer, "/api/publications/addressed/" + campaignId).body());
        assertOnlyTheTargetsOwnDeliveries(one);
        assertThat(one.get("notice", Document.class).getString("title")).isNotBlank();
        assertThat(one.getList("content", Document.class)).extracting(c -> c.getString("channel"))
                .containsExactlyInAnyOrder("facebook", "portal");
        assertThat(one.getList("content", Document.class)).allSatisfy(c ->
                assertThat(c.get("content", Document.class).getString("title")).isNotBlank());
    }

    @Test
    void aCampaignNotAddressedToTheAgencyIsNotFoundLikeOneThatDoesNotExist() throws Exception {
        Who officer = token("target officer", TARGET, "officer");
        HttpResponse<String> unknown = call(officer, "/api/publications/addressed/cmp-adr-unknown");
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> notAddressed = call(token("issuing officer", ISSUING, "officer"),
                "/api/publications/addressed/" + campaignId);
        assertThat(notAddressed.statusCode()).isEqualTo(404);
        assertThat(Document.parse(notAddressed.body()).getString("code")).isEqualTo("not-found");
    }

    private void assertOnlyTheTargetsOwnDeliveries(Document campaign) {
        assertThat(campaign.getString("issuingAgencyId")).isEqualTo(ISSUING);
        List<Document> own = campaign.getList("deliveries", Document.class);
        assertThat(own).hasSize(2);
        assertThat(own).extracting(d -> d.getString("endpointId")).allSatisfy(e -> assertThat(e).startsWith(TARGET));
        assertThat(campaign.getInteger("total")).isEqualTo(2);
        List<Document> attention = campaign.getList("needsAttention", Document.class);
        assertThat(attention).singleElement().satisfies(a -> {
            assertThat(a.getString("channel")).isEqualTo("facebook");
            assertThat(a.getString("reasonCode")).isEqualTo("FB_TOKEN_EXPIRED");
        });
    }

    private List<Document> stored() {
        return mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)).with(Sort.by("_id")), Document.class,
                "deliveries");
    }

    private HttpResponse<String> call(Who who, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        who.credentials().accept(request);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
