package vn.govcomm.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.http.Forms;
import vn.govcomm.fakes.support.Http;

class ChannelFakesTests {

    @Test
    void startsEveryFakeWithDemoCredentialsThatWork() {
        try (ChannelFakes fakes = new ChannelFakes().start(ChannelFakes.Ports.RANDOM).seedDemoData()) {
            assertThat(fakes.urls()).containsOnlyKeys("facebook", "zalo", "xibo", "wordpress", "websub")
                    .allSatisfy((name, url) -> assertThat(url).startsWith("http://127.0.0.1:"));

            assertThat(Http.postForm(fakes.facebook().baseUrl() + "/v25.0/" + DemoData.FACEBOOK_PAGE_1 + "/feed",
                    Map.of("message", "demo", "access_token", DemoData.FACEBOOK_PAGE_1_TOKEN)).statusCode())
                    .isEqualTo(200);

            JsonNode zalo = Http.json(Http.postForm(fakes.zalo().baseUrl() + "/v4/oa/access_token",
                    Map.of("app_id", DemoData.ZALO_APP_ID, "grant_type", "refresh_token",
                            "refresh_token", DemoData.ZALO_REFRESH_TOKEN),
                    Map.of("secret_key", DemoData.ZALO_SECRET_KEY)));
            assertThat(zalo.get("refresh_token").asString()).isNotEqualTo(DemoData.ZALO_REFRESH_TOKEN);

            assertThat(Http.postForm(fakes.xibo().baseUrl() + "/api/authorize/access_token",
                    Map.of("grant_type", "client_credentials", "client_id", DemoData.XIBO_CLIENT_ID,
                            "client_secret", DemoData.XIBO_CLIENT_SECRET)).statusCode()).isEqualTo(200);
            assertThat(fakes.xibo().displays()).hasSize(DemoData.XIBO_DISPLAYS.size());

            String basic = Base64.getEncoder().encodeToString((DemoData.WORDPRESS_USER + ":"
                    + DemoData.WORDPRESS_APP_PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(Http.postJson(fakes.wordpress().baseUrl() + "/wp-json/wp/v2/posts",
                    Map.of("title", "demo", "status", "publish"), Map.of("Authorization", "Basic " + basic))
                    .statusCode()).isEqualTo(201);

            assertThat(Http.get(fakes.websub().callbackUrl() + "?hub.mode=subscribe&hub.topic="
                    + Forms.encode("https://example/feed") + "&hub.challenge=ok").body()).isEqualTo("ok");

            assertThat(DemoData.describe(fakes)).contains(fakes.facebook().baseUrl() + "/v25.0",
                    DemoData.ZALO_REFRESH_TOKEN, fakes.websub().callbackUrl());
        }
    }

    @Test
    void stopsTheFakesAlreadyStartedWhenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ChannelFakes fakes = new ChannelFakes();
            ChannelFakes.Ports ports = new ChannelFakes.Ports(0, 0, taken.getLocalPort(), 0, 0);

            assertThatThrownBy(() -> fakes.start(ports)).hasMessageContaining("port " + taken.getLocalPort());

            assertThatThrownBy(() -> fakes.facebook().baseUrl()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> fakes.zalo().baseUrl()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void portsComeFromSystemPropertiesWithDefaults() {
        System.setProperty("fakes.zalo.port", "19102");
        try {
            ChannelFakes.Ports ports = ChannelFakes.Ports.fromSystemProperties();

            assertThat(ports).isEqualTo(new ChannelFakes.Ports(9101, 19102, 9103, 9104, 9105));
        } finally {
            System.clearProperty("fakes.zalo.port");
        }
    }
}
