package vn.govcomm.local;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.fakes.facebook.FakeFacebookGraph;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloTokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The external channels of the local run: faithful fakes of the Facebook Graph API and Zalo OpenAPI (from
 * infra/channel-fakes), registered with the Pages of the seeded agency directory. Production points the
 * adapters at the real APIs instead.
 */
public final class LocalChannels implements AutoCloseable {

    static final String DEMO_PAGE_TOKEN = "demo-page-token";
    static final String DEMO_ZALO_APP = "demo-zalo-app";
    static final String DEMO_ZALO_SECRET = "demo-zalo-secret";

    private final FakeFacebookGraph facebook;
    private final FakeZalo zalo;
    private final ZaloTokens zaloTokens;

    private final java.util.List<String> pageIds;

    private LocalChannels(FakeFacebookGraph facebook, FakeZalo zalo, ZaloTokens zaloTokens, java.util.List<String> pageIds) {
        this.pageIds = pageIds;
        this.facebook = facebook;
        this.zalo = zalo;
        this.zaloTokens = zaloTokens;
    }

    public static LocalChannels start(boolean randomPorts) {
        return start(randomPorts, 0);
    }

    /** As {@link #start(boolean)}, the fixed ports (9101, 9102) moved by {@code portOffset}. */
    public static LocalChannels start(boolean randomPorts, int portOffset) {
        FakeFacebookGraph facebook = new FakeFacebookGraph();
        java.util.List<String> pageIds = new java.util.ArrayList<>();
        for (JsonNode agency : seededAgencies()) {
            for (JsonNode endpoint : agency.path("endpoints")) {
                if ("facebook".equals(endpoint.path("channel").asString())) {
                    String pageId = endpoint.path("externalId").asString();
                    facebook.registerPage(pageId, endpoint.path("displayName").asString(), DEMO_PAGE_TOKEN + "-" + pageId);
                    pageIds.add(pageId);
                }
            }
        }
        facebook.start(randomPorts ? 0 : 9101 + portOffset);
        FakeZalo zalo = new FakeZalo();
        zalo.registerApp(DEMO_ZALO_APP, DEMO_ZALO_SECRET);
        zalo.start(randomPorts ? 0 : 9102 + portOffset);
        return new LocalChannels(facebook, zalo, zalo.issueTokens(DEMO_ZALO_APP), pageIds);
    }

    /** Where the adapters find the channels, and the demo credentials they use. */
    public Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        properties.put("govcomm.facebook.graph-base-url", facebook.baseUrl());
        pageIds.forEach(pageId -> properties.put("govcomm.facebook.page-tokens." + pageId, DEMO_PAGE_TOKEN + "-" + pageId));
        properties.put("govcomm.zalo.openapi-base-url", zalo.baseUrl());
        // One demo Zalo app for every OA; the adapter stores these encrypted and rotates the refresh token.
        properties.put("govcomm.zalo.default-app.app-id", DEMO_ZALO_APP);
        properties.put("govcomm.zalo.default-app.secret", DEMO_ZALO_SECRET);
        properties.put("govcomm.zalo.default-app.refresh-token", zaloTokens.refreshToken());
        properties.put("govcomm.zalo.default-app.access-token", zaloTokens.accessToken());
        // These fakes list a post the moment it is made (no eventual consistency unless a test scripts lag), so
        // after a lost answer the adapters need not look for minutes before posting again. Production keeps the
        // adapters' defaults (Facebook 5 min, Zalo 2 min), sized for the real platforms' delays.
        properties.put("govcomm.facebook.visibility-horizon", "30s");
        properties.put("govcomm.zalo.workflow.lookup-horizon", "30s");
        return properties;
    }

    public FakeFacebookGraph facebook() {
        return facebook;
    }

    public FakeZalo zalo() {
        return zalo;
    }

    void describe(StringBuilder sb) {
        sb.append("  Fake Facebook Graph API  ").append(facebook.baseUrl()).append('\n');
        sb.append("  Fake Zalo OpenAPI        ").append(zalo.baseUrl()).append('\n');
    }

    private static JsonNode seededAgencies() {
        try (InputStream in = LocalChannels.class.getClassLoader().getResourceAsStream("seed/agencies.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        facebook.close();
        zalo.close();
    }
}
