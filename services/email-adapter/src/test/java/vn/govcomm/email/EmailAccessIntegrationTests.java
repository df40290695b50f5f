package vn.govcomm.email;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.govcomm.identity.testing.MatrixCaller;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's only HTTP API is the kit's dead-letter tooling (gateway: /api/dead-letters/email-adapter/**): admins
 * of any agency read it; officers, approvers and viewers get 403; no token, forged headers, a foreign key or another
 * service's token get 401; every refusal is problem+json. Actuator health stays open for the probes.
 */
class EmailAccessIntegrationTests extends EmailAdapterTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        for (String agency : List.of("so-noi-vu", AGENCY)) {
            cells.add(Arguments.of(MatrixCaller.token(AUDIENCE, "admin", agency, "so-noi-vu"), 200, null));
            for (String role : List.of("officer", "approver", "viewer")) {
                cells.add(Arguments.of(MatrixCaller.token(AUDIENCE, role, agency, "so-noi-vu"), 403, "forbidden"));
            }
        }
        for (MatrixCaller refused : MatrixCaller.unauthenticated(AUDIENCE, "manual-adapter", "so-noi-vu")) {
            cells.add(Arguments.of(refused, 401, refused.refusalCode()));
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "dead letters by {0} → {1}")
    @MethodSource("matrix")
    void theDeadLetterApiAnswersEveryCallerAsDocumented(MatrixCaller who, int expected, String code) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/dead-letters/topics")).GET();
        who.headers().forEach(request::header);

        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected);
        if (code != null) {
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(answer.body()).path("code").asString()).isEqualTo(code);
        } else {
            assertThat(answer.body()).contains("delivery.requests.email.DLT");
        }
    }

    @ParameterizedTest(name = "{0} is open for the probes")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness"})
    void theProbesNeedNoToken(String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("UP");
    }
}
