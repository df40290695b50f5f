package vn.govcomm.gateway.security;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * HTTP to the identity provider (discovery, token endpoint) with bounded waits
 * ({@code govcomm.security.provider-timeouts.connect/read}, 2 s / 5 s): a provider that accepts connections and
 * never answers must not hold the gateway's requests for the JDK's default "forever".
 */
public final class ProviderHttp {

    private ProviderHttp() {
    }

    public static RestClient client(RestClient.Builder http, Duration connect, Duration read) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(connect).build());
        requests.setReadTimeout(read);
        return http.clone().requestFactory(requests).build();
    }
}
