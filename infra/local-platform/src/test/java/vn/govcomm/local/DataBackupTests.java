package vn.govcomm.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Backup and restore of the one-machine platform (issue 22): a platform on one data directory runs a campaign and
 * stops; its backup, restored into a fresh directory, starts a platform that reports the same campaign, the same
 * deliveries and the same statuses. A backup of a running platform and a restore over existing data are refused.
 */
class DataBackupTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir Path work;
    LocalPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aRestoredBackupStartsAPlatformThatReportsTheSameCampaign() {
        Path original = work.resolve("original");
        Path restored = work.resolve("restored");
        Path archive = work.resolve("backups/govcomm.zip");
        platform = LocalPlatform.start(new LocalPlatform.Settings(true, original, null, null, false));
        String campaignId = runCampaign();
        JsonNode report = settledReport(campaignId);

        assertThatThrownBy(() -> DataBackup.backup(original, archive)).isInstanceOf(DataBackup.BackupException.class)
                .hasMessageContaining("running");
        assertThat(archive).doesNotExist();

        platform.close();
        platform = null;
        DataBackup.Summary backedUp = DataBackup.backup(original, archive);
        assertThat(backedUp.files()).isGreaterThan(5);

        DataBackup.Summary restoredFiles = DataBackup.restore(archive, restored);
        assertThat(restoredFiles).isEqualTo(backedUp);
        assertThatThrownBy(() -> DataBackup.restore(archive, restored)).isInstanceOf(DataBackup.BackupException.class)
                .hasMessageContaining("not empty");

        platform = LocalPlatform.start(new LocalPlatform.Settings(true, restored, null, null, false));
        JsonNode after = report(campaignId);
        assertThat(after.path("total").asInt()).isEqualTo(6);
        assertThat(after.path("byStatus")).isEqualTo(report.path("byStatus"));
        assertThat(after.path("deliveries")).isEqualTo(report.path("deliveries"));
        assertThat(JSON.readTree(gateway().get().uri("/api/campaigns/{id}", campaignId)
                .header("Authorization", officer()).retrieve().body(String.class)).path("status").asString())
                .isEqualTo("RUNNING");
    }

    @Test
    void aDirectoryWithoutPlatformDataIsNotBackedUp() throws Exception {
        Path empty = Files.createDirectories(work.resolve("nothing"));
        assertThatThrownBy(() -> DataBackup.backup(empty, work.resolve("x.zip")))
                .isInstanceOf(DataBackup.BackupException.class).hasMessageContaining("no platform data");
    }

    private String runCampaign() {
        LocalDate today = LocalDate.now();
        String request = """
                {"code": "SNV-BACKUP", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Thông báo khảo sát mức độ hài lòng năm 2023",
                            "bodyHtml": "<p>Đề nghị người dân hỗ trợ khảo sát viên.</p>"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal", "facebook", "zalo"]},
                             {"agencyId": "bhxh-tinh", "channels": ["portal", "facebook", "zalo"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(today, today.plusMonths(3));
        String id = JSON.readTree(gateway().post().uri("/api/campaigns").header("Authorization", officer())
                .contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(String.class)).path("id").asString();
        gateway().post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer()).retrieve().toBodilessEntity();
        gateway().post().uri("/api/campaigns/{id}/approve", id)
                .header("Authorization", DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.APPROVER))
                .retrieve().toBodilessEntity();
        return id;
    }

    private JsonNode settledReport(String campaignId) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertThat(report(campaignId).path("byStatus").path("PUBLISHED").asInt()).isEqualTo(6));
        return report(campaignId);
    }

    private JsonNode report(String campaignId) {
        return JSON.readTree(gateway().get().uri("/api/reports/campaigns/{id}", campaignId)
                .header("Authorization", officer()).retrieve().body(String.class));
    }

    private RestClient gateway() {
        return RestClient.create(platform.url(PlatformService.GATEWAY));
    }

    private String officer() {
        return DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.OFFICER);
    }
}
