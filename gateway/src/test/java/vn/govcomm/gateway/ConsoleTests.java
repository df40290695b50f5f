package vn.govcomm.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The console over HTTP (no browser): sign-in, language, the preview, and refusal of cross-site posts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class ConsoleTests {

    static final EchoUpstream UPSTREAM = new EchoUpstream();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("MONGODB_URI", TestStore::uri);
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
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String signIn(String user, String password) throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/console/login"))
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
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/console/login"))
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
    void previewsTheNoticeOnEachChannelWithoutRunningItsScripts() throws Exception {
        String session = signIn("tran.thi.lan", "demo");
        HttpResponse<String> preview = send(HttpRequest.newBuilder(uri("/console/preview")).header("Cookie", session)
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
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
    }
}
