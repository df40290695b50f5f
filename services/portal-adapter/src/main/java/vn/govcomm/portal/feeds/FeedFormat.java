package vn.govcomm.portal.feeds;

import java.util.Arrays;
import java.util.Optional;

/** The three feed formats, by the file name in the URL. */
public enum FeedFormat {
    RSS("rss.xml", "rss", "application/rss+xml; charset=UTF-8"),
    ATOM("atom.xml", "atom", "application/atom+xml; charset=UTF-8"),
    JSON("feed.json", "json", "application/feed+json");

    private final String file;
    private final String tag;
    private final String contentType;

    FeedFormat(String file, String tag, String contentType) {
        this.file = file;
        this.tag = tag;
        this.contentType = contentType;
    }

    public String file() {
        return file;
    }

    /** Metric tag value. */
    public String tag() {
        return tag;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<FeedFormat> ofFile(String file) {
        return Arrays.stream(values()).filter(f -> f.file.equals(file)).findFirst();
    }
}
