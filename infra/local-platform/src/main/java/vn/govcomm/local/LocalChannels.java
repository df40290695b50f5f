package vn.govcomm.local;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.fakes.facebook.FakeFacebookGraph;
import vn.govcomm.fakes.mail.FakeMailServer;
import vn.govcomm.fakes.state.StateDirectory;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloTokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The external channels of the local run: faithful fakes of the Facebook Graph API and Zalo OpenAPI (from
 * infra/channel-fakes), registered with the Pages of the seeded agency directory and of the agencies the demo data
 * adds (the Zalo fake serves every OA through one demo app), and a real SMTP/IMAP server
 * (GreenMail) with a mailbox viewer standing in for the province's mail relay and the agencies' mailboxes.
 * Given a data directory, they keep what they were sent under {@code <dataDir>/channel-fakes/{facebook,zalo,mail}}
 * and find it again at the next start (a Page keeps its posts after a crash, the Zalo fake the tokens the zalo-adapter
 * holds). Production points the adapters at the real APIs and the relay instead.
 */
public final class LocalChannels implements AutoCloseable {

    static final String DEMO_PAGE_TOKEN = "demo-page-token";
    static final String DEMO_ZALO_APP = "demo-zalo-app";
    static final String DEMO_ZALO_SECRET = "demo-zalo-secret";
    /** The token pair the launcher handed to the zalo-adapter at the first start on a data directory. */
    private static final String ZALO_BOOTSTRAP_FILE = "zalo-bootstrap-tokens.json";

    private final FakeFacebookGraph facebook;
    private final FakeZalo zalo;
    private final ZaloTokens zaloTokens;

    /** Where the e-mail adapter's bounces come back (the envelope sender), read over IMAP. */
    static final String BOUNCE_MAILBOX = "bounces@govcomm.local";

    private final java.util.List<String> pageIds;
    private final FakeMailServer mail;

    private LocalChannels(FakeFacebookGraph facebook, FakeZalo zalo, ZaloTokens zaloTokens, java.util.List<String> pageIds,
                          FakeMailServer mail) {
        this.pageIds = pageIds;
        this.mail = mail;
        this.facebook = facebook;
        this.zalo = zalo;
        this.zaloTokens = zaloTokens;
    }

    /** In memory (gone at close), on random ports or the fixed ones (9101, 9102, 3025, 3143, 9103). */
    public static LocalChannels start(boolean randomPorts) {
        return start(randomPorts, 0, null);
    }

    /**
     * As {@link #start(boolean)}, the fixed ports moved by {@code portOffset}; with a {@code dataDir} (null: in
     * memory) the fakes keep their state under {@code <dataDir>/channel-fakes/}.
     */
    public static LocalChannels start(boolean randomPorts, int portOffset, Path dataDir) {
        Path fakesDir = dataDir == null ? null : dataDir.resolve("channel-fakes");
        FakeFacebookGraph facebook = new FakeFacebookGraph();
        if (fakesDir != null) {
            facebook.persistTo(fakesDir.resolve("facebook"));
        }
        java.util.List<String> pageIds = new java.util.ArrayList<>();
        // the seeded directory's Pages, and those of the agencies the demo data adds (DemoDirectory)
        java.util.List<JsonNode> agencies = new java.util.ArrayList<>();
        seededAgencies().forEach(agencies::add);
        demoAgencies().forEach(agencies::add);
        java.util.List<FakeFacebookGraph.PageRegistration> pages = new java.util.ArrayList<>();
        for (JsonNode agency : agencies) {
            for (JsonNode endpoint : agency.path("endpoints")) {
                if ("facebook".equals(endpoint.path("channel").asString())) {
                    String pageId = endpoint.path("externalId").asString();
                    pages.add(new FakeFacebookGraph.PageRegistration(pageId, endpoint.path("displayName").asString(),
                            DEMO_PAGE_TOKEN + "-" + pageId));
                    pageIds.add(pageId);
                }
            }
        }
        facebook.registerPages(pages); // the state directory written once for all of them
        facebook.start(randomPorts ? 0 : 9101 + portOffset);
        FakeZalo zalo = new FakeZalo();
        if (fakesDir != null) {
            zalo.persistTo(fakesDir.resolve("zalo"));
        }
        ZaloTokens zaloTokens = zaloBootstrapTokens(zalo, fakesDir);
        zalo.start(randomPorts ? 0 : 9102 + portOffset);
        // SMTP 3025, IMAP 3143, the mailbox viewer 9103 (all 127.0.0.1)
        FakeMailServer mail = randomPorts ? new FakeMailServer().ports(0, 0, 0)
                : new FakeMailServer().ports(FakeMailServer.DEFAULT_SMTP_PORT + portOffset,
                FakeMailServer.DEFAULT_IMAP_PORT + portOffset, FakeMailServer.DEFAULT_VIEWER_PORT + portOffset);
        if (fakesDir != null) {
            mail.persistTo(fakesDir.resolve("mail"));
        }
        return new LocalChannels(facebook, zalo, zaloTokens, pageIds, mail.start());
    }

    /**
     * The demo app's token pair for the zalo-adapter's configuration. The adapter copies configured tokens into its
     * store once and keeps using (and rotating) its copy while the configured values stay the same; new values
     * replace its copy. So: a fresh fake gets a fresh pair (in memory: at every start), and a fake that kept its state
     * gets the same pair as at the first start, which makes the adapter keep the rotated tokens the fake still knows.
     */
    private static ZaloTokens zaloBootstrapTokens(FakeZalo zalo, Path fakesDir) {
        boolean known = zalo.hasApp(DEMO_ZALO_APP);
        zalo.registerApp(DEMO_ZALO_APP, DEMO_ZALO_SECRET);
        if (fakesDir == null) {
            return zalo.issueTokens(DEMO_ZALO_APP);
        }
        StateDirectory launcher = new StateDirectory(fakesDir.resolve("launcher"));
        java.util.Optional<ZaloTokens> handedOut = known
                ? launcher.readJson(ZALO_BOOTSTRAP_FILE, ZaloTokens.class) : java.util.Optional.empty();
        if (handedOut.isPresent()) {
            return handedOut.get();
        }
        ZaloTokens issued = zalo.issueTokens(DEMO_ZALO_APP);
        launcher.writeJson(ZALO_BOOTSTRAP_FILE, issued);
        return issued;
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

    /** The mail relay for the services that send mail (e-mail adapter, notification service). */
    public Map<String, Object> mailProperties() {
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        properties.put("spring.mail.host", mail.host());
        properties.put("spring.mail.port", mail.smtpPort());
        // The e-mail adapter: a delivery is PUBLISHED once no bounce came back within this grace (production 10 min).
        properties.put("govcomm.email.bounce-grace", "20s");
        properties.put("govcomm.email.envelope-from", BOUNCE_MAILBOX);
        properties.put("govcomm.email.bounces.host", mail.host());
        properties.put("govcomm.email.bounces.port", mail.imapPort());
        properties.put("govcomm.email.bounces.user", BOUNCE_MAILBOX);
        properties.put("govcomm.email.bounces.password", "local");
        properties.put("govcomm.email.bounces.poll-interval", "10s");
        return properties;
    }

    /** The mailbox viewer, linked from the console (local runs only). */
    public String mailboxUrl() {
        return mail.viewerUrl();
    }

    public FakeMailServer mail() {
        return mail;
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
        sb.append("  Mail (SMTP / IMAP)       ").append(mail.host()).append(':').append(mail.smtpPort()).append(" / ")
                .append(mail.host()).append(':').append(mail.imapPort()).append('\n');
        sb.append("  Mailboxes (viewer)       ").append(mail.viewerUrl()).append('\n');
    }

    private static JsonNode seededAgencies() {
        try (InputStream in = LocalChannels.class.getClassLoader().getResourceAsStream("seed/agencies.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode demoAgencies() {
        return JsonMapper.builder().build().readTree(DemoData.resource(DemoDirectory.RESOURCE)).path("agencies");
    }

    @Override
    public void close() {
        facebook.close();
        zalo.close();
        mail.close();
    }
}
