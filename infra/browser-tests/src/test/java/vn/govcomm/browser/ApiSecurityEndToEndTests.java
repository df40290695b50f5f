package vn.govcomm.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The denials end to end through the gateway and the real campaign service (no browser needed): no token → 401;
 * a token with the wrong role → 403; another agency's officer cannot read or change the campaign (403/404);
 * forged identity headers do not help.
 */
class ApiSecurityEndToEndTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static RestClient gateway;

    @BeforeAll
    static void start() {
        gateway = RestClient.builder().baseUrl(SharedPlatform.gateway())
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
    }

    static String token(String user) {
        return JSON.readTree(gateway.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=" + user + "&client_secret=demo")
                .retrieve().body(String.class)).path("access_token").asString();
    }

    static String createDraft(String officerToken) {
        LocalDate today = LocalDate.now();
        String body = """
                {"code": "SNV-SEC-%d", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Thông báo nội bộ", "bodyHtml": "<p>Nội dung</p>", "ledText": "Nội dung"},
                 "targets": [{"agencyId": "so-noi-vu", "channels": ["portal"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}""".formatted(System.nanoTime(), today, today.plusDays(7));
        ResponseEntity<String> created = gateway.post().uri("/api/campaigns").headers(h -> h.setBearerAuth(officerToken))
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(String.class);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return JSON.readTree(created.getBody()).path("id").asString();
    }

    @Test
    void withoutATokenTheApiAnswers401ProblemDetails() {
        ResponseEntity<String> response = gateway.get().uri("/api/campaigns").header("X-User-Id", "tran.thi.lan")
                .header("X-User-Roles", "admin").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(JSON.readTree(response.getBody()).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void anOfficerCannotApproveEvenTheirOwnAgencysCampaign() {
        String lan = token("tran.thi.lan");
        String id = createDraft(lan);
        gateway.post().uri("/api/campaigns/{id}/submit", id).headers(h -> h.setBearerAuth(lan)).retrieve().toBodilessEntity();
        ResponseEntity<String> approve = gateway.post().uri("/api/campaigns/{id}/approve", id)
                .headers(h -> h.setBearerAuth(lan)).contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(String.class);
        assertThat(approve.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void anotherAgencysUsersNeitherSeeNorChangeTheCampaignEvenWithForgedHeaders() {
        String id = createDraft(token("tran.thi.lan"));
        String hoa = token("le.thi.hoa");        // officer of so-y-te
        String duc = token("pham.van.duc");      // approver of so-y-te

        ResponseEntity<String> read = gateway.get().uri("/api/campaigns/{id}", id).headers(h -> {
            h.setBearerAuth(hoa);
            h.set("X-User-Agency", "so-noi-vu"); // forged: stripped by the gateway
        }).retrieve().toEntity(String.class);
        assertThat(read.getStatusCode().value()).isIn(403, 404);

        ResponseEntity<String> submit = gateway.post().uri("/api/campaigns/{id}/submit", id)
                .headers(h -> h.setBearerAuth(hoa)).retrieve().toEntity(String.class);
        assertThat(submit.getStatusCode().value()).isIn(403, 404);

        String lan = token("tran.thi.lan");
        gateway.post().uri("/api/campaigns/{id}/submit", id).headers(h -> h.setBearerAuth(lan)).retrieve().toBodilessEntity();
        ResponseEntity<String> approve = gateway.post().uri("/api/campaigns/{id}/approve", id)
                .headers(h -> h.setBearerAuth(duc)).contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(String.class);
        assertThat(approve.getStatusCode().value()).isIn(403, 404);

        JsonNode list = JSON.readTree(gateway.get().uri("/api/campaigns").headers(h -> h.setBearerAuth(hoa))
                .retrieve().body(String.class));
        list.forEach(c -> assertThat(c.path("id").asString()).isNotEqualTo(id));
    }
}
