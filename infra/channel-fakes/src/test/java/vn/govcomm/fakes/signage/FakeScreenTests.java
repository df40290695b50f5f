package vn.govcomm.fakes.signage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Request;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.CallbackReceiver;

class FakeScreenTests {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private final List<JsonNode> acks = new CopyOnWriteArrayList<>();
    private volatile int version = 1;
    private volatile List<String> deliveries = List.of("d-1");
    private CallbackReceiver server;
    private FakeScreen screen;

    @BeforeEach
    void start() {
        server = new CallbackReceiver(this::signage).start();
        screen = new FakeScreen(server.baseUrl(), "scr-7", "device-secret").clock(clock);
    }

    @AfterEach
    void stop() {
        screen.close();
        server.close();
    }

    @Test
    void pollsWithIfNoneMatchAndAcknowledgesEachNewItemOnce() {
        ScreenPoll first = screen.poll();
        ScreenPoll second = screen.poll();
        version = 2;
        deliveries = List.of("d-1", "d-2");
        ScreenPoll third = screen.poll();

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.sentIfNoneMatch()).isNull();
        assertThat(second.status()).isEqualTo(304);
        assertThat(second.sentIfNoneMatch()).isEqualTo("\"v1\"");
        assertThat(third.status()).isEqualTo(200);
        assertThat(screen.playlist()).extracting(PlaylistItem::deliveryId).containsExactly("d-1", "d-2");
        assertThat(acks).extracting(a -> a.get("deliveryId").asString() + ":" + a.get("state").asString())
                .containsExactly("d-1:RECEIVED", "d-2:RECEIVED");
        assertThat(server.requestLog()).allSatisfy(r ->
                assertThat(r.header("Authorization")).isEqualTo("Bearer device-secret"));
    }

    @Test
    void staleValidatorIsAnsweredWithTheFullPlaylist() {
        screen.poll();

        ScreenPoll stale = screen.nextPollValidator("\"v0\"").poll();

        assertThat(stale.sentIfNoneMatch()).isEqualTo("\"v0\"");
        assertThat(stale.status()).isEqualTo(200);
    }

    @Test
    void heldAcksArriveLateInOneShuffledBatchAndTwiceEach() {
        screen.autoReceive(false).holdAcks();
        List<String> happened = List.of("d-1", "d-2", "d-3", "d-4");
        for (String id : happened) {
            screen.displayed(id);
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(acks).isEmpty();
        assertThat(screen.heldAcks()).hasSize(4);

        screen.duplicateAcks(true).shuffleAcks(3L);
        screen.flushAcks();

        List<String> expectedOrder = new ArrayList<>(happened);
        Collections.shuffle(expectedOrder, new Random(3L));
        List<String> expectedSent = expectedOrder.stream().flatMap(id -> List.of(id, id).stream()).toList();
        assertThat(acks).extracting(a -> a.get("deliveryId").asString()).containsExactlyElementsOf(expectedSent);
        assertThat(acks).filteredOn(a -> a.get("deliveryId").asString().equals("d-1"))
                .extracting(a -> a.get("at").asString()).containsOnly("2026-03-02T02:00:00Z");
        assertThat(screen.sentAcks()).filteredOn(a -> a.deliveryId().equals("d-1"))
                .allSatisfy(a -> assertThat(Duration.between(a.at(), a.sentAt())).isEqualTo(Duration.ofMinutes(2)));
    }

    @Test
    void silentScreenReachesNothingAndDeliversItsAcksWhenItComesBack() {
        screen.poll();
        acks.clear();
        server.clearRequestLog();

        screen.goSilent();
        assertThat(screen.poll().status()).isZero();
        assertThat(screen.heartbeat("d-1")).isZero();
        screen.displayed("d-1");
        clock.advance(Duration.ofMinutes(20));
        assertThat(server.requestLog()).isEmpty();

        List<ScreenAck> late = screen.comeBack();

        assertThat(late).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo("DISPLAYED");
            assertThat(Duration.between(a.at(), a.sentAt())).isEqualTo(Duration.ofMinutes(20));
            assertThat(a.status()).isEqualTo(202);
        });
        assertThat(screen.heartbeat("d-1")).isEqualTo(200);
        assertThat(server.requests("POST", ".*/heartbeat").getFirst().bodyText()).contains("\"playlistVersion\":\"1\"");
    }

    @Test
    void pollsOnItsOwnUntilStopped() {
        screen.startPolling(Duration.ofMillis(20));

        await().atMost(Duration.ofSeconds(5)).until(() -> screen.polls().size() >= 3);
        screen.stopPolling();

        assertThat(screen.polls()).extracting(ScreenPoll::status).startsWith(200, 304, 304);
    }

    /** A minimal stand-in for our signage endpoint. */
    private Response signage(Request req) {
        String etag = "\"v" + version + "\"";
        if (req.method().equals("GET") && req.path().equals("/signage/scr-7/playlist")) {
            if (etag.equals(req.header("If-None-Match"))) {
                return Response.empty(304).withHeader("ETag", etag);
            }
            var items = Json.array();
            deliveries.forEach(d -> items.addObject().put("noticeId", "n-" + d).put("deliveryId", d)
                    .put("text", "Thông báo").put("priority", 1).put("durationSec", 20));
            var body = Json.object().put("version", Integer.toString(version));
            body.set("items", items);
            return Response.json(200, body).withHeader("ETag", etag);
        }
        if (req.path().equals("/signage/scr-7/ack")) {
            acks.add(req.json());
            return Response.empty(202);
        }
        return req.path().equals("/signage/scr-7/heartbeat") ? Response.empty(200)
                : Response.json(404, Map.of("error", "no route"));
    }
}
