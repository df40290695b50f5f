package vn.govcomm.gateway;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes reach the right service: a real HTTP upstream stands in for the campaign and reporting services. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class GatewayRoutingTests {

    static final HttpServer UPSTREAM = upstream();

    static HttpServer upstream() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = ("{\"path\":\"" + exchange.getRequestURI().getPath() + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        String url = "http://127.0.0.1:" + UPSTREAM.getAddress().getPort();
        registry.add("CAMPAIGN_SERVICE_URL", () -> url);
        registry.add("REPORTING_SERVICE_URL", () -> url);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.stop(0);
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void routesCampaignAndReportApisToTheirServices() {
        RestClient client = RestClient.create("http://127.0.0.1:" + port);
        assertThat(client.get().uri("/api/campaigns/cmp-1").retrieve().body(String.class))
                .contains("\"path\":\"/api/campaigns/cmp-1\"");
        assertThat(client.get().uri("/api/reports/campaigns/cmp-1").retrieve().body(String.class))
                .contains("\"path\":\"/api/reports/campaigns/cmp-1\"");
    }

    @Test
    void exposesHealthAndPrometheus() {
        RestClient client = RestClient.create("http://127.0.0.1:" + port);
        assertThat(client.get().uri("/actuator/health/readiness").retrieve().body(String.class)).contains("UP");
        assertThat(client.get().uri("/actuator/prometheus").retrieve().body(String.class)).contains("jvm_memory_used_bytes");
    }
}
