package vn.govcomm.campaign;

import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.govcomm.identity.testing.TestCallers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** The README's templates matrix (endpoint × role × agency), every cell, through the service's filters (MockMvc). */
class TemplateAccessIntegrationTests extends CampaignServiceTestSupport {

    static final String A = "so-y-te";
    static final String B = "so-tai-chinh";
    /** Writes the templates and campaigns the cells act on: an officer of A who is nobody in the matrix. */
    static final User AUTHOR = new User("tac.gia.mau", "officer", A);

    enum Who {
        OFFICER_A("officer A", new User("can.bo.mau.a", "officer", A)),
        APPROVER_A("approver A", new User("phe.duyet.mau.a", "approver", A)),
        VIEWER_A("viewer A", new User("xem.mau.a", "viewer", A)),
        ADMIN_A("admin A", new User("quan.tri.mau.a", "admin", A)),
        OFFICER_B("officer B", new User("can.bo.mau.b", "officer", B)),
        VIEWER_B("viewer B", new User("xem.mau.b", "viewer", B)),
        ADMIN_B("admin B", new User("quan.tri.mau.b", "admin", B)),
        PROVINCE_VIEWER("viewer of a province-wide agency", new User("giam.sat.mau", "viewer", "so-noi-vu")),
        NO_TOKEN("no token", null),
        FOREIGN_KEY("a token signed by a foreign key", null),
        OTHER_AUDIENCE("a token for reporting-service", null);

        final String label;
        final User user;

        Who(String label, User user) {
            this.label = label;
            this.user = user;
        }

        MockHttpServletRequestBuilder sign(MockHttpServletRequestBuilder request) {
            return switch (this) {
                case NO_TOKEN -> request;
                case FOREIGN_KEY -> request.header(HttpHeaders.AUTHORIZATION,
                        TestCallers.foreignBearer(AUDIENCE, "quan.tri.mau.a", A, "admin", "officer"));
                case OTHER_AUDIENCE -> request.header(HttpHeaders.AUTHORIZATION,
                        TestCallers.bearer("reporting-service", "quan.tri.mau.a", A, "admin", "officer"));
                default -> request.header(HttpHeaders.AUTHORIZATION, user.bearer());
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    enum Endpoint {
        CREATE("`POST /api/templates`"), LIST("`GET /api/templates`"), READ("`GET /api/templates/{id}`"),
        READ_SHARED("`GET /api/templates/{shared id}`"), REPLACE("`PUT /api/templates/{id}`"),
        REPLACE_SHARED("`PUT /api/templates/{shared id}`"), DELETE("`DELETE /api/templates/{id}`"),
        SHARE("`PUT /api/templates/{id}/shared`"), USE("`POST /api/templates/{id}/campaigns`"),
        USE_SHARED("`POST /api/templates/{shared id}/campaigns`"), SAVE_CAMPAIGN("`POST /api/campaigns/{id}/template`"),
        COPY("`POST /api/campaigns/{id}/copy`");

        final String label;

        Endpoint(String label) {
            this.label = label;
        }

        static Endpoint of(String label) {
            return Arrays.stream(values()).filter(e -> e.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("README templates matrix row not tested: " + label));
        }

        boolean shared() {
            return this == READ_SHARED || this == REPLACE_SHARED || this == USE_SHARED;
        }

        @Override
        public String toString() {
            return label.replace("`", "");
        }
    }

    static Stream<Arguments> matrix() throws IOException {
        Who[] who = Who.values();
        List<String> expectedColumns = new ArrayList<>(List.of("endpoint"));
        for (int i = 0; i < 8; i++) {
            expectedColumns.add(who[i].label);
        }
        expectedColumns.add("unauthenticated");
        List<Arguments> cases = new ArrayList<>();
        Set<Endpoint> seen = new LinkedHashSet<>();
        for (List<String> cells : ReadmeMatrix.rows("| endpoint | officer A | approver A | viewer A | admin A | officer B", expectedColumns)) {
            Endpoint endpoint = Endpoint.of(cells.getFirst());
            assertThat(seen.add(endpoint)).as("row twice: " + endpoint).isTrue();
            for (int i = 0; i < who.length; i++) {
                cases.add(Arguments.of(endpoint, who[i], cells.get(Math.min(i, 8) + 1)));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Endpoint.values());
        return cases.stream();
    }


    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfTheTemplatesMatrix(Endpoint endpoint, Who who, String expected) throws Exception {
        MockHttpServletResponse made = send(AUTHOR.on(post("/api/templates")).contentType(MediaType.APPLICATION_JSON)
                .content(template("Mẫu của A")));
        assertThat(made.getStatus()).as(made.getContentAsString()).isEqualTo(201);
        String templateId = parse(made.getContentAsString()).path("id").asString();
        if (endpoint.shared()) {
            assertThat(send(ADMIN.on(put("/api/templates/{id}/shared", templateId)).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"shared\": true}")).getStatus()).isEqualTo(200);
        }
        String campaignId = create(AUTHOR, CAMPAIGN_OF_A);
        String before = state(templateId);
        long templatesBefore = mongo.getCollection("templates").countDocuments();
        long campaignsBefore = mongo.getCollection("campaigns").countDocuments();

        MockHttpServletResponse response = send(who.sign(request(endpoint, templateId, campaignId)));

        int status = Integer.parseInt(expected.substring(0, 3));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        if (status >= 400) {
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(state(templateId)).as("nothing changed").isEqualTo(before);
            assertThat(mongo.getCollection("templates").countDocuments()).as("no template stored").isEqualTo(templatesBefore);
            assertThat(mongo.getCollection("campaigns").countDocuments()).as("no campaign stored").isEqualTo(campaignsBefore);
        } else if (endpoint == Endpoint.CREATE || endpoint == Endpoint.SAVE_CAMPAIGN) {
            assertThat(mongo.getCollection("templates").countDocuments()).isEqualTo(templatesBefore + 1);
            assertThat(parse(response.getContentAsString()).path("agencyId").asString()).isEqualTo(who.user.agency());
        } else if (endpoint == Endpoint.USE || endpoint == Endpoint.USE_SHARED || endpoint == Endpoint.COPY) {
            assertThat(mongo.getCollection("campaigns").countDocuments()).isEqualTo(campaignsBefore + 1);
            assertThat(parse(response.getContentAsString()).path("issuingAgencyId").asString()).isEqualTo(who.user.agency());
        } else if (endpoint != Endpoint.LIST && !endpoint.name().startsWith("READ")) {
            assertThat(state(templateId)).as("the change happened").isNotEqualTo(before);
        }
        if (expected.endsWith("listed")) {
            List<String> ids = parse(response.getContentAsString()).valueStream().map(p -> p.path("id").asString()).toList();
            if (expected.endsWith("not listed")) {
                assertThat(ids).doesNotContain(templateId);
            } else {
                assertThat(ids).contains(templateId);
            }
        }
    }

    private MockHttpServletRequestBuilder request(Endpoint endpoint, String templateId, String campaignId) {
        return switch (endpoint) {
            case CREATE -> post("/api/templates").contentType(MediaType.APPLICATION_JSON).content(template("Mẫu mới"));
            case LIST -> get("/api/templates");
            case READ, READ_SHARED -> get("/api/templates/{id}", templateId);
            case REPLACE, REPLACE_SHARED -> put("/api/templates/{id}", templateId).contentType(MediaType.APPLICATION_JSON)
                    .content(template("Mẫu đã sửa"));
            case DELETE -> delete("/api/templates/{id}", templateId);
            case SHARE -> put("/api/templates/{id}/shared", templateId).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"shared\": true}");
            case USE, USE_SHARED -> post("/api/templates/{id}/campaigns", templateId).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"startDate\": \"2031-04-01\"}");
            case SAVE_CAMPAIGN -> post("/api/campaigns/{id}/template", campaignId).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"name\": \"Mẫu từ chiến dịch\"}");
            case COPY -> post("/api/campaigns/{id}/copy", campaignId).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"years\": 1}");
        };
    }

    /** The stored template ("" when there is none). */
    private String state(String id) {
        Document doc = mongo.getCollection("templates").find(new Document("_id", id)).first();
        return doc == null ? "" : doc.toJson();
    }

    private MockHttpServletResponse send(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private static String template(String name) {
        return """
                {"name": "%s", "code": "SYT-TT",
                 "notice": {"title": "Tuyên truyền phòng chống dịch năm {year}", "bodyHtml": "<p>Nội dung</p>"},
                 "targets": [{"agencyId": "ubnd-nha-trang", "channels": ["portal"]}],
                 "schedule": {"windowDays": 14}}
                """.formatted(name);
    }

    static final String CAMPAIGN_OF_A = """
            {"code": "SYT-TT-2030", "issuingAgencyId": "so-y-te",
             "notice": {"title": "Tuyên truyền phòng chống dịch năm 2030", "bodyHtml": "<p>Nội dung</p>"},
             "targets": [{"agencyId": "ubnd-nha-trang", "channels": ["portal"]}],
             "window": {"startDate": "2030-04-01", "endDate": "2030-04-30"}}
            """;
}
