package vn.govcomm.facebook.graph;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class GraphErrorsUnitTests {

    final JsonMapper json = JsonMapper.builder().build();

    GraphFailure classify(String error) {
        return GraphErrors.classify(json.readTree(error));
    }

    @Test
    void classifiesByCode() {
        assertThat(classify("{\"code\":613,\"is_transient\":true}").kind()).isEqualTo(GraphFailure.Kind.RETRYABLE);
        assertThat(classify("{\"code\":80001}").rateLimited()).isTrue();
        assertThat(classify("{\"code\":2}").kind()).isEqualTo(GraphFailure.Kind.RETRYABLE);
        assertThat(classify("{\"code\":190,\"error_subcode\":463,\"is_transient\":true}").attention())
                .isEqualTo(GraphFailure.Attention.TOKEN_EXPIRED);
        assertThat(classify("{\"code\":200}").attention()).isEqualTo(GraphFailure.Attention.PERMISSION);
        assertThat(classify("{\"code\":10}").attention()).isEqualTo(GraphFailure.Attention.PERMISSION);
        assertThat(classify("{\"code\":368}").attention()).isEqualTo(GraphFailure.Attention.POLICY_BLOCKED);
        assertThat(classify("{\"code\":506}").reasonCode()).isEqualTo("FB_DUPLICATE");
        assertThat(classify("{\"code\":506}").attention()).isNull();
        assertThat(classify("{\"code\":1609005}").permanent()).isTrue();
        assertThat(classify("{\"code\":9999,\"is_transient\":true}").kind()).isEqualTo(GraphFailure.Kind.RETRYABLE);
        assertThat(classify("{\"code\":9999}").kind()).isEqualTo(GraphFailure.Kind.PERMANENT);
        assertThat(classify("{\"code\":100,\"error_subcode\":33}").noSuchObject()).isTrue();
    }

    @Test
    void findsOnlyTheExactMarker() {
        assertThat(GraphClient.carries("Thông báo\n\n#dlv-1", "#dlv-1")).isTrue();
        assertThat(GraphClient.carries("Thông báo\n\n#dlv-10", "#dlv-1")).isFalse();
        assertThat(GraphClient.carries("#dlv-10 và #dlv-1 ", "#dlv-1")).isTrue();
    }

    @Test
    void throttleFollowsTheHighestUsageHeader() {
        PageThrottle.Usage usage = PageThrottle.read(json, "1", "{\"call_count\":10}",
                "{\"call_count\":40,\"total_cputime\":77,\"total_time\":5}",
                "{\"1\":[{\"type\":\"pages\",\"call_count\":12,\"total_cputime\":3,\"total_time\":2,"
                        + "\"estimated_time_to_regain_access\":0}]}");
        assertThat(usage.percent()).isEqualTo(77);
        assertThat(usage.pagePercent()).isEqualTo(77);
        assertThat(usage.appPercent()).isEqualTo(10);
        assertThat(PageThrottle.permitsFor(8, usage.percent())).isEqualTo(2);
        assertThat(PageThrottle.permitsFor(8, 10)).isEqualTo(8);
        assertThat(PageThrottle.permitsFor(8, 60)).isEqualTo(4);
        assertThat(PageThrottle.permitsFor(8, 92)).isEqualTo(1);
        assertThat(PageThrottle.read(json, "1", "not json", null, null)).isEqualTo(PageThrottle.Usage.NONE);
        assertThat(PageThrottle.read(json, "1", null, null,
                "{\"1\":[{\"call_count\":100,\"estimated_time_to_regain_access\":3}]}").pageRegain()).isEqualTo(3);
        // The regain time may come in any of the three headers; the app's pauses every Page.
        PageThrottle.Usage throttled = PageThrottle.read(json, "1",
                "{\"call_count\":100,\"estimated_time_to_regain_access\":2}",
                "{\"call_count\":100,\"estimated_time_to_regain_access\":5}", null);
        assertThat(throttled.pageRegain()).isEqualTo(5);
        assertThat(throttled.appRegain()).isEqualTo(2);
    }
}
