package vn.govcomm.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.identity.Caller;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console over HTTP (no browser): sign-in, language, the preview, its calls to the services with caller tokens,
 * the same-origin rule for everything its session cookie authenticates, and its security headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=gateway",
        "govcomm.gateway.cors.allowed-origins=https://sonoivu.khanhhoa.gov.vn",
        // stands for the notice editor's bundle (built by npm, absent from builds without it): any resource that exists
        "govcomm.console.editor-script=classpath:/gateway.yml"})
class ConsoleTests {

    static final EchoUpstream UPSTREAM = new EchoUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        registry.add("CAMPAIGN_SERVICE_URL", UPSTREAM::url);
        registry.add("REPORTING_SERVICE_URL", UPSTREAM::url);
        registry.add("PUBLISHING_SERVICE_URL", UPSTREAM::url);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Value("${local.server.port}")
    int port;

    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create(self() + path);
    }

    /** The gateway's own origin, as a browser on it would send it. */
    String self() {
        return "http://127.0.0.1:" + port;
    }

    String signIn(String user, String password) throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/console/login")).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
        return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse(null);
    }

    @Test
    void sendsAnonymousVisitorsToTheSignInPageInVietnamese() throws Exception {
        HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/console")));
        assertThat(list.statusCode()).isEqualTo(303);
        assertThat(list.headers().firstValue("Location")).hasValue("/console/login");
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/console/login")));
        assertThat(login.body()).contains("Đăng nhập").contains("lang=\"vi\"").contains("<main id=\"main\"");
    }

    @Test
    void refusesAWrongPasswordAndSetsAStrictHttpOnlySessionForTheRightOne() throws Exception {
        assertThat(signIn("tran.thi.lan", "wrong")).isNull();
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/console/login")).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("username=tran.thi.lan&password=demo")));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("GOVCOMM_SESSION=").contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void showsTheCampaignListInVietnameseByDefaultAndInEnglishOnRequest() throws Exception {
        String session = signIn("tran.thi.lan", "demo");
        HttpResponse<String> vi = send(HttpRequest.newBuilder(uri("/console")).header("Cookie", session));
        assertThat(vi.statusCode()).isEqualTo(200);
        assertThat(vi.body()).contains("Chiến dịch truyền thông").contains("Trần Thị Lan").contains("Tạo chiến dịch");
        HttpResponse<String> en = send(HttpRequest.newBuilder(uri("/console?lang=en")).header("Cookie", session));
        assertThat(en.body()).contains("Communication campaigns").contains("lang=\"en\"");
    }

    @Test
    void callsTheServicesWithACallerTokenForTheSignedInUserAndNothingElse() throws Exception {
        String session = signIn("le.thi.hoa", "demo");
        int before = UPSTREAM.to("/api/campaigns").size();
        assertThat(send(HttpRequest.newBuilder(uri("/console")).header("Cookie", session)).statusCode()).isEqualTo(200);
        EchoUpstream.Received call = UPSTREAM.to("/api/campaigns").get(before);
        Caller caller = TestGateway.callerFor("campaign-service", call.header("Authorization"));
        assertThat(caller.userId()).isEqualTo("le.thi.hoa");
        assertThat(caller.roles()).containsExactly("officer");
        assertThat(caller.agencyId()).isEqualTo("so-y-te");
        assertThat(call.headers().keySet()).noneMatch(h -> h.startsWith("x-user-"));
        assertThat(call.headers()).doesNotContainKey("cookie");
    }

    @Test
    void previewsTheNoticeOnEachChannelWithoutRunningItsScripts() throws Exception {
        String session = signIn("tran.thi.lan", "demo");
        HttpResponse<String> preview = send(HttpRequest.newBuilder(uri("/console/preview")).header("Cookie", session)
                .header("Origin", self()).header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("title=Th%C3%B4ng+b%C3%A1o&bodyHtml=%3Cp%3EN%E1%BB%99i+dung%3C%2Fp%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"
                        + "&ledText=Kh%E1%BA%A3o+s%C3%A1t+m%E1%BB%A9c+%C4%91%E1%BB%99+h%C3%A0i+l%C3%B2ng+n%C4%83m+2023&ledLines=2&ledChars=12")));
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("<p>Nội dung</p>").doesNotContain("<script>alert")
                .contains("Khảo sát mức").contains("Màn hình LED 2×12");
    }

    @Test
    void refusesACrossSiteFormPost() throws Exception {
        String session = signIn("tran.thi.lan", "demo");
        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/console/campaigns/cmp-1/submit"))
                .header("Cookie", session).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> fetched = send(HttpRequest.newBuilder(uri("/console/campaigns/cmp-1/submit"))
                .header("Cookie", session).header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(fetched.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/console/campaigns/cmp-1/submit"))
                .header("Cookie", session).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(anonymous.statusCode()).as("neither Fetch Metadata nor Origin/Referer").isEqualTo(403);
        assertThat(UPSTREAM.to("/api/campaigns/cmp-1/submit")).isEmpty();
    }

    /**
     * The session cookie on /api/** (the live board's stream uses it): only from the console's own pages. Fetch
     * Metadata decides when the browser sends it; otherwise unsafe methods need the gateway's own Origin or Referer.
     */
    @ParameterizedTest(name = "{0} {1} site={2} origin={3} referer={4} → {5} {6}")
    @CsvSource(nullValues = "-", value = {
            "GET,    /api/reports/campaigns/c-1, same-origin, -,                              -,                      200, -",
            "GET,    /api/reports/campaigns/c-1, none,        -,                              -,                      200, -",
            "GET,    /api/reports/campaigns/c-1, same-site,   -,                              -,                      403, cross-site-request",
            "GET,    /api/reports/campaigns/c-1, cross-site,  -,                              -,                      403, cross-site-request",
            "GET,    /api/reports/campaigns/c-1, -,           -,                              -,                      200, -",
            "POST,   /api/campaigns,             same-origin, SELF,                           -,                      200, -",
            "POST,   /api/campaigns,             cross-site,  SELF,                           -,                      403, cross-site-request",
            "POST,   /api/campaigns,             same-site,   -,                              -,                      403, cross-site-request",
            "POST,   /api/campaigns,             -,           SELF,                           -,                      200, -",
            "POST,   /api/campaigns,             -,           -,                              SELF/console,           200, -",
            "POST,   /api/campaigns,             -,           -,                              https://evil.example/x, 403, cross-site-request",
            "POST,   /api/campaigns,             -,           -,                              -,                      403, cross-site-request",
            "POST,   /api/campaigns,             cross-site,  https://sonoivu.khanhhoa.gov.vn, -,                     403, cross-site-request",
            "POST,   /api/campaigns,             -,           https://sonoivu.khanhhoa.gov.vn, -,                     403, cross-site-request",
            "POST,   /api/campaigns,             -,           https://evil.example,           -,                      403, cors-origin-refused",
            "POST,   /api/campaigns,             -,           null,                           -,                      403, cors-origin-refused",
            "DELETE, /api/campaigns/c-1,         -,           https://127.0.0.1.evil.example, -,                      403, cors-origin-refused"})
    void acceptsTheSessionCookieOnTheApiOnlyFromTheConsolesOwnOrigin(String method, String path, String site,
                                                                    String origin, String referer, int status,
                                                                    String code) throws Exception {
        String session = signIn("nguyen.van.minh", "demo");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Cookie", session)
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (!method.equals("GET")) {
            request.header("Content-Type", "application/json");
        }
        if (site != null) {
            request.header("Sec-Fetch-Site", site);
        }
        if (origin != null) {
            request.header("Origin", origin.replace("SELF", self()));
        }
        if (referer != null) {
            request.header("Referer", referer.replace("SELF", self()));
        }
        int before = UPSTREAM.received.size();
        HttpResponse<String> response = send(request);
        assertThat(response.statusCode()).isEqualTo(status);
        if (status == 403) {
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo(code);
            assertThat(UPSTREAM.received).hasSize(before);
        }
    }

    @Test
    void aBearerTokenCallIsNotSubjectToTheSameOriginRule() throws Exception {
        String token = Tokens.of(org.springframework.web.client.RestClient.create(self()), "nguyen.van.minh");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/campaigns"))
                .header("Authorization", "Bearer " + token).header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://sonoivu.khanhhoa.gov.vn").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void sendsAContentSecurityPolicyAndTheOtherSecurityHeadersWithTheConsole() throws Exception {
        String session = signIn("tran.thi.lan", "demo");
        for (String path : new String[]{"/console/login", "/console", "/console/campaigns/new", "/console/static/console.js"}) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(uri(path)).header("Cookie", session));
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'")
                    .contains("base-uri 'self'").contains("form-action 'self'").contains("script-src 'self'")
                    .doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'");
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
            assertThat(page.headers().firstValue("Strict-Transport-Security")).as("plain http").isEmpty();
        }
        // The pages keep to the policy: no inline scripts or event handlers; htmx without eval or injected styles.
        HttpResponse<String> wizard = send(HttpRequest.newBuilder(uri("/console/campaigns/new")).header("Cookie", session));
        assertThat(wizard.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=")
                .contains("\"allowEval\":false").contains("\"includeIndicatorStyles\":false");
        // with the editor built, the page loads it (same origin) and keeps the textarea it takes over (no JS: posted as is)
        assertThat(wizard.body()).contains("<script src=\"/console/static/editor.js\" defer></script>")
                .contains("data-notice-editor").contains("data-label-bold=\"Chữ đậm\"")
                .contains("<textarea id=\"bodyHtml\" name=\"bodyHtml\" rows=\"6\" required");
    }
}
