package vn.govcomm.led;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.led.screens.ScreenCredentials;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's endpoint × caller matrix, cell by cell, over real HTTP. The screen belongs to {@value #SCREEN_AGENCY}
 * (registered from the directory, province khanh-hoa, the home province); "other" callers belong to another agency
 * ({@value #OTHER_AGENCY}, a province-wide agency by the kit's default, not in the directory replica: the home
 * province); the viewer "elsewhere" is of {@value #ELSEWHERE_AGENCY}, province-wide too, whose snapshot places it in
 * {@value #ELSEWHERE_PROVINCE}. A screen known only from its heartbeats (no agency) exists too. Every refusal is
 * problem details and changes nothing: the screen's credential document is the same before and after, and its
 * secret still works. For the screen list, "200" means the screen is listed and "200-" that it is not.
 */
class AuthorizationMatrixIntegrationTests extends LedAdapterTestSupport {

    static final String SCREEN = newId("scr-matrix");
    static final String OTHER_AGENCY = "so-noi-vu";
    static final String ELSEWHERE_AGENCY = "ubnd-tinh";
    static final String ELSEWHERE_PROVINCE = "gia-lai";
    /** A screen that sent heartbeats but that no directory entry lists: no agency, admins only. */
    static final String UNLISTED_SCREEN = newId("scr-matrix-nobody");
    private static volatile boolean registered;

    /** The matrix's columns, in the README's order. */
    enum Who {
        OFFICER(() -> bearer("le.thi.hoa", SCREEN_AGENCY, "officer")),
        APPROVER(() -> bearer("pham.van.duc", SCREEN_AGENCY, "approver")),
        ADMIN(() -> bearer("admin.so-y-te", SCREEN_AGENCY, "admin")),
        VIEWER(() -> bearer("viewer.so-y-te", SCREEN_AGENCY, "viewer")),
        OTHER_OFFICER(() -> bearer("tran.thi.lan", OTHER_AGENCY, "officer")),
        OTHER_APPROVER(() -> bearer("nguyen.van.minh", OTHER_AGENCY, "approver")),
        OTHER_ADMIN(() -> bearer("hoang.quoc.bao", "so-khoa-hoc-cong-nghe", "admin")),
        OTHER_VIEWER(() -> bearer("vo.thi.mai", OTHER_AGENCY, "viewer")),
        /** A viewer of a province-wide agency of another province (the directory replica says so). */
        VIEWER_ELSEWHERE(() -> bearer("viewer.gia-lai", ELSEWHERE_AGENCY, "viewer")),
        /** A user of the screen's agency without any platform role. */
        NO_ROLE(() -> bearer("khach.so-y-te", SCREEN_AGENCY)),
        NO_TOKEN(Map::of),
        /** What the gateway used to send: without a token it is nobody. */
        FORGED_HEADERS(() -> Map.of("X-User-Id", "hoang.quoc.bao", "X-User-Roles", "admin",
                "X-User-Agency", SCREEN_AGENCY)),
        FOREIGN_KEY(() -> Map.of("Authorization",
                TestCallers.foreignBearer(AUDIENCE, "hoang.quoc.bao", SCREEN_AGENCY, "admin"))),
        OTHER_AUDIENCE(() -> Map.of("Authorization",
                TestCallers.bearer("portal-adapter", "hoang.quoc.bao", SCREEN_AGENCY, "admin")));

        final Supplier<Map<String, String>> headers;

        Who(Supplier<Map<String, String>> headers) {
            this.headers = headers;
        }

        private static Map<String, String> bearer(String user, String agency, String... roles) {
            return Map.of("Authorization", TestCallers.bearer(AUDIENCE, user, agency, roles));
        }
    }

    enum Endpoint {
        LIST_SCREENS("GET", "/api/led/screens", null),
        ISSUE_CREDENTIAL("POST", "/api/led/screens/" + SCREEN + "/credential", null),
        REVOKE_CREDENTIAL("DELETE", "/api/led/screens/" + SCREEN + "/credential", null),
        PREVIEW("POST", "/api/led/screens/" + SCREEN + "/preview", "{\"text\":\"Khảo sát mức độ hài lòng năm 2023.\"}"),
        /** The device protocol: a caller token is no device secret. */
        SIGNAGE_PLAYLIST("GET", "/signage/" + SCREEN + "/playlist", null);

        final String method;
        final String path;
        final String body;

        Endpoint(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }
    }

    /**
     * Rows of the README's table; columns as {@link Who}: own agency (4) | other agency (4) | viewer elsewhere, no
     * role | refused callers (4). "200-": 200 without the screen in the answer (the list only).
     */
    static Stream<Arguments> matrix() {
        return Stream.of(
                row(Endpoint.LIST_SCREENS,      "200 200 200 200 | 200- 200- 200 200 | 200- 403 | 401 401 401 401"),
                row(Endpoint.ISSUE_CREDENTIAL,  "403 403 201 403 | 403 403 201 403 | 403 403 | 401 401 401 401"),
                row(Endpoint.REVOKE_CREDENTIAL, "403 403 204 403 | 403 403 204 403 | 403 403 | 401 401 401 401"),
                row(Endpoint.PREVIEW,           "200 200 200 403 | 404 404 200 403 | 403 403 | 401 401 401 401"),
                row(Endpoint.SIGNAGE_PLAYLIST,  "401 401 401 401 | 401 401 401 401 | 401 401 | 401 401 401 401"))
                .flatMap(List::stream);
    }

    private static List<Arguments> row(Endpoint endpoint, String statuses) {
        String[] cells = statuses.replace("|", " ").trim().split("\\s+");
        assertThat(cells).hasSize(Who.values().length);
        List<Arguments> row = new ArrayList<>();
        for (Who who : Who.values()) {
            String cell = cells[who.ordinal()];
            if (cell.endsWith("-")) {
                assertThat(endpoint).as("'-' only in the list's row").isEqualTo(Endpoint.LIST_SCREENS);
            }
            row.add(Arguments.of(endpoint, who, Integer.parseInt(cell.replace("-", "")), !cell.endsWith("-")));
        }
        return row;
    }

    @Autowired ScreenCredentials credentials;

    @BeforeEach
    void screenOfTheAgency() throws Exception {
        if (!registered) {
            registerScreen(SCREEN);
            placeElsewhere();
            String secret = credentials.issue(UNLISTED_SCREEN);
            assertThat(http("POST", "/signage/" + UNLISTED_SCREEN + "/heartbeat", secret,
                    "{\"playlistVersion\":null,\"currentItem\":null,\"uptime\":5}").statusCode()).isEqualTo(200);
            registered = true;
        }
    }

    @ParameterizedTest(name = "{0} by {1} → {2} (listed: {3})")
    @MethodSource("matrix")
    void eachCallerGetsWhatTheMatrixSays(Endpoint endpoint, Who who, int expected, boolean listed) throws Exception {
        String secret = credentials.issue(SCREEN);
        Document before = credential();

        HttpResponse<String> response = call(endpoint.method, endpoint.path, who.headers.get(), endpoint.body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo(code(endpoint, who, expected));
            assertThat(credential()).as("a refusal changes nothing").isEqualTo(before);
            assertThat(http("GET", "/signage/" + SCREEN + "/playlist", secret, null).statusCode())
                    .as("the screen's secret still works").isEqualTo(200);
            return;
        }
        JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
        switch (endpoint) {
            case LIST_SCREENS -> {
                List<String> ids = body.valueStream().map(s -> s.path("screenId").asString()).toList();
                if (listed) {
                    assertThat(ids).contains(SCREEN);
                } else {
                    assertThat(ids).doesNotContain(SCREEN);
                }
                if (who == Who.ADMIN || who == Who.OTHER_ADMIN) {
                    assertThat(ids).as("admins see every screen").contains(UNLISTED_SCREEN);
                } else {
                    assertThat(ids).as("a screen without an agency is for admins only").doesNotContain(UNLISTED_SCREEN);
                    // only the caller's own agency, or (province-wide viewer) its province's agencies
                    assertThat(body.valueStream().map(s -> s.path("agencyId").asString(null)))
                            .allMatch(a -> a != null && (who == Who.OTHER_VIEWER || a.equals(agencyOf(who))));
                }
                assertThat(body.valueStream().flatMap(s -> s.propertyNames().stream()))
                        .as("never a credential").noneMatch(f -> f.toLowerCase().contains("secret") || f.contains("credential"));
            }
            case ISSUE_CREDENTIAL -> {
                String issued = body.path("secret").asString();
                assertThat(http("GET", "/signage/" + SCREEN + "/playlist", issued, null).statusCode()).isEqualTo(200);
                assertThat(http("GET", "/signage/" + SCREEN + "/playlist", secret, null).statusCode())
                        .as("rotated away").isEqualTo(401);
            }
            case REVOKE_CREDENTIAL -> assertThat(http("GET", "/signage/" + SCREEN + "/playlist", secret, null)
                    .statusCode()).as("revoked").isEqualTo(401);
            case PREVIEW -> assertThat(body.path("screenId").asString()).isEqualTo(SCREEN);
            case SIGNAGE_PLAYLIST -> throw new AssertionError("no caller token opens the device protocol");
        }
    }

    @Test
    void forgedHeadersBesideAValidTokenGrantNothing() throws Exception {
        String secret = credentials.issue(SCREEN);
        Document before = credential();
        Map<String, String> headers = Map.of(
                "Authorization", TestCallers.bearer(AUDIENCE, "le.thi.hoa", SCREEN_AGENCY, "officer"),
                "X-User-Roles", "admin", "X-User-Id", "hoang.quoc.bao");

        HttpResponse<String> response = call("POST", Endpoint.ISSUE_CREDENTIAL.path, headers, null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(credential()).isEqualTo(before);
        assertThat(http("GET", "/signage/" + SCREEN + "/playlist", secret, null).statusCode()).isEqualTo(200);
    }

    private static String code(Endpoint endpoint, Who who, int status) {
        return switch (status) {
            case 401 -> endpoint == Endpoint.SIGNAGE_PLAYLIST ? "device-unauthenticated"
                    : who == Who.NO_TOKEN || who == Who.FORGED_HEADERS ? "unauthenticated" : "invalid-token";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            default -> throw new IllegalArgumentException("not a refusal: " + status);
        };
    }

    private static String agencyOf(Who who) {
        return switch (who) {
            case OFFICER, APPROVER, VIEWER, NO_ROLE -> SCREEN_AGENCY;
            case OTHER_OFFICER, OTHER_APPROVER, OTHER_VIEWER -> OTHER_AGENCY;
            case VIEWER_ELSEWHERE -> ELSEWHERE_AGENCY;
            default -> null;
        };
    }

    /** The directory places {@value #ELSEWHERE_AGENCY} in {@value #ELSEWHERE_PROVINCE} (waits until it is held). */
    private void placeElsewhere() {
        ObjectNode agency = (ObjectNode) JSON.readTree(Contracts.get().example(AGENCY_CHANGED));
        agency.put("agencyId", ELSEWHERE_AGENCY).put("name", "Ủy ban nhân dân tỉnh Gia Lai")
                .put("provinceId", ELSEWHERE_PROVINCE).putArray("endpoints");
        assertThat(Contracts.get().validate(AGENCY_CHANGED, agency.toString())).isEmpty();
        publisher.send(OutgoingEvent.of("directory.agencies", ELSEWHERE_AGENCY, AGENCY_CHANGED,
                "/services/campaign-service", ELSEWHERE_AGENCY, Contracts.get().contract(AGENCY_CHANGED).dataschema(),
                Instant.now(), agency.toString())).join();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Document held = mongo.findById(ELSEWHERE_AGENCY, Document.class, "agencies");
            assertThat(held == null ? null : held.getString("provinceId")).isEqualTo(ELSEWHERE_PROVINCE);
        });
    }

    private Document credential() {
        return mongo.findById(SCREEN, Document.class, "screen_credentials");
    }
}
