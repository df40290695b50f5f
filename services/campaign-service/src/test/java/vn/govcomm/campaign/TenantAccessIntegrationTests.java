package vn.govcomm.campaign;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * The README's tenant matrix (provinces as tenants), every cell, through the service's filters (MockMvc): who creates
 * campaigns with targets in their own province, another province, a whole province or a group spanning provinces;
 * who approves after a targeted agency moved to another province; who reads and lists campaigns of a Khánh Hòa (home
 * province) agency, a Hà Nội agency and a national agency. Each cell works on its own campaign and moved agency.
 */
class TenantAccessIntegrationTests extends CampaignServiceTestSupport {

    /** The issuers: a department of the home province, one of Hà Nội, a ministry (national). */
    static final String K = "so-y-te";
    static final String H = "tn-hn-so-y-te";
    static final String N = "tn-bo-y-te";
    /** Targets: a Khánh Hòa agency (seeded), a Hà Nội ward; both in the group tn-nhom with a Khánh Hòa commune. */
    static final String K_TARGET = "ubnd-nha-trang";
    static final String H_TARGET = "tn-hn-phuong-ba-dinh";
    static final String K_MEMBER = "tn-kh-xa-cam-lam";
    static final String GROUP = "tn-nhom-tuyen-truyen";

    enum Who {
        OFFICER_K("officer K", new User("tn.can.bo.k", "officer", K)),
        APPROVER_K("approver K", new User("tn.phe.duyet.k", "approver", K)),
        OFFICER_H("officer H", new User("tn.can.bo.h", "officer", H)),
        APPROVER_H("approver H", new User("tn.phe.duyet.h", "approver", H)),
        OFFICER_N("officer N", new User("tn.can.bo.n", "officer", N)),
        APPROVER_N("approver N", new User("tn.phe.duyet.n", "approver", N)),
        PROVINCE_VIEWER("viewer of a province-wide agency of K", new User("tn.giam.sat", "viewer", "so-noi-vu")),
        ADMIN("admin", new User("tn.quan.tri", "admin", "tt-cntt-dvhcctt"));

        final String label;
        final User user;

        Who(String label, User user) {
            this.label = label;
            this.user = user;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The issuing agency of the campaign a row acts on, and its author (an officer who is nobody in the matrix). */
    enum Issuer {
        K_ISSUER(K, "khanh-hoa"), H_ISSUER(H, "ha-noi"), N_ISSUER(N, null);

        final String agencyId;
        final String province;
        final User author;

        Issuer(String agencyId, String province) {
            this.agencyId = agencyId;
            this.province = province;
            this.author = new User("tn.tac.gia." + name().charAt(0), "officer", agencyId);
        }
    }

    enum Row {
        CREATE_K("`POST /api/campaigns` targeting an agency of K's province"),
        CREATE_H("`POST /api/campaigns` targeting an agency of Hà Nội"),
        CREATE_PROVINCE("`POST /api/campaigns` targeting the whole province of Hà Nội"),
        CREATE_GROUP("`POST /api/campaigns` targeting a group with members in both provinces"),
        APPROVE_K("`POST /api/campaigns/{id}/approve` (K's campaign, a target moved to Hà Nội)"),
        APPROVE_H("`POST /api/campaigns/{id}/approve` (H's campaign, a target moved to Khánh Hòa)"),
        APPROVE_N("`POST /api/campaigns/{id}/approve` (N's campaign, a target moved to Hà Nội)"),
        READ_K("`GET /api/campaigns/{id}` (K's campaign)"),
        READ_H("`GET /api/campaigns/{id}` (H's campaign)"),
        READ_N("`GET /api/campaigns/{id}` (N's campaign)"),
        LIST_K("`GET /api/campaigns` (K's campaign)"),
        LIST_H("`GET /api/campaigns` (H's campaign)"),
        LIST_N("`GET /api/campaigns` (N's campaign)");

        final String label;

        Row(String label) {
            this.label = label;
        }

        Issuer issuer() {
            return switch (this) {
                case APPROVE_K, READ_K, LIST_K -> Issuer.K_ISSUER;
                case APPROVE_H, READ_H, LIST_H -> Issuer.H_ISSUER;
                case APPROVE_N, READ_N, LIST_N -> Issuer.N_ISSUER;
                default -> null;
            };
        }

        static Row of(String label) {
            return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("README tenant matrix row not tested: " + label));
        }

        @Override
        public String toString() {
            return label.replace("`", "");
        }
    }

    @BeforeEach
    void directoryOfThreeTenants() throws Exception {
        ensure("""
                {"agencyId": "%s", "name": "Sở Y tế thành phố Hà Nội", "shortName": "SYT Hà Nội", "type": "DEPARTMENT",
                 "provinceId": "ha-noi", "endpoints": [{"endpointId": "%s.portal", "channel": "portal",
                 "externalId": "portal-%s"}]}""".formatted(H, H, H));
        ensure("""
                {"agencyId": "%s", "name": "Bộ Y tế", "shortName": "BYT", "type": "OTHER", "national": true,
                 "endpoints": [{"endpointId": "%s.portal", "channel": "portal", "externalId": "portal-%s"}]}"""
                .formatted(N, N, N));
        ensure("""
                {"agencyId": "%s", "name": "Ủy ban nhân dân phường Ba Đình", "type": "COMMUNE_PEOPLES_COMMITTEE",
                 "provinceId": "ha-noi", "groups": ["%s"], "endpoints": [{"endpointId": "%s.portal", "channel": "portal",
                 "externalId": "portal-%s"}]}""".formatted(H_TARGET, GROUP, H_TARGET, H_TARGET));
        ensure("""
                {"agencyId": "%s", "name": "Ủy ban nhân dân xã Cam Lâm", "type": "COMMUNE_PEOPLES_COMMITTEE",
                 "groups": ["%s"], "endpoints": [{"endpointId": "%s.portal", "channel": "portal",
                 "externalId": "portal-%s"}]}""".formatted(K_MEMBER, GROUP, K_MEMBER, K_MEMBER));
    }

    /** Adds the agency unless an earlier test did (one context and store for every test class). */
    private void ensure(String agency) throws Exception {
        int status = mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(agency))
                .andReturn().getResponse().getStatus();
        assertThat(status).isIn(201, 409);
    }

    static Stream<Arguments> matrix() throws IOException {
        List<String> expectedColumns = new ArrayList<>(List.of("tenant matrix"));
        Arrays.stream(Who.values()).forEach(w -> expectedColumns.add(w.label));
        List<Arguments> cases = new ArrayList<>();
        Set<Row> seen = new LinkedHashSet<>();
        for (List<String> cells : ReadmeMatrix.rows("| tenant matrix | officer K", expectedColumns)) {
            Row r = Row.of(cells.getFirst());
            assertThat(seen.add(r)).as("row twice: " + r).isTrue();
            for (int i = 0; i < Who.values().length; i++) {
                cases.add(Arguments.of(r, Who.values()[i], cells.get(i + 1)));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Row.values());
        return cases.stream();
    }


    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfTheTenantMatrix(Row row, Who who, String expected) throws Exception {
        Issuer issuer = row.issuer();
        String campaignId = null;
        String moved = null;
        if (issuer != null) {
            String target = issuer == Issuer.H_ISSUER ? H_TARGET : K_TARGET;
            if (row.name().startsWith("APPROVE")) {
                // an agency of the issuer's province (Khánh Hòa for the ministry), targeted, then moved to another
                moved = "tn-di-chuyen-" + UUID.randomUUID();
                register(moved, issuer == Issuer.H_ISSUER ? "ha-noi" : "khanh-hoa");
                target = moved;
            }
            campaignId = create(issuer.author, campaign(issuer.agencyId, "{\"agencyId\": \"" + target
                    + "\", \"channels\": [\"portal\"]}"));
            if (moved != null) {
                mvc.perform(issuer.author.on(post("/api/campaigns/{id}/submit", campaignId)));
                assertThat(mvc.perform(ADMIN.on(put("/api/agencies/{id}", moved)).contentType(MediaType.APPLICATION_JSON)
                        .content(agency(moved, issuer == Issuer.H_ISSUER ? "khanh-hoa" : "ha-noi")))
                        .andReturn().getResponse().getStatus()).isEqualTo(200);
            }
        }
        String before = campaignId == null ? "" : state(campaignId);
        long campaignsBefore = mongo.getCollection("campaigns").countDocuments();

        MockHttpServletResponse response = mvc.perform(request(row, who, campaignId)).andReturn().getResponse();

        int status = Integer.parseInt(expected.substring(0, 3));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        JsonNode body = parse(response.getContentAsString());
        if (status >= 400) {
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(mongo.getCollection("campaigns").countDocuments()).as("nothing stored").isEqualTo(campaignsBefore);
            if (campaignId != null) {
                assertThat(state(campaignId)).as("nothing changed").isEqualTo(before);
            }
        }
        if (expected.contains("target-outside-province")) {
            assertThat(body.path("code").asString()).isEqualTo("target-outside-province");
            String outside = switch (row) {
                case CREATE_K -> K_TARGET;
                case CREATE_H -> H_TARGET;
                case CREATE_PROVINCE -> "ha-noi";
                default -> moved;
            };
            assertThat(body.path("detail").asString()).contains(outside);
            assertThat(body.path("errors").valueStream().map(e -> e.path("code").asString()))
                    .contains("target-outside-province");
        }
        if (expected.startsWith("201 within ")) {
            String province = expected.substring("201 within ".length());
            assertThat(body.path("targets").get(0).path("province").asString()).isEqualTo(province);
        } else if (expected.equals("201 nationwide")) {
            assertThat(body.path("targets").get(0).has("province")).as("a national group is not narrowed").isFalse();
        }
        if (expected.equals("200 approved")) {
            assertThat(body.path("status").asString()).isEqualTo("SCHEDULED");
        }
        if (expected.endsWith("listed")) {
            List<String> ids = body.valueStream().map(c -> c.path("id").asString()).toList();
            if (expected.endsWith("not listed")) {
                assertThat(ids).doesNotContain(campaignId);
            } else {
                assertThat(ids).contains(campaignId);
            }
        }
    }

    private MockHttpServletRequestBuilder request(Row row, Who who, String campaignId) {
        String own = who.user.agency();
        return who.user.on(switch (row) {
            case CREATE_K -> create(own, "{\"agencyId\": \"" + K_TARGET + "\", \"channels\": [\"portal\"]}");
            case CREATE_H -> create(own, "{\"agencyId\": \"" + H_TARGET + "\", \"channels\": [\"portal\"]}");
            case CREATE_PROVINCE -> create(own, "{\"province\": \"ha-noi\", \"channels\": [\"portal\"]}");
            case CREATE_GROUP -> create(own, "{\"group\": \"" + GROUP + "\", \"channels\": [\"portal\"]}");
            case APPROVE_K, APPROVE_H, APPROVE_N -> post("/api/campaigns/{id}/approve", campaignId)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"comment\": \"Đồng ý\"}");
            case READ_K, READ_H, READ_N -> get("/api/campaigns/{id}", campaignId);
            case LIST_K, LIST_H, LIST_N -> get("/api/campaigns");
        });
    }

    private static MockHttpServletRequestBuilder create(String issuer, String target) {
        return post("/api/campaigns").contentType(MediaType.APPLICATION_JSON).content(campaign(issuer, target));
    }

    static String campaign(String issuer, String target) {
        return """
                {"code": "TN-%s", "issuingAgencyId": "%s",
                 "notice": {"title": "Tuyên truyền phòng chống sốt xuất huyết", "bodyHtml": "<p>Diệt lăng quăng.</p>"},
                 "targets": [%s], "window": {"startDate": "2030-06-01", "endDate": "2030-06-30"}}
                """.formatted(UUID.randomUUID().toString().substring(0, 8), issuer, target);
    }

    private void register(String id, String province) throws Exception {
        assertThat(mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON)
                .content(agency(id, province))).andReturn().getResponse().getStatus()).isEqualTo(201);
    }

    static String agency(String id, String province) {
        return """
                {"agencyId": "%s", "name": "Trung tâm Y tế %s", "type": "PUBLIC_SERVICE_UNIT", "provinceId": "%s",
                 "endpoints": [{"endpointId": "%s.portal", "channel": "portal", "externalId": "portal-%s"}]}
                """.formatted(id, id, province, id, id);
    }

    /** The stored campaign without its outbox, which the relay empties meanwhile ("" when there is none). */
    private String state(String id) {
        Document doc = mongo.getCollection("campaigns").find(new Document("_id", id)).first();
        if (doc == null) {
            return "";
        }
        doc.remove("outbox");
        return doc.toJson();
    }
}
