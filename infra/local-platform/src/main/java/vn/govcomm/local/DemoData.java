package vn.govcomm.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Demo data for the local run, loaded through the public API (as an officer and an approver would): the
 * 2023 citizen-satisfaction survey notice of the Department of Home Affairs (seed 001), sent to the
 * provincial departments, vertical agencies and public service units. The window is moved to start today so
 * the demo runs now; the text is the original.
 */
final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private final String gatewayUrl;
    private final RestClient api;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoData(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
        this.api = RestClient.create(gatewayUrl);
    }

    void loadIfEmpty() {
        String officer = DemoUsers.bearer(gatewayUrl, DemoUsers.OFFICER);
        String approver = DemoUsers.bearer(gatewayUrl, DemoUsers.APPROVER);
        JsonNode existing = json.readTree(api.get().uri("/api/campaigns").header("Authorization", officer)
                .retrieve().body(String.class));
        if (!existing.isEmpty()) {
            return;
        }
        ObjectNode campaign = (ObjectNode) json.readTree(resource("demo/campaign-2023-satisfaction-survey.json"));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        ObjectNode window = (ObjectNode) campaign.path("window");
        window.put("startDate", today.toString());
        window.put("endDate", today.plusMonths(3).toString());
        // agencies must have published within a week: reminders go out 3 days before, on the day and 2 days after
        campaign.put("deadline", today.plusDays(7).toString());
        String id = json.readTree(api.post().uri("/api/campaigns")
                .header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(campaign))
                .retrieve().body(String.class)).path("id").asString();
        api.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer)
                .retrieve().toBodilessEntity();
        api.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", approver)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"comment\":\"Đồng ý phát hành.\"}").retrieve().toBodilessEntity();
        log.info("Demo campaign {} created, approved and scheduled", id);
    }

    private static String resource(String name) {
        try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
