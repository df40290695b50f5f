package vn.govcomm.fakes.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.Http;

/**
 * The fake Graph on a state directory: a second fake opened on the directory while the first still runs (as after a
 * {@code kill -9}: nothing is written at close) serves what the first confirmed.
 */
class FakeFacebookGraphStateTests {

    private static final String PAGE = "546349135390552";
    private static final String TOKEN = "page-token-1";

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:10Z"));
    private final List<FakeFacebookGraph> fakes = new ArrayList<>();

    @AfterEach
    void stop() {
        fakes.forEach(FakeFacebookGraph::close);
    }

    @Test
    void aNewFakeOnTheSameDirectoryServesEveryConfirmedPostAndContinuesTheIds() {
        FakeFacebookGraph first = open();
        String feed = id(publish(first, "feed", Map.of("message", "Thông báo lịch tiếp dân")));
        JsonNode photo = Http.json(publish(first, "photos", Map.of("url", "https://cdn.example/p.jpg")));
        String scheduled = id(publish(first, "feed", Map.of("message", "Lịch cắt điện", "published", "false",
                "scheduled_publish_time", String.valueOf(clock.instant().plusSeconds(3600).getEpochSecond()))));
        String deleted = id(publish(first, "feed", Map.of("message", "Bài đăng nhầm")));
        assertThat(Http.delete(first.baseUrl() + "/v25.0/" + deleted + "?access_token=" + TOKEN, Map.of())
                .statusCode()).isEqualTo(200);

        FakeFacebookGraph second = open();

        assertThat(second.allPosts()).isEqualTo(first.allPosts()).hasSize(4);
        JsonNode read = Http.json(Http.get(second.baseUrl() + "/v25.0/" + feed + "?fields=message&access_token="
                + TOKEN));
        assertThat(read.get("message").asString()).isEqualTo("Thông báo lịch tiếp dân");
        JsonNode photoNode = Http.json(Http.get(second.baseUrl() + "/v25.0/" + photo.get("id").asString()
                + "?fields=page_story_id&access_token=" + TOKEN));
        assertThat(photoNode.get("page_story_id").asString()).isEqualTo(photo.get("post_id").asString());
        JsonNode scheduledPosts = Http.json(Http.get(second.baseUrl() + "/v25.0/" + PAGE
                + "/scheduled_posts?access_token=" + TOKEN));
        assertThat(scheduledPosts.get("data")).extracting(p -> p.get("id").asString()).containsExactly(scheduled);
        JsonNode gone = Http.json(Http.get(second.baseUrl() + "/v25.0/" + deleted + "?access_token=" + TOKEN));
        assertThat(gone.get("error").get("error_subcode").asInt()).isEqualTo(33);
        // The duplicate check still sees the kept posts, and a new post takes a number never given before.
        assertThat(Http.json(publish(second, "feed", Map.of("message", "Thông báo lịch tiếp dân")))
                .get("error").get("code").asInt()).isEqualTo(506);
        String next = id(publish(second, "feed", Map.of("message", "Bài mới sau khi khởi động lại")));
        long highestBefore = first.allPosts().stream()
                .flatMap(p -> p.photoId() == null ? java.util.stream.Stream.of(p.postNumber())
                        : java.util.stream.Stream.of(p.postNumber(), p.photoId()))
                .mapToLong(Long::parseLong).max().orElseThrow();
        assertThat(Long.parseLong(next.split("_")[1])).isGreaterThan(highestBefore);
    }

    @Test
    void registeringTheSamePageAgainKeepsItsStateAndANewTokenReplacesIt() {
        FakeFacebookGraph first = open();
        first.revokePermissions(PAGE, "pages_manage_posts");

        FakeFacebookGraph second = open();
        assertThat(Http.json(publish(second, "feed", Map.of("message", "Không được phép"))).get("error")
                .get("code").asInt()).isEqualTo(200);

        second.registerPage(PAGE, "Sở Thông tin", "page-token-2");
        FakeFacebookGraph third = new FakeFacebookGraph().persistTo(dir);
        fakes.add(third.start());
        HttpResponse<String> withNewToken = Http.postForm(third.baseUrl() + "/v25.0/" + PAGE + "/feed",
                Map.of("message", "Được phép lại", "access_token", "page-token-2"));
        assertThat(withNewToken.statusCode()).isEqualTo(200);
    }

    @Test
    void manyPagesRegisteredAtOnceAreKeptAndServedByANewFake() {
        FakeFacebookGraph first = new FakeFacebookGraph().persistTo(dir).registerPages(java.util.stream.IntStream
                .range(0, 300).mapToObj(i -> new FakeFacebookGraph.PageRegistration("9000" + i, "Trang " + i,
                        "many-token-" + i)).toList());
        fakes.add(first.start());
        assertThat(Http.postForm(first.baseUrl() + "/v25.0/9000299/feed",
                Map.of("message", "Trang cuối", "access_token", "many-token-299")).statusCode()).isEqualTo(200);

        FakeFacebookGraph second = new FakeFacebookGraph().persistTo(dir);
        fakes.add(second.start());
        for (int i : new int[]{0, 150, 299}) {
            JsonNode me = Http.json(Http.get(second.baseUrl() + "/v25.0/me?access_token=many-token-" + i));
            assertThat(me.get("id").asString()).isEqualTo("9000" + i);
            assertThat(me.get("name").asString()).isEqualTo("Trang " + i);
        }
        assertThat(second.allPosts()).hasSize(1);
    }

    @Test
    void listsEveryPostOnTheInspectionRouteWithoutTokenFaultsOrRequestLog() {
        FakeFacebookGraph graph = open();
        String text = id(publish(graph, "feed", Map.of("message", "Tin có mã #dlv-42")));
        String photoPost = Http.json(publish(graph, "photos", Map.of("url", "https://cdn.example/p.jpg")))
                .get("post_id").asString();
        Http.delete(graph.baseUrl() + "/v25.0/" + text + "?access_token=" + TOKEN, Map.of());
        graph.clearRequestLog();
        graph.faults().failNext(1, Fault.status(502));

        JsonNode posts = Http.json(Http.get(graph.baseUrl() + "/_fake/posts"));

        assertThat(posts).hasSize(2);
        JsonNode first = posts.get(0);
        assertThat(first.propertyNames()).containsExactly("id", "pageId", "message", "deleted", "createdTime");
        assertThat(first.get("id").asString()).isEqualTo(text);
        assertThat(first.get("pageId").asString()).isEqualTo(PAGE);
        assertThat(first.get("message").asString()).isEqualTo("Tin có mã #dlv-42");
        assertThat(first.get("deleted").asBoolean()).isTrue();
        assertThat(first.get("createdTime").asString()).isEqualTo("2026-03-02T02:00:10Z");
        assertThat(posts.get(1).get("id").asString()).isEqualTo(photoPost);
        assertThat(posts.get(1).get("message").isNull()).isTrue();
        assertThat(posts.get(1).get("deleted").asBoolean()).isFalse();
        assertThat(graph.requestLog()).isEmpty();
        // The scripted fault is still there for the next API call.
        assertThat(Http.get(graph.baseUrl() + "/v25.0/me?access_token=" + TOKEN).statusCode()).isEqualTo(502);
    }

    @Test
    void persistToRefusesAFakeThatAlreadyHasPages() {
        FakeFacebookGraph graph = new FakeFacebookGraph().registerPage(PAGE, TOKEN);

        assertThatThrownBy(() -> graph.persistTo(dir)).isInstanceOf(IllegalStateException.class);
    }

    /** A fake on the test's directory with the Page registered, as the launcher does at every start. */
    private FakeFacebookGraph open() {
        FakeFacebookGraph graph = new FakeFacebookGraph().persistTo(dir);
        graph.settings().clock(clock);
        graph.registerPage(PAGE, "Sở Thông tin", TOKEN).start();
        fakes.add(graph);
        return graph;
    }

    private static HttpResponse<String> publish(FakeFacebookGraph graph, String edge, Map<String, String> form) {
        Map<String, String> withToken = new java.util.HashMap<>(form);
        withToken.put("access_token", TOKEN);
        return Http.postForm(graph.baseUrl() + "/v25.0/" + PAGE + "/" + edge, withToken);
    }

    private static String id(HttpResponse<String> created) {
        assertThat(created.statusCode()).isEqualTo(200);
        return Http.json(created).get("id").asString();
    }
}
