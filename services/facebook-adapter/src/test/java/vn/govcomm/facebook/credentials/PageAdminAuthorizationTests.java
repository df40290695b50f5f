package vn.govcomm.facebook.credentials;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.govcomm.facebook.FacebookAdapterTestSupport;
import vn.govcomm.identity.testing.MatrixCaller;

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

    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            int allowed = endpoint == Endpoint.DISCONNECT ? 204 : 200;
            for (String agency : List.of(OWN, OTHER)) {
                cells.add(Arguments.of(endpoint, MatrixCaller.token(AUDIENCE, "admin", agency, OWN), allowed, null));
                for (String role : List.of("officer", "approver", "viewer")) {
                    cells.add(Arguments.of(endpoint, MatrixCaller.token(AUDIENCE, role, agency, OWN), 403, "forbidden"));
                }
            }
            for (MatrixCaller refused : MatrixCaller.unauthenticated(AUDIENCE, "zalo-adapter", OWN)) {
                cells.add(Arguments.of(endpoint, refused, 401, refused.refusalCode()));
            }
        }
        return cells.stream();
    }

    @LocalServerPort int port;

    @ParameterizedTest(name = "{0} by {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfTheMatrixAnswersAsTheReadmeSays(Endpoint endpoint, MatrixCaller who, int expected, String code)
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

    private HttpResponse<String> call(Endpoint endpoint, String page, MatrixCaller who, String body) throws Exception {
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
