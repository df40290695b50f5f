package vn.govcomm.fakes.zalo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.Http;

/**
 * The fake Zalo on a state directory: a second fake opened on the directory while the first still runs (as after a
 * {@code kill -9}: nothing is written at close) knows the tokens, codes, articles and messages the first confirmed.
 */
class FakeZaloStateTests {

    private static final String APP = "4291763606161179100";
    private static final String SECRET = "app-secret-key";

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private final List<FakeZalo> fakes = new ArrayList<>();

    @AfterEach
    void stop() {
        fakes.forEach(FakeZalo::close);
    }

    @Test
    void aNewFakeOnTheSameDirectoryKnowsTheRotatedTokensAndCodesWithTheirExpiries() {
        FakeZalo first = open();
        first.registerApp(APP, SECRET).registerZnsTemplate("231455", "customer_name");
        ZaloTokens issued = first.issueTokens(APP);
        JsonNode rotated = Http.json(refresh(first, issued.refreshToken()));
        String code = first.authorizationCode(APP, null);

        FakeZalo second = open();

        assertThat(second.hasApp(APP)).isTrue();
        assertThat(Http.json(refresh(second, issued.refreshToken())).get("error").asInt()).isEqualTo(-14014);
        String access = rotated.get("access_token").asString();
        assertThat(Http.json(Http.get(second.baseUrl() + "/v2.0/oa/quota/message", Map.of("access_token", access)))
                .get("error").asInt()).isZero();
        JsonNode zns = Http.json(Http.postJson(second.baseUrl() + "/message/template", Map.of("phone", "84912345678",
                "template_id", "231455", "template_data", Map.of("customer_name", "An")), Map.of("access_token", access)));
        assertThat(zns.get("error").asInt()).isZero();
        assertThat(Http.json(Http.postForm(second.baseUrl() + "/v4/oa/access_token", Map.of("app_id", APP,
                "grant_type", "authorization_code", "code", code), Map.of("secret_key", SECRET))).has("access_token"))
                .isTrue();
        assertThat(Http.json(refresh(second, rotated.get("refresh_token").asString())).has("access_token")).isTrue();

        // Expiries are kept too: 26 hours later the rotated access token (25 h) is no longer valid.
        FakeZalo third = open();
        assertThat(third.znsMessages()).hasSize(1);
        assertThat(Http.json(Http.get(third.baseUrl() + "/v2.0/oa/quota/message", Map.of("access_token", access)))
                .get("error").asInt()).isZero();
        clock.advance(Duration.ofHours(26));
        assertThat(Http.json(Http.get(third.baseUrl() + "/v2.0/oa/quota/message", Map.of("access_token", access)))
                .get("error").asInt()).isEqualTo(-216);
    }

    @Test
    void aNewFakeOnTheSameDirectoryServesTheArticlesBroadcastsAndPendingVerifyAnswers() {
        FakeZalo first = open();
        first.registerApp(APP, SECRET);
        Map<String, String> auth = Map.of("access_token", first.issueTokens(APP).accessToken());
        String live = verified(first, createArticle(first, "Thông báo", auth), auth);
        String removed = verified(first, createArticle(first, "Bài gỡ", auth), auth);
        assertThat(Http.json(Http.postJson(first.baseUrl() + "/v2.0/article/remove", Map.of("id", removed), auth))
                .get("error").asInt()).isZero();
        assertThat(Http.json(Http.postJson(first.baseUrl() + "/v2.0/oa/message", broadcastBody(live), auth))
                .get("error").asInt()).isZero();
        String pending = createArticle(first, "Chưa xác nhận", auth);
        assertThat(verify(first, pending, auth).get("error").asInt()).isEqualTo(ZaloError.ARTICLE_PROCESSING);

        FakeZalo second = open();

        assertThat(second.articles()).isEqualTo(first.articles()).hasSize(3);
        assertThat(second.broadcasts()).isEqualTo(first.broadcasts()).hasSize(1);
        JsonNode detail = Http.json(Http.get(second.baseUrl() + "/v2.0/article/getdetail?id=" + live, auth));
        assertThat(detail.get("data").get("title").asString()).isEqualTo("Thông báo");
        JsonNode slice = Http.json(Http.get(second.baseUrl() + "/v2.0/article/getslice?offset=0&limit=10", auth));
        assertThat(slice.get("data").get("medias")).extracting(m -> m.get("title").asString())
                .containsExactly("Chưa xác nhận", "Thông báo");
        // One "still processing" answer of the default two was given before the restart: one is left.
        assertThat(verify(second, pending, auth).get("error").asInt()).isEqualTo(ZaloError.ARTICLE_PROCESSING);
        assertThat(verify(second, pending, auth).get("data").get("id").asString()).isNotBlank();
    }

    @Test
    void listsEveryArticleOnTheInspectionRouteWithItsTextWithoutFaultsOrRequestLog() {
        FakeZalo zalo = new FakeZalo();
        zalo.settings().clock(clock).verifyDelay(Duration.ofMinutes(1));
        zalo.registerApp(APP, SECRET).start();
        fakes.add(zalo);
        Map<String, String> auth = Map.of("access_token", zalo.issueTokens(APP).accessToken());
        ObjectNode withMarker = article("Thông báo khảo sát");
        withMarker.withArray("body").addObject().put("type", "image").put("url", "https://cdn.example/i.jpg");
        withMarker.withArray("body").addObject().put("type", "text").put("content", "Mã tin / Ref: GC-0A1B2C3D4E");
        String processing = Json.text(Http.json(Http.postJson(zalo.baseUrl() + "/v2.0/article/create", withMarker, auth))
                .get("data"), "token");
        zalo.clearRequestLog();
        zalo.faults().failNext(1, Fault.status(502));

        JsonNode articles = Http.json(Http.get(zalo.baseUrl() + "/_fake/articles"));

        assertThat(articles).hasSize(1);
        JsonNode article = articles.get(0);
        assertThat(article.propertyNames()).containsExactly("id", "oaId", "title", "status", "text");
        assertThat(article.get("id").asString()).isEqualTo(zalo.articles().getFirst().id());
        assertThat(zalo.articles().getFirst().token()).isEqualTo(processing);
        assertThat(article.get("oaId").asString()).isEqualTo(APP);
        assertThat(article.get("title").asString()).isEqualTo("Thông báo khảo sát");
        assertThat(article.get("status").asString()).isEqualTo("processing");
        assertThat(article.get("text").asString()).isEqualTo("<p>Nội dung</p>\nMã tin / Ref: GC-0A1B2C3D4E");
        assertThat(zalo.requestLog()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(Http.json(Http.get(zalo.baseUrl() + "/_fake/articles")).get(0).get("status").asString())
                .isEqualTo("live");
    }

    private FakeZalo open() {
        FakeZalo zalo = new FakeZalo().persistTo(dir);
        zalo.settings().clock(clock);
        fakes.add(zalo.start());
        return zalo;
    }

    private static HttpResponse<String> refresh(FakeZalo zalo, String refreshToken) {
        return Http.postForm(zalo.baseUrl() + "/v4/oa/access_token",
                Map.of("app_id", APP, "grant_type", "refresh_token", "refresh_token", refreshToken),
                Map.of("secret_key", SECRET));
    }

    private static String createArticle(FakeZalo zalo, String title, Map<String, String> auth) {
        JsonNode created = Http.json(Http.postJson(zalo.baseUrl() + "/v2.0/article/create", article(title), auth));
        return created.get("data").get("token").asString();
    }

    private static JsonNode verify(FakeZalo zalo, String token, Map<String, String> auth) {
        return Http.json(Http.postJson(zalo.baseUrl() + "/v2.0/article/verify", Map.of("token", token), auth));
    }

    /** Verifies until the article id comes (the fake first answers "still processing" twice). */
    private static String verified(FakeZalo zalo, String token, Map<String, String> auth) {
        for (int i = 0; i < 3; i++) {
            JsonNode answer = verify(zalo, token, auth);
            if (answer.get("error").asInt() == 0) {
                return answer.get("data").get("id").asString();
            }
        }
        throw new AssertionError("article " + token + " not verified after three calls");
    }

    private static ObjectNode article(String title) {
        ObjectNode article = Json.object();
        article.put("type", "normal");
        article.put("title", title);
        article.put("author", "UBND tỉnh");
        article.put("description", "Mô tả ngắn");
        article.putObject("cover").put("cover_type", "photo").put("photo_url", "https://cdn.example/c.jpg");
        article.putArray("body").addObject().put("type", "text").put("content", "<p>Nội dung</p>");
        return article;
    }

    private static ObjectNode broadcastBody(String articleId) {
        ObjectNode body = Json.object();
        body.putObject("recipient").putObject("target").put("cities", "4");
        body.putObject("message").putObject("attachment").put("type", "template").putObject("payload")
                .put("template_type", "media").putArray("elements").addObject()
                .put("media_type", "article").put("attachment_id", articleId);
        return body;
    }
}
