package vn.govcomm.facebook.credentials;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.govcomm.facebook.FacebookAdapterTestSupport;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.identity.testing.MatrixCaller;
import vn.govcomm.kit.events.OutgoingEvent;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's endpoint × caller matrix of the admin API, cell by cell, over real HTTP against the running adapter.
 * Every refused cell answers problem+json with the right status and code, and leaves the Page's stored credential
 * document exactly as it was; every allowed change records the caller's user id. For the list, the Page is the
 * endpoint of {@value #OWN} in the directory (a snapshot published before the cell): its users and admins see it
 * listed, the users of {@value #OTHER} do not.
 */
class PageAdminAuthorizationTests extends FacebookAdapterTestSupport {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String OWN = "so-noi-vu";
    static final String OTHER = "so-y-te";
    static final String AGENCY_CHANGED = "vn.govcomm.directory.agency-changed.v1";

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

    /** Cells: endpoint, caller, status, problem code (refusals), whether the Page is listed (the list's 200s). */
    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            int allowed = endpoint == Endpoint.DISCONNECT ? 204 : 200;
            for (String agency : List.of(OWN, OTHER)) {
                cells.add(Arguments.of(endpoint, MatrixCaller.token(AUDIENCE, "admin", agency, OWN), allowed, null, true));
                for (String role : List.of("officer", "approver", "viewer")) {
                    cells.add(endpoint == Endpoint.LIST
                            ? Arguments.of(endpoint, MatrixCaller.token(AUDIENCE, role, agency, OWN), 200, null, agency.equals(OWN))
                            : Arguments.of(endpoint, MatrixCaller.token(AUDIENCE, role, agency, OWN), 403, "forbidden", false));
                }
            }
            for (MatrixCaller refused : MatrixCaller.unauthenticated(AUDIENCE, "zalo-adapter", OWN)) {
                cells.add(Arguments.of(endpoint, refused, 401, refused.refusalCode(), false));
            }
        }
        return cells.stream();
    }

    @LocalServerPort int port;

    @ParameterizedTest(name = "{0} by {1} → {2} (listed: {4})")
    @MethodSource("matrix")
    void everyCellOfTheMatrixAnswersAsTheReadmeSays(Endpoint endpoint, MatrixCaller who, int expected, String code,
                                                    boolean listed) throws Exception {
        String token = "EAAmatrix" + System.nanoTime();
        String page = connectedPage(token);
        if (endpoint == Endpoint.LIST) {
            ownsPage(OWN, page);
        }
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
            case LIST -> {
                assertThat(answer.body()).doesNotContain(token);
                List<String> ids = json.readTree(answer.body()).valueStream().map(p -> p.path("pageId").asString()).toList();
                if (listed) {
                    assertThat(ids).contains(page);
                } else {
                    assertThat(ids).doesNotContain(page);
                }
                if (!who.name().startsWith("admin")) {
                    // an agency's user: only the Pages its agency's snapshot lists (OTHER's lists none here)
                    assertThat(ids).as("only their agency's Pages").isEqualTo(listed ? List.of(page) : List.of());
                }
            }
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

    /** Publishes a directory snapshot of {@code agency} whose one Facebook endpoint is {@code page}; waits for it. */
    private void ownsPage(String agency, String page) {
        ObjectNode snapshot = (ObjectNode) json.readTree(Contracts.get().example(AGENCY_CHANGED));
        snapshot.put("agencyId", agency);
        ArrayNode endpoints = snapshot.putArray("endpoints");
        endpoints.addObject().put("endpointId", agency + ".facebook").put("channel", "facebook")
                .put("displayName", "Fanpage").put("externalId", page);
        assertThat(Contracts.get().validate(AGENCY_CHANGED, snapshot.toString())).isEmpty();
        publisher.send(OutgoingEvent.of("directory.agencies", agency, AGENCY_CHANGED, "/services/campaign-service",
                agency + "-" + page, Contracts.get().contract(AGENCY_CHANGED).dataschema(), Instant.now(),
                snapshot.toString())).join();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Document held = mongo().findById(agency, Document.class, "agencies");
            assertThat(held == null ? null : held.getList(vn.govcomm.kit.directory.EndpointOwners.FIELD, String.class)).isEqualTo(List.of(page));
        });
    }

    private Document stored(String page) {
        return mongo().findById(page, Document.class, PageCredentials.COLLECTION);
    }
}
