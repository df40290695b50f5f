package vn.govcomm.zalo.webhooks;

import org.junit.jupiter.api.Test;
import vn.govcomm.fakes.zalo.FakeZalo;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureUnitTests {

    static final String BODY = "{\"app_id\":\"app-1\",\"event_name\":\"follow\",\"timestamp\":\"1700000000000\"}";
    static final byte[] RAW = BODY.getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsZalosSignatureWithOrWithoutMacPrefixInEitherCase() {
        String zalo = FakeZalo.webhookSignature("app-1", BODY, "1700000000000", "oa-secret");
        assertThat(WebhookSignature.matches(zalo, "app-1", RAW, "1700000000000", "oa-secret")).isTrue();
        assertThat(WebhookSignature.matches("mac=" + zalo, "app-1", RAW, "1700000000000", "oa-secret")).isTrue();
        assertThat(WebhookSignature.matches(zalo.toUpperCase(), "app-1", RAW, "1700000000000", "oa-secret")).isTrue();
    }

    @Test
    void rejectsAnotherSecretTimestampBodyOrNoSignature() {
        String zalo = FakeZalo.webhookSignature("app-1", BODY, "1700000000000", "oa-secret");
        assertThat(WebhookSignature.matches(zalo, "app-1", RAW, "1700000000000", "other")).isFalse();
        assertThat(WebhookSignature.matches(zalo, "app-1", RAW, "1700000000001", "oa-secret")).isFalse();
        assertThat(WebhookSignature.matches(zalo, "app-1", (BODY + " ").getBytes(StandardCharsets.UTF_8),
                "1700000000000", "oa-secret")).isFalse();
        assertThat(WebhookSignature.matches(null, "app-1", RAW, "1700000000000", "oa-secret")).isFalse();
    }
}
