package vn.govcomm.facebook.webhooks;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.facebook.FacebookAdapterTestSupport;
import vn.govcomm.fakes.facebook.HandshakeResult;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.IncomingEvent;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FacebookWebhookTests extends FacebookAdapterTestSupport {

    @LocalServerPort int port;

    String callback() {
        return "http://127.0.0.1:" + port + "/webhooks/facebook";
    }

    @Test
    void handshakeEchoesTheChallengeOnlyForTheVerifyToken() {
        HandshakeResult ok = GRAPH.verifyHandshake(callback(), VERIFY_TOKEN);
        HandshakeResult wrong = GRAPH.verifyHandshake(callback(), "not-the-token");

        assertThat(ok.challengeEchoed()).isTrue();
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.challengeEchoed()).isFalse();
    }

    @Test
    void rejectsEventsWithoutAValidSignature() {
        String body = "{\"object\":\"page\",\"entry\":[]}";
        assertThat(GRAPH.sendWebhookWithSignature(callback(), null, body)).isEqualTo(401);
        assertThat(GRAPH.sendWebhookWithSignature(callback(), "sha256=00ff", body)).isEqualTo(401);
        assertThat(GRAPH.sendWebhook(callback(), "another-app-secret", body)).isEqualTo(401);
        assertThat(GRAPH.sendWebhook(callback(), APP_SECRET, body)).isEqualTo(200);
    }

    @Test
    void postRemovedByThePageAdminIsReportedOnceAsCancelledOnTheStatusTopic() {
        String page = connectedPage("tok-webhook");
        String deliveryId = request(page, "Thông báo sẽ bị quản trị viên xoá");
        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);
        String postId = GRAPH.posts(page).getFirst().id();
        String event = GRAPH.feedChangeEvent(postId, "remove");

        long started = System.nanoTime();
        int status = GRAPH.sendWebhook(callback(), APP_SECRET, event);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int again = GRAPH.sendWebhook(callback(), APP_SECRET, event); // Facebook retries the same event

        assertThat(status).isEqualTo(200);
        assertThat(again).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        awaitStatus(deliveryId, DeliveryStatus.CANCELLED);
        assertThat(deliveryDocument(deliveryId).getString("reasonCode")).isEqualTo("FB_POST_REMOVED");
        List<ConsumerRecord<String, byte[]>> events = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.facebook",
                r -> deliveryId.equals(r.key()) && json.readTree(r.value()).path("status").asString().equals("CANCELLED"),
                1, Duration.ofSeconds(15));
        IncomingEvent cancelled = IncomingEvent.from(events.getFirst());
        assertThat(Contracts.get().validate(cancelled.type(), cancelled.dataAsString())).isEmpty();
        assertThat(json.readTree(cancelled.dataAsString()).path("reasonCode").asString()).isEqualTo("FB_POST_REMOVED");
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo().count(
                org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("body").is(event)
                                .and("state").is("PROCESSED")), WebhookEvents.COLLECTION) == 1);
    }
}
