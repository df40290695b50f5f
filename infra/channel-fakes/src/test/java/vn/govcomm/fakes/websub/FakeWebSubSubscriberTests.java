package vn.govcomm.fakes.websub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.http.Forms;
import vn.govcomm.fakes.support.Http;

class FakeWebSubSubscriberTests {

    private static final String TOPIC = "https://govcomm.example/feeds/agency/so-tttt.atom";
    private static final String ATOM = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Tin</title></feed>";

    private FakeWebSubSubscriber portal;

    @BeforeEach
    void start() {
        portal = new FakeWebSubSubscriber().secret("shared-secret").expectTopic(TOPIC).start();
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    @Test
    void confirmsVerificationByEchoingTheChallenge() {
        HttpResponse<String> response = verify("subscribe", TOPIC, "c-123");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("c-123");
        assertThat(portal.verifications()).singleElement().satisfies(v -> {
            assertThat(v.confirmed()).isTrue();
            assertThat(v.leaseSeconds()).isEqualTo(86_400L);
            assertThat(v.mode()).isEqualTo("subscribe");
        });
    }

    @Test
    void refusesVerificationWith404WhenScriptedOrForAnotherTopic() {
        assertThat(verify("subscribe", "https://other.example/feed", "c-1").statusCode()).isEqualTo(404);

        portal.refuseVerification();
        HttpResponse<String> refused = verify("subscribe", TOPIC, "c-2");

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("c-2");
        assertThat(portal.verifications()).noneMatch(WebSubVerification::confirmed);
        portal.acceptVerification();
        assertThat(verify("unsubscribe", TOPIC, "c-3").body()).isEqualTo("c-3");
    }

    @Test
    void recordsHubDenials() {
        HttpResponse<String> response = Http.get(portal.callbackUrl() + "?hub.mode=denied&hub.topic="
                + Forms.encode(TOPIC) + "&hub.reason=" + Forms.encode("not allowed"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(portal.verifications()).singleElement()
                .satisfies(v -> assertThat(v.reason()).isEqualTo("not allowed"));
    }

    @Test
    void acceptsSignedDeliveriesAndIgnoresBadlySignedOnesWhileAnswering2xx() throws Exception {
        assertThat(deliver("sha256=" + hmac("HmacSHA256", "shared-secret")).statusCode()).isEqualTo(200);
        assertThat(deliver("sha1=" + hmac("HmacSHA1", "shared-secret")).statusCode()).isEqualTo(200);
        assertThat(deliver("sha256=" + hmac("HmacSHA256", "wrong-secret")).statusCode()).isEqualTo(200);
        assertThat(deliver(null).statusCode()).isEqualTo(200);

        assertThat(portal.deliveries()).extracting(WebSubDelivery::signatureCheck).containsExactly(
                SignatureCheck.VALID, SignatureCheck.VALID, SignatureCheck.INVALID, SignatureCheck.MISSING);
        assertThat(portal.acceptedDeliveries()).hasSize(2);
        assertThat(portal.deliveries().getFirst().links()).contains("<https://hub.example/>; rel=\"hub\"");
        assertThat(portal.deliveries().getFirst().body()).isEqualTo(ATOM);
    }

    @Test
    void answers410OnceTheSubscriptionIsEnded() throws Exception {
        portal.endSubscription();

        HttpResponse<String> gone = deliver("sha256=" + hmac("HmacSHA256", "shared-secret"));

        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(portal.acceptedDeliveries()).isEmpty();
        portal.resumeSubscription();
        assertThat(deliver("sha256=" + hmac("HmacSHA256", "shared-secret")).statusCode()).isEqualTo(200);
    }

    @Test
    void scriptedFailureMakesTheHubRetry() throws Exception {
        portal.faults().failNext(1, Fault.status(503));

        assertThat(deliver("sha256=" + hmac("HmacSHA256", "shared-secret")).statusCode()).isEqualTo(503);
        assertThat(deliver("sha256=" + hmac("HmacSHA256", "shared-secret")).statusCode()).isEqualTo(200);

        assertThat(portal.deliveries()).hasSize(1);
        assertThat(portal.requestLog()).hasSize(2);
    }

    private HttpResponse<String> verify(String mode, String topic, String challenge) {
        return Http.get(portal.callbackUrl() + "?hub.mode=" + mode + "&hub.topic=" + Forms.encode(topic)
                + "&hub.challenge=" + challenge + "&hub.lease_seconds=86400");
    }

    private HttpResponse<String> deliver(String signature) {
        HttpRequest.Builder builder = Http.builder(portal.callbackUrl(), Map.of())
                .header("Content-Type", "application/atom+xml")
                .header("Link", "<https://hub.example/>; rel=\"hub\"")
                .header("Link", "<" + TOPIC + ">; rel=\"self\"")
                .POST(HttpRequest.BodyPublishers.ofString(ATOM));
        if (signature != null) {
            builder.header("X-Hub-Signature", signature);
        }
        return Http.send(builder.build());
    }

    private static String hmac(String algorithm, String key) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        return HexFormat.of().formatHex(mac.doFinal(ATOM.getBytes(StandardCharsets.UTF_8)));
    }
}
