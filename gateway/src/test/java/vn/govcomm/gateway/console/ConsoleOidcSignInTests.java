package vn.govcomm.gateway.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's OpenID Connect sign-in over real HTTP, against {@link FakeOidcProvider}: the happy path from
 * /console/login through the provider and back to a signed-in console, sign-out at the provider, and each way a
 * sign-in must be refused (with an explanation page, never a session cookie).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class ConsoleOidcSignInTests {

    static final FakeOidcProvider PROVIDER = new FakeOidcProvider();

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        registry.add("MONGODB_URI", vn.govcomm.gateway.TestStore::uri);
        registry.add("CALLER_TOKEN_SIGNING_KEY", vn.govcomm.identity.testing.TestCallers::signingKey);
        registry.add("OIDC_ISSUER_URI", PROVIDER::url);
        registry.add("OIDC_CLIENT_ID", () -> FakeOidcProvider.CLIENT_ID);
        registry.add("OIDC_CLIENT_SECRET", () -> FakeOidcProvider.CLIENT_SECRET);
        // Nothing answers here: the console's list degrades to an error line, which is fine for these tests.
        registry.add("CAMPAIGN_SERVICE_URL", () -> "http://127.0.0.1:9");
    }

    @AfterAll
    static void stop() {
        PROVIDER.close();
    }

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void reset() {
        PROVIDER.reset();
    }

    HttpResponse<String> get(String url, String... cookies) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (cookies.length > 0) {
            b.header("Cookie", String.join("; ", cookies));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String gateway(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static Optional<String> setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst();
    }

    static String pair(String setCookie) {
        return setCookie.split(";")[0];
    }

    /** A sign-in begun at the console: where it sent the browser and the cookie it set for the way back. */
    record Started(URI authorize, String pendingCookie) {
    }

    Started begin() throws Exception {
        HttpResponse<String> login = get(gateway("/console/login"));
        assertThat(login.statusCode()).isEqualTo(302);
        String pending = setCookie(login, "GOVCOMM_OIDC").orElseThrow();
        return new Started(URI.create(login.headers().firstValue("Location").orElseThrow()), pending);
    }

    /** The provider's redirect back to the gateway (its Location), as the browser would follow it. */
    URI atProvider(URI authorize) throws Exception {
        HttpResponse<String> answer = get(authorize.toString());
        assertThat(answer.statusCode()).isEqualTo(302);
        return URI.create(answer.headers().firstValue("Location").orElseThrow());
    }

    HttpResponse<String> callback(URI back, String pendingCookie) throws Exception {
        return pendingCookie == null ? get(back.toString()) : get(back.toString(), pair(pendingCookie));
    }

    void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("data-reason=\"" + reason + "\"").contains("Không đăng nhập được")
                .doesNotContain("Exception").doesNotContain("at vn.govcomm");
        assertThat(setCookie(response, "GOVCOMM_SESSION")).isEmpty();
    }

    @Test
    void signsAnOfficerInThroughTheProviderWithPkceStateAndNonce() throws Exception {
        Started started = begin();
        Map<String, String> q = FakeOidcProvider.query(started.authorize());
        assertThat(started.authorize().toString()).startsWith(PROVIDER.url() + "/authorize?");
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", FakeOidcProvider.CLIENT_ID)
                .containsEntry("redirect_uri", gateway("/console/login/callback"))
                .containsEntry("code_challenge_method", "S256");
        assertThat(q.get("scope").split(" ")).contains("openid");
        assertThat(q.get("state")).hasSizeGreaterThan(20);
        assertThat(q.get("nonce")).hasSizeGreaterThan(20);
        assertThat(q.get("code_challenge")).hasSize(43);
        assertThat(started.pendingCookie()).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/console/login")
                .contains("Max-Age=600").doesNotContain(q.get("state"));

        HttpResponse<String> back = callback(atProvider(started.authorize()), started.pendingCookie());

        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(PROVIDER.tokenAnswers).containsExactly("ok");
        String session = setCookie(back, "GOVCOMM_SESSION").orElseThrow();
        assertThat(session).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        assertThat(setCookie(back, "GOVCOMM_OIDC").orElseThrow()).contains("Max-Age=0");
        assertThat(back.body()).contains("url=/console").contains("Trần Thị Lan");

        HttpResponse<String> console = get(gateway("/console"), pair(session));
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("id=\"who-am-i\"").contains("Trần Thị Lan").contains("Cán bộ");   // the role in words
    }

    @Test
    void signsOutAtTheProviderWithTheIdTokenAsHint() throws Exception {
        Started started = begin();
        HttpResponse<String> back = callback(atProvider(started.authorize()), started.pendingCookie());
        String session = pair(setCookie(back, "GOVCOMM_SESSION").orElseThrow());
        String idToken = setCookie(back, "GOVCOMM_ID_TOKEN").orElseThrow();
        assertThat(idToken).contains("Path=/console/logout").contains("HttpOnly");

        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create(gateway("/console/logout")))
                .header("Cookie", session + "; " + pair(idToken)).header("Origin", gateway(""))
                .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(setCookie(out, "GOVCOMM_SESSION").orElseThrow()).contains("Max-Age=0");
        URI endSession = URI.create(out.headers().firstValue("Location").orElseThrow());
        assertThat(endSession.toString()).startsWith(PROVIDER.url() + "/logout?");
        Map<String, String> q = FakeOidcProvider.query(endSession);
        assertThat(q).containsEntry("id_token_hint", pair(idToken).substring("GOVCOMM_ID_TOKEN=".length()))
                .containsEntry("post_logout_redirect_uri", gateway("/console/signed-out"));
        HttpResponse<String> atProvider = get(endSession.toString());
        assertThat(PROVIDER.endSessions).hasSize(1);
        HttpResponse<String> signedOut = get(atProvider.headers().firstValue("Location").orElseThrow());
        assertThat(signedOut.statusCode()).isEqualTo(200);
        assertThat(signedOut.body()).contains("Bạn đã đăng xuất");
    }

    @Test
    void refusesAnAnswerWhoseStateIsNotThisBrowsers() throws Exception {
        Started started = begin();
        URI back = atProvider(started.authorize());
        URI forged = URI.create(back.toString().replaceAll("state=[^&]+", "state=somebody-elses-state"));
        assertRefused(callback(forged, started.pendingCookie()), 400, "state-mismatch");
        assertThat(PROVIDER.tokenAnswers).isEmpty();
    }

    @Test
    void refusesAnAnswerWithoutTheSignInCookie() throws Exception {
        Started started = begin();
        assertRefused(callback(atProvider(started.authorize()), null), 400, "state-missing");
        assertThat(PROVIDER.tokenAnswers).isEmpty();
    }

    @Test
    void refusesAnIdTokenWithAnotherNonce() throws Exception {
        PROVIDER.idTokenTweak = b -> b.claim("nonce", "replayed-nonce");
        Started started = begin();
        assertRefused(callback(atProvider(started.authorize()), started.pendingCookie()), 401, "id-token-invalid");
        assertThat(PROVIDER.tokenAnswers).containsExactly("ok");
    }

    @Test
    void refusesAnIdTokenForAnotherAudience() throws Exception {
        PROVIDER.idTokenTweak = b -> b.audience("another-application");
        Started started = begin();
        assertRefused(callback(atProvider(started.authorize()), started.pendingCookie()), 401, "id-token-invalid");
    }

    @Test
    void refusesAnExpiredIdToken() throws Exception {
        PROVIDER.idTokenTweak = b -> b.issueTime(Date.from(Instant.now().minusSeconds(1200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600)));
        Started started = begin();
        assertRefused(callback(atProvider(started.authorize()), started.pendingCookie()), 401, "id-token-invalid");
    }

    @Test
    void refusesAnIdTokenSignedWithAKeyNotInTheProvidersJwks() throws Exception {
        PROVIDER.signIdTokenWithForeignKey = true;
        Started started = begin();
        assertRefused(callback(atProvider(started.authorize()), started.pendingCookie()), 401, "id-token-invalid");
    }

    @Test
    void explainsThatTheProviderDeniedAccess() throws Exception {
        PROVIDER.denyNext = true;
        Started started = begin();
        HttpResponse<String> back = callback(atProvider(started.authorize()), started.pendingCookie());
        assertRefused(back, 403, "access-denied");
        assertThat(back.body()).contains("bị từ chối");
    }

    @Test
    void refusesACodeUsedTwice() throws Exception {
        Started started = begin();
        URI back = atProvider(started.authorize());
        assertThat(callback(back, started.pendingCookie()).statusCode()).isEqualTo(200);
        assertRefused(callback(back, started.pendingCookie()), 400, "code-rejected");
        assertThat(PROVIDER.tokenAnswers).containsExactly("ok", "invalid_grant: unknown or used code");
    }

    @Test
    void refusesACodeIssuedToAnotherSignInBecauseItsVerifierDoesNotMatch() throws Exception {
        Started victim = begin();
        URI victimsAnswer = atProvider(victim.authorize());
        Started attacker = begin();
        String attackerState = FakeOidcProvider.query(attacker.authorize()).get("state");
        // The victim's code injected into the attacker's own sign-in (state and cookie consistent, verifier not).
        URI injected = URI.create(victimsAnswer.toString().replaceAll("state=[^&]+", "state=" + attackerState));
        assertRefused(callback(injected, attacker.pendingCookie()), 400, "code-rejected");
        assertThat(PROVIDER.tokenAnswers).containsExactly("invalid_grant: code_verifier does not match the challenge");
    }

    @Test
    void refusesAUserWithoutAPlatformRole() throws Exception {
        PROVIDER.nextUser = new FakeOidcProvider.User("khach", "Khách", List.of("offline_access"), null);
        Started started = begin();
        HttpResponse<String> back = callback(atProvider(started.authorize()), started.pendingCookie());
        assertRefused(back, 403, "no-role");
        assertThat(back.body()).contains("chưa được cấp vai trò");
    }

    @Test
    void sendsAnExpiredSessionBackToSignIn() throws Exception {
        String expired = PROVIDER.accessToken(PROVIDER.nextUser, Duration.ofMinutes(-10));
        HttpResponse<String> console = get(gateway("/console"), "GOVCOMM_SESSION=" + expired);
        assertThat(console.statusCode()).isEqualTo(303);
        assertThat(console.headers().firstValue("Location")).hasValue("/console/login");
        String valid = PROVIDER.accessToken(PROVIDER.nextUser, Duration.ofMinutes(5));
        assertThat(get(gateway("/console"), "GOVCOMM_SESSION=" + valid).statusCode()).isEqualTo(200);
    }

    @Test
    void theConsolesContentSecurityPolicyLetsSignOutGoOnToTheProvider() throws Exception {
        HttpResponse<String> login = get(gateway("/console/login"));
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' " + PROVIDER.url() + ";").contains("frame-ancestors 'none'");
    }

    @Test
    void showsTheRefusalInEnglishOnRequest() throws Exception {
        Started started = begin();
        HttpResponse<String> back = get(atProvider(started.authorize()) + "&lang=en");
        assertThat(back.statusCode()).isEqualTo(400);
        assertThat(back.body()).contains("Could not sign you in").contains("lang=\"en\"");
    }
}
