package vn.govcomm.kit.deadletters;

import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.govcomm.identity.testing.MatrixCaller;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter API's endpoint × caller matrix, cell by cell over real HTTP: an admin of any agency may do
 * everything; an officer, approver or viewer of any agency gets 403 {@code forbidden}; no token, forged identity
 * headers, a token signed by a foreign key or meant for another service get 401. Every refused cell answers
 * problem+json and leaves the dead letter exactly as it was: no action stored, nothing handed to the listener. No
 * cell writes to the source topic.
 */
class DeadLetterAccessMatrixTests extends DeadLetterTestSupport {

    static final String OWN = "so-noi-vu";
    static final String OTHER = "so-y-te";

    enum Endpoint {
        TOPICS("GET", BASE),
        RECORDS("GET", BASE + "/" + DLT + "/records?exceptionClass={failure}"),
        INSPECT("GET", BASE + "/" + DLT + "/records/{id}"),
        REPLAY("POST", BASE + "/" + DLT + "/records/{id}/replay"),
        DISCARD("POST", BASE + "/" + DLT + "/records/{id}/discard"),
        REPLAY_MANY("POST", BASE + "/" + DLT + "/replay");

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
            for (String agency : List.of(OWN, OTHER)) {
                cells.add(Arguments.of(endpoint, MatrixCaller.token(AUDIENCE, "admin", agency, OWN), 200, null));
                for (String role : List.of("officer", "approver", "viewer")) {
                    cells.add(Arguments.of(endpoint, MatrixCaller.token(AUDIENCE, role, agency, OWN), 403, "forbidden"));
                }
            }
            for (MatrixCaller refused : MatrixCaller.unauthenticated(AUDIENCE, "campaign-service", OWN)) {
                cells.add(Arguments.of(endpoint, refused, 401, refused.refusalCode()));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} by {1} → {2}")
    @MethodSource("matrix")
    void everyCellOfTheMatrixAnswersAsDocumented(Endpoint endpoint, MatrixCaller who, int expected, String code)
            throws Exception {
        String failure = "test.Matrix" + UUID.randomUUID().toString().replace("-", "");
        String key = "m-" + UUID.randomUUID();
        RecordId id = deadLetter(key, "ok", failure, "vn.govcomm.test.matrix.v1", GROUP);
        Map<Integer, Long> ends = sourceEnds();
        String path = endpoint.path.replace("{id}", id.toString()).replace("{failure}", failure);
        String body = switch (endpoint) {
            case DISCARD -> "{\"reason\":\"matrix cell\"}";
            case REPLAY_MANY -> "{\"exceptionClass\":\"" + failure + "\"}";
            default -> null;
        };

        Answer answer = endpoint.method.equals("GET") ? get(path, who.headers()) : post(path, body, who.headers());

        assertThat(answer.status()).as(answer.raw()).isEqualTo(expected);
        assertThat(sourceEnds()).as("nothing written to the source topic").isEqualTo(ends);
        Document stored = action(id);
        if (code != null) {
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.code()).isEqualTo(code);
            assertThat(answer.body().propertyNames()).as("nothing listed").doesNotContain("topics", "records", "value",
                    "replayed", "action");
            assertThat(stored).as("nothing done with the dead letter").isNull();
            assertThat(orders.handled(key)).as("nothing replayed").isEmpty();
            return;
        }
        switch (endpoint) {
            case TOPICS -> assertThat(answer.body().path("topics")).anySatisfy(t ->
                    assertThat(t.path("topic").asString()).isEqualTo(DLT));
            case RECORDS -> assertThat(answer.body().path("records")).singleElement().satisfies(r ->
                    assertThat(r.path("id").asString()).isEqualTo(id.toString()));
            case INSPECT -> assertThat(answer.body().path("value").asString()).isEqualTo("ok");
            case REPLAY, REPLAY_MANY -> {
                assertThat(stored.getString("action")).isEqualTo("replayed");
                assertThat(stored.getString("by")).isEqualTo(who.user());
                assertThat(orders.handled(key)).as("processed by the listener").hasSize(1);
            }
            case DISCARD -> {
                assertThat(stored.getString("action")).isEqualTo("discarded");
                assertThat(stored.getString("by")).isEqualTo(who.user());
                assertThat(stored.getString("reason")).isEqualTo("matrix cell");
            }
        }
        if (endpoint.method.equals("GET")) {
            assertThat(stored).as("reading changes nothing").isNull();
        }
        if (endpoint != Endpoint.REPLAY && endpoint != Endpoint.REPLAY_MANY) {
            assertThat(orders.handled(key)).isEmpty();
        }
    }
}
