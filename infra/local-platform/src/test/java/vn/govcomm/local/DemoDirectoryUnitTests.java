package vn.govcomm.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DemoDirectory} against a stand-in for the gateway's directory API holding the seeded (pre-2025) directory:
 * what it sends, that a second run sends nothing, and what it does when the campaign service has no succession
 * endpoint yet.
 */
class DemoDirectoryUnitTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ADMIN = "Bearer admin-token";

    /** How the stand-in answers {@code POST /api/agencies/{id}/succession}. */
    enum Succession { SUPPORTED, NO_ENDPOINT, METHOD_NOT_ALLOWED, AGENCY_NOT_FOUND }

    HttpServer server;
    Succession succession = Succession.SUPPORTED;
    /** A district committee whose PUT the stand-in refuses (412, as after a concurrent change), or null. */
    volatile String failPut;
    final Map<String, ObjectNode> directory = new LinkedHashMap<>();
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> writeBodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> ifMatches = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("seed/agencies.json")) {
            for (JsonNode agency : JSON.readTree(in)) {
                ObjectNode stored = ((ObjectNode) agency).deepCopy().put("version", 1);
                directory.put(stored.path("agencyId").asString(), stored);
            }
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/agencies", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** As the launcher runs it: the calls of each step side by side on a bounded pool. */
    final ExecutorService pool = Executors.newFixedThreadPool(DemoData.CALLS_SIDE_BY_SIDE);

    DemoDirectory.Result run() {
        return new DemoDirectory(RestClient.create("http://127.0.0.1:" + server.getAddress().getPort()), ADMIN, pool)
                .apply();
    }

    @Test
    void addsTheNewAgenciesSucceedsTheMergedOnesAndDeactivatesTheDistrictCommittees() {
        DemoDirectory.Result result = run();

        assertThat(result).isEqualTo(new DemoDirectory.Result(DemoDirectory.Outcome.APPLIED, 4, 8, 9));
        assertThat(writes).filteredOn(w -> w.equals("POST /api/agencies")).hasSize(4);
        assertThat(directory.get("so-nong-nghiep-moi-truong").path("parentId").asString()).isEqualTo("ubnd-tinh");
        assertThat(directory.get("x-van-ninh").path("type").asString()).isEqualTo("COMMUNE_PEOPLES_COMMITTEE");
        assertThat(directory.get("so-ke-hoach-dau-tu").path("successorId").asString()).isEqualTo("so-tai-chinh");
        assertThat(directory.get("so-tai-nguyen-moi-truong").path("successorId").asString())
                .isEqualTo("so-nong-nghiep-moi-truong");
        assertThat(directory.get("tt-van-gia").path("successorId").asString()).isEqualTo("x-van-ninh");
        assertThat(directory.get("tt-van-gia").path("active").asBoolean()).isFalse();
        // the succession endpoint's body: the successor and the kind, nothing else
        JsonNode merged = writeBodies.get(writes.indexOf("POST /api/agencies/so-giao-thong-van-tai/succession"));
        assertThat(JSON.writeValueAsString(merged)).isEqualTo("{\"successorId\":\"so-xay-dung\",\"kind\":\"MERGED\"}");
        assertThat(directory.values()).filteredOn(a -> a.path("type").asString().equals("DISTRICT_PEOPLES_COMMITTEE"))
                .hasSize(9).allSatisfy(a -> {
                    assertThat(a.path("active").asBoolean()).isFalse();
                    assertThat(a.has("successorId")).isFalse();
                });
        // a district committee is replaced with what an admin may send, guarded by the version it was read at
        JsonNode put = writeBodies.get(writes.indexOf("PUT /api/agencies/ubnd-nha-trang"));
        assertThat(put.has("version")).isFalse();
        assertThat(put.path("endpoints")).hasSize(7);
        assertThat(ifMatches).containsOnly("\"1\"");
        // the unverified communes stay as seeded
        assertThat(directory.get("p-loc-tho").path("active").asBoolean()).isTrue();
    }

    @Test
    void eachStepEndsBeforeTheNextAndSuccessionsOfOneSuccessorKeepTheFilesOrder() {
        run();

        int lastAddition = writes.lastIndexOf("POST /api/agencies");
        List<String> successions = writes.stream().filter(w -> w.endsWith("/succession")).toList();
        int firstSuccession = writes.indexOf(successions.getFirst());
        int lastSuccession = writes.indexOf(successions.getLast());
        int firstPut = writes.indexOf(writes.stream().filter(w -> w.startsWith("PUT")).findFirst().orElseThrow());
        assertThat(lastAddition).isLessThan(firstSuccession);
        assertThat(lastSuccession).isLessThan(firstPut);
        assertThat(writes).hasSize(4 + 8 + 9);
        // the first succession of the file goes alone (it finds out whether the endpoint exists)
        assertThat(successions.getFirst()).isEqualTo("POST /api/agencies/so-ke-hoach-dau-tu/succession");
        // two departments merged into Sở Nông nghiệp và Môi trường: one after the other, in the file's order
        assertThat(writes.indexOf("POST /api/agencies/so-nong-nghiep/succession"))
                .isLessThan(writes.indexOf("POST /api/agencies/so-tai-nguyen-moi-truong/succession"));
    }

    @Test
    void aFailedCallFailsTheRunAfterTheOthersOfItsStepAnswered() {
        failPut = "ubnd-cam-ranh";

        assertThatThrownBy(this::run).isInstanceOf(org.springframework.web.client.HttpClientErrorException.class)
                .hasMessageContaining("412");
        // the other district committees of the step were still made inactive; none was left half-sent
        assertThat(writes).filteredOn(w -> w.startsWith("PUT")).hasSize(9);
        assertThat(directory.get("ubnd-cam-ranh").path("active").asBoolean()).isTrue();
        assertThat(directory.get("ubnd-nha-trang").path("active").asBoolean()).isFalse();
    }

    @Test
    void aSecondRunSendsNothing() {
        run();
        writes.clear();

        DemoDirectory.Result again = run();

        assertThat(again).isEqualTo(new DemoDirectory.Result(DemoDirectory.Outcome.APPLIED, 0, 0, 0));
        assertThat(writes).isEmpty();
    }

    @Test
    void leavesTheReorganisationOutWhenTheCampaignServiceHasNoSuccessionEndpoint() {
        succession = Succession.NO_ENDPOINT;

        DemoDirectory.Result result = run();

        assertThat(result).isEqualTo(new DemoDirectory.Result(DemoDirectory.Outcome.SUCCESSION_UNAVAILABLE, 4, 0, 0));
        assertThat(writes).filteredOn(w -> w.endsWith("/succession")).hasSize(1);
        assertThat(writes).noneMatch(w -> w.startsWith("PUT"));
        assertThat(directory.get("ubnd-nha-trang").path("active").asBoolean()).isTrue();
    }

    @Test
    void leavesTheReorganisationOutWhenTheSuccessionPathAnswersMethodNotAllowed() {
        succession = Succession.METHOD_NOT_ALLOWED;

        assertThat(run().outcome()).isEqualTo(DemoDirectory.Outcome.SUCCESSION_UNAVAILABLE);
        assertThat(writes).noneMatch(w -> w.startsWith("PUT"));
    }

    @Test
    void failsWhenTheSuccessionEndpointDoesNotFindAnAgency() {
        succession = Succession.AGENCY_NOT_FOUND;

        assertThatThrownBy(this::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("agency-not-found");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!ADMIN.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{}");
            return;
        }
        if (method.equals("GET") && path.equals("/api/agencies")) {
            ArrayNode all = JSON.createArrayNode();
            directory.values().forEach(all::add);
            answer(exchange, 200, JSON.writeValueAsString(all));
            return;
        }
        writes.add(method + " " + path);
        JsonNode in = JSON.readTree(body);
        writeBodies.add(in);
        String[] parts = path.split("/"); // "", api, agencies, {id}, succession
        if (method.equals("POST") && parts.length == 3) {
            ObjectNode stored = ((ObjectNode) in).deepCopy().put("version", 1);
            directory.put(stored.path("agencyId").asString(), stored);
            answer(exchange, 201, JSON.writeValueAsString(stored));
        } else if (method.equals("POST") && parts.length == 5 && parts[4].equals("succession")) {
            switch (succession) {
                case NO_ENDPOINT -> answer(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
                case METHOD_NOT_ALLOWED -> answer(exchange, 405, "{\"title\":\"Method Not Allowed\",\"status\":405}");
                case AGENCY_NOT_FOUND -> answer(exchange, 404, "{\"status\":404,\"code\":\"agency-not-found\"}");
                case SUPPORTED -> {
                    ObjectNode stored = directory.get(parts[3]);
                    stored.put("successorId", in.path("successorId").asString())
                            .put("successionKind", in.path("kind").asString()).put("active", false)
                            .put("version", stored.path("version").asLong() + 1);
                    answer(exchange, 200, "{\"predecessorId\":\"" + parts[3] + "\"}");
                }
            }
        } else if (method.equals("PUT") && parts.length == 4 && parts[3].equals(failPut)) {
            answer(exchange, 412, "{\"status\":412,\"code\":\"version-mismatch\"}");
        } else if (method.equals("PUT") && parts.length == 4) {
            ifMatches.add(exchange.getRequestHeaders().getFirst("If-Match"));
            ObjectNode stored = ((ObjectNode) in).deepCopy()
                    .put("version", directory.get(parts[3]).path("version").asLong() + 1);
            directory.put(parts[3], stored);
            answer(exchange, 200, JSON.writeValueAsString(stored));
        } else {
            answer(exchange, 404, "{}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
