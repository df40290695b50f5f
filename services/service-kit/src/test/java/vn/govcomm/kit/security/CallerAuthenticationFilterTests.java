package vn.govcomm.kit.security;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.CallerKeys;
import vn.govcomm.identity.CallerTokenVerifier;
import vn.govcomm.identity.testing.TestCallers;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CallerAuthenticationFilterTests {

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CallerAuthenticationFilter filter = new CallerAuthenticationFilter(
            new CallerTokenVerifier(CallerKeys.parsePublicKeys(TestCallers.publicKeys()), "reporting-service",
                    List.of("so-noi-vu"), Clock.systemUTC()),
            List.of("/feeds/**"), 1024, meters);
    AtomicReference<Object> reached = new AtomicReference<>();
    FilterChain chain = (req, res) -> {
        reached.set(req.getAttribute(CallerAuthenticationFilter.CALLER) == null ? "anonymous"
                : req.getAttribute(CallerAuthenticationFilter.CALLER));
        req.getInputStream().readAllBytes();
    };

    MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    static MockHttpServletRequest get(String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setRequestURI(uri);
        return request;
    }

    @Test
    void aValidCallerTokenReachesTheHandlerAsItsCaller() throws Exception {
        MockHttpServletRequest request = get("/api/reports/campaigns/c1");
        request.addHeader("Authorization", TestCallers.bearer("reporting-service", "le.thi.hoa", "so-y-te", "officer"));
        assertThat(run(request).getStatus()).isEqualTo(200);
        assertThat(reached.get()).isInstanceOfSatisfying(Caller.class, c -> {
            assertThat(c.userId()).isEqualTo("le.thi.hoa");
            assertThat(c.agencyId()).isEqualTo("so-y-te");
            assertThat(c.roles()).containsExactly("officer");
        });
    }

    @Test
    void forgedIdentityHeadersWithoutATokenAreRefused() throws Exception {
        MockHttpServletRequest request = get("/api/reports/campaigns/c1/recount");
        request.setMethod("POST");
        request.addHeader("X-User-Id", "eve");
        request.addHeader("X-User-Roles", "admin");
        request.addHeader("X-User-Agency", "so-noi-vu");
        MockHttpServletResponse response = run(request);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"unauthenticated\"");
        assertThat(reached.get()).isNull();
        assertThat(meters.counter("govcomm.security.refused", "reason", "no_token").count()).isEqualTo(1);
    }

    @Test
    void aForeignKeyAnotherAudienceOrAUserAccessTokenIsRefused() throws Exception {
        for (String bearer : List.of(TestCallers.foreignBearer("reporting-service", "eve", "so-noi-vu", "admin"),
                TestCallers.bearer("campaign-service", "eve", "so-noi-vu", "admin"), "Bearer not.a.jwt")) {
            MockHttpServletRequest request = get("/api/reports/campaigns/c1");
            request.addHeader("Authorization", bearer);
            MockHttpServletResponse response = run(request);
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentAsString()).contains("\"code\":\"invalid-token\"");
        }
        assertThat(reached.get()).isNull();
    }

    @Test
    void publicPathsAndHealthPassWithoutACaller() throws Exception {
        assertThat(run(get("/feeds/portal-1/rss.xml")).getStatus()).isEqualTo(200);
        assertThat(reached.get()).isEqualTo("anonymous");
        reached.set(null);
        assertThat(run(get("/actuator/health/readiness")).getStatus()).isEqualTo(200);
        assertThat(reached.get()).isEqualTo("anonymous");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/feeds;x=1/../api/reports", "/feeds/%2e%2e/api/reports", "/feeds/..%2fapi", "/feeds//x",
            "/api;x=1/reports/campaigns/c1", "/feeds/a\\b"})
    void ambiguousPathsAreRefusedBeforeAnyDecision(String uri) throws Exception {
        MockHttpServletResponse response = run(get(uri));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("\"code\":\"ambiguous-path\"");
        assertThat(reached.get()).isNull();
    }

    @Test
    void anEncodedPublicLookingPathIsJudgedDecoded() throws Exception {
        // /%61pi/... is /api/...: not public, so it needs a token.
        assertThat(run(get("/%61pi/reports/campaigns/c1")).getStatus()).isEqualTo(401);
        assertThat(run(get("/%66eeds/portal-1/rss.xml")).getStatus()).isEqualTo(200);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWhileItStreams() throws Exception {
        // No Content-Length, as with Transfer-Encoding: chunked
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/feeds/hub") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setRequestURI("/feeds/hub");
        chunked.setContent(new byte[4096]);
        MockHttpServletResponse response = run(chunked);
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("\"code\":\"body-too-large\"");
        // A declared length over the limit is refused before anything is read.
        MockHttpServletRequest declared = get("/feeds/hub");
        declared.setMethod("POST");
        declared.setContent(new byte[2048]);
        assertThat(run(declared).getStatus()).isEqualTo(413);
    }
}
