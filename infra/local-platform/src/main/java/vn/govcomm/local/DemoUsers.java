package vn.govcomm.local;

import org.springframework.http.MediaType;
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

    public static String bearer(String gatewayUrl, String user) {
        String answer = RestClient.create(gatewayUrl).post().uri("/oauth2/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=" + user + "&client_secret="
                        + System.getenv().getOrDefault("GOVCOMM_DEMO_PASSWORD", "demo"))
                .retrieve().body(String.class);
        return "Bearer " + JSON.readTree(answer).path("access_token").asString();
    }
}
