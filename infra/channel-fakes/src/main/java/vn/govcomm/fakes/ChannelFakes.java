package vn.govcomm.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.govcomm.fakes.facebook.FakeFacebookGraph;
import vn.govcomm.fakes.http.FakeHttpServer;
import vn.govcomm.fakes.websub.FakeWebSubSubscriber;
import vn.govcomm.fakes.wordpress.FakeWordPress;
import vn.govcomm.fakes.xibo.FakeXibo;
import vn.govcomm.fakes.zalo.FakeZalo;

/**
 * All channel fakes in one process, for the local launcher and the demo:
 * {@code try (var fakes = new ChannelFakes().start(Ports.DEFAULTS).seedDemoData()) { ... }}.
 * Configure a fake's settings (version, paths, clock) between construction and {@link #start}.
 */
public final class ChannelFakes implements AutoCloseable {

    /** Ports of each fake; 0 = a random free port. */
    public record Ports(int facebook, int zalo, int xibo, int wordpress, int websub) {

        public static final Ports DEFAULTS = new Ports(9101, 9102, 9103, 9104, 9105);
        public static final Ports RANDOM = new Ports(0, 0, 0, 0, 0);

        /** Defaults overridden by {@code -Dfakes.facebook.port=...} (and zalo, xibo, wordpress, websub). */
        public static Ports fromSystemProperties() {
            return new Ports(port("facebook", DEFAULTS.facebook()), port("zalo", DEFAULTS.zalo()),
                    port("xibo", DEFAULTS.xibo()), port("wordpress", DEFAULTS.wordpress()),
                    port("websub", DEFAULTS.websub()));
        }

        private static int port(String fake, int fallback) {
            return Integer.getInteger("fakes." + fake + ".port", fallback);
        }
    }

    private final FakeFacebookGraph facebook = new FakeFacebookGraph();
    private final FakeZalo zalo = new FakeZalo();
    private final FakeXibo xibo = new FakeXibo();
    private final FakeWordPress wordpress = new FakeWordPress();
    private final FakeWebSubSubscriber websub = new FakeWebSubSubscriber();

    /** Starts every fake; if one cannot start, those already started are stopped again. */
    public ChannelFakes start(Ports ports) {
        List<FakeHttpServer<?>> started = new ArrayList<>();
        try {
            started.add(facebook.start(ports.facebook()));
            started.add(zalo.start(ports.zalo()));
            started.add(xibo.start(ports.xibo()));
            started.add(wordpress.start(ports.wordpress()));
            started.add(websub.start(ports.websub()));
            return this;
        } catch (RuntimeException e) {
            started.forEach(FakeHttpServer::close);
            throw e;
        }
    }

    /** Registers the demo pages, apps, displays and users of {@link DemoData}. */
    public ChannelFakes seedDemoData() {
        DemoData.seed(this);
        return this;
    }

    public FakeFacebookGraph facebook() {
        return facebook;
    }

    public FakeZalo zalo() {
        return zalo;
    }

    public FakeXibo xibo() {
        return xibo;
    }

    public FakeWordPress wordpress() {
        return wordpress;
    }

    public FakeWebSubSubscriber websub() {
        return websub;
    }

    /** Base URL of each fake by name (facebook, zalo, xibo, wordpress, websub). */
    public Map<String, String> urls() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("facebook", facebook.baseUrl());
        urls.put("zalo", zalo.baseUrl());
        urls.put("xibo", xibo.baseUrl());
        urls.put("wordpress", wordpress.baseUrl());
        urls.put("websub", websub.baseUrl());
        return urls;
    }

    @Override
    public void close() {
        facebook.close();
        zalo.close();
        xibo.close();
        wordpress.close();
        websub.close();
    }
}
