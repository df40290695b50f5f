package vn.govcomm.zalo.oa;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.identity.testing.MatrixCaller;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.zalo.ZaloAdapterTestBase;
import vn.govcomm.zalo.ZaloTestSupport;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's endpoint × caller matrix of the OA admin API, cell by cell, over real HTTP against the running
 * adapter. Every refused cell answers problem+json with the right status and code and leaves the OA's stored
 * connection document exactly as it was; every allowed change records the caller's user id. For the list, the OA is
 * the endpoint of {@value #OWN} in the directory (a snapshot published before the cell): its users and admins see it
 * listed, the users of {@value #OTHER} do not.
 */
class OaAdminAuthorizationTests extends ZaloAdapterTestBase {

    static final String OWN = "so-noi-vu";
    static final String OTHER = "so-y-te";
    static final AtomicInteger OAS = new AtomicInteger();
    static final String AGENCY_CHANGED = "vn.govcomm.directory.agency-changed.v1";

    @Autowired EventPublisher publisher;

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

    /** Cells: endpoint, caller, status, problem code (refusals), whether the OA is listed (the list's 200s). */
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
            for (MatrixCaller refused : MatrixCaller.unauthenticated(AUDIENCE, "facebook-adapter", OWN)) {
                cells.add(Arguments.of(endpoint, refused, 401, refused.refusalCode(), false));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} by {1} → {2} (listed: {4})")
    @MethodSource("matrix")
    void everyCellOfTheMatrixAnswersAsTheReadmeSays(Endpoint endpoint, MatrixCaller who, int expected, String code,
                                                    boolean listed) throws Exception {
        String oa = connectedOa();
        if (endpoint == Endpoint.LIST) {
            ownsOa(OWN, oa);
        }
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
            case LIST -> {
                List<String> ids = ZaloTestSupport.JSON.readTree(answer.body()).valueStream()
                        .map(o -> o.path("id").asString()).toList();
                if (listed) {
                    assertThat(ids).contains(oa);
                } else {
                    assertThat(ids).doesNotContain(oa);
                }
                if (!who.name().startsWith("admin")) {
                    // an agency's user: only the OAs its agency's snapshot lists (OTHER's lists none here)
                    assertThat(ids).as("only their agency's OAs").isEqualTo(listed ? List.of(oa) : List.of());
                }
                assertThat(answer.body()).doesNotContain("secret-1").doesNotContain("rt-seed-");
            }
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

    /** Publishes a directory snapshot of {@code agency} whose one Zalo endpoint is {@code oa}; waits for it. */
    private void ownsOa(String agency, String oa) {
        ObjectNode snapshot = (ObjectNode) ZaloTestSupport.JSON.readTree(Contracts.get().example(AGENCY_CHANGED));
        snapshot.put("agencyId", agency);
        ArrayNode endpoints = snapshot.putArray("endpoints");
        endpoints.addObject().put("endpointId", agency + ".zalo").put("channel", "zalo")
                .put("displayName", "Zalo OA").put("externalId", oa);
        assertThat(Contracts.get().validate(AGENCY_CHANGED, snapshot.toString())).isEmpty();
        publisher.send(OutgoingEvent.of("directory.agencies", agency, AGENCY_CHANGED, "/services/campaign-service",
                agency + "-" + oa, Contracts.get().contract(AGENCY_CHANGED).dataschema(), Instant.now(),
                snapshot.toString())).join();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Document held = mongo.findById(agency, Document.class, "agencies");
            assertThat(held == null ? null : held.getList(vn.govcomm.kit.directory.EndpointOwners.FIELD, String.class)).isEqualTo(List.of(oa));
        });
    }

    private Document stored(String oa) {
        return mongo.findById(oa, Document.class, OaConnections.COLLECTION);
    }
}
