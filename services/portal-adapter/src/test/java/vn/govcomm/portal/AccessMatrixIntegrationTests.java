package vn.govcomm.portal;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.identity.testing.TestCallers;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's endpoint × caller matrix, cell by cell, over real HTTP against the running context. Every cell gets
 * a fresh portal with a feed token and a WordPress target; a refused cell must answer problem+json with the right
 * status and code and change nothing (credential, WordPress target, subscriptions compared before/after; the
 * portal's feed token still works, so e.g. forged X-User-* headers cannot rotate it).
 */
class AccessMatrixIntegrationTests extends PortalAdapterTestSupport {

    static final String OWN = AGENCY;                 // the agency of the portal and of the campaign's first portal
    static final String OTHER = "so-tai-chinh";       // an agency with no portal in the campaign
    static final String SECOND = "so-giao-duc";       // the agency of the campaign's second portal
    static final String PROVINCE_WIDE = "so-noi-vu";  // govcomm.identity.province-wide-agencies (kit default)

    /** Who calls: the columns of the matrix, in this order. */
    enum Who {
        OFFICER_OWN, OFFICER_OTHER, APPROVER_OWN, APPROVER_OTHER, ADMIN_OWN, ADMIN_OTHER, VIEWER_OWN, VIEWER_OTHER,
        VIEWER_PROVINCE_WIDE, NO_PLATFORM_ROLE, NO_TOKEN, FORGED_X_USER_HEADERS, FOREIGN_KEY_TOKEN,
        LED_ADAPTER_AUDIENCE, PORTAL_FEED_TOKEN;

        /** Request headers, minted now (caller tokens live 60 s). */
        List<String> headers(String feedToken) {
            return switch (this) {
                case OFFICER_OWN -> auth(bearer("can.bo", OWN, "officer"));
                case OFFICER_OTHER -> auth(bearer("can.bo.khac", OTHER, "officer"));
                case APPROVER_OWN -> auth(bearer("lanh.dao", OWN, "approver"));
                case APPROVER_OTHER -> auth(bearer("lanh.dao.khac", OTHER, "approver"));
                case ADMIN_OWN -> auth(bearer("quan.tri", OWN, "admin"));
                case ADMIN_OTHER -> auth(bearer("quan.tri.khac", OTHER, "admin"));
                case VIEWER_OWN -> auth(bearer("nguoi.xem", OWN, "viewer"));
                case VIEWER_OTHER -> auth(bearer("nguoi.xem.khac", OTHER, "viewer"));
                case VIEWER_PROVINCE_WIDE -> auth(bearer("thanh.tra", PROVINCE_WIDE, "viewer"));
                case NO_PLATFORM_ROLE -> auth(bearer("khach", OWN, "superuser"));
                case NO_TOKEN -> List.of();
                case FORGED_X_USER_HEADERS -> List.of("X-User-Id", "eve", "X-User-Roles", "admin,officer",
                        "X-User-Agency", OWN);
                case FOREIGN_KEY_TOKEN -> auth(TestCallers.foreignBearer(AUDIENCE, "eve", OWN, "admin"));
                case LED_ADAPTER_AUDIENCE -> auth(TestCallers.bearer("led-adapter", "quan.tri", OWN, "admin"));
                case PORTAL_FEED_TOKEN -> auth("Bearer " + feedToken);
            };
        }

        private static List<String> auth(String value) {
            return List.of("Authorization", value);
        }
    }

    /** What is called: the rows of the matrix. */
    enum Endpoint {
        ISSUE_FEED_TOKEN("POST", "/api/portal/portals/{portal}/feed-token", true),
        DESCRIBE_FEED_TOKEN("GET", "/api/portal/portals/{portal}/feed-token", false),
        REVOKE_FEED_TOKEN("DELETE", "/api/portal/portals/{portal}/feed-token", true),
        CONFIGURE_WORDPRESS("PUT", "/api/portal/portals/{portal}/wordpress", true),
        DESCRIBE_WORDPRESS("GET", "/api/portal/portals/{portal}/wordpress", false),
        REMOVE_WORDPRESS("DELETE", "/api/portal/portals/{portal}/wordpress", true),
        NOT_FETCHED("GET", "/api/portal/campaigns/{campaign}/not-fetched", false),
        FEED("GET", "/feeds/{portal}/atom.xml", false),
        HUB_SUBSCRIBE("POST", "/feeds/hub", false);

        final String method;
        final String path;
        /** An admin API that changes state when allowed. */
        final boolean mutatesWhenAllowed;

        Endpoint(String method, String path, boolean mutatesWhenAllowed) {
            this.method = method;
            this.path = path;
            this.mutatesWhenAllowed = mutatesWhenAllowed;
        }
    }

    /**
     * The matrix of the README. {@code 401u} = unauthenticated (no caller token), {@code 401i} = invalid-token,
     * {@code 401m} = feed-credential-missing, {@code 401f} = feed-credential-invalid, {@code 403} = forbidden,
     * {@code 404} = not-found. Columns in {@link Who} order.
     */
    static final String MATRIX = """
            #                    off  off  appr appr adm  adm  view view view  no    no    forged foreign led  feed
            #                    own  oth  own  oth  own  oth  own  oth  prov  role  token hdrs   key     aud  token
            ISSUE_FEED_TOKEN     403  403  403  403  201  201  403  403  403   403   401u  401u   401i    401i 401i
            DESCRIBE_FEED_TOKEN  403  403  403  403  200  200  403  403  403   403   401u  401u   401i    401i 401i
            REVOKE_FEED_TOKEN    403  403  403  403  204  204  403  403  403   403   401u  401u   401i    401i 401i
            CONFIGURE_WORDPRESS  403  403  403  403  200  200  403  403  403   403   401u  401u   401i    401i 401i
            DESCRIBE_WORDPRESS   403  403  403  403  200  200  403  403  403   403   401u  401u   401i    401i 401i
            REMOVE_WORDPRESS     403  403  403  403  204  204  403  403  403   403   401u  401u   401i    401i 401i
            NOT_FETCHED          200  404  200  404  200  200  200  404  404   403   401u  401u   401i    401i 401i
            FEED                 401f 401f 401f 401f 401f 401f 401f 401f 401f  401f  401m  401m   401f    401f 200
            HUB_SUBSCRIBE        401f 401f 401f 401f 401f 401f 401f 401f 401f  401f  401m  401m   401f    401f 202
            """;

    static final Map<String, String> CODES = Map.of("401u", "unauthenticated", "401i", "invalid-token",
            "401m", "feed-credential-missing", "401f", "feed-credential-invalid", "403", "forbidden",
            "404", "not-found");

    /** The campaign of NOT_FETCHED: one portal of OWN, one of SECOND; made once. */
    static String campaign;

    static Stream<Arguments> cells() {
        Map<Endpoint, Map<Who, String>> matrix = new EnumMap<>(Endpoint.class);
        for (String line : MATRIX.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String[] cells = line.split("\\s+");
            assertThat(cells).as(line).hasSize(Who.values().length + 1);
            Map<Who, String> row = new EnumMap<>(Who.class);
            for (Who who : Who.values()) {
                row.put(who, cells[who.ordinal() + 1]);
            }
            matrix.put(Endpoint.valueOf(cells[0]), row);
        }
        assertThat(matrix.keySet()).containsExactlyInAnyOrder(Endpoint.values());
        return Arrays.stream(Endpoint.values()).flatMap(e -> Arrays.stream(Who.values())
                .map(w -> Arguments.of(e, w, matrix.get(e).get(w))));
    }

    @ParameterizedTest(name = "{0} by {1} → {2}")
    @MethodSource("cells")
    void everyCellOfTheMatrix(Endpoint endpoint, Who who, String expected) throws Exception {
        String campaignId = campaign();
        String portal = newPortal();
        String feedToken = issueToken(portal);
        assertThat(configureWordPress(portal, admin()).statusCode()).isEqualTo(200);
        String before = state(portal);

        HttpResponse<String> r = call(endpoint, who, portal, campaignId, feedToken);

        int status = Integer.parseInt(expected.substring(0, 3));
        assertThat(r.statusCode()).as("%s by %s: %s", endpoint, who, r.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(r.body()).path("code").asString()).isEqualTo(CODES.get(expected));
            assertThat(state(portal)).as("a refused call changes nothing").isEqualTo(before);
            assertThat(get("/feeds/" + portal + "/atom.xml", "Authorization", "Bearer " + feedToken).statusCode())
                    .as("the portal's feed token still works").isEqualTo(200);
        } else if (endpoint.mutatesWhenAllowed) {
            assertThat(state(portal)).isNotEqualTo(before);
        } else {
            assertThat(state(portal)).isEqualTo(before);
        }
        if (endpoint == Endpoint.NOT_FETCHED && status == 200) {
            JsonNode report = JSON.readTree(r.body());
            boolean readsAll = who == Who.ADMIN_OWN || who == Who.ADMIN_OTHER; // not a province-wide viewer: see the controller
            assertThat(report.path("items").asInt()).as("only the caller's agency unless it reads all")
                    .isEqualTo(readsAll ? 2 : 1);
            assertThat(report.path("notFetched").valueStream().map(n -> n.path("agencyId").asString()))
                    .allMatch(a -> readsAll || a.equals(OWN));
        }
        if (endpoint == Endpoint.ISSUE_FEED_TOKEN && status == 201) {
            assertThat(JSON.readTree(r.body()).path("token").asString()).startsWith("gcf_").isNotEqualTo(feedToken);
        }
        if (endpoint == Endpoint.DESCRIBE_WORDPRESS && status == 200) {
            assertThat(r.body()).doesNotContain("abcd EFGH");
        }
    }

    @Test
    void theHubReadsAtMostEightKilobytesFromAnonymousCallersEvenChunked() throws Exception {
        String portal = newPortal();
        String token = issueToken(portal);
        String form = "hub.mode=subscribe&hub.topic=" + URLEncoder.encode(PUBLIC_BASE + "/feeds/" + portal
                + "/atom.xml", StandardCharsets.UTF_8) + "&hub.callback=" + URLEncoder.encode("http://127.0.0.1:"
                + SUBSCRIBER_PORT + "/cb", StandardCharsets.UTF_8) + "&padding=" + "x".repeat(9 * 1024);
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        for (HttpRequest.BodyPublisher publisher : List.of(HttpRequest.BodyPublishers.ofByteArray(body),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))) { // the second: chunked
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/feeds/hub"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Bearer " + token).POST(publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(JSON.readTree(r.body()).path("code").asString()).isEqualTo("body-too-large");
        }
    }

    @Test
    void bodiesOverTheServiceLimitAreRefusedBeforeAnyHandler() throws Exception {
        String portal = newPortal();
        String huge = JSON.writeValueAsString(Map.of("baseUrl", WORDPRESS.baseUrl(), "username", "bientap",
                "applicationPassword", "p".repeat(70 * 1024)));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/portal/portals/"
                        + portal + "/wordpress")).header("Authorization", admin())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).path("code").asString()).isEqualTo("body-too-large");
        assertThat(mongo.getCollection("wordpress_targets").countDocuments(new Document("_id", portal))).isZero();
    }

    private HttpResponse<String> call(Endpoint endpoint, Who who, String portal, String campaignId, String feedToken)
            throws Exception {
        String path = endpoint.path.replace("{portal}", portal).replace("{campaign}", campaignId);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        List<String> headers = who.headers(feedToken);
        if (!headers.isEmpty()) {
            b.headers(headers.toArray(String[]::new));
        }
        HttpRequest.BodyPublisher body = switch (endpoint) {
            case CONFIGURE_WORDPRESS -> {
                b.header("Content-Type", "application/json");
                yield HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("baseUrl",
                        WORDPRESS.baseUrl(), "username", "nguoi-khac", "applicationPassword", "zzzz 9999 zzzz")));
            }
            case HUB_SUBSCRIBE -> {
                b.header("Content-Type", "application/x-www-form-urlencoded");
                yield HttpRequest.BodyPublishers.ofString("hub.mode=subscribe&hub.topic="
                        + URLEncoder.encode(PUBLIC_BASE + "/feeds/" + portal + "/atom.xml", StandardCharsets.UTF_8)
                        + "&hub.callback=" + URLEncoder.encode("http://127.0.0.1:" + SUBSCRIBER_PORT + "/cb",
                        StandardCharsets.UTF_8));
            }
            default -> HttpRequest.BodyPublishers.noBody();
        };
        return HTTP.send(b.method(endpoint.method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Everything a call could change for a portal. */
    private String state(String portal) {
        return mongo.getCollection("feed_credentials").find(new Document("_id", portal)).first() + " | "
                + mongo.getCollection("wordpress_targets").find(new Document("_id", portal)).first() + " | "
                + mongo.getCollection("websub_subscriptions").countDocuments(new Document("portalId", portal));
    }

    private HttpResponse<String> configureWordPress(String portal, String authorization) throws Exception {
        String body = JSON.writeValueAsString(Map.of("baseUrl", WORDPRESS.baseUrl(), "username", "bientap",
                "applicationPassword", "abcd EFGH 1234 ijkl"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/portal/portals/" + portal + "/wordpress"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private synchronized String campaign() throws Exception {
        if (campaign == null) {
            String id = "cmp-matrix-" + UUID.randomUUID().toString().substring(0, 8);
            ObjectNode own = delivery(newPortal(), id, 1, OWN);
            ObjectNode second = delivery(newPortal(), id, 1, SECOND);
            send(REQUESTED, own);
            send(REQUESTED, second);
            awaitStatus(own.get("deliveryId").asString(), "PUBLISHED");
            awaitStatus(second.get("deliveryId").asString(), "PUBLISHED");
            campaign = id;
        }
        return campaign;
    }
}
