package vn.govcomm.zalo.oa;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ZaloQuotaUnitTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsTheResetTimeAsEpochMillisEpochSecondsOrAnInstant() {
        Instant at = Instant.parse("2026-12-05T17:00:00Z");

        assertThat(ZaloQuota.resetTime(JSON.readTree(Long.toString(at.toEpochMilli())))).contains(at);
        assertThat(ZaloQuota.resetTime(JSON.readTree(Long.toString(at.getEpochSecond())))).contains(at);
        assertThat(ZaloQuota.resetTime(JSON.readTree("\"" + at.toEpochMilli() + "\""))).contains(at);
        assertThat(ZaloQuota.resetTime(JSON.readTree("\"2026-12-05T17:00:00Z\""))).contains(at);
    }

    @Test
    void anythingElseIsUnknownAndLeftToTheConfiguredWait() {
        assertThat(ZaloQuota.resetTime(JSON.readTree("\"tomorrow\""))).isEmpty();
        assertThat(ZaloQuota.resetTime(JSON.readTree("null"))).isEmpty();
        assertThat(ZaloQuota.resetTime(JSON.readTree("{}").path("reset_time"))).isEmpty();
        assertThat(ZaloQuota.resetTime(JSON.readTree("{\"at\":1}"))).isEmpty();
    }
}
