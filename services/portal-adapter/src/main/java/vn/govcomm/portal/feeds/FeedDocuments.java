package vn.govcomm.portal.feeds;

import org.springframework.stereotype.Component;
import vn.govcomm.portal.PortalProperties;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feed documents and their validators. The strong ETag is derived from the portal's feed version, the format,
 * the variant and a fingerprint of what else shapes the bytes (renderer revision, public URLs, feed size), so
 * it can be computed without rendering.
 */
@Component
public class FeedDocuments {

    /** Bump when the renderer's output changes for the same items, so that clients do not keep stale copies. */
    static final String RENDER_REVISION = "r1";

    private final FeedVersions versions;
    private final FeedItems items;
    private final FeedRenderer renderer;
    private final int feedSize;
    private final String fingerprint;
    private final int cacheSize;
    // Rendered documents by version: a version always renders to the same bytes, so entries never go stale; old
    // versions are simply no longer asked for. Cleared wholesale when full (cheap, and rare).
    private final ConcurrentHashMap<String, Rendered> rendered = new ConcurrentHashMap<>();

    /** A rendered feed with the items it contains. */
    public record Rendered(byte[] body, String contentType, String etag, FeedVersions.FeedState state,
                           List<FeedItem> items) {
    }

    FeedDocuments(FeedVersions versions, FeedItems items, FeedRenderer renderer, PortalProperties properties) {
        this.versions = versions;
        this.items = items;
        this.renderer = renderer;
        this.feedSize = properties.feedSize();
        this.cacheSize = properties.renderCacheSize();
        this.fingerprint = sha256(RENDER_REVISION + "|" + properties.publicBaseUrl() + "|" + properties.siteUrl()
                + "|" + properties.feedSize()).substring(0, 8);
    }

    FeedVersions.FeedState state(String portalId) {
        return versions.current(portalId);
    }

    String etag(FeedVersions.FeedState state, FeedSelector selector, FeedFormat format) {
        return "\"" + state.version() + "-" + format.tag() + "-" + selector.key() + "-" + fingerprint + "\"";
    }

    /** Renders with the version read first, then the items: an ETag is never newer than the content it labels. */
    public Rendered render(FeedSelector selector, FeedFormat format) {
        return render(selector, format, versions.current(selector.portalId()));
    }

    Rendered render(FeedSelector selector, FeedFormat format, FeedVersions.FeedState state) {
        String etag = etag(state, selector, format);
        if (cacheSize <= 0) {
            return renderNow(selector, format, state, etag);
        }
        String key = selector.portalId() + "|" + etag;
        Rendered cached = rendered.get(key);
        if (cached != null) {
            return cached;
        }
        Rendered fresh = renderNow(selector, format, state, etag);
        if (rendered.size() >= cacheSize) {
            rendered.clear();
        }
        rendered.put(key, fresh);
        return fresh;
    }

    private Rendered renderNow(FeedSelector selector, FeedFormat format, FeedVersions.FeedState state, String etag) {
        List<FeedItem> list = items.list(selector, feedSize);
        return new Rendered(renderer.render(selector, format, state, list), format.contentType(), etag, state, list);
    }

    public String hubUrl() {
        return renderer.hubUrl();
    }

    public String selfUrl(FeedSelector selector, FeedFormat format) {
        return renderer.selfUrl(selector, format);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
