package vn.govcomm.local;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tokens for the local run's demo users, from the gateway's built-in issuer (OAuth2 client credentials; client id
 * = user name, password "demo"), so the demo data and the end-to-end tests go through the same authentication as
 * the console.
 */
public final class DemoUsers {

    public static final String OFFICER = "tran.thi.lan";
    public static final String APPROVER = "nguyen.van.minh";
    public static final String ADMIN = "hoang.quoc.bao";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DemoUsers() {
    }

    /**
     * The demo data's client of the gateway, on the JDK's HTTP client whatever else is on the classpath. Without a
     * request factory, Spring picks Apache HttpClient when it is present (the launcher's one classpath has it: the
     * Facebook and Zalo adapters use it), and Apache's defaults send a request answered 503 or 429 again after a
     * second, a {@code POST} too when its body can be repeated: a campaign created twice.
     */
    static RestClient client(String gatewayUrl) {
        return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).baseUrl(gatewayUrl).build();
    }

    public static String bearer(String gatewayUrl, String user) {
        String answer = client(gatewayUrl).post().uri("/oauth2/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=" + user + "&client_secret="
                        + System.getenv().getOrDefault("GOVCOMM_DEMO_PASSWORD", "demo"))
                .retrieve().body(String.class);
        return "Bearer " + JSON.readTree(answer).path("access_token").asString();
    }
}
