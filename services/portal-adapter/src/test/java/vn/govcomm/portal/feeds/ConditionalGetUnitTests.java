package vn.govcomm.portal.feeds;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalGetUnitTests {

    static final String ETAG = "\"7-atom-all-abcdef12\"";
    static final Instant LAST_MODIFIED = Instant.parse("2023-09-05T01:00:00Z");

    static boolean notModified(String ifNoneMatch, String ifModifiedSince) {
        HttpHeaders h = new HttpHeaders();
        if (ifNoneMatch != null) h.set("If-None-Match", ifNoneMatch);
        if (ifModifiedSince != null) h.set("If-Modified-Since", ifModifiedSince);
        return FeedController.notModified(h, ETAG, LAST_MODIFIED);
    }

    @Test
    void matchingEtagIsNotModifiedAlsoInAListOrWeakOrStar() {
        assertThat(notModified(ETAG, null)).isTrue();
        assertThat(notModified("\"x\", " + ETAG, null)).isTrue();
        assertThat(notModified("W/" + ETAG, null)).isTrue();
        assertThat(notModified("*", null)).isTrue();
        assertThat(notModified("\"6-atom-all-abcdef12\"", null)).isFalse();
    }

    @Test
    void ifNoneMatchWinsOverIfModifiedSince() {
        assertThat(notModified("\"other\"", "Tue, 05 Sep 2023 02:00:00 GMT")).isFalse();
    }

    @Test
    void ifModifiedSinceComparesWholeSecondsAndIgnoresInvalidDates() {
        assertThat(notModified(null, "Tue, 05 Sep 2023 01:00:00 GMT")).isTrue();
        assertThat(notModified(null, "Tue, 05 Sep 2023 00:59:59 GMT")).isFalse();
        assertThat(notModified(null, "yesterday")).isFalse();
        assertThat(notModified(null, null)).isFalse();
    }
}
