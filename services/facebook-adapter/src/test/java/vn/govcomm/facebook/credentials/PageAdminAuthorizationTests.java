package vn.govcomm.facebook.credentials;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.govcomm.facebook.FacebookAdapterTestSupport;
import vn.govcomm.identity.testing.TestCallers;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's endpoint × caller matrix of the admin API, cell by cell, over real HTTP against the running adapter.
 * Every refused cell answers problem+json with the right status and code, and leaves the Page's stored credential
 * document exactly as it was; every allowed change records the caller's user id.
 */
class PageAdminAuthorizationTests extends FacebookAdapterTestSupport {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String OWN = "so-noi-vu";
    static final String OTHER = "so-y-te";

    enum Endpoint {
        LIST("GET", "/api/facebook/pages"),
        CONNECT("PUT", "/api/facebook/pages/{page}/token"),
        DISCONNECT("DELETE", "/api/facebook/pages/{page}/token");

        final String method;
        final String path;

        Endpoint(String method, String path) {
            this.method = method;
            this.path = path;
        }
    }

    /** Who calls: the request headers it sends (a bearer token, forged identity headers or nothing). */
    record Who(String name, String user, Map<String, String> headers) {
        @Override
        public String toString() {
            return name;
        }

        static Who token(String role, String agency) {
            String user = role + "." + agency;
            return new Who(role + " of " + (OWN.equals(agency) ? "own agency " : "another agency ") + agency, user,
                    Map.of("Authorization", TestCallers.bearer(AUDIENCE, user, agency, role)));
        }
    }

    static final Who NO_TOKEN = new Who("no token", null, Map.of());
    static final Who FORGED_HEADERS = new Who("forged X-User-* headers without a token", null, Map.of(
            "X-User-Id", "eve", "X-User-Roles", "admin", "X-User-Agency", OWN));
    static final Who FOREIGN_KEY = new Who("admin token signed by a foreign key", null, Map.of(
            "Authorization", TestCallers.foreignBearer(AUDIENCE, "eve", OWN, "admin")));
    static final Who OTHER_AUDIENCE = new Who("admin token for zalo-adapter", null, Map.of(
            "Authorization", TestCallers.bearer("zalo-adapter", "eve", OWN, "admin")));

    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            int allowed = endpoint == Endpoint.DISCONNECT ? 204 : 200;
            for (String agency : List.of(OWN, OTHER)) {
                cells.add(Arguments.of(endpoint, Who.token("admin", agency), allowed, null));
                for (String role : List.of("officer", "approver", "viewer")) {
                    cells.add(Arguments.of(endpoint, Who.token(role, agency), 403, "forbidden"));
                }
            }
            cells.add(Arguments.of(endpoint, NO_TOKEN, 401, "unauthenticated"));
            cells.add(Arguments.of(endpoint, FORGED_HEADERS, 401, "unauthenticated"));
            cells.add(Arguments.of(endpoint, FOREIGN_KEY, 401, "invalid-token"));
            cells.add(Arguments.of(endpoint, OTHER_AUDIENCE, 401, "invalid-token"));
        }
        return cells.stream();
    }

    @LocalServerPort int port;

    @ParameterizedTest(name = "{0} by {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfTheMatrixAnswersAsTheReadmeSays(Endpoint endpoint, Who who, int expected, String code)
            throws Exception {
        String token = "EAAmatrix" + System.nanoTime();
        String page = connectedPage(token);
        Document before = stored(page);

        HttpResponse<String> answer = call(endpoint, page, who, "{\"accessToken\":\"" + token + "\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected);
        if (code != null) {
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json.readTree(answer.body()).path("code").asString()).isEqualTo(code);
            assertThat(stored(page)).isEqualTo(before); // nothing changed
            assertThat(answer.body()).doesNotContain("pageId").doesNotContain("tokenStored"); // nothing listed
            return;
        }
        Document after = stored(page);
        switch (endpoint) {
            case LIST -> assertThat(answer.body()).contains("\"pageId\":\"" + page + "\"").doesNotContain(token);
            case CONNECT -> {
                assertThat(after.getString("status")).isEqualTo("CONNECTED");
                assertThat(after.getString("token")).isNotEqualTo(before.getString("token")); // sealed anew
                assertThat(after.getString("updatedBy")).isEqualTo(who.user());
                assertThat(answer.body()).doesNotContain(token);
            }
            case DISCONNECT -> {
                assertThat(after.getString("status")).isEqualTo("DISCONNECTED");
                assertThat(after.get("token")).isNull();
                assertThat(after.getString("updatedBy")).isEqualTo(who.user());
            }
        }
    }

    @Test
    void anAdminApiBodyOverTheCapIsRefusedWhileItStreamsAndChangesNothing() throws Exception {
        String page = connectedPage("EAAcapped" + System.nanoTime());
        Document before = stored(page);
        byte[] big = ("{\"accessToken\":\"" + "A".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(url(Endpoint.CONNECT, page))
                .header("Authorization", adminBearer("admin.sonoivu")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(chunked.body()).path("code").asString()).isEqualTo("body-too-large");
        assertThat(stored(page)).isEqualTo(before);
    }

    private HttpResponse<String> call(Endpoint endpoint, String page, Who who, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(endpoint, page));
        who.headers().forEach(request::header);
        if (endpoint == Endpoint.CONNECT) {
            request.header("Content-Type", "application/json");
            request.method(endpoint.method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(endpoint.method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(Endpoint endpoint, String page) {
        return URI.create("http://127.0.0.1:" + port + endpoint.path.replace("{page}", page));
    }

    private Document stored(String page) {
        return mongo().findById(page, Document.class, PageCredentials.COLLECTION);
    }
}
