package vn.govcomm.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.fakes.facebook.FacebookPost;
import vn.govcomm.fakes.http.RecordedRequest;
import vn.govcomm.fakes.zalo.ZaloArticle;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22: the channel fakes of the one-machine platform keep what they were sent under the data directory. A
 * platform started again on its directory still has the Page's post and the OA's article of the first run, and the
 * zalo-adapter goes on with the token pair it rotated in the first run, which the new Zalo fake knows only from disk.
 */
class ChannelFakesRestartTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir Path data;
    LocalPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aPlatformStartedAgainOnItsDataDirectoryKeepsThePostsArticlesAndRotatedZaloTokens() {
        platform = LocalPlatform.start(new LocalPlatform.Settings(true, data, null, null, false));
        // The access token handed out at the first start is revoked: the adapter's first call refreshes it.
        platform.channels().zalo().revokeAccessToken(
                (String) platform.channels().serviceProperties().get("govcomm.zalo.default-app.access-token"));
        String first = runCampaign("SNV-RESTART-1", "Thông báo lịch tiếp công dân tháng 3");
        awaitPublished(first);
        List<FacebookPost> posts = platform.channels().facebook().allPosts();
        List<ZaloArticle> articles = platform.channels().zalo().articles();
        assertThat(posts).singleElement().satisfies(p -> assertThat(p.message()).contains("tháng 3"));
        assertThat(articles).singleElement().satisfies(a -> assertThat(a.title()).contains("tháng 3"));
        assertThat(platform.channels().zalo().requests("POST", "/v4/oa/access_token")).isNotEmpty();
        String rotated = lastAccessToken();
        platform.close();
        platform = null;

        platform = LocalPlatform.start(new LocalPlatform.Settings(true, data, null, null, false));

        assertThat(platform.channels().facebook().allPosts()).isEqualTo(posts);
        assertThat(platform.channels().zalo().articles()).isEqualTo(articles);
        String second = runCampaign("SNV-RESTART-2", "Thông báo lịch tiếp công dân tháng 4");
        awaitPublished(second);
        assertThat(platform.channels().facebook().allPosts()).hasSize(2).last()
                .satisfies(p -> assertThat(Long.parseLong(p.postNumber()))
                        .isGreaterThan(Long.parseLong(posts.getFirst().postNumber())));
        assertThat(platform.channels().zalo().articles()).hasSize(2);
        assertThat(platform.channels().zalo().requests("POST", "/v4/oa/access_token")).isEmpty();
        assertThat(lastAccessToken()).isEqualTo(rotated);
    }

    /** The access token of the adapter's last article call to the Zalo fake. */
    private String lastAccessToken() {
        List<RecordedRequest> calls = platform.channels().zalo().requests(null, "/v2\\.0/article/.*");
        assertThat(calls).isNotEmpty();
        return calls.getLast().header("access_token");
    }

    private String runCampaign(String code, String title) {
        LocalDate today = LocalDate.now();
        String request = """
                {"code": "%s", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "%s",
                            "bodyHtml": "<p>Đề nghị người dân theo dõi lịch tiếp công dân.</p>"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["facebook", "zalo"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(code, title, today, today.plusMonths(3));
        String id = JSON.readTree(gateway().post().uri("/api/campaigns").header("Authorization", officer())
                .contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(String.class)).path("id").asString();
        gateway().post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer()).retrieve().toBodilessEntity();
        gateway().post().uri("/api/campaigns/{id}/approve", id)
                .header("Authorization", DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.APPROVER))
                .retrieve().toBodilessEntity();
        return id;
    }

    private void awaitPublished(String campaignId) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertThat(JSON.readTree(gateway().get().uri("/api/reports/campaigns/{id}", campaignId)
                        .header("Authorization", officer()).retrieve().body(String.class))
                        .path("byStatus").path("PUBLISHED").asInt()).isEqualTo(2));
    }

    private RestClient gateway() {
        return RestClient.create(platform.url(PlatformService.GATEWAY));
    }

    private String officer() {
        return DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.OFFICER);
    }
}
