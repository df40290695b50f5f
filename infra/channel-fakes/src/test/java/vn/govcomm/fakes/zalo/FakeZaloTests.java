package vn.govcomm.fakes.zalo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.RecordedRequest;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.CallbackReceiver;
import vn.govcomm.fakes.support.Http;

class FakeZaloTests {

    private static final String APP = "4291763606161179100";
    private static final String SECRET = "app-secret-key";
    private static final String OA = "oa-579745863508352884";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private FakeZalo zalo;
    private ZaloTokens tokens;

    @BeforeEach
    void start() {
        zalo = new FakeZalo();
        zalo.settings().clock(clock);
        zalo.registerApp(APP, SECRET).registerZnsTemplate("231455", "customer_name", "notice_title").start();
        tokens = zalo.issueTokens(APP);
    }

    @AfterEach
    void stop() {
        zalo.close();
    }

    @Test
    void rotatesRefreshTokenAndRejectsReuse() {
        HttpResponse<String> refreshed = refresh(tokens.refreshToken());

        assertThat(refreshed.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(refreshed);
        assertThat(body.get("access_token").asString()).isNotEqualTo(tokens.accessToken());
        assertThat(body.get("refresh_token").asString()).isNotEqualTo(tokens.refreshToken());
        assertThat(body.get("expires_in").isString()).isTrue();
        assertThat(body.get("expires_in").asString()).isEqualTo("90000");

        HttpResponse<String> reused = refresh(tokens.refreshToken());
        assertThat(reused.statusCode()).isEqualTo(200);
        assertThat(Http.json(reused).get("error").asInt()).isEqualTo(-14014);
        assertThat(Http.json(reused).get("message").asString()).isEqualTo("Invalid refresh token");

        assertThat(Http.json(refresh(body.get("refresh_token").asString())).has("access_token")).isTrue();
        assertThat(zalo.isRefreshTokenLive(body.get("refresh_token").asString())).isFalse();
    }

    @Test
    void onlyOneOfConcurrentRefreshesWithTheSameTokenWins() throws Exception {
        List<Callable<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> Http.json(refresh(tokens.refreshToken())));
        }
        List<JsonNode> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<JsonNode> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
        }

        assertThat(answers.stream().filter(a -> a.has("access_token")).count()).isEqualTo(1);
        assertThat(answers.stream().filter(a -> a.path("error").asInt() == -14014).count()).isEqualTo(7);
    }

    @Test
    void tokenEndpointChecksSecretKeyHeaderAndExpiresInCanBeNumeric() {
        HttpResponse<String> wrongSecret = Http.postForm(zalo.baseUrl() + "/v4/oa/access_token",
                Map.of("app_id", APP, "grant_type", "refresh_token", "refresh_token", tokens.refreshToken()),
                Map.of("secret_key", "wrong"));
        assertThat(Http.json(wrongSecret).get("error").asInt()).isEqualTo(ZaloError.SECRET_KEY_INVALID);
        assertThat(zalo.isRefreshTokenLive(tokens.refreshToken())).isTrue();

        zalo.settings().expiresInAsString(false).accessTokenLifetime(Duration.ofHours(1));
        JsonNode body = Http.json(refresh(tokens.refreshToken()));
        assertThat(body.get("expires_in").isNumber()).isTrue();
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
    }

    @Test
    void exchangesAuthorizationCodeCheckingThePkceVerifier() throws Exception {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));

        String code = zalo.authorizationCode(APP, challenge);
        JsonNode wrong = Http.json(exchange(code, "not-the-verifier"));
        assertThat(wrong.get("error").asInt()).isEqualTo(ZaloError.CODE_VERIFIER_INVALID);

        String second = zalo.authorizationCode(APP, challenge);
        JsonNode ok = Http.json(exchange(second, verifier));
        assertThat(ok.get("access_token").asString()).isNotBlank();
        assertThat(Http.json(exchange(second, verifier)).get("error").asInt())
                .isEqualTo(ZaloError.AUTHORIZATION_CODE_INVALID);
    }

    @Test
    void apiTakesTheTokenInTheAccessTokenHeaderAndAnswers216With200() {
        HttpResponse<String> inQuery = Http.get(zalo.baseUrl() + "/v2.0/oa/quota/message?access_token="
                + tokens.accessToken());
        assertThat(inQuery.statusCode()).isEqualTo(200);
        assertThat(Http.json(inQuery).get("error").asInt()).isEqualTo(-216);
        assertThat(Http.json(inQuery).get("message").asString()).isEqualTo("Access token is invalid");

        assertThat(Http.json(Http.get(zalo.baseUrl() + "/v2.0/oa/quota/message", auth())).get("error").asInt())
                .isZero();

        clock.advance(Duration.ofHours(26));
        assertThat(Http.json(Http.get(zalo.baseUrl() + "/v2.0/oa/quota/message", auth())).get("error").asInt())
                .isEqualTo(-216);
    }

    @Test
    void verifyAnswersNotReadyThenTheArticleId() {
        zalo.settings().verifyNotReadyAnswers(3);
        String token = createArticle("Thông báo tiêm chủng").get("data").get("token").asString();

        List<Integer> errors = new ArrayList<>();
        JsonNode answer;
        do {
            answer = Http.json(Http.postJson(url("/article/verify"), Map.of("token", token), auth()));
            errors.add(answer.get("error").asInt());
        } while (answer.get("error").asInt() != 0);

        assertThat(errors).containsExactly(-214, -214, -214, 0);
        String id = answer.get("data").get("id").asString();
        JsonNode detail = Http.json(Http.get(url("/article/getdetail?id=" + id), auth()));
        assertThat(detail.get("data").get("title").asString()).isEqualTo("Thông báo tiêm chủng");
        assertThat(zalo.articles()).singleElement().satisfies(a -> assertThat(a.verified()).isTrue());
    }

    @Test
    void processingTakesTheVerifyDelayWhetherOrNotVerifyIsCalledAndTheListLagsBehind() {
        zalo.settings().verifyNotReadyAnswers(0).verifyDelay(Duration.ofSeconds(30)).listingLag(Duration.ofSeconds(20));
        String token = createArticle("Đang duyệt").get("data").get("token").asString();
        String id = zalo.articles().getFirst().id();

        assertThat(Http.json(Http.postJson(url("/article/verify"), Map.of("token", token), auth())).get("error").asInt())
                .isEqualTo(ZaloError.ARTICLE_PROCESSING);
        assertThat(Http.json(Http.get(url("/article/getdetail?id=" + id), auth())).get("error").asInt()).isNegative();

        // Nobody asks verify again: Zalo finishes processing on its own; the detail shows it, the list not yet.
        clock.advance(Duration.ofSeconds(30));
        assertThat(Http.json(Http.get(url("/article/getdetail?id=" + id), auth())).get("error").asInt()).isZero();
        assertThat(Http.json(Http.get(url("/article/getslice?offset=0&limit=10"), auth())).get("data")
                .get("total").asInt()).isZero();

        clock.advance(Duration.ofSeconds(20));
        JsonNode listed = Http.json(Http.get(url("/article/getslice?offset=0&limit=10"), auth())).get("data");
        assertThat(listed.get("medias").get(0).get("id").asString()).isEqualTo(id);
        assertThat(zalo.articles().getFirst().verified()).isFalse();
        assertThat(Http.json(Http.postJson(url("/article/verify"), Map.of("token", token), auth())).get("data")
                .get("id").asString()).isEqualTo(id);
    }

    @Test
    void createArticleScriptsAnArticleWhoseCreateAnswerWasNeverRead() {
        zalo.settings().verifyNotReadyAnswers(0);

        ZaloArticle made = zalo.createArticle(APP, article("Không ai nhận được token").toString());

        assertThat(Http.json(Http.get(url("/article/getdetail?id=" + made.id()), auth())).get("data").get("title")
                .asString()).isEqualTo("Không ai nhận được token");
    }

    @Test
    void aThrottledOaGetsMinus32UntilTheResetTimeItsQuotaCallTells() {
        zalo.throttle(APP, Duration.ofSeconds(90));

        JsonNode refused = Http.json(Http.postJson(url("/article/create"), article("Bị giới hạn"), auth()));
        assertThat(refused.get("error").asInt()).isEqualTo(ZaloError.QUOTA_EXCEEDED);
        assertThat(refused.get("message").asString()).isEqualTo("Your OA reached limit call api");
        assertThat(zalo.articles()).isEmpty();
        JsonNode quota = Http.json(Http.get(url("/oa/quota/message"), auth())).get("data");
        assertThat(quota.get("reset_time").asLong()).isEqualTo(clock.millis() + 90_000);

        clock.advance(Duration.ofSeconds(90));
        assertThat(createArticle("Hết giới hạn").get("error").asInt()).isZero();
    }

    @Test
    void theCallLimitRefusesCallsBeyondTheWindowsBudget() {
        clock.set(Instant.parse("2026-03-02T02:00:00Z"));
        zalo.settings().callLimit(2, Duration.ofMinutes(1));

        assertThat(createArticle("một").get("error").asInt()).isZero();
        assertThat(createArticle("hai").get("error").asInt()).isZero();
        assertThat(createArticle("ba").get("error").asInt()).isEqualTo(ZaloError.QUOTA_EXCEEDED);
        assertThat(Http.json(Http.get(url("/oa/quota/message"), auth())).get("data").get("reset_time").asLong())
                .isEqualTo(Instant.parse("2026-03-02T02:01:00Z").toEpochMilli());

        clock.advance(Duration.ofMinutes(1));
        assertThat(createArticle("bốn").get("error").asInt()).isZero();
        assertThat(zalo.articles()).hasSize(3);
    }

    @Test
    void theBroadcastQuotaComesBackWhenItsPeriodEnds() {
        zalo.settings().verifyNotReadyAnswers(0).broadcastQuotaPeriod(Duration.ofHours(1), Duration.ZERO);
        String id = zalo.createArticle(APP, article("Phát lại").toString()).id();
        zalo.exhaustBroadcastQuota(APP);

        assertThat(Http.json(Http.postJson(url("/oa/message"), broadcastBody(id), auth())).get("error").asInt())
                .isEqualTo(ZaloError.QUOTA_EXCEEDED);
        JsonNode quota = Http.json(Http.get(url("/oa/quota/message"), auth())).get("data");
        assertThat(quota.get("remain").asInt()).isZero();
        assertThat(quota.get("reset_time").asLong()).isEqualTo(Instant.parse("2026-03-02T03:00:00Z").toEpochMilli());

        clock.set(Instant.parse("2026-03-02T03:00:00Z"));
        assertThat(Http.json(Http.postJson(url("/oa/message"), broadcastBody(id), auth())).get("error").asInt()).isZero();
        assertThat(zalo.broadcasts()).hasSize(1);
    }

    @Test
    void anInvalidAccessTokenCanAnswerMinus124() {
        zalo.settings().accessTokenErrorCode(ZaloError.ACCESS_TOKEN_EXPIRED);
        zalo.revokeAccessToken(tokens.accessToken());

        assertThat(Http.json(Http.get(url("/oa/quota/message"), auth())).get("error").asInt()).isEqualTo(-124);
    }

    @Test
    void articleIdFieldNameIsConfigurable() {
        zalo.settings().verifyNotReadyAnswers(0).articleIdField("article_id");
        String token = createArticle("Tiêu đề").get("data").get("token").asString();

        JsonNode answer = Http.json(Http.postJson(url("/article/verify"), Map.of("token", token), auth()));

        assertThat(answer.get("data").has("id")).isFalse();
        assertThat(answer.get("data").get("article_id").asString()).isEqualTo(zalo.articles().getFirst().id());
    }

    @Test
    void rejectsArticleFieldsOverTheLimitsWithNegativeError() {
        assertThat(createArticle("t".repeat(150)).get("error").asInt()).isZero();
        assertThat(createArticle("t".repeat(151)).get("error").asInt()).isEqualTo(ZaloError.INVALID_PARAMETER);

        ObjectNode longAuthor = article("ok");
        longAuthor.put("author", "a".repeat(51));
        assertThat(Http.json(Http.postJson(url("/article/create"), longAuthor, auth())).get("error").asInt())
                .isEqualTo(ZaloError.INVALID_PARAMETER);
        ObjectNode longDescription = article("ok");
        longDescription.put("description", "d".repeat(301));
        HttpResponse<String> response = Http.postJson(url("/article/create"), longDescription, auth());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).get("error").asInt()).isEqualTo(ZaloError.INVALID_PARAMETER);
        assertThat(zalo.articles()).hasSize(1);
    }

    @Test
    void broadcastsAVerifiedArticleAndCountsQuota() {
        zalo.settings().verifyNotReadyAnswers(0).broadcastQuota(1);
        String token = createArticle("Phát sóng").get("data").get("token").asString();
        String unverifiedToken = createArticle("Chưa xác minh").get("data").get("token").asString();
        String id = Http.json(Http.postJson(url("/article/verify"), Map.of("token", token), auth()))
                .get("data").get("id").asString();

        JsonNode sent = Http.json(Http.postJson(url("/oa/message"), broadcastBody(id), auth()));
        assertThat(sent.get("error").asInt()).isZero();
        assertThat(sent.get("data").get("message_id").asString()).isNotBlank();
        assertThat(zalo.broadcasts()).singleElement().satisfies(b -> {
            assertThat(b.articleId()).isEqualTo(id);
            assertThat(b.target().get("cities").asString()).isEqualTo("4");
        });
        JsonNode quota = Http.json(Http.get(url("/oa/quota/message"), auth()));
        assertThat(quota.get("data").get("remain").asInt()).isZero();
        assertThat(Http.json(Http.postJson(url("/oa/message"), broadcastBody(id), auth())).get("error").asInt())
                .isEqualTo(ZaloError.QUOTA_EXCEEDED);
        assertThat(unverifiedToken).isNotBlank();
        assertThat(Http.json(Http.postJson(url("/oa/message"), broadcastBody("nope"), auth())).get("error").asInt())
                .isEqualTo(ZaloError.INVALID_PARAMETER);
    }

    @Test
    void removedArticleIsGone() {
        zalo.settings().verifyNotReadyAnswers(0);
        String token = createArticle("Sẽ xoá").get("data").get("token").asString();
        String id = Http.json(Http.postJson(url("/article/verify"), Map.of("token", token), auth()))
                .get("data").get("id").asString();

        assertThat(Http.json(Http.postJson(url("/article/remove"), Map.of("id", id), auth())).get("error").asInt())
                .isZero();

        assertThat(Http.json(Http.get(url("/article/getdetail?id=" + id), auth())).get("error").asInt())
                .isNegative();
        assertThat(Http.json(Http.get(url("/article/getslice?offset=0&limit=10"), auth())).get("data")
                .get("total").asInt()).isZero();
    }

    @Test
    void znsRequiresNormalisedPhoneAndKnownTemplateAndAnswersMsgId() {
        Map<String, Object> data = Map.of("customer_name", "Nguyễn Văn A", "notice_title", "Lịch tiêm");
        assertThat(zns("0912345678", "231455", data).get("error").asInt()).isEqualTo(ZaloError.ZNS_PHONE_INVALID);
        assertThat(zns("84912345678", "999", data).get("error").asInt()).isEqualTo(ZaloError.ZNS_TEMPLATE_INVALID);
        assertThat(zns("84912345678", "231455", Map.of("customer_name", "A")).get("error").asInt())
                .isEqualTo(ZaloError.ZNS_TEMPLATE_DATA_INVALID);

        JsonNode ok = zns("84912345678", "231455", data);

        assertThat(ok.get("error").asInt()).isZero();
        String msgId = ok.get("data").get("msg_id").asString();
        assertThat(zalo.znsMessage(msgId)).hasValueSatisfying(m -> {
            assertThat(m.trackingId()).isEqualTo("delivery-17");
            assertThat(m.phone()).isEqualTo("84912345678");
        });
        assertThat(ok.get("data").get("quota").get("remainingQuota").asString()).isEqualTo("499");
    }

    @Test
    void webhookCarriesTimestampAndSha256SignatureOfAppIdBodyTimestampSecret() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver(req -> Response.empty(200)).start()) {
            WebhookDelivery delivery = zalo.sendWebhook(receiver.url("/webhooks/zalo"), APP, "oa-secret",
                    ZaloEvents.follow(APP, OA, "user-1"));

            assertThat(delivery.delivered()).isTrue();
            RecordedRequest received = receiver.requestLog().getFirst();
            JsonNode body = Json.parse(received.bodyText());
            assertThat(body.get("timestamp").isString()).isTrue();
            assertThat(body.get("timestamp").asString()).isEqualTo(Long.toString(clock.millis()));
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    (APP + received.bodyText() + body.get("timestamp").asString() + "oa-secret")
                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(received.header("X-ZEvent-Signature")).isEqualTo(expected);

            zalo.settings().webhookMacPrefix(true);
            zalo.sendWebhook(receiver.url("/webhooks/zalo"), APP, "oa-secret", ZaloEvents.unfollow(APP, OA, "u"));
            assertThat(receiver.requestLog().getLast().header("X-ZEvent-Signature")).startsWith("mac=");
        }
    }

    @Test
    void retriesWebhookWhenTheReceiverAnswersTooSlowly() {
        assertThat(zalo.settings().webhookTimeout()).isEqualTo(Duration.ofSeconds(2));
        zalo.settings().webhookTimeout(Duration.ofMillis(300)).webhookBackoff(Duration.ofMillis(50), 2.0);
        try (CallbackReceiver receiver = new CallbackReceiver(req -> Response.empty(200)).start()) {
            receiver.faults().delayNext(1, Duration.ofSeconds(1));

            WebhookDelivery delivery = zalo.sendWebhookAsync(receiver.url("/webhooks/zalo"), APP, "oa-secret",
                    ZaloEvents.userSendText(APP, OA, "user-1", "xin chào", "m1")).join();

            assertThat(delivery.attempts()).hasSize(2);
            assertThat(delivery.attempts().getFirst().error()).isEqualTo("timeout");
            assertThat(delivery.attempts().get(1).status()).isEqualTo(200);
            assertThat(delivery.delivered()).isTrue();
            // the slow first attempt still reached the receiver: it sees the same signed event twice
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(receiver.requestLog()).hasSize(2)
                            .extracting(RecordedRequest::bodyText).containsOnly(delivery.body()));
            assertThat(zalo.webhookDeliveries()).containsExactly(delivery);
        }
    }

    @Test
    void givesUpAfterMaxAttemptsOnNon2xxAndDisablesTheWebhook() {
        zalo.settings().webhookMaxAttempts(3).webhookBackoff(Duration.ofMillis(10), 1.0);
        try (CallbackReceiver receiver = new CallbackReceiver(req -> Response.text(500, "boom")).start()) {
            String url = receiver.url("/webhooks/zalo");

            WebhookDelivery failed = zalo.sendWebhook(url, APP, "oa-secret", ZaloEvents.follow(APP, OA, "u"));

            assertThat(failed.attempts()).extracting(WebhookAttempt::status).containsExactly(500, 500, 500);
            assertThat(failed.delivered()).isFalse();
            assertThat(zalo.isWebhookDisabled(url)).isTrue();
            assertThat(zalo.sendWebhook(url, APP, "oa-secret", ZaloEvents.follow(APP, OA, "u")).skipped()).isTrue();
            assertThat(receiver.requestLog()).hasSize(3);

            zalo.enableWebhook(url);
            assertThat(zalo.sendWebhook(url, APP, "oa-secret", ZaloEvents.follow(APP, OA, "u")).attempts())
                    .hasSize(3);
        }
    }

    @Test
    void scriptedFaultsApplyToMatchingCallsOnlyInTheOrderAdded() {
        zalo.faults().failNext(1, "POST", ".*/article/create", Fault.drop());
        zalo.faults().failNext(1, "POST", ".*/article/create", Fault.status(502));
        zalo.faults().failNext(1, "GET", ".*/quota/.*", ZaloError.accessTokenInvalid().asFault());

        assertThat(Http.json(Http.get(url("/oa/quota/message"), auth())).get("error").asInt()).isEqualTo(-216);
        assertThatThrownBy(() -> Http.postJson(url("/article/create"), article("x"), auth()))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(Http.postJson(url("/article/create"), article("x"), auth()).statusCode()).isEqualTo(502);
        assertThat(zalo.articles()).isEmpty();
        assertThat(createArticle("x").get("error").asInt()).isZero();
        assertThat(zalo.faults().activeRules()).isZero();
        assertThat(zalo.requestLog()).extracting(RecordedRequest::fault)
                .containsExactly("zalo error -216", "dropped", "HTTP 502", null);
    }

    private HttpResponse<String> refresh(String refreshToken) {
        return Http.postForm(zalo.baseUrl() + "/v4/oa/access_token",
                Map.of("app_id", APP, "grant_type", "refresh_token", "refresh_token", refreshToken),
                Map.of("secret_key", SECRET));
    }

    private HttpResponse<String> exchange(String code, String verifier) {
        return Http.postForm(zalo.baseUrl() + "/v4/oa/access_token",
                Map.of("app_id", APP, "grant_type", "authorization_code", "code", code, "code_verifier", verifier),
                Map.of("secret_key", SECRET));
    }

    private Map<String, String> auth() {
        return Map.of("access_token", tokens.accessToken());
    }

    private String url(String path) {
        return zalo.baseUrl() + "/v2.0" + path;
    }

    private JsonNode createArticle(String title) {
        return Http.json(Http.postJson(url("/article/create"), article(title), auth()));
    }

    private JsonNode zns(String phone, String templateId, Map<String, Object> data) {
        return Http.json(Http.postJson(zalo.baseUrl() + "/message/template", Map.of("phone", phone,
                "template_id", templateId, "template_data", data, "tracking_id", "delivery-17"), auth()));
    }

    private static ObjectNode article(String title) {
        ObjectNode article = Json.object();
        article.put("type", "normal");
        article.put("title", title);
        article.put("author", "UBND tỉnh");
        article.put("description", "Mô tả ngắn");
        article.putObject("cover").put("cover_type", "photo").put("photo_url", "https://cdn.example/c.jpg")
                .put("status", "show");
        article.putArray("body").addObject().put("type", "text").put("content", "<p>Nội dung</p>");
        article.put("status", "show");
        article.put("comment", "show");
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
