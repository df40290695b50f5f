package vn.govcomm.gateway.edge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client address, scheme and origin from the socket and, only from trusted proxies, forwarding headers. */
class EdgeRequestUnitTests {

    static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    static MockHttpServletRequest from(String peer, String... headers) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/campaigns");
        request.setRemoteAddr(peer);
        request.addHeader("Host", "govcomm.example");
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        return request;
    }

    static EdgeRequest resolve(MockHttpServletRequest request) {
        return EdgeRequest.resolve(request, "/api/campaigns", PROXIES);
    }

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For {1} → {2}")
    @CsvSource(nullValues = "-", value = {
            "203.0.113.9, 198.51.100.1,                          203.0.113.9",   // untrusted peer: header ignored
            "10.1.1.1,    -,                                     10.1.1.1",      // trusted peer, no header
            "10.1.1.1,    198.51.100.1,                          198.51.100.1",
            "10.1.1.1,    '6.6.6.6, 198.51.100.1',               198.51.100.1",  // forged left part ignored
            "10.1.1.1,    '198.51.100.1, 10.2.2.2, 192.168.1.7', 198.51.100.1",  // walks past trusted hops
            "10.1.1.1,    '10.9.9.9, 10.8.8.8',                  10.9.9.9",      // all trusted: the leftmost
            "10.1.1.1,    'garbage, 198.51.100.1',               198.51.100.1",
            "10.1.1.1,    '198.51.100.1, garbage',               unknown",       // never a made-up string
            "10.1.1.1,    '2001:db8::7',                         2001:db8:0:0:0:0:0:7",
            "192.168.1.7, 198.51.100.1:4711,                     198.51.100.1",
            "192.168.1.8, 198.51.100.1,                          192.168.1.8"})
    void takesTheClientFromForwardedForOnlyWhenThePeerIsATrustedProxy(String peer, String forwardedFor, String client) {
        MockHttpServletRequest request = forwardedFor == null ? from(peer) : from(peer, "X-Forwarded-For", forwardedFor);
        assertThat(resolve(request).clientAddress()).isEqualTo(client);
    }

    @Test
    void readsTheStandardForwardedHeaderWithItsProtoAndHost() {
        EdgeRequest edge = resolve(from("10.1.1.1", "Forwarded",
                "for=\"[2001:db8::1]:4711\";proto=https;host=govcomm.gov.vn, for=10.3.3.3;proto=http"));
        assertThat(edge.clientAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(edge.secure()).isTrue();
        assertThat(edge.origin()).isEqualTo("https://govcomm.gov.vn");

        EdgeRequest hidden = resolve(from("10.1.1.1", "Forwarded", "for=_hidden, for=198.51.100.2"));
        assertThat(hidden.clientAddress()).isEqualTo("198.51.100.2");
    }

    @Test
    void believesTheForwardedSchemeAndHostOnlyFromATrustedProxy() {
        EdgeRequest trusted = resolve(from("10.1.1.1", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "govcomm.gov.vn:443"));
        assertThat(trusted.secure()).isTrue();
        assertThat(trusted.origin()).isEqualTo("https://govcomm.gov.vn");

        EdgeRequest forged = resolve(from("203.0.113.9", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example"));
        assertThat(forged.secure()).isFalse();
        assertThat(forged.origin()).isEqualTo("http://govcomm.example");
    }

    @Test
    void matchesAddressesAndRangesAndRefusesABadEntry() {
        assertThat(PROXIES.trusts("10.255.0.1")).isTrue();
        assertThat(PROXIES.trusts("11.0.0.1")).isFalse();
        assertThat(PROXIES.trusts("192.168.1.7")).isTrue();
        assertThat(PROXIES.trusts("192.168.1.6")).isFalse();
        assertThat(PROXIES.trusts("fd12::1")).isTrue();
        assertThat(PROXIES.trusts("::ffff:10.0.0.1")).isTrue();
        assertThat(PROXIES.trusts("localhost")).isFalse();
        assertThat(PROXIES.trusts(null)).isFalse();
        assertThat(TrustedProxies.of(List.of("")).trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.of(List.of("127.0.0.1/32, 10.0.0.0/8")).trusts("10.0.0.9")).isTrue();
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("TRUSTED_PROXIES");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal"))).hasMessageContaining("not an IP address");
    }
}
