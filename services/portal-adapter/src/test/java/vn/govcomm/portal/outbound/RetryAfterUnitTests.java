package vn.govcomm.portal.outbound;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Retry-After} as RFC 9110 §10.2.3 defines it: delay-seconds or an HTTP-date. */
class RetryAfterUnitTests {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-05T02:00:00Z"), ZoneOffset.UTC);

    private static Optional<Duration> retryAfter(String... values) {
        HttpHeaders headers = HttpHeaders.of(values.length == 0 ? Map.of() : Map.of("Retry-After", List.of(values)),
                (name, value) -> true);
        return new OutboundHttp.Answer(429, headers, "").retryAfter(NOW);
    }

    @Test
    void readsDelaySeconds() {
        assertThat(retryAfter("120")).contains(Duration.ofSeconds(120));
        assertThat(retryAfter(" 0 ")).contains(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateAsTheTimeLeftUntilIt() {
        assertThat(retryAfter("Sat, 05 Dec 2026 02:01:30 GMT")).contains(Duration.ofSeconds(90));
        assertThat(retryAfter("Sat, 05 Dec 2026 01:59:00 GMT")).as("already passed").contains(Duration.ZERO);
    }

    @Test
    void ignoresWhatIsAbsentOrUnreadable() {
        assertThat(retryAfter()).isEmpty();
        assertThat(retryAfter("soon")).isEmpty();
        assertThat(retryAfter("-5")).contains(Duration.ZERO);
    }
}
