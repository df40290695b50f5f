package vn.govcomm.fakes.portal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An agency portal reading one of OUR feeds (portal-feeds.md): conditional GETs with the {@code ETag} and
 * {@code Last-Modified} of its last 200, a feed credential, an optional local cache (WordPress fetch_feed keeps
 * feeds 12 h), and scriptable wrong validators to exercise both the matching (304) and mismatching (200) paths.
 */
public final class FakeFeedReader implements AutoCloseable {

    private final String feedUrl;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<FeedFetch> fetches = new ArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration cacheFor = Duration.ZERO;
    private volatile String credentialHeader;
    private volatile String credentialValue;
    private String etag;
    private String lastModified;
    private String body;
    private Instant cachedAt;
    private String forcedEtag;
    private String forcedLastModified;
    private boolean forced;

    public FakeFeedReader(String feedUrl) {
        this.feedUrl = feedUrl;
    }

    public FakeFeedReader clock(Clock value) {
        clock = value;
        return this;
    }

    /** Serve reads from the last 200 for this long without asking (SimplePie's default is 12 h). */
    public FakeFeedReader cacheFor(Duration value) {
        cacheFor = value;
        return this;
    }

    /** The portal's feed credential, e.g. {@code credential("Authorization", "Bearer abc")}. */
    public FakeFeedReader credential(String header, String value) {
        credentialHeader = header;
        credentialValue = value;
        return this;
    }

    /** The next fetch sends these validators instead of the stored ones ({@code null} = omit that header). */
    public synchronized FakeFeedReader nextValidators(String ifNoneMatch, String ifModifiedSince) {
        forced = true;
        forcedEtag = ifNoneMatch;
        forcedLastModified = ifModifiedSince;
        return this;
    }

    /** Drops the stored validators and cache: the next fetch is unconditional. */
    public synchronized void forget() {
        etag = null;
        lastModified = null;
        body = null;
        cachedAt = null;
    }

    public synchronized FeedFetch fetch() {
        Instant now = clock.instant();
        if (body != null && cachedAt != null && !forced && now.isBefore(cachedAt.plus(cacheFor))) {
            return remember(new FeedFetch(now, null, null, 200, etag, lastModified, body, true));
        }
        String ifNoneMatch = forced ? forcedEtag : etag;
        String ifModifiedSince = forced ? forcedLastModified : lastModified;
        forced = false;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(feedUrl)).timeout(Duration.ofSeconds(10))
                .GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        if (ifModifiedSince != null) {
            request.header("If-Modified-Since", ifModifiedSince);
        }
        if (credentialHeader != null) {
            request.header(credentialHeader, credentialValue);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return remember(new FeedFetch(now, ifNoneMatch, ifModifiedSince, -1, etag, lastModified, null, false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return remember(new FeedFetch(now, ifNoneMatch, ifModifiedSince, -1, etag, lastModified, null, false));
        }
        if (response.statusCode() == 200) {
            etag = response.headers().firstValue("ETag").orElse(null);
            lastModified = response.headers().firstValue("Last-Modified").orElse(null);
            body = response.body();
            cachedAt = now;
        } else if (response.statusCode() == 304) {
            cachedAt = now; // still fresh: the portal keeps what it has
        }
        return remember(new FeedFetch(now, ifNoneMatch, ifModifiedSince, response.statusCode(),
                response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null), response.body(), false));
    }

    public synchronized List<FeedFetch> fetches() {
        return List.copyOf(fetches);
    }

    /** The feed document the portal currently holds (last 200), or null. */
    public synchronized String currentBody() {
        return body;
    }

    @Override
    public void close() {
        client.close();
    }

    private FeedFetch remember(FeedFetch fetch) {
        fetches.add(fetch);
        return fetch;
    }
}
