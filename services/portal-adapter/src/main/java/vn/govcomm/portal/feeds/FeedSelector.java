package vn.govcomm.portal.feeds;

import vn.govcomm.portal.Ids;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which feed: a portal's whole feed, or the part of it for one agency or one category ({@code urgent},
 * {@code general}). At most one of agencyId/category is set.
 */
public record FeedSelector(String portalId, String agencyId, String category) {

    private static final Pattern PATH = Pattern.compile(
            "/feeds/([^/]+)/(?:(agencies|categories)/([^/]+)/)?(rss\\.xml|atom\\.xml|feed\\.json)");

    /** A feed URL path parsed, e.g. for a WebSub topic. */
    public record Topic(FeedSelector selector, FeedFormat format) {
    }

    public static FeedSelector portal(String portalId) {
        return new FeedSelector(portalId, null, null);
    }

    public boolean valid() {
        return Ids.valid(portalId) && (agencyId == null || Ids.valid(agencyId))
                && (category == null || FeedItems.URGENT.equals(category) || FeedItems.GENERAL.equals(category));
    }

    /** Stable short key of the variant, part of the ETag. */
    String key() {
        return agencyId != null ? "a." + agencyId : category != null ? "c." + category : "all";
    }

    /** The path of this feed in a format, e.g. {@code /feeds/portal-so-y-te/atom.xml}. */
    public String path(FeedFormat format) {
        String base = "/feeds/" + portalId + "/";
        if (agencyId != null) {
            base += "agencies/" + agencyId + "/";
        } else if (category != null) {
            base += "categories/" + category + "/";
        }
        return base + format.file();
    }

    public static Optional<Topic> parse(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        FeedSelector selector = new FeedSelector(m.group(1), "agencies".equals(m.group(2)) ? m.group(3) : null,
                "categories".equals(m.group(2)) ? m.group(3) : null);
        return selector.valid() ? FeedFormat.ofFile(m.group(4)).map(f -> new Topic(selector, f)) : Optional.empty();
    }
}
