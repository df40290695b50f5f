package vn.govcomm.manual;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import vn.govcomm.identity.testing.TestCallers;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's endpoint × caller matrix, cell by cell, over real HTTP. Each cell gets its own task (of its own
 * campaign) in the state the endpoint needs, so a refusal is never a 409 in disguise. Every refusal is problem
 * details and changes nothing: the task, its delivery record and its evidence files are the same before and after.
 */
class AccessMatrixIntegrationTests extends ManualAdapterTestSupport {

    /** The matrix's columns, in the README's order. */
    enum Who {
        TARGET_OFFICER(() -> bearer("le.thi.hoa", TARGET, "officer")),
        TARGET_APPROVER(() -> bearer("pham.van.duc", TARGET, "approver")),
        TARGET_VIEWER(() -> bearer("viewer.so-y-te", TARGET, "viewer")),
        ISSUING_OFFICER(() -> bearer("tran.thi.lan", ISSUER, "officer")),
        ISSUING_APPROVER(() -> bearer("nguyen.van.minh", ISSUER, "approver")),
        OTHER_OFFICER(() -> bearer("vo.thi.mai", OTHER, "officer")),
        OTHER_APPROVER(() -> bearer("dang.van.nam", OTHER, "approver")),
        ADMIN(() -> bearer("hoang.quoc.bao", "so-khoa-hoc-cong-nghe", "admin")),
        ANONYMOUS(() -> null),
        FORGED_HEADERS(() -> null),
        FOREIGN_KEY(() -> TestCallers.foreignBearer(AUDIENCE, "eve", TARGET, "admin")),
        OTHER_AUDIENCE(() -> TestCallers.bearer("led-adapter", "eve", TARGET, "admin"));

        final Supplier<String> authorization;

        Who(Supplier<String> authorization) {
            this.authorization = authorization;
        }

        Map<String, String> headers() {
            if (this == FORGED_HEADERS) {
                return Map.of("X-User-Id", "eve", "X-User-Roles", "admin", "X-User-Agency", TARGET);
            }
            String value = authorization.get();
            return value == null ? Map.of() : Map.of("Authorization", value);
        }
    }

    /** The state a cell's task is put in before the call: the one in which the endpoint would succeed. */
    enum Setup { OPEN, EVIDENCE_SUBMITTED }

    enum Endpoint {
        LIST_TASKS("GET", "/api/manual/tasks?campaignId={campaign}", Setup.OPEN),
        LIST_TASKS_OF_TARGET("GET", "/api/manual/tasks?agency=" + TARGET + "&campaignId={campaign}", Setup.OPEN),
        LIST_REVIEWS("GET", "/api/manual/reviews?campaignId={campaign}", Setup.EVIDENCE_SUBMITTED),
        GET_TASK("GET", "/api/manual/tasks/{id}", Setup.OPEN),
        SUBMIT_EVIDENCE("POST", "/api/manual/tasks/{id}/evidence", Setup.OPEN),
        GET_EVIDENCE_FILE("GET", "/api/manual/tasks/{id}/evidence/{evidence}/file", Setup.EVIDENCE_SUBMITTED),
        REVIEW("POST", "/api/manual/tasks/{id}/review", Setup.EVIDENCE_SUBMITTED);

        final String method;
        final String path;
        final Setup setup;

        Endpoint(String method, String path, Setup setup) {
            this.method = method;
            this.path = path;
            this.setup = setup;
        }
    }

    /**
     * Rows of the README's table; columns as {@link Who}: target officer, approver, viewer | issuing officer, approver
     * | other officer, approver | admin | no token, forged X-User-*, foreign key, token for another service.
     * A 200 on a list says whether the cell's task is in it ({@code 200+}) or not ({@code 200-}).
     */
    static Stream<Arguments> matrix() {
        return Stream.of(
                row(Endpoint.LIST_TASKS,           "200+ 200+ 403 | 200- 200- | 200- 200- | 200- | 401 401 401 401"),
                row(Endpoint.LIST_TASKS_OF_TARGET, "200+ 200+ 403 | 403  403  | 403  403  | 200+ | 401 401 401 401"),
                row(Endpoint.LIST_REVIEWS,         "200- 200- 403 | 200+ 200+ | 200- 200- | 200- | 401 401 401 401"),
                row(Endpoint.GET_TASK,             "200  200  403 | 200  200  | 404  404  | 200  | 401 401 401 401"),
                row(Endpoint.SUBMIT_EVIDENCE,      "201  201  403 | 403  403  | 404  404  | 403  | 401 401 401 401"),
                row(Endpoint.GET_EVIDENCE_FILE,    "200  200  403 | 200  200  | 404  404  | 200  | 401 401 401 401"),
                row(Endpoint.REVIEW,               "403  403  403 | 200  200  | 404  404  | 200  | 401 401 401 401"))
                .flatMap(List::stream);
    }

    private static List<Arguments> row(Endpoint endpoint, String cells) {
        String[] values = cells.replace("|", " ").trim().split("\\s+");
        assertThat(values).hasSize(Who.values().length);
        List<Arguments> row = new ArrayList<>();
        for (Who who : Who.values()) {
            row.add(Arguments.of(endpoint, who, values[who.ordinal()]));
        }
        return row;
    }

    @ParameterizedTest(name = "{0} by {1} → {2}")
    @MethodSource("matrix")
    void eachCallerGetsWhatTheMatrixSays(Endpoint endpoint, Who who, String cell) throws Exception {
        String campaignId = newId("cmp");
        String deliveryId = openTask(campaignId);
        String evidenceId = "evd-none";
        if (endpoint.setup == Setup.EVIDENCE_SUBMITTED) {
            HttpResponse<String> submitted = submitEvidence(deliveryId, targetOfficer(), photoEvidence());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            evidenceId = JSON.readTree(submitted.body()).path("evidence").get(0).path("evidenceId").asString();
        }
        Snapshot before = snapshot(deliveryId);
        String path = endpoint.path.replace("{campaign}", campaignId).replace("{id}", deliveryId)
                .replace("{evidence}", evidenceId);
        int expected = Integer.parseInt(cell.substring(0, 3));

        HttpResponse<String> response = switch (endpoint) {
            case SUBMIT_EVIDENCE -> postMultipart(path, who.headers(), linkEvidence("https://syt.khanhhoa.gov.vn/a"));
            case REVIEW -> call("POST", path, who.headers(), "application/json",
                    "{\"decision\":\"ACCEPT\"}".getBytes());
            default -> call("GET", path, who.headers(), null, null);
        };

        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("code").asString()).isEqualTo(code(who, expected));
            assertThat(problem.path("status").asInt()).isEqualTo(expected);
            assertThat(snapshot(deliveryId)).as("a refusal changes nothing").isEqualTo(before);
            return;
        }
        switch (endpoint) {
            case LIST_TASKS, LIST_TASKS_OF_TARGET, LIST_REVIEWS -> {
                List<String> ids = JSON.readTree(response.body()).valueStream()
                        .map(t -> t.path("deliveryId").asString()).toList();
                if (cell.endsWith("+")) {
                    assertThat(ids).containsExactly(deliveryId);
                } else {
                    assertThat(ids).isEmpty();
                }
            }
            case GET_TASK -> assertThat(JSON.readTree(response.body()).path("deliveryId").asString()).isEqualTo(deliveryId);
            case GET_EVIDENCE_FILE -> assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
            case SUBMIT_EVIDENCE -> assertThat(taskState(deliveryId)).isEqualTo("AWAITING_REVIEW");
            case REVIEW -> {
                assertThat(taskState(deliveryId)).isEqualTo("ACCEPTED");
                awaitDeliveryStatus(deliveryId, "PUBLISHED");
            }
        }
    }

    @Test
    void forgedHeadersBesideATargetOfficersTokenDoNotMakeThemAReviewer() throws Exception {
        String deliveryId = openTask(newId("cmp"));
        assertThat(submitEvidence(deliveryId, targetOfficer(), photoEvidence()).statusCode()).isEqualTo(201);
        Snapshot before = snapshot(deliveryId);

        HttpResponse<String> response = call("POST", "/api/manual/tasks/" + deliveryId + "/review",
                Map.of("Authorization", targetOfficer(), "X-User-Roles", "admin", "X-User-Agency", ISSUER),
                "application/json", "{\"decision\":\"ACCEPT\"}".getBytes());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(snapshot(deliveryId)).isEqualTo(before);
    }

    @Test
    void anUnknownTaskAnswersLikeAnInvisibleOne() throws Exception {
        HttpResponse<String> response = get("/api/manual/tasks/dlv-khong-co", admin());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo("not-found");
        String deliveryId = openTask(newId("cmp"));
        HttpResponse<byte[]> file = download("/api/manual/tasks/" + deliveryId + "/evidence/evd-khong-co/file",
                targetOfficer());
        assertThat(file.statusCode()).isEqualTo(404);
    }

    private static String code(Who who, int status) {
        return switch (status) {
            case 401 -> who == Who.ANONYMOUS || who == Who.FORGED_HEADERS ? "unauthenticated" : "invalid-token";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            default -> throw new IllegalArgumentException("not a refusal: " + status);
        };
    }

    /** Everything a call could change about a task (the delivery's outbox is drained by the relay meanwhile). */
    record Snapshot(Document task, Document delivery, long files) {
    }

    private Snapshot snapshot(String deliveryId) {
        Document delivery = mongo.findById(deliveryId, Document.class, "deliveries");
        delivery.remove("outbox");
        return new Snapshot(task(deliveryId), delivery, files(deliveryId));
    }

    static {
        // Keeps the README's column order and this enum's in step.
        assertThat(Arrays.stream(Who.values()).map(Enum::name).toList()).startsWith("TARGET_OFFICER", "TARGET_APPROVER");
    }
}
