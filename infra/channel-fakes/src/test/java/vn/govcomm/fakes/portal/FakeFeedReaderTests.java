package vn.govcomm.fakes.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.govcomm.fakes.http.Request;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.SettableClock;
import vn.govcomm.fakes.support.CallbackReceiver;

class FakeFeedReaderTests {

    private static final String ETAG = "\"feed-3\"";
    private static final String LAST_MODIFIED = "Mon, 02 Mar 2026 02:00:00 GMT";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T03:00:00Z"));
    private CallbackReceiver feeds;
    private FakeFeedReader portal;

    @BeforeEach
    void start() {
        feeds = new CallbackReceiver(FakeFeedReaderTests::feed).start();
        portal = new FakeFeedReader(feeds.url("/feeds/so-tttt.atom")).clock(clock)
                .credential("Authorization", "Bearer portal-credential");
    }

    @AfterEach
    void stop() {
        portal.close();
        feeds.close();
    }

    @Test
    void revalidatesWithTheValidatorsOfTheLastFullAnswer() {
        FeedFetch first = portal.fetch();
        FeedFetch second = portal.fetch();

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.sentIfNoneMatch()).isNull();
        assertThat(second.status()).isEqualTo(304);
        assertThat(second.sentIfNoneMatch()).isEqualTo(ETAG);
        assertThat(second.sentIfModifiedSince()).isEqualTo(LAST_MODIFIED);
        assertThat(portal.currentBody()).contains("<feed");
        assertThat(feeds.requestLog()).allSatisfy(r ->
                assertThat(r.header("Authorization")).isEqualTo("Bearer portal-credential"));
    }

    @Test
    void mismatchingValidatorsGetTheFullFeed() {
        portal.fetch();

        FeedFetch stale = portal.nextValidators("\"feed-2\"", null).fetch();
        FeedFetch dateOnly = portal.nextValidators(null, LAST_MODIFIED).fetch();

        assertThat(stale.status()).isEqualTo(200);
        assertThat(dateOnly.status()).isEqualTo(304);
    }

    @Test
    void cachedFeedIsServedWithoutAskingUntilTheCacheExpires() {
        portal.cacheFor(Duration.ofHours(12));
        portal.fetch();

        FeedFetch cached = portal.fetch();
        clock.advance(Duration.ofHours(13));
        FeedFetch revalidated = portal.fetch();

        assertThat(cached.fromCache()).isTrue();
        assertThat(revalidated.fromCache()).isFalse();
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(feeds.requestLog()).hasSize(2);
    }

    /** A minimal stand-in for our feed endpoint with conditional GET. */
    private static Response feed(Request req) {
        String inm = req.header("If-None-Match");
        String ims = req.header("If-Modified-Since");
        if ((inm != null && inm.equals(ETAG)) || (inm == null && LAST_MODIFIED.equals(ims))) {
            return Response.empty(304).withHeader("ETag", ETAG);
        }
        return Response.of(200, "application/atom+xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>")
                .withHeader("ETag", ETAG).withHeader("Last-Modified", LAST_MODIFIED);
    }
}
