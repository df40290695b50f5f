package vn.govcomm.portal.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundUrlPolicyUnitTests {

    /** Names a test resolver knows, as a DNS server would answer them; literals resolve as the JDK does. */
    static final Map<String, String> DNS = Map.of(
            "wordpress.example.vn", "203.113.131.5",
            "portal.example.vn", "2405:4800:102::5",
            "loopback.example.vn", "127.0.0.1",
            "metadata.example.vn", "169.254.169.254",
            "internal.example.vn", "10.1.2.3",
            "v6-internal.example.vn", "fd12:3456::1");

    static InetAddress[] resolve(String host) throws UnknownHostException {
        if (DNS.containsKey(host)) {
            return new InetAddress[] {InetAddress.getByName(DNS.get(host))};
        }
        if (host.equals("mixed.example.vn")) { // one public, one private answer: refused
            return new InetAddress[] {InetAddress.getByName("203.113.131.6"), InetAddress.getByName("192.168.0.7")};
        }
        if (host.equals("localhost") || host.matches("[0-9.]+") || host.contains(":")) {
            return InetAddress.getAllByName(host);
        }
        throw new UnknownHostException(host);
    }

    final OutboundUrlPolicy strict = new OutboundUrlPolicy(false, List.of(), OutboundUrlPolicyUnitTests::resolve);

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1, scheme-not-allowed",
            "http://169.254.169.254/latest/meta-data, scheme-not-allowed",
            "ftp://wordpress.example.vn/, scheme-not-allowed",
            "https://127.0.0.1/, private-address",
            "https://169.254.169.254/latest/meta-data, private-address",
            "https://10.0.0.5/, private-address",
            "https://172.16.0.1/, private-address",
            "https://172.31.255.254/, private-address",
            "https://192.168.1.1/, private-address",
            "https://100.64.0.1/, private-address",
            "https://100.127.255.254/, private-address",
            "https://0.0.0.0/, private-address",
            "https://0.1.2.3/, private-address",
            "https://224.0.0.251/, private-address",
            "https://255.255.255.255/, private-address",
            "https://[::1]/, private-address",
            "https://[::]/, private-address",
            "https://[fc00::1]/, private-address",
            "https://[fd12:3456::1]/, private-address",
            "https://[fe80::1]/, private-address",
            "https://[ff02::1]/, private-address",
            "https://[::ffff:10.0.0.5]/, private-address",
            "https://[::ffff:169.254.169.254]/, private-address",
            "https://[64:ff9b::a9fe:a9fe]/, private-address",
            "https://localhost/, private-address",
            "https://LOCALHOST./, private-address",
            "https://loopback.example.vn/, private-address",
            "https://metadata.example.vn/latest/meta-data, private-address",
            "https://internal.example.vn/wp, private-address",
            "https://v6-internal.example.vn/, private-address",
            "https://mixed.example.vn/, private-address",
            "https://does-not-exist.example.vn/, unresolvable-host",
            "https://user:pass@wordpress.example.vn/, credentials-in-url",
            "https:///path-only, invalid-url",
            "wordpress.example.vn/no-scheme, invalid-url",
            "mailto:admin@example.vn, invalid-url",
            "'https://exa mple.vn/', invalid-url"})
    void refuses(String url, String code) {
        assertThatThrownBy(() -> strict.check(url)).isInstanceOfSatisfying(OutboundUrlPolicy.Refused.class,
                e -> assertThat(e.code()).as(url).isEqualTo(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://wordpress.example.vn", "https://wordpress.example.vn:8443/blog/",
            "https://portal.example.vn/websub/callback?x=1", "https://203.113.131.5/", "https://100.128.0.1/",
            "https://172.32.0.1/", "https://[2405:4800:102::5]/"})
    void acceptsHttpsToPublicAddresses(String url) {
        assertThatCode(() -> strict.check(url)).doesNotThrowAnyException();
    }

    @Test
    void plainHttpOnlyWhenAllowedAndStillNeverToPrivateAddresses() throws Exception {
        OutboundUrlPolicy http = new OutboundUrlPolicy(true, List.of(), OutboundUrlPolicyUnitTests::resolve);
        assertThat(http.check("http://wordpress.example.vn/").getHost()).isEqualTo("wordpress.example.vn");
        for (String url : List.of("http://127.0.0.1", "http://169.254.169.254/latest/meta-data", "http://10.0.0.5",
                "http://localhost:8080/", "http://loopback.example.vn/")) {
            assertThatThrownBy(() -> http.check(url)).as(url).isInstanceOfSatisfying(OutboundUrlPolicy.Refused.class,
                    e -> assertThat(e.code()).isEqualTo("private-address"));
        }
        assertThatThrownBy(() -> http.check("ftp://wordpress.example.vn/"))
                .isInstanceOfSatisfying(OutboundUrlPolicy.Refused.class,
                        e -> assertThat(e.code()).isEqualTo("scheme-not-allowed"));
    }

    @Test
    void anAllowListedHostOrHostAndPortSkipsTheAddressCheckButNotTheSchemeRule() throws Exception {
        OutboundUrlPolicy local = new OutboundUrlPolicy(true, List.of(" 127.0.0.1:9104 ", "Fake-WordPress.local",
                "[::1]:9105", ""), host -> {
            throw new AssertionError("an allow-listed host is not resolved: " + host);
        });
        local.check("http://127.0.0.1:9104/wp-json");
        local.check("http://fake-wordpress.local:1234/");
        local.check("https://fake-wordpress.local/");
        local.check("http://[::1]:9105/cb");
        OutboundUrlPolicy tight = new OutboundUrlPolicy(false, List.of("127.0.0.1:9104"),
                OutboundUrlPolicyUnitTests::resolve);
        assertThatThrownBy(() -> tight.check("http://127.0.0.1:9104/")).isInstanceOfSatisfying(
                OutboundUrlPolicy.Refused.class, e -> assertThat(e.code()).isEqualTo("scheme-not-allowed"));
        tight.check("https://127.0.0.1:9104/");
        for (String url : List.of("https://127.0.0.1:9105/", "https://127.0.0.1/", "https://localhost:9104/")) {
            assertThatThrownBy(() -> tight.check(url)).as(url).isInstanceOfSatisfying(OutboundUrlPolicy.Refused.class,
                    e -> assertThat(e.code()).isEqualTo("private-address"));
        }
    }

    @Test
    void refusalsSayWhyInBothLanguagesWithoutNamingTheResolvedAddress() {
        assertThatThrownBy(() -> strict.check("https://internal.example.vn/"))
                .isInstanceOfSatisfying(OutboundUrlPolicy.Refused.class, e -> {
                    assertThat(e.messageVi()).contains("nội bộ");
                    assertThat(e.messageEn()).contains("internal network").doesNotContain("10.1.2.3");
                });
    }
}
