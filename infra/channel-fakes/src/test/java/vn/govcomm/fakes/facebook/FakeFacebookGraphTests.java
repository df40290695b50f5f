package vn.govcomm.fakes.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.CallbackReceiver;
import vn.govcomm.fakes.support.Http;

class FakeFacebookGraphTests {

    private static final String PAGE = "546349135390552";
    private static final String TOKEN = "page-token-1";
    private static final Set<String> ENVELOPE_KEYS = Set.of("message", "type", "code", "error_subcode",
            "error_user_title", "error_user_msg", "fbtrace_id", "is_transient");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:10Z"));
    private FakeFacebookGraph graph;

    @BeforeEach
    void start() {
        graph = new FakeFacebookGraph();
        graph.settings().clock(clock);
        graph.registerPage(PAGE, "Sở Thông tin", TOKEN).start();
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    @Test
    void publishesFeedPostWithPageScopedIdAndReadsItBack() {
        HttpResponse<String> created = post(Map.of("message", "Thông báo lịch tiếp dân", "access_token", TOKEN));

        assertThat(created.statusCode()).isEqualTo(200);
        String id = Http.json(created).get("id").asString();
        assertThat(id).matches(PAGE + "_\\d+");
        assertThat(graph.posts(PAGE)).extracting(FacebookPost::id).containsExactly(id);

        JsonNode read = Http.json(Http.get(url("/" + id + "?fields=permalink_url,is_published,message,created_time"
                + "&access_token=" + TOKEN)));
        assertThat(read.get("is_published").asBoolean()).isTrue();
        assertThat(read.get("message").asString()).isEqualTo("Thông báo lịch tiếp dân");
        assertThat(read.get("permalink_url").asString()).endsWith("/" + PAGE + "/posts/" + id.split("_")[1]);
        assertThat(read.get("created_time").asString()).isEqualTo("2026-03-02T02:00:10+0000");
    }

    @Test
    void acceptsParametersInTheQueryStringAndTokenInAuthorizationHeader() {
        HttpResponse<String> created = Http.send(Http.builder(url("/" + PAGE + "/feed?message=hello"),
                Map.of("Authorization", "Bearer " + TOKEN)).POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(graph.posts(PAGE)).singleElement().extracting(FacebookPost::message).isEqualTo("hello");
    }

    @Test
    void rejectsSameMessageOnSamePageWithDuplicate506() {
        post(Map.of("message", "Cảnh báo mưa lớn", "access_token", TOKEN));

        HttpResponse<String> second = post(Map.of("message", "Cảnh báo mưa lớn", "access_token", TOKEN));

        assertThat(second.statusCode()).isEqualTo(400);
        JsonNode error = Http.json(second).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(506);
        assertThat(error.get("is_transient").asBoolean()).isFalse();
        assertThat(graph.posts(PAGE)).hasSize(1);
    }

    @Test
    void answersErrorsWithExactlyTheGraphEnvelope() {
        HttpResponse<String> response = post(Map.of("message", "no token"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = Http.json(response);
        assertThat(body.propertyNames()).containsExactly("error");
        JsonNode error = body.get("error");
        assertThat(Set.copyOf(error.propertyNames())).isEqualTo(ENVELOPE_KEYS);
        assertThat(error.get("code").asInt()).isEqualTo(190);
        assertThat(error.get("type").asString()).isEqualTo("OAuthException");
        assertThat(error.get("fbtrace_id").asString()).hasSize(11);
        assertThat(graph.posts(PAGE)).isEmpty();
    }

    @Test
    void rejectsUnknownAndInvalidatedTokensWith190AndTheScriptedSubcode() {
        assertThat(errorOf(post(Map.of("message", "x", "access_token", "garbage"))).get("code").asInt())
                .isEqualTo(190);

        graph.invalidateToken(PAGE, 460);
        JsonNode passwordChanged = errorOf(post(Map.of("message", "x", "access_token", TOKEN)));
        assertThat(passwordChanged.get("code").asInt()).isEqualTo(190);
        assertThat(passwordChanged.get("error_subcode").asInt()).isEqualTo(460);

        graph.expireToken(PAGE);
        assertThat(errorOf(post(Map.of("message", "x", "access_token", TOKEN))).get("error_subcode").asInt())
                .isEqualTo(463);

        graph.rotatePageToken(PAGE, "page-token-2");
        assertThat(post(Map.of("message", "x", "access_token", "page-token-2")).statusCode()).isEqualTo(200);
        assertThat(errorOf(post(Map.of("message", "y", "access_token", TOKEN))).get("code").asInt()).isEqualTo(190);
    }

    @Test
    void aTokenGivenToAnotherPageAfterARotationActsForThatPage() {
        String other = "100000000000002";
        assertThat(post(Map.of("message", "trước", "access_token", TOKEN)).statusCode()).isEqualTo(200);

        graph.rotatePageToken(PAGE, "page-token-2");
        graph.registerPage(other, "Trang khác", TOKEN);

        // TOKEN now belongs to the other Page: it cannot post to PAGE's feed, and it posts to its own
        assertThat(errorOf(post(Map.of("message", "sau", "access_token", TOKEN))).get("code").asInt()).isEqualTo(200);
        assertThat(Http.postForm(url("/" + other + "/feed"), new LinkedHashMap<>(Map.of("message", "sau",
                "access_token", TOKEN))).statusCode()).isEqualTo(200);
        assertThat(graph.posts(other)).extracting(FacebookPost::message).containsExactly("sau");
        assertThat(post(Map.of("message", "sau", "access_token", "page-token-2")).statusCode()).isEqualTo(200);
        assertThat(graph.posts(PAGE)).extracting(FacebookPost::message).containsExactly("trước", "sau");
    }

    @Test
    void refusesPublishingWithoutPermissionWithCode200() {
        graph.revokePermissions(PAGE, "pages_manage_posts");

        HttpResponse<String> response = post(Map.of("message", "x", "access_token", TOKEN));

        assertThat(errorOf(response).get("code").asInt()).isEqualTo(200);
        assertThat(graph.posts(PAGE)).isEmpty();
    }

    @Test
    void scheduledPostIsListedUntilItsTimeThenPublished() {
        long at = clock.instant().plus(Duration.ofHours(1)).getEpochSecond();
        String id = Http.json(post(Map.of("message", "Lịch cắt điện", "published", "false",
                "scheduled_publish_time", Long.toString(at), "access_token", TOKEN))).get("id").asString();

        JsonNode before = Http.json(Http.get(url("/" + id + "?fields=is_published,scheduled_publish_time&access_token="
                + TOKEN)));
        assertThat(before.get("is_published").asBoolean()).isFalse();
        assertThat(before.get("scheduled_publish_time").asLong()).isEqualTo(at);
        assertThat(ids(Http.get(url("/" + PAGE + "/scheduled_posts?access_token=" + TOKEN)))).containsExactly(id);
        assertThat(ids(Http.get(url("/" + PAGE + "/feed?access_token=" + TOKEN)))).isEmpty();

        clock.advance(Duration.ofHours(2));

        assertThat(Http.json(Http.get(url("/" + id + "?fields=is_published&access_token=" + TOKEN)))
                .get("is_published").asBoolean()).isTrue();
        assertThat(ids(Http.get(url("/" + PAGE + "/scheduled_posts?access_token=" + TOKEN)))).isEmpty();
        assertThat(ids(Http.get(url("/" + PAGE + "/feed?access_token=" + TOKEN)))).containsExactly(id);
    }

    @Test
    void rejectsScheduleTimesOutsideTheConfiguredWindowOrOnPublishedPosts() {
        String soon = clock.instant().plus(Duration.ofMinutes(5)).toString();
        assertThat(errorOf(post(Map.of("message", "x", "published", "false", "scheduled_publish_time", soon,
                "access_token", TOKEN))).get("code").asInt()).isEqualTo(100);
        assertThat(errorOf(post(Map.of("message", "x", "scheduled_publish_time",
                clock.instant().plus(Duration.ofDays(1)).toString(), "access_token", TOKEN))).get("code").asInt())
                .isEqualTo(100);

        graph.settings().scheduleWindow(Duration.ofMinutes(1), Duration.ofDays(75));
        assertThat(post(Map.of("message", "x", "published", "false", "scheduled_publish_time", soon,
                "access_token", TOKEN)).statusCode()).isEqualTo(200);
    }

    @Test
    void photoPostAnswersPhotoIdAndPostId() {
        HttpResponse<String> response = Http.postForm(url("/" + PAGE + "/photos"),
                Map.of("url", "https://cdn.example/poster.jpg", "caption", "Áp phích", "access_token", TOKEN));

        JsonNode body = Http.json(response);
        assertThat(body.get("id").asString()).matches("\\d+");
        assertThat(body.get("post_id").asString()).matches(PAGE + "_\\d+");
        JsonNode post = Http.json(Http.get(url("/" + body.get("post_id").asString()
                + "?fields=status_type,full_picture&access_token=" + TOKEN)));
        assertThat(post.get("status_type").asString()).isEqualTo("added_photos");
        assertThat(post.get("full_picture").asString()).isEqualTo("https://cdn.example/poster.jpg");
    }

    @Test
    void deleteAnswersSuccessTrueAndPostThenLooksMissing() {
        String id = Http.json(post(Map.of("message", "rút lại", "access_token", TOKEN))).get("id").asString();

        HttpResponse<String> deleted = Http.delete(url("/" + id + "?access_token=" + TOKEN), Map.of());

        assertThat(Http.json(deleted).get("success").asBoolean()).isTrue();
        JsonNode gone = errorOf(Http.get(url("/" + id + "?access_token=" + TOKEN)));
        assertThat(gone.get("code").asInt()).isEqualTo(100);
        assertThat(gone.get("error_subcode").asInt()).isEqualTo(33);
        assertThat(errorOf(Http.delete(url("/" + id + "?access_token=" + TOKEN), Map.of())).get("code").asInt())
                .isEqualTo(100);
        assertThat(graph.post(id)).hasValueSatisfying(p -> assertThat(p.deleted()).isTrue());
        // the same message may be posted again once the first post is gone
        assertThat(post(Map.of("message", "rút lại", "access_token", TOKEN)).statusCode()).isEqualTo(200);
    }

    @Test
    void droppedAnswerAfterProcessingLeavesThePostFindableByMarker() {
        graph.faults().dropNextAfterProcessing(1);

        assertThatThrownBy(() -> post(Map.of("message", "Tin số 7 [gc:d-42]", "access_token", TOKEN)))
                .isInstanceOf(UncheckedIOException.class);

        JsonNode feed = Http.json(Http.get(url("/" + PAGE + "/feed?fields=id,message,created_time&access_token="
                + TOKEN)));
        assertThat(feed.get("data").get(0).get("message").asString()).contains("[gc:d-42]");
        // a blind re-POST would be refused as a duplicate
        assertThat(errorOf(post(Map.of("message", "Tin số 7 [gc:d-42]", "access_token", TOKEN))).get("code")
                .asInt()).isEqualTo(506);
    }

    @Test
    void droppedConnectionBeforeProcessingCreatesNothing() {
        graph.faults().dropNext(1);

        assertThatThrownBy(() -> post(Map.of("message", "x", "access_token", TOKEN)))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(graph.posts(PAGE)).isEmpty();
        assertThat(graph.requestLog()).singleElement().satisfies(r -> assertThat(r.fault()).isEqualTo("dropped"));
        assertThat(post(Map.of("message", "x", "access_token", TOKEN)).statusCode()).isEqualTo(200);
    }

    @Test
    void slowAnswerTimesTheClientOutAlthoughThePostExists() throws Exception {
        graph.faults().delayNext(1, Duration.ofSeconds(3));
        HttpRequest request = Http.builder(url("/" + PAGE + "/feed"), Map.of())
                .timeout(Duration.ofMillis(300))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("message=slow&access_token=" + TOKEN)).build();

        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);
        }
        assertThat(graph.posts(PAGE)).singleElement().extracting(FacebookPost::message).isEqualTo("slow");
    }

    @Test
    void usageHeadersClimbWithCallsOfTheMinuteThenCode32() {
        graph.settings().pageCallsPerMinute(10).usageHeadersAfterCalls(3);
        String feed = url("/" + PAGE + "/feed?access_token=" + TOKEN);

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            responses.add(Http.get(feed));
        }

        assertThat(responses.get(0).headers().firstValue("X-Page-Usage")).isEmpty();
        assertThat(responses.get(1).headers().firstValue("X-Business-Use-Case-Usage")).isEmpty();
        List<Integer> climbing = responses.subList(2, 10).stream()
                .map(this::pageUsage).toList();
        assertThat(climbing).containsExactly(30, 40, 50, 60, 70, 80, 90, 100);
        JsonNode buc = Json.parse(responses.get(9).headers()
                .firstValue("X-Business-Use-Case-Usage").orElseThrow()).get(PAGE).get(0);
        assertThat(buc.get("type").asString()).isEqualTo("pages");
        assertThat(buc.get("call_count").asInt()).isEqualTo(100);
        assertThat(buc.get("estimated_time_to_regain_access").asInt()).isZero();
        // A Page token's calls are the Page's (BUC), not the app's Platform budget.
        assertThat(responses).allSatisfy(r -> assertThat(r.headers().firstValue("X-App-Usage")).isEmpty());

        HttpResponse<String> limited = responses.get(10);
        JsonNode error = errorOf(limited);
        assertThat(error.get("code").asInt()).isEqualTo(32);
        assertThat(error.get("is_transient").asBoolean()).isTrue();
        JsonNode limitedBuc = Json.parse(limited.headers()
                .firstValue("X-Business-Use-Case-Usage").orElseThrow()).get(PAGE).get(0);
        assertThat(limitedBuc.get("estimated_time_to_regain_access").asInt()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> nextMinute = Http.get(feed);
        assertThat(nextMinute.statusCode()).isEqualTo(200);
        assertThat(nextMinute.headers().firstValue("X-Page-Usage")).isEmpty();
    }

    @Test
    void unconfirmedRateLimitAndMissingTokenDetailsAreConfigurable() {
        graph.settings().pageCallsPerMinute(1).usageHeadersAfterCalls(1).pageRateLimitCode(80001)
                .regainAccessUnit(ChronoUnit.SECONDS).missingTokenCode(104);
        String feed = url("/" + PAGE + "/feed?access_token=" + TOKEN);
        Http.get(feed);

        HttpResponse<String> limited = Http.get(feed);

        assertThat(errorOf(limited).get("code").asInt()).isEqualTo(80001);
        assertThat(errorOf(limited).get("is_transient").asBoolean()).isTrue();
        assertThat(Json.parse(limited.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow()).get(PAGE)
                .get(0).get("estimated_time_to_regain_access").asInt()).isEqualTo(50); // clock is at :10 s
        assertThat(errorOf(post(Map.of("message", "x"))).get("code").asInt()).isEqualTo(104);
    }

    @Test
    void scriptedRateLimitErrorsAreTransientAndClassifiedByBodyCode() {
        for (int code : new int[] {4, 17, 32, 613}) {
            graph.failNextCalls(1, FacebookError.rateLimit(code));
            JsonNode error = errorOf(post(Map.of("message", "rl " + code, "access_token", TOKEN)));
            assertThat(error.get("code").asInt()).isEqualTo(code);
            assertThat(error.get("is_transient").asBoolean()).isTrue();
        }
        graph.failNextCalls(1, FacebookError.service());
        HttpResponse<String> service = post(Map.of("message", "svc", "access_token", TOKEN));
        assertThat(service.statusCode()).isEqualTo(500);
        assertThat(errorOf(service).get("code").asInt()).isEqualTo(2);

        assertThat(graph.posts(PAGE)).isEmpty();
        assertThat(post(Map.of("message", "after", "access_token", TOKEN)).statusCode()).isEqualTo(200);
    }

    @Test
    void failsSeededFractionOfCallsReproducibly() {
        List<Integer> first = statusesWithFractionFault(7L);
        List<Integer> second = statusesWithFractionFault(7L);

        assertThat(first).isEqualTo(second);
        long failures = first.stream().filter(s -> s == 500).count();
        assertThat(failures).isBetween(5L, 25L);
        assertThat(first).containsOnly(200, 500);
    }

    @Test
    void rejectsUnknownFieldsAndUnknownPaths() {
        String id = Http.json(post(Map.of("message", "x", "access_token", TOKEN))).get("id").asString();

        JsonNode field = errorOf(Http.get(url("/" + id + "?fields=reach&access_token=" + TOKEN)));
        assertThat(field.get("code").asInt()).isEqualTo(100);
        assertThat(field.get("message").asString()).contains("nonexisting field (reach)");
        assertThat(errorOf(Http.get(graph.baseUrl() + "/v2.3/" + PAGE + "/feed?access_token=" + TOKEN))
                .get("code").asInt()).isEqualTo(2500);
    }

    @Test
    void paginatesTheFeedWithCursors() {
        for (int i = 1; i <= 3; i++) {
            post(Map.of("message", "post " + i, "access_token", TOKEN));
            clock.advance(Duration.ofSeconds(1));
        }

        JsonNode first = Http.json(Http.get(url("/" + PAGE + "/feed?fields=message&limit=2&access_token=" + TOKEN)));
        assertThat(first.get("data").findValuesAsString("message")).containsExactly("post 3", "post 2");
        String next = first.get("paging").get("next").asString() + "&access_token=" + TOKEN;
        JsonNode second = Http.json(Http.get(next));
        assertThat(second.get("data").findValuesAsString("message")).containsExactly("post 1");
        assertThat(second.get("paging").has("next")).isFalse();
    }

    @Test
    void versionSegmentIsConfigurable() {
        try (FakeFacebookGraph older = new FakeFacebookGraph()) {
            older.settings().version("v24.0");
            older.registerPage(PAGE, TOKEN).start();

            assertThat(Http.postForm(older.baseUrl() + "/v24.0/" + PAGE + "/feed",
                    Map.of("message", "x", "access_token", TOKEN)).statusCode()).isEqualTo(200);
            assertThat(errorOf(Http.postForm(older.baseUrl() + "/v25.0/" + PAGE + "/feed",
                    Map.of("message", "x", "access_token", TOKEN))).get("code").asInt()).isEqualTo(2500);
        }
    }

    @Test
    void webhookHandshakeReportsWhetherTheChallengeWasEchoed() {
        try (CallbackReceiver receiver = new CallbackReceiver(req ->
                "secret-verify".equals(req.query("hub.verify_token")) && "subscribe".equals(req.query("hub.mode"))
                        ? Response.text(200, req.query("hub.challenge"))
                        : Response.text(403, "forbidden")).start()) {

            HandshakeResult accepted = graph.verifyHandshake(receiver.url("/webhooks/facebook"), "secret-verify");
            HandshakeResult refused = graph.verifyHandshake(receiver.url("/webhooks/facebook"), "wrong");

            assertThat(accepted.challengeEchoed()).isTrue();
            assertThat(refused.challengeEchoed()).isFalse();
            assertThat(refused.status()).isEqualTo(403);
        }
    }

    @Test
    void webhookPostsAreSignedWithHmacSha256OfTheRawBody() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver(req -> Response.empty(200)).start()) {
            String id = Http.json(post(Map.of("message", "được ký", "access_token", TOKEN))).get("id").asString();
            String body = graph.feedChangeEvent(id, "add");

            int status = graph.sendWebhook(receiver.url("/webhooks/facebook"), "app-secret", body);

            assertThat(status).isEqualTo(200);
            var received = receiver.requestLog().getFirst();
            assertThat(received.bodyText()).isEqualTo(body);
            assertThat(received.header("X-Hub-Signature-256"))
                    .isEqualTo("sha256=" + hmacSha256("app-secret", received.body()));
            assertThat(received.bodyText()).contains("\"post_id\":\"" + id + "\"");
        }
    }

    @Test
    void newPostsShowOnTheEdgesOnlyAfterTheVisibilityLagWhileARepostIsAlready506() {
        graph.settings().feedVisibilityLag(Duration.ofSeconds(5)).readVisibilityLag(Duration.ofSeconds(2));
        String id = Http.json(post(Map.of("message", "Tin trễ #dlv-lag", "access_token", TOKEN))).get("id").asString();
        String feed = url("/" + PAGE + "/feed?fields=id,message&access_token=" + TOKEN);

        assertThat(ids(Http.get(feed))).isEmpty();
        assertThat(ids(Http.get(url("/" + PAGE + "/published_posts?access_token=" + TOKEN)))).isEmpty();
        assertThat(errorOf(Http.get(url("/" + id + "?access_token=" + TOKEN))).get("error_subcode").asInt()).isEqualTo(33);
        // Not visible yet, but it exists: the same message again is a duplicate.
        assertThat(errorOf(post(Map.of("message", "Tin trễ #dlv-lag", "access_token", TOKEN))).get("code").asInt())
                .isEqualTo(506);

        clock.advance(Duration.ofSeconds(2));
        assertThat(Http.get(url("/" + id + "?access_token=" + TOKEN)).statusCode()).isEqualTo(200);
        assertThat(ids(Http.get(feed))).isEmpty();
        clock.advance(Duration.ofSeconds(3));
        assertThat(ids(Http.get(feed))).containsExactly(id);
        assertThat(graph.livePosts(PAGE)).extracting(FacebookPost::id).containsExactly(id);
    }

    @Test
    void aThrottledPageIsRefusedWithItsRegainTimeInEveryUsageHeaderUntilItPasses() {
        graph.registerPage("777", "tok-777");
        graph.settings().regainAccessUnit(ChronoUnit.SECONDS);
        graph.throttlePage(PAGE, Duration.ofSeconds(30));

        HttpResponse<String> refused = post(Map.of("message", "bị chặn", "access_token", TOKEN));

        assertThat(errorOf(refused).get("code").asInt()).isEqualTo(32);
        assertThat(errorOf(refused).get("is_transient").asBoolean()).isTrue();
        JsonNode pageUsage = Json.parse(refused.headers().firstValue("X-Page-Usage").orElseThrow());
        assertThat(pageUsage.get("call_count").asInt()).isEqualTo(100);
        assertThat(pageUsage.get("estimated_time_to_regain_access").asInt()).isEqualTo(30);
        assertThat(Json.parse(refused.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow()).get(PAGE).get(0)
                .get("estimated_time_to_regain_access").asInt()).isEqualTo(30);
        assertThat(graph.posts(PAGE)).isEmpty();
        // Another Page is not affected.
        assertThat(Http.postForm(url("/777/feed"), new LinkedHashMap<>(Map.of("message", "x", "access_token",
                "tok-777"))).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(20));
        assertThat(Json.parse(post(Map.of("message", "vẫn bị chặn", "access_token", TOKEN)).headers()
                .firstValue("X-Page-Usage").orElseThrow().toString()).get("estimated_time_to_regain_access").asInt())
                .isEqualTo(10);
        clock.advance(Duration.ofSeconds(10));
        assertThat(post(Map.of("message", "được rồi", "access_token", TOKEN)).statusCode()).isEqualTo(200);

        graph.registerAppToken("app-token");
        graph.throttleApp(Duration.ofSeconds(5));
        HttpResponse<String> app = Http.get(url("/" + PAGE + "?access_token=app-token"));
        assertThat(errorOf(app).get("code").asInt()).isEqualTo(4);
        assertThat(Json.parse(app.headers().firstValue("X-App-Usage").orElseThrow())
                .get("estimated_time_to_regain_access").asInt()).isEqualTo(5);
        // The app's Platform throttle does not reach calls with a Page token (BUC).
        assertThat(post(Map.of("message", "ứng dụng bị chặn, Trang thì không", "access_token", TOKEN)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void pageTokenCallsCountOnTheirPageBudgetOnlyNeverOnTheAppPlatformBudget() {
        graph.registerPage("779", "tok-779");
        graph.settings().pageCallsPerMinute(5).appCallsPerMinute(3).usageHeadersAfterCalls(1);
        String feed = url("/" + PAGE + "/feed?access_token=" + TOKEN);

        List<HttpResponse<String>> pageCalls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pageCalls.add(Http.get(feed));
        }

        // Five calls are past the app's 3, yet none is refused and none carries X-App-Usage.
        assertThat(pageCalls).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-App-Usage")).isEmpty();
        });
        assertThat(pageCalls.stream().map(this::pageUsage).toList()).containsExactly(20, 40, 60, 80, 100);
        JsonNode buc = Json.parse(pageCalls.get(4).headers().firstValue("X-Business-Use-Case-Usage").orElseThrow());
        assertThat(buc.propertyNames()).containsExactly(PAGE);
        assertThat(buc.get(PAGE).get(0).get("type").asString()).isEqualTo("pages");
        // Another Page has its own budget and window.
        HttpResponse<String> other = Http.get(url("/779/feed?access_token=tok-779"));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(Json.parse(other.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow())
                .get("779").get(0).get("call_count").asInt()).isEqualTo(20);

        HttpResponse<String> refused = Http.get(feed);
        assertThat(errorOf(refused).get("code").asInt()).isEqualTo(32);
        assertThat(refused.headers().firstValue("X-App-Usage")).isEmpty();
        assertThat(Json.parse(refused.headers().firstValue("X-Page-Usage").orElseThrow()).get("call_count").asInt())
                .isEqualTo(100);
    }

    @Test
    void appAndUserTokenCallsCountOnThePlatformBudgetOnlyAndAreRefusedWithCode4Beyond() {
        graph.registerAppToken("app-token").registerAppToken("user-token");
        graph.settings().pageCallsPerMinute(1).appCallsPerMinute(4).usageHeadersAfterCalls(1)
                .regainAccessUnit(ChronoUnit.SECONDS);
        String page = url("/" + PAGE + "?fields=name&access_token=");

        List<HttpResponse<String>> platform = new ArrayList<>();
        for (String token : List.of("app-token", "user-token", "app-token", "user-token")) {
            platform.add(Http.get(page + token));
        }

        // Page publishing needs a Page token (210), but the calls still count on the app's budget, shared by both.
        assertThat(platform).allSatisfy(r -> {
            assertThat(errorOf(r).get("code").asInt()).isEqualTo(210);
            assertThat(r.headers().firstValue("X-Page-Usage")).isEmpty();
            assertThat(r.headers().firstValue("X-Business-Use-Case-Usage")).isEmpty();
        });
        assertThat(platform.stream().map(r -> Json.parse(r.headers().firstValue("X-App-Usage").orElseThrow())
                .get("call_count").asInt()).toList()).containsExactly(25, 50, 75, 100);
        HttpResponse<String> refused = Http.get(page + "app-token");
        assertThat(errorOf(refused).get("code").asInt()).isEqualTo(4);
        assertThat(errorOf(refused).get("is_transient").asBoolean()).isTrue();
        assertThat(Json.parse(refused.headers().firstValue("X-App-Usage").orElseThrow())
                .get("estimated_time_to_regain_access").asInt()).isEqualTo(50); // the window ends at :00, clock at :10
        // The Page's own budget (1 call) was not touched by them.
        HttpResponse<String> pageCall = Http.get(url("/" + PAGE + "/feed?access_token=" + TOKEN));
        assertThat(pageCall.statusCode()).isEqualTo(200);
        assertThat(pageUsage(pageCall)).isEqualTo(100);
    }

    @Test
    void overBudgetPageStaysBlockedForThePenaltyWithinAShortUsageWindow() {
        graph.settings().pageCallsPerMinute(2).usageWindow(Duration.ofSeconds(10)).rateLimitPenalty(Duration.ofSeconds(15))
                .regainAccessUnit(ChronoUnit.SECONDS);
        String feed = url("/" + PAGE + "/feed?access_token=" + TOKEN);
        Http.get(feed);
        Http.get(feed);

        HttpResponse<String> limited = Http.get(feed);

        assertThat(errorOf(limited).get("code").asInt()).isEqualTo(32);
        assertThat(Json.parse(limited.headers().firstValue("X-Page-Usage").orElseThrow())
                .get("estimated_time_to_regain_access").asInt()).isEqualTo(15);
        clock.advance(Duration.ofSeconds(10)); // a new window, but the penalty is not over
        assertThat(errorOf(Http.get(feed)).get("code").asInt()).isEqualTo(32);
        clock.advance(Duration.ofSeconds(5));
        assertThat(Http.get(feed).statusCode()).isEqualTo(200);
    }

    @Test
    void anErrorBurstHitsOnlyThePageItWasScriptedFor() {
        graph.registerPage("778", "tok-778");
        graph.failPageCalls(PAGE, 2, FacebookError.service());

        assertThat(Http.postForm(url("/778/feed"), new LinkedHashMap<>(Map.of("message", "x", "access_token",
                "tok-778"))).statusCode()).isEqualTo(200);
        assertThat(errorOf(post(Map.of("message", "a", "access_token", TOKEN))).get("code").asInt()).isEqualTo(2);
        assertThat(errorOf(Http.get(url("/" + PAGE + "_1?access_token=" + TOKEN))).get("code").asInt()).isEqualTo(2);
        assertThat(post(Map.of("message", "a", "access_token", TOKEN)).statusCode()).isEqualTo(200);
        assertThat("/v25.0/" + PAGE + "_12/feed").matches(graph.pagePaths(PAGE));
        assertThat("/v25.0/" + PAGE + "1/feed").doesNotMatch(graph.pagePaths(PAGE));
    }

    private List<Integer> statusesWithFractionFault(long seed) {
        try (FakeFacebookGraph fresh = new FakeFacebookGraph()) {
            fresh.registerPage(PAGE, TOKEN).start();
            fresh.faults().failFraction(0.5, seed, FacebookError.unknown().asFault());
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(Http.get(fresh.baseUrl() + "/v25.0/" + PAGE + "/feed?access_token=" + TOKEN)
                        .statusCode());
            }
            return statuses;
        }
    }

    private int pageUsage(HttpResponse<String> response) {
        return Json.parse(response.headers().firstValue("X-Page-Usage").orElseThrow())
                .get("call_count").asInt();
    }

    private HttpResponse<String> post(Map<String, String> form) {
        return Http.postForm(url("/" + PAGE + "/feed"), new LinkedHashMap<>(form));
    }

    private String url(String path) {
        return graph.baseUrl() + "/v25.0" + path;
    }

    private static JsonNode errorOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        return Http.json(response).get("error");
    }

    private static List<String> ids(HttpResponse<String> response) {
        return Http.json(response).get("data").findValuesAsString("id");
    }

    private static String hmacSha256(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
