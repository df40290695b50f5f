package vn.govcomm.campaign;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.govcomm.identity.testing.TestCallers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, over real HTTP against the running service: the service-kit checks the caller token, the
 * controllers the rules (CampaignAccess, README "Who may do what"). {@link #everyCellOfTheMatrix} reads the README's
 * endpoint × role × agency matrix and checks each cell; the other tests check the finer rules and codes.
 */
class AccessRulesIntegrationTests extends CampaignServiceTestSupport {

    /** The issuing agency of the campaigns (and the uploader of the files) the cells act on. */
    static final String A = "so-y-te";
    /** Another agency, not a province-wide one. */
    static final String B = "so-tai-chinh";
    /** Creates the campaigns and files the cells act on: an officer of A who is nobody in the matrix. */
    static final User AUTHOR = new User("tac.gia.a", "officer", A);
    /** Registers the agencies the PUT cells replace. */
    static final User SETUP_ADMIN = new User("quan.tri.thiet.lap", "admin", "tt-cntt-dvhcctt");
    static final String DRAFT_OF_A = DRAFT.replace("\"issuingAgencyId\": \"so-noi-vu\"", "\"issuingAgencyId\": \"" + A + "\"");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    @LocalServerPort
    int port;

    /** The matrix's columns; the last four are its "unauthenticated" column. */
    enum Who {
        OFFICER_A("officer A", new User("can.bo.a", "officer", A)),
        APPROVER_A("approver A", new User("phe.duyet.a", "approver", A)),
        ADMIN_A("admin A", new User("quan.tri.a", "admin", A)),
        VIEWER_A("viewer A", new User("xem.a", "viewer", A)),
        OFFICER_B("officer B", new User("can.bo.b", "officer", B)),
        APPROVER_B("approver B", new User("phe.duyet.b", "approver", B)),
        ADMIN_B("admin B", new User("quan.tri.b", "admin", B)),
        VIEWER_B("viewer B", new User("xem.b", "viewer", B)),
        PROVINCE_VIEWER("viewer of a province-wide agency", new User("giam.sat.tinh", "viewer", "so-noi-vu")),
        NO_TOKEN("no token", null),
        FORGED_HEADERS("forged identity headers without a token", null),
        FOREIGN_KEY("a token signed by a foreign key", null),
        OTHER_AUDIENCE("a token for reporting-service", null);

        final String label;
        final User user;

        Who(String label, User user) {
            this.label = label;
            this.user = user;
        }

        /** What the caller sends: its token, or the ways of trying without a valid one (all with every role). */
        Map<String, String> headers() {
            return switch (this) {
                case NO_TOKEN -> Map.of();
                case FORGED_HEADERS -> Map.of("X-User-Id", "quan.tri.a", "X-User-Roles", "admin,officer,approver",
                        "X-User-Agency", A);
                case FOREIGN_KEY -> Map.of("Authorization", TestCallers.foreignBearer(AUDIENCE, "quan.tri.a", A,
                        "admin", "officer", "approver"));
                case OTHER_AUDIENCE -> Map.of("Authorization", TestCallers.bearer("reporting-service", "quan.tri.a", A,
                        "admin", "officer", "approver"));
                default -> Map.of("Authorization", user.bearer());
            };
        }

        /** The problem code of a 401. */
        String unauthenticatedCode() {
            return this == FOREIGN_KEY || this == OTHER_AUDIENCE ? "invalid-token" : "unauthenticated";
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** What a cell acts on, made fresh for each cell by {@link #AUTHOR} or {@link #SETUP_ADMIN}. */
    enum Fixture { NONE, DRAFT, SUBMITTED, ATTACHMENT, AGENCY, SUCCESSION }

    record Prepared(String campaignId, String etag, String attachmentId, String agencyId) {
    }

    /** The matrix's rows, by the label of their first column. */
    enum Endpoint {
        CREATE("`POST /api/campaigns`", Fixture.NONE),
        LIST("`GET /api/campaigns`", Fixture.DRAFT),
        READ("`GET /api/campaigns/{id}`", Fixture.DRAFT),
        VERSIONS("`GET /api/campaigns/{id}/versions`", Fixture.DRAFT),
        EDIT("`PUT /api/campaigns/{id}`", Fixture.DRAFT),
        SUBMIT("`POST /api/campaigns/{id}/submit`", Fixture.DRAFT),
        APPROVE("`POST /api/campaigns/{id}/approve`", Fixture.SUBMITTED),
        REJECT("`POST /api/campaigns/{id}/reject`", Fixture.SUBMITTED),
        CANCEL("`POST /api/campaigns/{id}/cancel`", Fixture.DRAFT),
        UPLOAD("`POST /api/campaigns/attachments`", Fixture.NONE),
        DOWNLOAD("`GET /api/campaigns/attachments/{id}`", Fixture.ATTACHMENT),
        AGENCIES("`GET /api/agencies`", Fixture.NONE),
        AGENCY("`GET /api/agencies/{id}`", Fixture.NONE),
        PROVINCES("`GET /api/agencies/provinces`", Fixture.NONE),
        REGISTER_AGENCY("`POST /api/agencies`", Fixture.NONE),
        REPLACE_AGENCY("`PUT /api/agencies/{id}`", Fixture.AGENCY),
        EXPORT_CSV("`GET /api/agencies/export.csv`", Fixture.NONE),
        EXPORT_XLSX("`GET /api/agencies/export.xlsx`", Fixture.NONE),
        IMPORT_AGENCIES("`POST /api/agencies/import`", Fixture.NONE),
        SUCCESSION("`POST /api/agencies/{id}/succession`", Fixture.SUCCESSION),
        CAMPAIGN_AUDIT("`GET /api/audit?campaignId={id}`", Fixture.DRAFT),
        AGENCY_AUDIT("`GET /api/audit?agencyId={id}`", Fixture.NONE);

        final String label;
        final Fixture fixture;

        Endpoint(String label, Fixture fixture) {
            this.label = label;
            this.fixture = fixture;
        }

        static Endpoint of(String label) {
            return Arrays.stream(values()).filter(e -> e.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("README matrix row not tested: " + label));
        }

        @Override
        public String toString() {
            return label.replace("`", "");
        }
    }

    /** Every cell of the README's matrix: endpoint, caller, expected answer ("403", "200 listed", ...). */
    static Stream<Arguments> matrix() throws IOException {
        List<String> expectedColumns = new ArrayList<>(List.of("endpoint"));
        Who[] who = Who.values();
        for (int i = 0; i < 9; i++) {
            expectedColumns.add(who[i].label);
        }
        expectedColumns.add("unauthenticated");
        List<Arguments> cases = new ArrayList<>();
        Map<Endpoint, Boolean> seen = new LinkedHashMap<>();
        for (List<String> cells : ReadmeMatrix.rows("| endpoint | officer A", expectedColumns)) {
            Endpoint endpoint = Endpoint.of(cells.get(0));
            assertThat(seen.put(endpoint, true)).as("row twice: " + endpoint).isNull();
            for (int i = 0; i < 9; i++) {
                cases.add(Arguments.of(endpoint, who[i], cells.get(i + 1)));
            }
            for (int i = 9; i < who.length; i++) {
                cases.add(Arguments.of(endpoint, who[i], cells.get(10)));
            }
        }
        assertThat(seen.keySet()).as("every endpoint has a row in the README matrix").containsExactlyInAnyOrder(Endpoint.values());
        return cases.stream();
    }


    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfTheMatrix(Endpoint endpoint, Who who, String expected) throws Exception {
        Prepared prepared = prepare(endpoint.fixture);
        String before = state(endpoint, prepared);
        long campaignsBefore = count("campaigns");

        HttpResponse<String> response = call(endpoint, prepared, who);

        int status = Integer.parseInt(expected.substring(0, 3));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(state(endpoint, prepared)).as("nothing changed").isEqualTo(before);
            assertThat(count("campaigns")).as("no campaign created").isEqualTo(campaignsBefore);
            if (status == 401) {
                assertThat(parse(response.body()).path("code").asString()).isEqualTo(who.unauthenticatedCode());
            }
        } else if (!before.isEmpty()) {
            assertThat(state(endpoint, prepared)).as("the change happened").isNotEqualTo(before);
        }
        if (expected.endsWith("listed")) {
            List<String> ids = parse(response.body()).valueStream().map(c -> c.path("id").asString()).toList();
            if (expected.endsWith("not listed")) {
                assertThat(ids).doesNotContain(prepared.campaignId());
            } else {
                assertThat(ids).contains(prepared.campaignId());
            }
        }
    }

    @Test
    void refusalsNameWhatIsMissing() throws Exception {
        String id = campaignOfA(true);
        assertCode(send(json("POST", "/api/campaigns", DRAFT_OF_A), Who.OFFICER_B.user), 403, "not-your-agency");
        assertCode(send(json("POST", "/api/campaigns", DRAFT_OF_A), Who.VIEWER_A.user), 403, "officer-role-required");
        assertCode(send(json("POST", "/api/campaigns/" + id + "/approve", "{}"), Who.OFFICER_A.user), 403,
                "approver-role-required");
        assertCode(send(json("POST", "/api/campaigns/" + id + "/approve", "{}"), AUTHOR), 403, "approver-role-required");
        assertCode(send(json("POST", "/api/campaigns/" + id + "/cancel", "{}"), Who.PROVINCE_VIEWER.user), 403,
                "not-your-agency");
        assertCode(send(get("/api/campaigns/" + id), Who.OFFICER_B.user), 404, "campaign-not-found");
        assertCode(send(json("POST", "/api/agencies", agency("x-ma-tran-tu-choi", "Đơn vị")), Who.OFFICER_A.user), 403,
                "admin-role-required");
        assertCode(send(get("/api/audit?agencyId=" + A), Who.APPROVER_A.user), 403, "admin-role-required");
    }

    @Test
    void aUserWithoutAnAgencyReadsNoCampaignAndChangesNothing() throws Exception {
        String id = campaignOfA(false);
        User noAgency = new User("ai.do", "officer,approver,viewer", null);
        long campaigns = count("campaigns");
        long attachments = count("attachments");
        assertCode(send(get("/api/campaigns/" + id), noAgency), 404, "campaign-not-found");
        assertThat(parse(send(get("/api/campaigns"), noAgency).body())).isEmpty();
        assertCode(send(json("POST", "/api/campaigns", DRAFT_OF_A), noAgency), 403, "not-your-agency");
        assertCode(send(upload(), noAgency), 403, "uploader-role-required");
        assertThat(count("campaigns")).isEqualTo(campaigns);
        assertThat(count("attachments")).isEqualTo(attachments);
    }

    @Test
    void identityHeadersNextToAValidTokenChangeNothing() throws Exception {
        String id = campaignOfA(false);
        long agencies = count("agencies");
        HttpRequest.Builder register = json("POST", "/api/agencies", agency("x-ma-tran-gia-mao", "Đơn vị giả mạo"))
                .header("X-User-Id", "quan.tri.a").header("X-User-Roles", "admin").header("X-User-Agency", A);
        assertCode(send(register, Who.VIEWER_B.user), 403, "admin-role-required");
        HttpRequest.Builder read = get("/api/campaigns/" + id).header("X-User-Agency", A).header("X-User-Roles", "admin");
        assertCode(send(read, Who.VIEWER_B.user), 404, "campaign-not-found");
        assertThat(count("agencies")).isEqualTo(agencies);
    }

    // ---- the cells' plumbing -------------------------------------------------------------------------------

    private Prepared prepare(Fixture fixture) throws Exception {
        return switch (fixture) {
            case NONE -> new Prepared(null, null, null, null);
            case DRAFT, SUBMITTED -> {
                HttpResponse<String> created = send(json("POST", "/api/campaigns", DRAFT_OF_A), AUTHOR);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                String id = parse(created.body()).path("id").asString();
                String etag = created.headers().firstValue("ETag").orElseThrow();
                if (fixture == Fixture.SUBMITTED) {
                    HttpResponse<String> submitted = send(json("POST", "/api/campaigns/" + id + "/submit", "{}"), AUTHOR);
                    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
                    etag = submitted.headers().firstValue("ETag").orElseThrow();
                }
                yield new Prepared(id, etag, null, null);
            }
            case ATTACHMENT -> {
                HttpResponse<String> uploaded = send(upload(), AUTHOR);
                assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
                yield new Prepared(null, null, parse(uploaded.body()).path("id").asString(), null);
            }
            case AGENCY -> {
                String agencyId = "x-ma-tran-" + SEQUENCE.incrementAndGet();
                HttpResponse<String> registered = send(json("POST", "/api/agencies", agency(agencyId, "Đơn vị thử")),
                        SETUP_ADMIN);
                assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
                yield new Prepared(null, null, null, agencyId);
            }
            case SUCCESSION -> {
                // the predecessor and its successor (active: a successor must be; no endpoints or groups, so no
                // campaign target or group changes because of it)
                String agencyId = "x-ma-tran-" + SEQUENCE.incrementAndGet();
                for (String body : List.of(agency(agencyId, "Đơn vị bị sáp nhập"),
                        agency(agencyId + "-moi", "Đơn vị kế thừa").replace("\"active\": false", "\"active\": true"))) {
                    HttpResponse<String> registered = send(json("POST", "/api/agencies", body), SETUP_ADMIN);
                    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
                }
                yield new Prepared(null, null, null, agencyId);
            }
        };
    }

    private HttpResponse<String> call(Endpoint endpoint, Prepared p, Who who) throws Exception {
        String campaign = "/api/campaigns/" + p.campaignId();
        HttpRequest.Builder request = switch (endpoint) {
            case CREATE -> json("POST", "/api/campaigns", DRAFT_OF_A);
            case LIST -> get("/api/campaigns");
            case READ -> get(campaign);
            case VERSIONS -> get(campaign + "/versions");
            case EDIT -> json("PUT", campaign, DRAFT_OF_A.replace("SNV-CCHC-2023-09", "SYT-SUA-" + SEQUENCE.incrementAndGet()))
                    .header("If-Match", p.etag());
            case SUBMIT -> json("POST", campaign + "/submit", "{}");
            case APPROVE -> json("POST", campaign + "/approve", "{\"comment\": \"Đồng ý phát hành\"}");
            case REJECT -> json("POST", campaign + "/reject", "{\"reasons\": [\"Thiếu số hiệu văn bản\"]}");
            case CANCEL -> json("POST", campaign + "/cancel", "{\"reason\": \"Văn bản bị thu hồi\"}");
            case UPLOAD -> upload();
            case DOWNLOAD -> get("/api/campaigns/attachments/" + p.attachmentId());
            case AGENCIES -> get("/api/agencies");
            case AGENCY -> get("/api/agencies/" + A);
            case PROVINCES -> get("/api/agencies/provinces");
            case REGISTER_AGENCY -> json("POST", "/api/agencies", agency("x-ma-tran-" + SEQUENCE.incrementAndGet(), "Đơn vị mới"));
            case REPLACE_AGENCY -> json("PUT", "/api/agencies/" + p.agencyId(), agency(p.agencyId(), "Đơn vị đã đổi tên"));
            case EXPORT_CSV -> get("/api/agencies/export.csv");
            case EXPORT_XLSX -> get("/api/agencies/export.xlsx");
            case IMPORT_AGENCIES -> importFile("x-ma-tran-" + SEQUENCE.incrementAndGet());
            case SUCCESSION -> json("POST", "/api/agencies/" + p.agencyId() + "/succession",
                    "{\"successorId\": \"" + p.agencyId() + "-moi\", \"kind\": \"MERGED\"}");
            case CAMPAIGN_AUDIT -> get("/api/audit?campaignId=" + p.campaignId());
            case AGENCY_AUDIT -> get("/api/audit?agencyId=" + A);
        };
        who.headers().forEach(request::header);
        return HTTP.send(request.build(), BodyHandlers.ofString());
    }

    /** What a refused call must leave as it was: the count or document the endpoint would change ("" for reads). */
    private String state(Endpoint endpoint, Prepared p) {
        return switch (endpoint) {
            case CREATE -> "campaigns: " + count("campaigns");
            case UPLOAD -> "attachments: " + count("attachments");
            case REGISTER_AGENCY, IMPORT_AGENCIES -> "agencies: " + count("agencies");
            case REPLACE_AGENCY, SUCCESSION -> document("agencies", p.agencyId());
            case EDIT, SUBMIT, APPROVE, REJECT, CANCEL -> document("campaigns", p.campaignId());
            default -> "";
        };
    }

    /** The stored document without its outbox (which the relay drains in the background). */
    private String document(String collection, String id) {
        Document doc = mongo.getCollection(collection).find(new Document("_id", id)).first();
        assertThat(doc).as(collection + " " + id).isNotNull();
        doc.remove("outbox");
        return doc.toJson();
    }

    private long count(String collection) {
        return mongo.getCollection(collection).countDocuments();
    }

    private String campaignOfA(boolean submitted) throws Exception {
        return prepare(submitted ? Fixture.SUBMITTED : Fixture.DRAFT).campaignId();
    }

    private static void assertCode(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    private HttpResponse<String> send(HttpRequest.Builder request, User user) throws Exception {
        return HTTP.send(request.header("Authorization", user.bearer()).build(), BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    }

    private HttpRequest.Builder json(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder upload() {
        String boundary = "matrix-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cong-van.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(AttachmentsIntegrationTests.PDF);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/campaigns/attachments"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.ofByteArray(body.toByteArray()));
    }

    /** A directory file (CSV) that adds one inactive agency without endpoints. */
    private HttpRequest.Builder importFile(String agencyId) {
        String boundary = "matrix-" + UUID.randomUUID();
        byte[] csv = DirectorySheets.csv(DirectorySheets.HEADER, DirectorySheets.rows(List.of(new DirectorySheets.Agency(
                DirectorySheets.agency(agencyId, "Đơn vị nhập từ tệp", "", "OTHER", "", "", "", "không"), List.of()))));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"danh-ba.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(csv);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/agencies/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.ofByteArray(body.toByteArray()));
    }

    /** An inactive agency without endpoints (so no campaign target or group changes because of it). */
    private static String agency(String id, String name) {
        return "{\"agencyId\": \"" + id + "\", \"name\": \"" + name + "\", \"type\": \"OTHER\", \"active\": false,"
                + " \"endpoints\": []}";
    }
}
