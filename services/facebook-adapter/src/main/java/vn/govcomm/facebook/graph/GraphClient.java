package vn.govcomm.facebook.graph;

import jakarta.annotation.PreDestroy;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.facebook.FacebookProperties;
import vn.govcomm.kit.http.ChannelHttpClients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Graph API calls the adapter makes. Every HTTP exchange — create, look-up page, read-back, delete, token check —
 * goes through the Page's guard ({@link PageGuards#exchange}: pause, breaker, rate limiters, bulkhead), so a
 * throttled Page sends nothing at all. The Page token travels in the Authorization header, never in a URL or a log
 * line. Every answer's usage headers feed the throttle; every error is classified by its body's {@code error.code}.
 */
@Component
public class GraphClient {

    /** A post of a Page as the feed / scheduled_posts edges and the read-back show it. */
    public record GraphPost(String id, String message, boolean published, String permalink, String createdTime) {
    }

    private static final String POST_FIELDS = "id,message,is_published,permalink_url";
    /** What the look-up reads of each post: {@code from} tells the Page's own posts from visitors' posts. */
    static final String LOOKUP_FIELDS = "id,message,created_time,from";

    private final HttpComponentsClientHttpRequestFactory requests;
    private final RestClient http;
    private final String version;
    private final JsonMapper json;
    private final PageGuards guards;
    private final ChannelMetrics metrics;
    private final InFlightCalls inFlight;
    private final int lookupPages;

    public GraphClient(FacebookProperties properties, JsonMapper json, PageGuards guards,
                       ChannelMetrics metrics, InFlightCalls inFlight) {
        // Apache HttpClient 5 on the caller's (virtual) thread: no retry, redirect or cookie of its own, and about a
        // quarter of the CPU per call of the JDK client under RestClient (ChannelHttpClients, docs/benchmarks.md).
        this.requests = new HttpComponentsClientHttpRequestFactory(ChannelHttpClients.create(
                properties.connectTimeout(), properties.readTimeout()));
        this.http = RestClient.builder().baseUrl(properties.graphBaseUrl()).requestFactory(requests).build();
        this.version = properties.apiVersion();
        this.json = json;
        this.guards = guards;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.lookupPages = Math.max(1, properties.lookupPages());
    }

    /** Closes the connections at shutdown; calls still in flight were abandoned by {@link InFlightCalls}. */
    @PreDestroy
    void close() throws Exception {
        requests.destroy();
    }

    /** {@code POST /{page}/feed}; returns the {@code pageid_postid}. */
    public String postToFeed(String pageId, String token, String message, String link) {
        return postToFeed(pageId, token, message, link, () -> { });
    }

    /**
     * {@code POST /{page}/feed}; {@code beforeSend} runs once the guards let the call go, right before it is sent
     * (the place to record the attempt: a call refused by the guards must leave no "unconfirmed" trace).
     */
    public String postToFeed(String pageId, String token, String message, String link, Runnable beforeSend) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("message", message);
        if (link != null) {
            form.add("link", link);
        }
        return post(pageId, token, "publish", "/{v}/{page}/feed", form, beforeSend).path("id").asString();
    }

    /** {@code POST /{page}/photos}; returns the story's {@code post_id} (the photo has its own id). */
    public String postPhoto(String pageId, String token, String caption, String url, Runnable beforeSend) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("caption", caption);
        form.add("url", url);
        JsonNode answer = post(pageId, token, "publish", "/{v}/{page}/photos", form, beforeSend);
        return answer.path("post_id").asString(answer.path("id").asString());
    }

    /** {@code GET /{post}?fields=is_published,permalink_url...} */
    public GraphPost readPost(String pageId, String token, String postId) {
        JsonNode node = exchange(pageId, "read", NOTHING, client -> client.get()
                .uri("/{v}/{post}?fields={f}", version, postId, POST_FIELDS).header(HttpHeaders.AUTHORIZATION,
                        "Bearer " + token));
        return toPost(node);
    }

    /** The oldest of {@link #findAllByMarker}. */
    public Optional<GraphPost> findByMarker(String pageId, String token, String marker) {
        return findAllByMarker(pageId, token, marker).stream().findFirst();
    }

    /**
     * Looks for posts of ours on the Page's feed and scheduled posts: those whose message carries {@code marker} and
     * whose author ({@code from.id}) is the Page itself, oldest first. Used after a call without answer (or a crash)
     * instead of posting again, to adopt a 506 duplicate, and before a retraction. The feed also lists visitors'
     * posts, and anyone can copy a marker into one: such a post is never taken for ours. Each page of an edge is one
     * guarded exchange.
     */
    public List<GraphPost> findAllByMarker(String pageId, String token, String marker) {
        List<GraphPost> found = new ArrayList<>();
        for (String edge : List.of("feed", "scheduled_posts")) {
            String after = null;
            for (int page = 0; page < lookupPages; page++) {
                String cursor = after;
                JsonNode body = exchange(pageId, "lookup", NOTHING, client -> client.get()
                        .uri(cursor == null ? "/{v}/{page}/{edge}?fields={f}&limit=50"
                                : "/{v}/{page}/{edge}?fields={f}&limit=50&after={a}", version, pageId, edge,
                                LOOKUP_FIELDS, cursor)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
                for (JsonNode node : body.path("data")) {
                    if (byPage(node, pageId) && carries(node.path("message").asString(""), marker)
                            && found.stream().noneMatch(p -> p.id().equals(node.path("id").asString()))) {
                        found.add(toPost(node));
                    }
                }
                if (body.path("paging").path("next").isMissingNode()) {
                    break;
                }
                after = body.path("paging").path("cursors").path("after").asString(null);
                if (after == null) {
                    break;
                }
            }
        }
        // Graph ids grow with time: the smallest post number is the oldest post.
        found.sort(java.util.Comparator.comparing((GraphPost p) -> p.createdTime() == null ? "" : p.createdTime())
                .thenComparing(p -> postNumber(p.id())));
        return found;
    }

    private static long postNumber(String id) {
        try {
            return Long.parseLong(id.substring(id.indexOf('_') + 1));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code DELETE /{post}} → {@code {"success":true}}. */
    public boolean delete(String pageId, String token, String postId) {
        JsonNode node = exchange(pageId, "delete", NOTHING, client -> client.delete().uri("/{v}/{post}", version, postId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
        return node.path("success").asBoolean(false);
    }

    /** {@code GET /me?fields=id,name} with a Page token: which Page it belongs to. */
    public JsonNode whoAmI(String pageId, String token) {
        return exchange(pageId, "verify", NOTHING, client -> client.get().uri("/{v}/me?fields=id,name", version)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    /** Authored by the Page itself: {@code from.id} is the Page's id (a visitor's post carries the visitor's). */
    static boolean byPage(JsonNode post, String pageId) {
        return pageId.equals(post.path("from").path("id").asString(null));
    }

    /** The marker must end where the message ends or a blank follows, so #dlv-1 does not match #dlv-10. */
    static boolean carries(String message, String marker) {
        int at = message.indexOf(marker);
        while (at >= 0) {
            int end = at + marker.length();
            if (end == message.length() || Character.isWhitespace(message.charAt(end))) {
                return true;
            }
            at = message.indexOf(marker, end);
        }
        return false;
    }

    private JsonNode post(String pageId, String token, String operation, String path,
                          MultiValueMap<String, String> form, Runnable beforeSend) {
        return exchange(pageId, operation, beforeSend, client -> client.post().uri(path, version, pageId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form));
    }

    private record Answer(int status, String body, String appUsage, String pageUsage, String bucUsage) {
    }

    private static final Runnable NOTHING = () -> { };

    private JsonNode exchange(String pageId, String operation, Runnable beforeSend,
                              Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
        return guards.exchange(pageId, beforeSend, () -> send(pageId, operation, request));
    }

    private JsonNode send(String pageId, String operation, Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
        long started = System.nanoTime();
        String outcome = "retryable";
        try {
            Answer answer;
            try {
                answer = inFlight.run(() -> request.apply(http).exchange((req, res) -> new Answer(
                        res.getStatusCode().value(), new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8),
                        res.getHeaders().getFirst("X-App-Usage"), res.getHeaders().getFirst("X-Page-Usage"),
                        res.getHeaders().getFirst("X-Business-Use-Case-Usage")), true));
            } catch (RestClientException e) {
                throw GraphFailure.noAnswer(operation + ": " + rootMessage(e));
            }
            guards.observe(pageId, PageThrottle.read(json, pageId, answer.appUsage(), answer.pageUsage(),
                    answer.bucUsage()));
            JsonNode body = parse(answer.body());
            if (body != null && body.has("error")) {
                GraphFailure failure = GraphErrors.classify(body.path("error"));
                outcome = failure.permanent() ? "permanent" : "retryable";
                throw failure;
            }
            if (body == null || answer.status() >= 300) {
                // A proxy page or an empty answer: we cannot tell whether Facebook acted on the call.
                throw GraphFailure.noAnswer(operation + ": HTTP " + answer.status() + " without a Graph answer");
            }
            outcome = "success";
            return body;
        } catch (AdapterStopping e) {
            outcome = "retryable";
            throw e;
        } finally {
            metrics.call(operation, outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            return node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static GraphPost toPost(JsonNode node) {
        return new GraphPost(node.path("id").asString(), node.path("message").asString(null),
                node.path("is_published").asBoolean(false), node.path("permalink_url").asString(null),
                node.path("created_time").asString(null));
    }

    private static String rootMessage(Throwable e) {
        List<Throwable> seen = new ArrayList<>();
        Throwable t = e;
        while (t.getCause() != null && !seen.contains(t.getCause())) {
            seen.add(t);
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
