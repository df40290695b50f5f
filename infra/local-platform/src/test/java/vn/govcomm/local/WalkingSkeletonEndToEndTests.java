package vn.govcomm.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton, end to end through the real broker: an officer creates a campaign for 3 agencies ×
 * 4 channels through the gateway, an approver approves it, and within seconds the reporting service shows 12
 * deliveries, each with the status its channel adapter reported.
 */
class WalkingSkeletonEndToEndTests {

    static LocalPlatform platform;
    static RestClient gateway;
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() {
        platform = LocalPlatform.start(LocalPlatform.Settings.forTests());
        gateway = RestClient.create(platform.url(PlatformService.GATEWAY));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void campaignForThreeAgenciesOnFourChannelsEndsUpAsTwelveReportedDeliveries() {
        int postsBefore = platform.channels().facebook().allPosts().size();   // the other tests' posts
        LocalDate today = LocalDate.now();
        String request = """
                {"code": "SNV-CCHC-E2E", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Thông báo triển khai khảo sát mức độ hài lòng năm 2023",
                            "bodyHtml": "<p>Lực lượng khảo sát viên sẽ lấy ý kiến người dân, tổ chức, doanh nghiệp.</p>",
                            "ledText": "Khảo sát mức độ hài lòng năm 2023: đề nghị người dân hỗ trợ khảo sát viên."},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal", "facebook", "zalo", "led"]},
                             {"agencyId": "cong-an-tinh", "channels": ["portal", "facebook", "zalo", "led"]},
                             {"agencyId": "bhxh-tinh", "channels": ["portal", "facebook", "zalo", "led"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(today, today.plusMonths(3));
        // Officer and approver of so-noi-vu, authenticated by the gateway's local issuer.
        String officer = DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.OFFICER);
        String approver = DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.APPROVER);
        String id = json.readTree(gateway.post().uri("/api/campaigns").header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON).body(request)
                .retrieve().body(String.class)).path("id").asString();
        gateway.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer)
                .retrieve().toBodilessEntity();
        gateway.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", approver)
                .retrieve().toBodilessEntity();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode report = json.readTree(gateway.get().uri("/api/reports/campaigns/{id}", id)
                    .header("Authorization", officer).retrieve().body(String.class));
            assertThat(report.path("total").asInt()).isEqualTo(12);
            List<String> statuses = new ArrayList<>();
            report.path("deliveries").forEach(d -> statuses.add(d.path("channel").asString() + ":" + d.path("status").asString()));
            // Each channel reports only what it can prove: portal item in the feed, Facebook post read back as
            // published, Zalo article verified; an LED item is only queued until a screen acknowledges it.
            assertThat(statuses).containsOnly("portal:PUBLISHED", "facebook:PUBLISHED", "zalo:PUBLISHED", "led:ACCEPTED");
        });

        JsonNode report = json.readTree(gateway.get().uri("/api/reports/campaigns/{id}", id)
                .header("Authorization", officer).retrieve().body(String.class));
        Set<String> agencies = new HashSet<>();
        report.path("deliveries").forEach(d -> agencies.add(d.path("agencyId").asString()));
        assertThat(agencies).containsExactlyInAnyOrder("so-y-te", "cong-an-tinh", "bhxh-tinh");
        assertThat(report.path("byChannel").path("facebook").path("PUBLISHED").asInt()).isEqualTo(3);

        // The publisher's own state machine agrees with the report.
        JsonNode progress = json.readTree(gateway.get().uri("/api/publications/{id}", id)
                .header("Authorization", officer).retrieve().body(String.class));
        assertThat(progress.path("deliveries").asInt()).isEqualTo(12);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(json.readTree(gateway.get()
                .uri("/api/publications/{id}", id).header("Authorization", officer).retrieve().body(String.class))
                .path("byStatus").path("PUBLISHED").asInt()).isEqualTo(9));

        // Exactly one post per Facebook delivery reached the (fake) Graph API.
        assertThat(platform.channels().facebook().allPosts()).hasSize(postsBefore + 3);
    }

    /**
     * Facebook, Zalo and portals' readers fetch a notice's pictures themselves, without the platform's tokens: the
     * addresses they get must open for anybody once the campaign is approved (and not before).
     */
    @Test
    void aNoticesPictureReachesTheChannelsAtAnAddressAnybodyCanOpen() {
        String officer = DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.OFFICER);
        String approver = DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.APPROVER);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 1, 2, 3};
        org.springframework.util.LinkedMultiValueMap<String, Object> form = new org.springframework.util.LinkedMultiValueMap<>();
        form.add("file", new org.springframework.core.io.ByteArrayResource(png) {
            @Override
            public String getFilename() {
                return "so-do-mot-cua.png";
            }
        });
        String picture = json.readTree(gateway.post().uri("/api/campaigns/attachments").header("Authorization", officer)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(form).retrieve().body(String.class)).path("id").asString();
        LocalDate today = LocalDate.now();
        String request = """
                {"code": "SNV-ANH-E2E", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Sơ đồ bộ phận một cửa",
                            "bodyHtml": "<p>Sơ đồ:</p><p><img src=\\"/api/campaigns/attachments/%s\\" alt=\\"Sơ đồ\\"></p>",
                            "attachmentIds": ["%s"]},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal", "facebook", "zalo"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(picture, picture, today, today.plusMonths(1));
        String id = json.readTree(gateway.post().uri("/api/campaigns").header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(String.class)).path("id").asString();
        RestClient anybody = RestClient.create(platform.url(PlatformService.GATEWAY));
        String publicUrl = platform.url(PlatformService.GATEWAY) + "/files/" + picture;
        int beforeApproval = anybody.get().uri(publicUrl).exchange((req, res) -> res.getStatusCode().value());
        assertThat(beforeApproval).isEqualTo(404);

        gateway.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer).retrieve().toBodilessEntity();
        gateway.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", approver).retrieve().toBodilessEntity();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(platform.channels().facebook().allPosts()).anySatisfy(post ->
                        assertThat(post.photoUrl()).isEqualTo(publicUrl)));
        org.springframework.http.ResponseEntity<byte[]> file = anybody.get().uri(publicUrl).retrieve().toEntity(byte[].class);
        assertThat(file.getStatusCode().value()).isEqualTo(200);
        assertThat(file.getHeaders().getContentType()).hasToString("image/png");
        assertThat(file.getBody()).isEqualTo(png);
    }

    @Test
    void everyServiceExposesProbesAndPrometheusMetrics() {
        for (PlatformService service : PlatformService.values()) {
            RestClient client = RestClient.create(platform.url(service));
            assertThat(client.get().uri("/actuator/health/liveness").retrieve().body(String.class))
                    .as(service.serviceName()).contains("\"UP\"");
            assertThat(client.get().uri("/actuator/health/readiness").retrieve().body(String.class))
                    .as(service.serviceName()).contains("\"UP\"");
            assertThat(client.get().uri("/actuator/prometheus").retrieve().body(String.class))
                    .as(service.serviceName()).contains("jvm_memory_used_bytes")
                    .contains("application=\"" + service.serviceName() + "\"");
        }
    }
}
