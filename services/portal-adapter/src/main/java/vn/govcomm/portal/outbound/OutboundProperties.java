package vn.govcomm.portal.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * Calls to URLs that users configured ({@code govcomm.outbound.*}): WordPress sites and WebSub callbacks.
 *
 * @param allowHttp       plain http allowed (local runs against the fakes); https only otherwise
 * @param allowedHosts    {@code host} or {@code host:port} entries exempt from the private-address check (e.g.
 *                        {@code 127.0.0.1:9104} for a local fake); the scheme rule still applies
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     the whole exchange (headers and body) must end within this
 * @param maxResponseSize larger response bodies are not read (the call fails)
 */
@ConfigurationProperties("govcomm.outbound")
public record OutboundProperties(
        @DefaultValue("false") boolean allowHttp,
        @DefaultValue List<String> allowedHosts,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("1MB") DataSize maxResponseSize) {
}
