package vn.govcomm.led;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.led.screens.ScreenCredentials;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's endpoint × caller matrix, cell by cell, over real HTTP. The screen belongs to {@value #SCREEN_AGENCY}
 * (registered from the directory); "other" callers belong to another agency. Every refusal is problem details and
 * changes nothing: the screen's credential document is the same before and after, and its secret still works.
 */
class AuthorizationMatrixIntegrationTests extends LedAdapterTestSupport {

    static final String SCREEN = newId("scr-matrix");
    static final String OTHER_AGENCY = "so-noi-vu";
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

        private static Map<String, String> bearer(String user, String agency, String role) {
            return Map.of("Authorization", TestCallers.bearer(AUDIENCE, user, agency, role));
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

    /** Rows of the README's table; columns as {@link Who}: own agency (4) | other agency (4) | refused callers (4). */
    static Stream<Arguments> matrix() {
        return Stream.of(
                row(Endpoint.LIST_SCREENS,      "403 403 200 403 | 403 403 200 403 | 401 401 401 401"),
                row(Endpoint.ISSUE_CREDENTIAL,  "403 403 201 403 | 403 403 201 403 | 401 401 401 401"),
                row(Endpoint.REVOKE_CREDENTIAL, "403 403 204 403 | 403 403 204 403 | 401 401 401 401"),
                row(Endpoint.PREVIEW,           "200 200 200 403 | 404 404 200 403 | 401 401 401 401"),
                row(Endpoint.SIGNAGE_PLAYLIST,  "401 401 401 401 | 401 401 401 401 | 401 401 401 401"))
                .flatMap(List::stream);
    }

    private static List<Arguments> row(Endpoint endpoint, String statuses) {
        int[] cells = Arrays.stream(statuses.replace("|", " ").trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        assertThat(cells).hasSize(Who.values().length);
        List<Arguments> row = new ArrayList<>();
        for (Who who : Who.values()) {
            row.add(Arguments.of(endpoint, who, cells[who.ordinal()]));
        }
        return row;
    }

    @Autowired ScreenCredentials credentials;

    @BeforeEach
    void screenOfTheAgency() {
        if (!registered) {
            registerScreen(SCREEN);
            registered = true;
        }
    }

    @ParameterizedTest(name = "{0} by {1} → {2}")
    @MethodSource("matrix")
    void eachCallerGetsWhatTheMatrixSays(Endpoint endpoint, Who who, int expected) throws Exception {
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
            case LIST_SCREENS -> assertThat(body.valueStream().map(s -> s.path("screenId").asString())).contains(SCREEN);
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

    private Document credential() {
        return mongo.findById(SCREEN, Document.class, "screen_credentials");
    }
}
