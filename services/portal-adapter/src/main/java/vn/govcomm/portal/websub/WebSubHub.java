package vn.govcomm.portal.websub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.govcomm.portal.ChannelCalls;
import vn.govcomm.portal.ChannelCalls.Outcome;
import vn.govcomm.portal.feeds.FeedChanged;
import vn.govcomm.portal.feeds.FeedDocuments;
import vn.govcomm.portal.feeds.FeedSelector;
import vn.govcomm.portal.outbound.Excerpt;
import vn.govcomm.portal.outbound.OutboundHttp;
import vn.govcomm.portal.outbound.OutboundUrlPolicy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The adapter is the WebSub hub of its own feeds: it verifies intents with a GET challenge (asynchronously, after
 * answering 202) and, whenever a portal's feeds change, POSTs the full topic document to each subscriber of that
 * portal with Link rel=hub/self and, if the subscriber gave a secret, {@code X-Hub-Signature: sha256=<hex HMAC>}.
 * A 410 ends the subscription. A failed delivery is not retried on its own: the next change delivers the whole
 * document again (content distribution here is always the full feed, never a diff).
 *
 * <p>Callbacks are user-configured URLs: every verification and delivery goes through {@link OutboundHttp} (the
 * outbound-URL policy again, no redirects, timeouts, capped answers). A callback refused at call time is skipped
 * and logged; its subscription ends with its lease.
 */
@Component
class WebSubHub implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebSubHub.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Subscriptions subscriptions;
    private final FeedDocuments documents;
    private final OutboundHttp http;
    private final ChannelCalls calls;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    WebSubHub(Subscriptions subscriptions, FeedDocuments documents, OutboundHttp http, ChannelCalls calls,
              Clock clock) {
        this.subscriptions = subscriptions;
        this.documents = documents;
        this.http = http;
        this.calls = calls;
        this.clock = clock;
    }

    record Intent(String portalId, String mode, String topic, String callback, String secret, long leaseSeconds) {
        @Override
        public String toString() {
            return "Intent[" + mode + " " + callback + " ← " + topic + "]";
        }
    }

    /** Verifies the intent in the background, as the spec has the hub answer 202 first. */
    void accept(Intent intent) {
        executor.execute(() -> verify(intent));
    }

    void verify(Intent intent) {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        String url = intent.callback() + (intent.callback().contains("?") ? "&" : "?")
                + "hub.mode=" + enc(intent.mode()) + "&hub.topic=" + enc(intent.topic())
                + "&hub.challenge=" + enc(challenge)
                + ("subscribe".equals(intent.mode()) ? "&hub.lease_seconds=" + intent.leaseSeconds() : "");
        long started = System.nanoTime();
        try {
            OutboundHttp.Answer response = http.send(http.request(URI.create(url)).GET().build());
            boolean confirmed = response.status() / 100 == 2 && challenge.equals(response.body().trim());
            calls.record("websub.verify", confirmed ? Outcome.SUCCESS : Outcome.PERMANENT, started);
            if (!confirmed) {
                log.info("WebSub {} not confirmed by the subscriber (HTTP {})", intent, response.status());
                return;
            }
            if ("subscribe".equals(intent.mode())) {
                subscriptions.save(intent.portalId(), intent.topic(), intent.callback(), intent.secret(),
                        intent.leaseSeconds(), clock.instant());
            } else {
                subscriptions.remove(intent.callback(), intent.topic());
            }
        } catch (OutboundUrlPolicy.Refused e) {
            calls.record("websub.verify", Outcome.PERMANENT, started);
            log.info("WebSub {} not verified, callback refused: {} ({})", intent, e.messageEn(), e.code());
        } catch (IOException | IllegalArgumentException e) {
            calls.record("websub.verify", Outcome.RETRYABLE, started);
            log.info("WebSub {} could not be verified: {}", intent, Excerpt.of(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @EventListener
    void on(FeedChanged changed) {
        executor.execute(() -> distribute(changed.portalIds()));
    }

    void distribute(Collection<String> portalIds) {
        for (Subscriptions.Subscription subscription : subscriptions.active(portalIds, clock.instant())) {
            try {
                deliver(subscription);
            } catch (RuntimeException e) {
                log.warn("WebSub delivery to {} failed", subscription, e);
            }
        }
    }

    private void deliver(Subscriptions.Subscription subscription) {
        FeedSelector.Topic topic = FeedSelector.parse(URI.create(subscription.topic()).getPath()).orElse(null);
        if (topic == null) {
            subscriptions.remove(subscription.id());
            return;
        }
        FeedDocuments.Rendered rendered = documents.render(topic.selector(), topic.format());
        HttpRequest.Builder request = http.request(URI.create(subscription.callback()))
                .header("Content-Type", rendered.contentType())
                .header("Link", "<" + documents.hubUrl() + ">; rel=\"hub\"")
                .header("Link", "<" + subscription.topic() + ">; rel=\"self\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(rendered.body()));
        if (subscription.secret() != null) {
            request.header("X-Hub-Signature", "sha256=" + hmac(subscription.secret(), rendered.body()));
        }
        long started = System.nanoTime();
        try {
            int status = http.sendDiscarding(request.build());
            if (status == 410) {
                calls.record("websub.deliver", Outcome.PERMANENT, started);
                subscriptions.remove(subscription.id());
                log.info("WebSub {} ended by the subscriber (410)", subscription);
            } else {
                calls.record("websub.deliver", status / 100 == 2 ? Outcome.SUCCESS : Outcome.RETRYABLE, started);
            }
        } catch (OutboundUrlPolicy.Refused e) {
            calls.record("websub.deliver", Outcome.PERMANENT, started);
            log.warn("WebSub delivery to {} skipped, callback refused: {} ({})", subscription, e.messageEn(), e.code());
        } catch (IOException e) {
            calls.record("websub.deliver", Outcome.RETRYABLE, started);
            log.info("WebSub delivery to {} failed: {}", subscription, Excerpt.of(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
