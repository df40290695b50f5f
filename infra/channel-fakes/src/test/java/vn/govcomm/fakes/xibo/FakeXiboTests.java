package vn.govcomm.fakes.xibo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.Forms;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.Http;

class FakeXiboTests {

    // 09:00 in Asia/Ho_Chi_Minh, the CMS zone
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private FakeXibo xibo;
    private int hall;
    private int desk;
    private String token;

    @BeforeEach
    void start() {
        xibo = new FakeXibo();
        xibo.settings().clock(clock);
        xibo.registerClient("govcomm", "s3cret").start();
        hall = xibo.addDisplay("Sảnh chính");
        desk = xibo.addDisplay("Quầy một cửa");
        token = Http.json(Http.postForm(api("/authorize/access_token"), Map.of("grant_type", "client_credentials",
                "client_id", "govcomm", "client_secret", "s3cret"))).get("access_token").asString();
    }

    @AfterEach
    void stop() {
        xibo.close();
    }

    @Test
    void issuesBearerTokensForClientCredentialsAndAnswers401Otherwise() {
        HttpResponse<String> badClient = Http.postForm(api("/authorize/access_token"),
                Map.of("grant_type", "client_credentials", "client_id", "govcomm", "client_secret", "nope"));
        assertThat(badClient.statusCode()).isEqualTo(401);
        assertThat(Http.json(badClient).get("error").asString()).isEqualTo("invalid_client");

        HttpResponse<String> noToken = Http.get(api("/display"));
        assertThat(noToken.statusCode()).isEqualTo(401);
        JsonNode error = Http.json(noToken);
        assertThat(error.get("success").asBoolean()).isFalse();
        assertThat(error.get("error").asInt()).isEqualTo(401);
        assertThat(error.get("message").asString()).isNotBlank();

        assertThat(Http.get(api("/display"), bearer()).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(61));
        assertThat(Http.get(api("/display"), bearer()).statusCode()).isEqualTo(401);
    }

    @Test
    void publishesTextNoticeThroughPlaylistLayoutScheduleAndCollectNow() {
        int layoutId = publishNotice("<p>Tạm dừng tiếp nhận hồ sơ chiều 5/3</p>", xibo.displayGroupOf(hall),
                xibo.displayGroupOf(desk));
        assertThat(xibo.widgets()).singleElement().satisfies(w -> {
            assertThat(w.text()).contains("Tạm dừng");
            assertThat(w.duration()).isEqualTo(20);
            assertThat(w.useDuration()).isEqualTo(1);
        });

        JsonNode before = display(hall);
        assertThat(before.get("mediaInventoryStatus").asInt()).isEqualTo(3);
        assertThat(before.get("currentLayoutId").asInt()).isEqualTo(1);

        HttpResponse<String> collect = Http.postForm(api("/displaygroup/" + xibo.displayGroupOf(hall)
                + "/action/collectNow"), Map.of(), bearer());
        assertThat(collect.statusCode()).isEqualTo(204);

        JsonNode after = display(hall);
        assertThat(after.get("mediaInventoryStatus").asInt()).isEqualTo(1);
        assertThat(after.get("currentLayoutId").asInt()).isEqualTo(layoutId);
        assertThat(after.get("loggedIn").asInt()).isEqualTo(1);
        assertThat(display(desk).get("mediaInventoryStatus").asInt()).isEqualTo(3);
        assertThat(xibo.collectRequests()).containsExactly(xibo.displayGroupOf(hall));
    }

    @Test
    void putBodiesMustBeFormEncoded() {
        int playlistId = Http.json(Http.postForm(api("/playlist"), Map.of("name", "n", "isDynamic", "0"), bearer()))
                .get("playlistId").asInt();
        int widgetId = Http.json(Http.postForm(api("/playlist/widget/text/" + playlistId), Map.of(), bearer()))
                .get("widgetId").asInt();

        HttpResponse<String> json = Http.send(Http.builder(api("/playlist/widget/" + widgetId), bearer())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\",\"duration\":10}"))
                .build());

        assertThat(json.statusCode()).isEqualTo(422);
        assertThat(Http.json(json).get("property").asString()).isEqualTo("text");
        assertThat(Http.putForm(api("/playlist/widget/" + widgetId), Map.of("text", "hello", "duration", "10"),
                bearer()).statusCode()).isEqualTo(200);
    }

    @Test
    void proofOfPlayBecomesVisibleOnlyAfterTheBatchUploadAndMayRepeat() {
        Instant start = clock.instant().minusSeconds(120);
        xibo.recordLayoutPlay(hall, 7, start, start.plusSeconds(30));
        xibo.recordWidgetPlay(hall, 7, 3, start, start.plusSeconds(30));
        String query = "/stats?type=layout&fromDt=" + Forms.encode("2026-03-02 08:00:00") + "&toDt="
                + Forms.encode("2026-03-02 10:00:00") + "&displayId=" + hall + "&layoutId=7";

        assertThat(Http.json(Http.get(api(query), bearer()))).isEmpty();
        assertThat(xibo.pendingStats(hall)).hasSize(2);

        assertThat(xibo.uploadStats(hall)).isEqualTo(2);

        HttpResponse<String> response = Http.get(api(query), bearer());
        JsonNode rows = Http.json(response);
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("numberPlays").asInt()).isEqualTo(1);
        assertThat(row.get("duration").asInt()).isEqualTo(30);
        assertThat(row.get("start").asString()).isEqualTo("2026-03-02 08:58:00");
        assertThat(row.get("end").asString()).isEqualTo("2026-03-02 08:58:30");
        assertThat(row.get("displayId").asInt()).isEqualTo(hall);
        assertThat(response.headers().firstValue("X-Total-Count")).hasValue("1");
        assertThat(Http.json(Http.get(api(query.replace("type=layout", "type=widget")), bearer())).get(0)
                .get("widgetId").asInt()).isEqualTo(3);

        xibo.reuploadLastBatch(hall);
        assertThat(Http.json(Http.get(api(query), bearer()))).hasSize(2);
    }

    @Test
    void silentDisplayKeepsItsOldScheduleAndCatchesUpWhenItComesBack() {
        xibo.setLoggedIn(desk, false);
        long frozen = display(desk).get("lastAccessed").asLong();
        clock.advance(Duration.ofMinutes(10));
        int layoutId = publishNotice("<p>Mất điện</p>", xibo.displayGroupOf(desk));
        Http.postForm(api("/displaygroup/" + xibo.displayGroupOf(desk) + "/action/collectNow"), Map.of(), bearer());
        xibo.recordLayoutPlay(desk, 1, clock.instant().minusSeconds(60), clock.instant().minusSeconds(30));

        JsonNode silent = display(desk);
        assertThat(silent.get("loggedIn").asInt()).isZero();
        assertThat(silent.get("lastAccessed").asLong()).isEqualTo(frozen);
        assertThat(silent.get("mediaInventoryStatus").asInt()).isEqualTo(3);
        assertThat(silent.get("currentLayoutId").asInt()).isEqualTo(1);
        assertThat(xibo.uploadStats(desk)).isZero();

        xibo.setLoggedIn(desk, true);

        JsonNode back = display(desk);
        assertThat(back.get("loggedIn").asInt()).isEqualTo(1);
        assertThat(back.get("lastAccessed").asLong()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(back.get("mediaInventoryStatus").asInt()).isEqualTo(1);
        assertThat(back.get("currentLayoutId").asInt()).isEqualTo(layoutId);
        assertThat(xibo.uploadStats(desk)).isEqualTo(1);
    }

    @Test
    void displayIsDownloadingForTheConfiguredTimeAfterCollecting() {
        xibo.settings().downloadDuration(Duration.ofMinutes(2));
        int layoutId = publishNotice("<p>x</p>", xibo.displayGroupOf(hall));

        xibo.playerCollects(hall);

        assertThat(display(hall).get("mediaInventoryStatus").asInt()).isEqualTo(2);
        assertThat(display(hall).get("currentLayoutId").asInt()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(display(hall).get("mediaInventoryStatus").asInt()).isEqualTo(1);
        assertThat(display(hall).get("currentLayoutId").asInt()).isEqualTo(layoutId);
    }

    @Test
    void deletingTheEventRetractsTheNoticeAndUnknownEventsAre404() {
        publishNotice("<p>x</p>", xibo.displayGroupOf(hall));
        int eventId = xibo.events().getFirst().eventId();
        xibo.playerCollects(hall);

        assertThat(Http.delete(api("/schedule/" + eventId), bearer()).statusCode()).isEqualTo(204);
        xibo.playerCollects(hall);

        assertThat(display(hall).get("currentLayoutId").asInt()).isEqualTo(1);
        assertThat(xibo.events()).isEmpty();
        HttpResponse<String> again = Http.delete(api("/schedule/" + eventId), bearer());
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(Http.json(again).get("success").asBoolean()).isFalse();
    }

    @Test
    void calendarDataFindsAnEventByCampaignAndDisplayGroupInAPeriod() {
        int[] layout = createLayout("<p>x</p>");
        int[] other = createLayout("<p>y</p>");
        int hallGroup = xibo.displayGroupOf(hall);
        assertThat(schedule(layout[1], "2026-03-02 08:00:00", "2026-03-02 18:00:00", hallGroup).statusCode()).isEqualTo(201);
        assertThat(schedule(other[1], "2026-03-02 08:00:00", "2026-03-02 18:00:00", hallGroup).statusCode()).isEqualTo(201);
        int eventId = xibo.events().stream().filter(e -> e.campaignId() == layout[1]).findFirst().orElseThrow().eventId();

        JsonNode found = Http.json(Http.get(api("/schedule/data/events?" + Forms.encode("displayGroupIds[]") + "="
                + hallGroup + "&campaignId=" + layout[1] + "&from=" + Forms.encode("2026-03-02 08:00:00") + "&to="
                + Forms.encode("2026-03-02 18:00:00")), bearer()));
        assertThat(found.get("success").asInt()).isEqualTo(1);
        assertThat(found.get("result")).singleElement().satisfies(row -> {
            assertThat(row.get("id").asInt()).isEqualTo(eventId);
            assertThat(row.get("event").get("campaignId").asInt()).isEqualTo(layout[1]);
        });
        assertThat(Http.json(Http.get(api("/schedule/data/events?" + Forms.encode("displayGroupIds[]") + "="
                + xibo.displayGroupOf(desk) + "&campaignId=" + layout[1]), bearer())).get("result")).isEmpty();
        assertThat(Http.json(Http.get(api("/schedule/data/events?campaignId=" + layout[1]), bearer()))
                .get("result")).as("no display group: nothing, as Xibo answers").isEmpty();
        assertThat(Http.get(api("/schedule/data/events?" + Forms.encode("displayGroupIds[]") + "=-1")).statusCode())
                .as("needs a token").isEqualTo(401);
    }

    @Test
    void rejectsInvalidSchedulesWithXiboErrors() {
        int campaignId = createLayout("<p>x</p>")[1];
        int group = xibo.displayGroupOf(hall);

        assertThat(schedule(campaignId, "2026-03-02 10:00:00", "2026-03-02 09:00:00", group).statusCode())
                .isEqualTo(422);
        assertThat(schedule(campaignId, "2026-03-02T09:00:00Z", "2026-03-02 11:00:00", group).statusCode())
                .isEqualTo(422);
        HttpResponse<String> unknownGroup = schedule(campaignId, "2026-03-02 09:00:00", "2026-03-02 11:00:00", 999);
        assertThat(unknownGroup.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknownGroup).get("error").asInt()).isEqualTo(404);
        assertThat(xibo.events()).isEmpty();
    }

    @Test
    void scriptedFailuresUseTheXiboErrorShape() {
        int campaignId = createLayout("<p>x</p>")[1];
        xibo.faults().failNext(1, "POST", "/api/schedule", XiboError.of(503, "Maintenance").asFault());

        HttpResponse<String> failed = schedule(campaignId, "2026-03-02 09:00:00", "2026-03-02 11:00:00",
                xibo.displayGroupOf(hall));

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(Http.json(failed).get("message").asString()).isEqualTo("Maintenance");
        assertThat(xibo.events()).isEmpty();
        assertThat(schedule(campaignId, "2026-03-02 09:00:00", "2026-03-02 11:00:00", xibo.displayGroupOf(hall))
                .statusCode()).isEqualTo(201);
    }

    /** The whole documented flow; returns the layout id. */
    private int publishNotice(String html, int... groups) {
        int[] layout = createLayout(html);
        HttpResponse<String> event = schedule(layout[1], "2026-03-02 08:00:00", "2026-03-02 18:00:00", groups);
        assertThat(event.statusCode()).isEqualTo(201);
        assertThat(Http.json(event).get("eventId").asInt()).isPositive();
        return layout[0];
    }

    /** Returns {layoutId, campaignId}. */
    private int[] createLayout(String html) {
        HttpResponse<String> playlist = Http.postForm(api("/playlist"), Map.of("name", "Notice", "isDynamic", "0"),
                bearer());
        assertThat(playlist.statusCode()).isEqualTo(201);
        int playlistId = Http.json(playlist).get("playlistId").asInt();
        int widgetId = Http.json(Http.postForm(api("/playlist/widget/text/" + playlistId), Map.of(), bearer()))
                .get("widgetId").asInt();
        assertThat(Http.putForm(api("/playlist/widget/" + widgetId),
                Map.of("text", html, "duration", "20", "useDuration", "1"), bearer()).statusCode()).isEqualTo(200);
        JsonNode layout = Http.json(Http.postForm(api("/layout/fullscreen"),
                Map.of("id", Integer.toString(playlistId), "type", "playlist"), bearer()));
        return new int[] {layout.get("layoutId").asInt(), layout.get("campaignId").asInt()};
    }

    private HttpResponse<String> schedule(int campaignId, String from, String to, int... groups) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("eventTypeId", "1");
        form.put("campaignId", Integer.toString(campaignId));
        form.put("displayOrder", "1");
        form.put("isPriority", "1");
        form.put("fromDt", from);
        form.put("toDt", to);
        StringBuilder body = new StringBuilder(Forms.encode(form));
        for (int group : groups) {
            body.append('&').append(Forms.encode("displayGroupIds[]")).append('=').append(group);
        }
        return Http.postFormRaw(api("/schedule"), body.toString(), bearer());
    }

    private JsonNode display(int displayId) {
        return Http.json(Http.get(api("/display?displayId=" + displayId), bearer())).get(0);
    }

    private Map<String, String> bearer() {
        return Map.of("Authorization", "Bearer " + token);
    }

    private String api(String path) {
        return xibo.baseUrl() + "/api" + path;
    }
}
