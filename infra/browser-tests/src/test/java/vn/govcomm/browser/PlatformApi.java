package vn.govcomm.browser;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;

/**
 * The shared platform's API through its gateway, as the demo users (password {@code demo}, client-credentials tokens):
 * what the browser tests prepare or verify without the console. Any error answer fails the test with its URI, status
 * and body.
 */
final class PlatformApi {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static RestClient client;

    private PlatformApi() {
    }

    static synchronized RestClient client() {
        if (client == null) {
            client = RestClient.builder().baseUrl(SharedPlatform.gateway()).defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {
                throw new AssertionError(req.getURI() + " → " + res.getStatusCode() + " " + new String(res.getBody().readAllBytes()));
            }).build();
        }
        return client;
    }

    /** An access token of a demo user. */
    static String token(String user) {
        return JSON.readTree(client().post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=" + user + "&client_secret=demo")
                .retrieve().body(String.class)).path("access_token").asString();
    }

    /** {@code GET path} as {@code user}, read as JSON. */
    static JsonNode get(String user, String path, Object... variables) {
        return JSON.readTree(client().get().uri(path, variables).headers(h -> h.setBearerAuth(token(user)))
                .retrieve().body(String.class));
    }

    static JsonNode campaign(String id, String user) {
        return get(user, "/api/campaigns/{id}", id);
    }

    /**
     * {@code POST path} as {@code user} with a JSON body ({@code null}: none), the answer read as JSON (an empty answer
     * as a missing node).
     */
    static JsonNode post(String user, String path, String json, Object... variables) {
        RestClient.RequestBodySpec request = client().post().uri(path, variables).headers(h -> h.setBearerAuth(token(user)));
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json);
        }
        String answer = request.retrieve().body(String.class);
        return answer == null || answer.isBlank() ? JSON.missingNode() : JSON.readTree(answer);
    }

    /** A draft of Sở Nội vụ by tran.thi.lan; {@code json} is the campaign request. Its id. */
    static String draft(String json) {
        return post("tran.thi.lan", "/api/campaigns", json).path("id").asString();
    }

    /** The draft submitted by tran.thi.lan and approved by nguyen.van.minh (Sở Nội vụ). */
    static String submitAndApprove(String id) {
        post("tran.thi.lan", "/api/campaigns/{id}/submit", null, id);
        post("nguyen.van.minh", "/api/campaigns/{id}/approve", "{}", id);
        return id;
    }

    /** A campaign request of Sở Nội vụ for Sở Y tế's portal, from today for {@code days} days. */
    static String campaignRequest(String code, String title, int days) {
        LocalDate today = LocalDate.now();
        return """
                {"code": "%s", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": %s, "bodyHtml": "<p>Thông báo của Sở Nội vụ.</p>"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}""".formatted(code, JSON.writeValueAsString(title), today, today.plusDays(days));
    }
}
