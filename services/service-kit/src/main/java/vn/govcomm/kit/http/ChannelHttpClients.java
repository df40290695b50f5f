package vn.govcomm.kit.http;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The HTTP client of the push adapters' calls to a channel's API (Facebook's Graph API, Zalo's OpenAPI): Apache
 * HttpClient 5, classic (blocking) API. Chosen for its cost: about a quarter of the CPU per call of the JDK's
 * {@code HttpClient} with Spring's {@code RestClient} on top, a third of the JDK client alone ({@code HttpClientCost},
 * docs/benchmarks.md "Session 29"), and the adapters make two to five calls per delivery.
 * <p>
 * What the client never does by itself, because each would change what a channel sees: retry a request (a resent
 * {@code POST} would publish twice; the adapters decide, knowing which calls are idempotent), follow a redirect,
 * keep cookies, ask for compressed answers. Connections are pooled (never more than {@code maxConnections}), checked
 * before reuse after two seconds idle, and closed after thirty.
 * <p>
 * The library is an optional dependency of service-kit: a service that uses this class declares
 * {@code org.apache.httpcomponents.client5:httpclient5} itself.
 */
public final class ChannelHttpClients {

    /**
     * Connections per client at most: above the calls an adapter can have in flight at once (Facebook's Page lanes and
     * look-ups, Zalo's workflow threads, token refreshes, the console's checks), so that a call never waits for one.
     */
    public static final int MAX_CONNECTIONS = 256;

    private ChannelHttpClients() {
    }

    /** {@link #create(Duration, Duration, int)} with {@link #MAX_CONNECTIONS}. */
    public static CloseableHttpClient create(Duration connectTimeout, Duration readTimeout) {
        return create(connectTimeout, readTimeout, MAX_CONNECTIONS);
    }

    /**
     * A client whose every request waits at most {@code connectTimeout} to connect (and as long for a free pooled
     * connection) and at most {@code readTimeout} for each read of the answer.
     */
    public static CloseableHttpClient create(Duration connectTimeout, Duration readTimeout, int maxConnections) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(Timeout.of(readTimeout))
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .build();
        RequestConfig requests = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                .setResponseTimeout(Timeout.of(readTimeout))
                .build();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(connections)
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .build())
                .setDefaultRequestConfig(requests)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    /**
     * Whether a failed exchange certainly sent nothing: the connection could not be made (refused, no route, unknown
     * host, connect timeout) or no pooled connection became free in time. Any other failure may have happened after
     * the request left, so the channel may have acted on it.
     */
    public static boolean nothingSent(IOException failure) {
        return failure instanceof ConnectException || failure instanceof ConnectTimeoutException
                || failure instanceof UnknownHostException || failure instanceof NoRouteToHostException
                || failure instanceof ConnectionRequestTimeoutException;
    }
}
