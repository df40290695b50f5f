package vn.govcomm.local;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.HttpServerErrorException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo data's calls go out once: this module's classpath, like the launcher's, holds Apache HttpClient (the
 * Facebook and Zalo adapters'), whose defaults would send a request answered 503 again.
 */
class DemoUsersUnitTests {

    @Test
    void aCallAnswered503IsNotSentAgain() throws Exception {
        assertThat(ClassUtils.isPresent("org.apache.hc.client5.http.impl.classic.HttpClients", null))
                .as("the case this guards: Apache on the classpath").isTrue();
        AtomicInteger calls = new AtomicInteger();
        HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/oauth2/token", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        gateway.start();
        try {
            String url = "http://127.0.0.1:" + gateway.getAddress().getPort();
            assertThatThrownBy(() -> DemoUsers.bearer(url, DemoUsers.OFFICER))
                    .isInstanceOf(HttpServerErrorException.ServiceUnavailable.class);
            assertThat(calls).hasValue(1);
        } finally {
            gateway.stop(0);
        }
    }
}
