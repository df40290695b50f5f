package vn.govcomm.fakes.websub;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.govcomm.fakes.http.Crypto;
import vn.govcomm.fakes.http.FakeHttpServer;
import vn.govcomm.fakes.http.Request;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.Router;

/**
 * A WebSub (W3C) subscriber's callback, standing in for an agency portal that subscribed to one of our feeds: it
 * confirms the hub's verification GET by echoing {@code hub.challenge} (or refuses with 404), records content
 * deliveries and checks {@code X-Hub-Signature: method=<hex HMAC>}, and can answer 410 to end the subscription.
 */
public final class FakeWebSubSubscriber extends FakeHttpServer<FakeWebSubSubscriber> {

    private static final Map<String, String> HMAC_BY_METHOD = Map.of(
            "sha1", "HmacSHA1", "sha256", "HmacSHA256", "sha384", "HmacSHA384", "sha512", "HmacSHA512");

    private final String callbackPath;
    private volatile Clock clock = Clock.systemUTC();
    private volatile String secret;
    private volatile String expectedTopic;
    private volatile boolean refuseVerification;
    private volatile boolean ended;
    private final List<WebSubVerification> verifications = new ArrayList<>();
    private final List<WebSubDelivery> deliveries = new ArrayList<>();

    public FakeWebSubSubscriber() {
        this("/websub/callback");
    }

    public FakeWebSubSubscriber(String callbackPath) {
        super("fake-websub-subscriber");
        this.callbackPath = callbackPath;
    }

    // ---- scripting API -------------------------------------------------------------------------------------------

    /** The URL to give the hub as {@code hub.callback}. */
    public String callbackUrl() {
        return baseUrl() + callbackPath;
    }

    /** The {@code hub.secret} this subscriber subscribed with; deliveries must then be signed with it. */
    public FakeWebSubSubscriber secret(String value) {
        secret = value;
        return this;
    }

    /** Only verifications for this topic are confirmed ({@code null} = any topic). */
    public FakeWebSubSubscriber expectTopic(String topic) {
        expectedTopic = topic;
        return this;
    }

    public FakeWebSubSubscriber clock(Clock value) {
        clock = value;
        return this;
    }

    /** Verification GETs are answered 404 (the subscriber does not agree). */
    public void refuseVerification() {
        refuseVerification = true;
    }

    public void acceptVerification() {
        refuseVerification = false;
    }

    /** Deliveries are answered 410 Gone: the hub must end the subscription. */
    public void endSubscription() {
        ended = true;
    }

    public void resumeSubscription() {
        ended = false;
    }

    public synchronized List<WebSubVerification> verifications() {
        return List.copyOf(verifications);
    }

    public synchronized List<WebSubDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Deliveries answered 2xx with a valid (or no required) signature: what the portal would actually import. */
    public List<WebSubDelivery> acceptedDeliveries() {
        return deliveries().stream().filter(WebSubDelivery::accepted).toList();
    }

    // ---- routes --------------------------------------------------------------------------------------------------

    @Override
    protected void routes(Router router) {
        router.get(callbackPath, this::verify);
        router.post(callbackPath, this::deliver);
    }

    @Override
    protected Clock clock() {
        return clock;
    }

    @Override
    protected Response notFound(Request request) {
        return Response.text(404, "Not Found");
    }

    private Response verify(Request req) {
        String mode = req.query("hub.mode");
        String topic = req.query("hub.topic");
        String challenge = req.query("hub.challenge");
        Long lease = parseLong(req.query("hub.lease_seconds"));
        if ("denied".equals(mode)) {
            record(new WebSubVerification(clock.instant(), mode, topic, null, null, req.query("hub.reason"), false));
            return Response.text(200, "");
        }
        boolean agrees = !refuseVerification
                && ("subscribe".equals(mode) || "unsubscribe".equals(mode))
                && challenge != null && !challenge.isEmpty()
                && topic != null && (expectedTopic == null || expectedTopic.equals(topic));
        record(new WebSubVerification(clock.instant(), mode, topic, challenge, lease, null, agrees));
        return agrees ? Response.text(200, challenge) : Response.text(404, "Not Found");
    }

    private Response deliver(Request req) {
        Instant now = clock.instant();
        String body = req.bodyText();
        String signature = req.header("X-Hub-Signature");
        List<String> links = req.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Link"))
                .flatMap(e -> e.getValue().stream()).toList();
        int status = ended ? 410 : 200; // spec: 2xx even when the signature is wrong; the content is just ignored
        record(new WebSubDelivery(now, req.header("Content-Type"), body, links, signature,
                check(signature, req.body()), status));
        return status == 410 ? Response.text(410, "Gone") : Response.empty(200);
    }

    private SignatureCheck check(String header, byte[] body) {
        String key = secret;
        if (key == null) {
            return SignatureCheck.NOT_REQUIRED;
        }
        if (header == null || !header.contains("=")) {
            return SignatureCheck.MISSING;
        }
        String method = header.substring(0, header.indexOf('=')).toLowerCase(Locale.ROOT);
        String algorithm = HMAC_BY_METHOD.get(method);
        if (algorithm == null) {
            return SignatureCheck.INVALID;
        }
        String expected = Crypto.hmacHex(algorithm, key, body);
        String given = header.substring(header.indexOf('=') + 1).toLowerCase(Locale.ROOT);
        return Crypto.constantTimeEquals(expected, given) ? SignatureCheck.VALID : SignatureCheck.INVALID;
    }

    private synchronized void record(WebSubVerification verification) {
        verifications.add(verification);
    }

    private synchronized void record(WebSubDelivery delivery) {
        deliveries.add(delivery);
    }

    private static Long parseLong(String value) {
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
