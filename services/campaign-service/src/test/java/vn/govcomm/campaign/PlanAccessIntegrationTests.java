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
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** The README's plans matrix (endpoint × role × agency), every cell, through the service's filters (MockMvc). */
class PlanAccessIntegrationTests extends CampaignServiceTestSupport {

    static final String A = "so-y-te";
    static final String L = "so-tu-phap";
    static final String C = "so-xay-dung";
    static final String B = "so-tai-chinh";
    /** Writes the plans the cells act on: an officer of A who is nobody in the matrix. */
    static final User AUTHOR = new User("tac.gia.ke.hoach", "officer", A);

    enum Who {
        OFFICER_A("officer A", new User("can.bo.kh.a", "officer", A)),
        APPROVER_A("approver A", new User("phe.duyet.kh.a", "approver", A)),
        VIEWER_A("viewer A", new User("xem.kh.a", "viewer", A)),
        OFFICER_L("officer L", new User("can.bo.kh.l", "officer", L)),
        VIEWER_L("viewer L", new User("xem.kh.l", "viewer", L)),
        VIEWER_C("viewer C", new User("xem.kh.c", "viewer", C)),
        OFFICER_B("officer B", new User("can.bo.kh.b", "officer", B)),
        ADMIN_B("admin B", new User("quan.tri.kh.b", "admin", B)),
        PROVINCE_VIEWER("viewer of a province-wide agency", new User("giam.sat.kh", "viewer", "so-noi-vu")),
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
                        TestCallers.foreignBearer(AUDIENCE, "quan.tri.kh.a", A, "admin", "officer"));
                case OTHER_AUDIENCE -> request.header(HttpHeaders.AUTHORIZATION,
                        TestCallers.bearer("reporting-service", "quan.tri.kh.a", A, "admin", "officer"));
                default -> request.header(HttpHeaders.AUTHORIZATION, user.bearer());
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    enum Endpoint {
        LIST("`GET /api/plans`"), READ("`GET /api/plans/{id}`"), CREATE("`PUT /api/plans/{new id}`"),
        REPLACE("`PUT /api/plans/{id}`"), IMPORT_DEMO("`POST /api/plans/import-demo`");

        final String label;

        Endpoint(String label) {
            this.label = label;
        }

        static Endpoint of(String label) {
            return Arrays.stream(values()).filter(e -> e.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("README plans matrix row not tested: " + label));
        }

        @Override
        public String toString() {
            return label.replace("`", "");
        }
    }

    static Stream<Arguments> matrix() throws IOException {
        Who[] who = Who.values();
        List<String> expectedColumns = new ArrayList<>(List.of("endpoint"));
        for (int i = 0; i < 9; i++) {
            expectedColumns.add(who[i].label);
        }
        expectedColumns.add("unauthenticated");
        List<Arguments> cases = new ArrayList<>();
        Set<Endpoint> seen = new LinkedHashSet<>();
        for (List<String> cells : ReadmeMatrix.rows("| endpoint | officer A | approver A | viewer A | officer L", expectedColumns)) {
            Endpoint endpoint = Endpoint.of(cells.getFirst());
            assertThat(seen.add(endpoint)).as("row twice: " + endpoint).isTrue();
            for (int i = 0; i < who.length; i++) {
                cases.add(Arguments.of(endpoint, who[i], cells.get(Math.min(i, 9) + 1)));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Endpoint.values());
        return cases.stream();
    }


    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfThePlansMatrix(Endpoint endpoint, Who who, String expected) throws Exception {
        String id = "kh-ma-tran-" + UUID.randomUUID();
        if (endpoint != Endpoint.CREATE) {
            assertThat(send(AUTHOR.on(put("/api/plans/{id}", id)).contentType(MediaType.APPLICATION_JSON).content(plan("Kế hoạch")))
                    .getStatus()).isEqualTo(201);
        }
        String before = state(id);
        long plansBefore = mongo.getCollection("plans").countDocuments();

        MockHttpServletResponse response = send(who.sign(request(endpoint, id)));

        int status = Integer.parseInt(expected.substring(0, 3));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        if (status >= 400) {
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(state(id)).as("nothing changed").isEqualTo(before);
            assertThat(mongo.getCollection("plans").countDocuments()).as("nothing stored").isEqualTo(plansBefore);
        } else if (endpoint == Endpoint.CREATE || endpoint == Endpoint.REPLACE) {
            assertThat(state(id)).as("the change happened").isNotEqualTo(before);
        }
        if (expected.endsWith("listed")) {
            List<String> ids = parse(response.getContentAsString()).valueStream().map(p -> p.path("id").asString()).toList();
            if (expected.endsWith("not listed")) {
                assertThat(ids).doesNotContain(id);
            } else {
                assertThat(ids).contains(id);
            }
        }
    }

    private MockHttpServletRequestBuilder request(Endpoint endpoint, String id) {
        return switch (endpoint) {
            case LIST -> get("/api/plans");
            case READ -> get("/api/plans/{id}", id);
            case CREATE -> put("/api/plans/{id}", id).contentType(MediaType.APPLICATION_JSON).content(plan("Kế hoạch mới"));
            case REPLACE -> put("/api/plans/{id}", id).contentType(MediaType.APPLICATION_JSON).content(plan("Kế hoạch đã sửa"));
            case IMPORT_DEMO -> post("/api/plans/import-demo");
        };
    }

    /** The stored plan ("" when there is none). */
    private String state(String id) {
        Document doc = mongo.getCollection("plans").find(new Document("_id", id)).first();
        return doc == null ? "" : doc.toJson();
    }

    private MockHttpServletResponse send(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    /** A plan of A whose one task L leads and C co-ordinates. */
    private static String plan(String title) {
        return """
                {"year": 2030, "issuingAgencyId": "%s", "title": "%s",
                 "legalBasis": {"number": "01/KH-SYT", "date": "2030-01-05"},
                 "tasks": [{"number": 1, "title": "Phổ biến pháp luật về khám chữa bệnh",
                            "schedule": {"kind": "MONTH", "months": [3], "words": "Tháng 3/2030"},
                            "leadAgencyId": "%s", "coordinatingAgencyIds": ["%s"]}]}
                """.formatted(A, title, L, C);
    }
}
