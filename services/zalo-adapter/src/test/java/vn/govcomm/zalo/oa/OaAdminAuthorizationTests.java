package vn.govcomm.zalo.oa;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import vn.govcomm.identity.testing.MatrixCaller;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.zalo.ZaloAdapterTestBase;
import vn.govcomm.zalo.ZaloTestSupport;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's endpoint × caller matrix of the OA admin API, cell by cell, over real HTTP against the running
 * adapter. Every refused cell answers problem+json with the right status and code and leaves the OA's stored
 * connection document exactly as it was; every allowed change records the caller's user id.
 */
class OaAdminAuthorizationTests extends ZaloAdapterTestBase {

    static final String OWN = "so-noi-vu";
    static final String OTHER = "so-y-te";
    static final AtomicInteger OAS = new AtomicInteger();

    enum Endpoint {
        LIST("GET", "/api/zalo/oas"),
        SHOW("GET", "/api/zalo/oas/{oa}/connection"),
        CONNECT("PUT", "/api/zalo/oas/{oa}/connection"),
        DISCONNECT("DELETE", "/api/zalo/oas/{oa}/connection");

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
            for (MatrixCaller refused : MatrixCaller.unauthenticated(AUDIENCE, "facebook-adapter", OWN)) {
                cells.add(Arguments.of(endpoint, refused, 401, refused.refusalCode()));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} by {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfTheMatrixAnswersAsTheReadmeSays(Endpoint endpoint, MatrixCaller who, int expected, String code)
            throws Exception {
        String oa = connectedOa();
        Document before = stored(oa);
        String refreshToken = "rt-matrix-" + System.nanoTime();

        HttpResponse<String> answer = call(endpoint, oa, who, "{\"appId\":\"app-1\",\"appSecret\":\"secret-1\","
                + "\"refreshToken\":\"" + refreshToken + "\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected);
        if (code != null) {
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(ZaloTestSupport.JSON.readTree(answer.body()).path("code").asString()).isEqualTo(code);
            assertThat(stored(oa)).isEqualTo(before); // nothing changed
            assertThat(answer.body()).doesNotContain("appId").doesNotContain("generation"); // nothing shown
            return;
        }
        Document after = stored(oa);
        switch (endpoint) {
            case LIST -> assertThat(answer.body()).contains("\"id\":\"" + oa + "\"");
            case SHOW -> {
                JsonNode shown = ZaloTestSupport.JSON.readTree(answer.body());
                assertThat(shown.path("id").asString()).isEqualTo(oa);
                assertThat(shown.path("updatedBy").asString()).isEqualTo("seed.admin");
                assertThat(after).isEqualTo(before);
            }
            case CONNECT -> {
                assertThat(after.getString("updatedBy")).isEqualTo(who.user());
                assertThat(after.get("generation", Number.class).longValue())
                        .isEqualTo(before.get("generation", Number.class).longValue() + 1);
                assertThat(connections.find(oa).orElseThrow().refreshToken()).isEqualTo(refreshToken);
                assertThat(answer.body()).doesNotContain(refreshToken).doesNotContain("secret-1");
            }
            case DISCONNECT -> assertThat(after).isNull();
        }
    }

    @Test
    void anAdminApiBodyOverTheCapIsRefusedWhileItStreamsAndChangesNothing() throws Exception {
        String oa = connectedOa();
        Document before = stored(oa);
        byte[] big = ("{\"appId\":\"app-1\",\"appSecret\":\"secret-1\",\"refreshToken\":\"" + "r".repeat(300 * 1024)
                + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(url(Endpoint.CONNECT, oa))
                        .header("Authorization", TestCallers.bearer(AUDIENCE, "nguyen.quan.tri", OWN, "admin"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(ZaloTestSupport.JSON.readTree(chunked.body()).path("code").asString()).isEqualTo("body-too-large");
        assertThat(stored(oa)).isEqualTo(before);
    }

    private String connectedOa() {
        String oa = "oa-matrix-" + OAS.incrementAndGet();
        connections.connectByAdmin(oa, "app-1", "secret-1", "rt-seed-" + oa, null, null, "seed.admin");
        return oa;
    }

    private HttpResponse<String> call(Endpoint endpoint, String oa, MatrixCaller who, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(endpoint, oa));
        who.headers().forEach(request::header);
        if (endpoint == Endpoint.CONNECT) {
            request.header("Content-Type", "application/json");
            request.method(endpoint.method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(endpoint.method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(Endpoint endpoint, String oa) {
        return URI.create("http://127.0.0.1:" + port + endpoint.path.replace("{oa}", oa));
    }

    private Document stored(String oa) {
        return mongo.findById(oa, Document.class, OaConnections.COLLECTION);
    }
}
