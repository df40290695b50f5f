package vn.govcomm.fakes.wordpress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.Http;

class FakeWordPressTests {

    private static final String APP_PASSWORD = "abcd EFGH ijkl MNOP qrst UVWX";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private FakeWordPress wordpress;

    @BeforeEach
    void start() {
        wordpress = new FakeWordPress();
        wordpress.settings().clock(clock);
        wordpress.addUser("portal-bot", APP_PASSWORD);
        wordpress.addUser("intern", "1111 2222 3333 4444 5555 6666", WordPressRole.CONTRIBUTOR);
        wordpress.start();
    }

    @AfterEach
    void stop() {
        wordpress.close();
    }

    @Test
    void createsPostWith201IdLinkStatusAndSlug() {
        HttpResponse<String> created = create(Map.of("title", "Thông báo lịch nghỉ Tết Đoàn kết",
                "content", "Nội dung", "status", "publish"), basic("portal-bot", "abcdEFGHijklMNOPqrstUVWX"));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode post = Http.json(created);
        int id = post.get("id").asInt();
        assertThat(post.get("status").asString()).isEqualTo("publish");
        assertThat(post.get("slug").asString()).isEqualTo("thong-bao-lich-nghi-tet-doan-ket");
        assertThat(post.get("link").asString()).isEqualTo(wordpress.baseUrl() + "/thong-bao-lich-nghi-tet-doan-ket/");
        assertThat(post.get("date").asString()).isEqualTo("2026-03-02T09:00:00");
        assertThat(post.get("date_gmt").asString()).isEqualTo("2026-03-02T02:00:00");
        assertThat(post.get("content").get("rendered").asString()).isEqualTo("<p>Nội dung</p>\n");
        assertThat(created.headers().firstValue("Location")).hasValue(wordpress.baseUrl() + "/wp-json/wp/v2/posts/"
                + id);
        assertThat(wordpress.post(id)).isPresent();
    }

    @Test
    void rejectsBadBasicAuthWith401AndWordPressErrorJson() {
        assertError(create(Map.of("title", "x"), basic("portal-bot", "wrong wrong wrong")), 401,
                "incorrect_password");
        assertError(create(Map.of("title", "x"), basic("nobody", APP_PASSWORD)), 401, "invalid_username");
        assertError(create(Map.of("title", "x"), Map.of()), 401, "rest_cannot_create");
        assertError(Http.get(api("/users/me")), 401, "rest_not_logged_in");
        assertThat(wordpress.posts()).isEmpty();

        assertThat(Http.json(Http.get(api("/users/me"), basic("portal-bot", APP_PASSWORD))).get("name").asString())
                .isEqualTo("portal-bot");
        wordpress.revokeApplicationPassword("portal-bot");
        assertError(create(Map.of("title", "x"), basic("portal-bot", APP_PASSWORD)), 401, "incorrect_password");
    }

    @Test
    void rejectsInvalidParametersWithRestInvalidParam() {
        HttpResponse<String> response = create(Map.of("title", "x", "status", "published", "categories", List.of("x"),
                "date_gmt", "tomorrow"), editor());

        JsonNode error = assertError(response, 400, "rest_invalid_param");
        assertThat(error.get("message").asString()).isEqualTo("Invalid parameter(s): status, date_gmt, categories");
        JsonNode params = error.get("data").get("params");
        assertThat(params.get("status").asString())
                .isEqualTo("status is not one of publish, future, draft, pending, and private.");
        assertThat(params.get("date_gmt").asString()).isEqualTo("Invalid date.");
        assertThat(params.get("categories").asString()).isEqualTo("categories[0] is not of type integer.");
        assertThat(error.get("data").get("details").get("status").get("code").asString())
                .isEqualTo("rest_not_in_enum");
        assertThat(wordpress.posts()).isEmpty();
    }

    @Test
    void rejectsEmptyPostsAndInvalidJson() {
        assertError(create(Map.of("status", "publish"), editor()), 400, "empty_content");
        assertError(Http.postJson(api("/posts"), "{not json", editor()), 400, "rest_invalid_json");
    }

    @Test
    void defaultsToDraftWithEmptySlugAndQueryLink() {
        JsonNode draft = Http.json(create(Map.of("title", "Bản nháp"), editor()));

        assertThat(draft.get("status").asString()).isEqualTo("draft");
        assertThat(draft.get("slug").asString()).isEmpty();
        assertThat(draft.get("link").asString()).isEqualTo(wordpress.baseUrl() + "/?p=" + draft.get("id").asInt());
        assertError(Http.get(api("/posts/" + draft.get("id").asInt())), 401, "rest_forbidden");
    }

    @Test
    void futureDatedPostIsScheduledAndPublishedWhenItsTimeComes() {
        JsonNode post = Http.json(create(Map.of("title", "Lịch tiếp dân", "status", "publish",
                "date_gmt", "2026-03-03T01:00:00"), editor()));
        assertThat(post.get("status").asString()).isEqualTo("future");
        int id = post.get("id").asInt();
        assertThat(Http.json(Http.get(api("/posts?slug=lich-tiep-dan")))).isEmpty();

        clock.advance(Duration.ofDays(1));

        assertThat(Http.json(Http.get(api("/posts/" + id))).get("status").asString()).isEqualTo("publish");
        assertThat(Http.json(Http.get(api("/posts?slug=lich-tiep-dan")))).hasSize(1);
    }

    @Test
    void repeatedTitlesGetNumberedSlugs() {
        assertThat(Http.json(create(Map.of("title", "Thông báo", "status", "publish"), editor())).get("slug")
                .asString()).isEqualTo("thong-bao");
        assertThat(Http.json(create(Map.of("title", "Thông báo", "status", "publish"), editor())).get("slug")
                .asString()).isEqualTo("thong-bao-2");
    }

    @Test
    void contributorMayNotPublish() {
        Map<String, String> contributor = basic("intern", "111122223333444455556666");

        assertError(create(Map.of("title", "x", "status", "publish"), contributor), 403, "rest_cannot_publish");
        assertThat(create(Map.of("title", "x", "status", "pending"), contributor).statusCode()).isEqualTo(201);
    }

    @Test
    void deleteTrashesThenForceDeletes() {
        int id = Http.json(create(Map.of("title", "Rút lại", "status", "publish"), editor())).get("id").asInt();

        assertThat(Http.json(Http.delete(api("/posts/" + id), editor())).get("status").asString()).isEqualTo("trash");
        assertError(Http.delete(api("/posts/" + id), editor()), 410, "rest_already_trashed");
        JsonNode forced = Http.json(Http.delete(api("/posts/" + id + "?force=true"), editor()));
        assertThat(forced.get("deleted").asBoolean()).isTrue();
        assertThat(forced.get("previous").get("id").asInt()).isEqualTo(id);
        assertError(Http.get(api("/posts/" + id)), 404, "rest_post_invalid_id");
    }

    @Test
    void droppedAnswerLeavesThePostFindableBySlug() {
        wordpress.faults().dropNextAfterProcessing(1);

        assertThatThrownBy(() -> create(Map.of("title", "Tin khẩn", "slug", "gc-d-42", "status", "publish"),
                editor())).isInstanceOf(UncheckedIOException.class);

        JsonNode found = Http.json(Http.get(api("/posts?slug=gc-d-42"), editor()));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("title").get("rendered").asString()).isEqualTo("Tin khẩn");
    }

    @Test
    void maintenanceModeAnswers503WithRetryAfterAndChangesNothing() {
        wordpress.startMaintenance(Duration.ofSeconds(600));

        HttpResponse<String> refused = create(Map.of("title", "Bảo trì", "status", "publish"), editor());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("600");
        assertThat(refused.body()).contains("Briefly unavailable for scheduled maintenance");
        assertThat(Http.get(api("/posts?status=any"), editor()).statusCode()).isEqualTo(503);
        assertThat(wordpress.posts()).isEmpty();

        wordpress.endMaintenance();
        assertThat(create(Map.of("title", "Bảo trì", "status", "publish"), editor()).statusCode()).isEqualTo(201);
    }

    @Test
    void aRateLimitAnswersTooManyRequestsWithRetryAfter() {
        wordpress.faults().failNext(1, "POST", "/wp-json/wp/v2/posts",
                WordPressError.tooManyRequests().asFault(Duration.ofSeconds(30)));

        HttpResponse<String> limited = create(Map.of("title", "Giới hạn", "status", "publish"), editor());
        assertError(limited, 429, "too_many_requests");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(wordpress.posts()).isEmpty();
    }

    @Test
    void aHeldSaveIsNotFindableUntilItIsReleased() throws Exception {
        wordpress.holdSaves();
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() ->
                create(Map.of("title", "Lưu chậm", "slug", "gc-d-slow", "status", "publish"), editor()));
        await().atMost(Duration.ofSeconds(10)).until(() -> wordpress.requests("POST", "/wp-json/wp/v2/posts").size() == 1);

        assertThat(Http.json(Http.get(api("/posts?status=any&slug=gc-d-slow"), editor()))).isEmpty();
        wordpress.releaseSaves();
        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        assertThat(Http.json(Http.get(api("/posts?status=any&slug=gc-d-slow"), editor()))).hasSize(1);
    }

    @Test
    void acceptsFormEncodedBodiesToo() {
        HttpResponse<String> created = Http.postForm(api("/posts"), Map.of("title", "Biểu mẫu", "status", "publish",
                "categories", "3,4"), editor());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(Http.json(created).get("categories").values()).extracting(JsonNode::asInt).containsExactly(3, 4);
        assertThat(wordpress.posts()).singleElement().satisfies(p -> assertThat(p.categories()).containsExactly(3, 4));
    }

    private HttpResponse<String> create(Map<String, Object> body, Map<String, String> headers) {
        return Http.postJson(api("/posts"), body, headers);
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = Http.json(response);
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(error.get("data").get("status").asInt()).isEqualTo(status);
        return error;
    }

    private Map<String, String> editor() {
        return basic("portal-bot", APP_PASSWORD);
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private String api(String path) {
        return wordpress.baseUrl() + "/wp-json/wp/v2" + path;
    }
}
