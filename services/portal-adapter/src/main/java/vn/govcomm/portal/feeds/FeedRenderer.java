package vn.govcomm.portal.feeds;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.feed.rss.Category;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Description;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.portal.FeedText;
import vn.govcomm.portal.PortalProperties;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a feed document with ROME (RSS 2.0, Atom 1.0) or Jackson (JSON Feed 1.1). Output depends only on the
 * items and the feed state, never on the clock, so one version always renders to the same bytes (strong ETag).
 *
 * <p>Retracted items (tombstones): Atom uses {@code at:deleted-entry} (RFC 6721) instead of the entry. RSS 2.0
 * and JSON Feed have no deletion mechanism, so the item stays with the same guid/id, its content replaced by a
 * retraction notice, marked by {@code <category domain="https://govcomm.vn/feeds/status">deleted</category>}
 * (RSS) or {@code "_govcomm": {"deleted": true, ...}} (a JSON Feed extension object).
 */
@Component
class FeedRenderer {

    static final String TOMBSTONE_NS = "http://purl.org/atompub/tombstones/1.0";
    static final String STATUS_DOMAIN = "https://govcomm.vn/feeds/status";
    static final String JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";
    private static final Namespace AT = Namespace.getNamespace("at", TOMBSTONE_NS);
    private static final Namespace ATOM = Namespace.getNamespace("atom", "http://www.w3.org/2005/Atom");
    private static final String AUTHOR = "Hệ thống truyền thông hành chính tỉnh Khánh Hòa";
    private static final String RETRACTED_TITLE = "[Đã thu hồi / Retracted] ";
    private static final String RETRACTED_TEXT = "Thông báo này đã được thu hồi. / This notice has been retracted.";

    private final PortalProperties properties;
    private final JsonMapper json;

    FeedRenderer(PortalProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    String hubUrl() {
        return properties.publicBaseUrl() + "/feeds/hub";
    }

    String selfUrl(FeedSelector selector, FeedFormat format) {
        return properties.publicBaseUrl() + selector.path(format);
    }

    byte[] render(FeedSelector selector, FeedFormat format, FeedVersions.FeedState state, List<FeedItem> items) {
        return switch (format) {
            case RSS -> rss(selector, state, items);
            case ATOM -> atom(selector, state, items);
            case JSON -> jsonFeed(selector, state, items);
        };
    }

    private String title(FeedSelector selector) {
        String title = "Thông báo tuyên truyền – " + selector.portalId();
        if (selector.agencyId() != null) {
            title += " – cơ quan " + selector.agencyId();
        } else if (selector.category() != null) {
            title += FeedItems.URGENT.equals(selector.category()) ? " – khẩn" : " – thông thường";
        }
        return FeedText.text(title);
    }

    private String description(FeedSelector selector) {
        return FeedText.text("Các thông báo cần đăng trên Cổng/Trang thông tin điện tử " + selector.portalId()
                + " (tỉnh Khánh Hòa).");
    }

    // ---- RSS 2.0 ---------------------------------------------------------------------------------------------------

    private byte[] rss(FeedSelector selector, FeedVersions.FeedState state, List<FeedItem> items) {
        Channel channel = new Channel("rss_2.0");
        channel.setTitle(title(selector));
        channel.setLink(properties.siteUrl());
        channel.setDescription(description(selector));
        channel.setLanguage("vi");
        channel.setEncoding("UTF-8");
        channel.setLastBuildDate(Date.from(state.lastModified()));
        channel.setPubDate(Date.from(state.lastModified()));
        List<Item> rssItems = new ArrayList<>();
        for (FeedItem item : items) {
            Item rssItem = new Item();
            Guid guid = new Guid();
            guid.setPermaLink(false);
            guid.setValue(item.id());
            rssItem.setGuid(guid);
            rssItem.setPubDate(Date.from(item.publishedAt()));
            Description description = new Description();
            description.setType("text/html");
            List<Category> categories = new ArrayList<>();
            categories.add(category(null, item.category()));
            if (item.tombstone()) {
                rssItem.setTitle(FeedText.text(RETRACTED_TITLE + item.title()));
                description.setValue(RETRACTED_TEXT);
                categories.add(category(STATUS_DOMAIN, "deleted"));
            } else {
                rssItem.setTitle(FeedText.text(item.title()));
                String html = FeedText.html(item.html());
                description.setValue(html != null ? html : FeedText.text(item.text()));
            }
            rssItem.setDescription(description);
            rssItem.setCategories(categories);
            rssItems.add(rssItem);
        }
        channel.setItems(rssItems);
        Document doc = jdom(channel);
        Element channelElement = doc.getRootElement().getChild("channel");
        doc.getRootElement().addNamespaceDeclaration(ATOM);
        // atom:link rel=self / rel=hub: how RSS feeds advertise WebSub (and the feed's own address)
        channelElement.addContent(0, atomLink("hub", hubUrl(), null));
        channelElement.addContent(0, atomLink("self", selfUrl(selector, FeedFormat.RSS), "application/rss+xml"));
        return xml(doc);
    }

    private static Category category(String domain, String value) {
        Category category = new Category();
        category.setDomain(domain);
        category.setValue(value);
        return category;
    }

    private static Element atomLink(String rel, String href, String type) {
        Element link = new Element("link", ATOM).setAttribute("rel", rel).setAttribute("href", href);
        if (type != null) {
            link.setAttribute("type", type);
        }
        return link;
    }

    // ---- Atom 1.0 --------------------------------------------------------------------------------------------------

    private byte[] atom(FeedSelector selector, FeedVersions.FeedState state, List<FeedItem> items) {
        Feed feed = new Feed("atom_1.0");
        feed.setEncoding("UTF-8");
        feed.setId("tag:govcomm.vn,2023:feed/" + selector.portalId() + "/" + selector.key());
        feed.setTitle(title(selector));
        Content subtitle = new Content();
        subtitle.setType("text");
        subtitle.setValue(description(selector));
        feed.setSubtitle(subtitle);
        feed.setLanguage("vi");
        feed.setUpdated(Date.from(state.lastModified()));
        Person author = new Person();
        author.setName(AUTHOR);
        feed.setAuthors(List.of(author));
        feed.setAlternateLinks(List.of(link("alternate", properties.siteUrl(), "text/html")));
        feed.setOtherLinks(List.of(link("self", selfUrl(selector, FeedFormat.ATOM), "application/atom+xml"),
                link("hub", hubUrl(), null)));
        List<Entry> entries = new ArrayList<>();
        List<FeedItem> deleted = new ArrayList<>();
        for (FeedItem item : items) {
            if (item.tombstone()) {
                deleted.add(item);
                continue;
            }
            Entry entry = new Entry();
            entry.setId(item.id());
            entry.setTitle(FeedText.text(item.title()));
            entry.setUpdated(Date.from(item.updatedAt()));
            entry.setPublished(Date.from(item.publishedAt()));
            Content content = new Content();
            String html = FeedText.html(item.html());
            content.setType(html != null ? "html" : "text");
            content.setValue(html != null ? html : FeedText.text(item.text()));
            entry.setContents(List.of(content));
            if (item.summary() != null && !item.summary().isBlank()) {
                Content summary = new Content();
                summary.setType("text");
                summary.setValue(FeedText.text(item.summary()));
                entry.setSummary(summary);
            }
            com.rometools.rome.feed.atom.Category category = new com.rometools.rome.feed.atom.Category();
            category.setTerm(item.category());
            entry.setCategories(List.of(category));
            entries.add(entry);
        }
        feed.setEntries(entries);
        Document doc = jdom(feed);
        Element root = doc.getRootElement();
        if (!deleted.isEmpty()) {
            root.addNamespaceDeclaration(AT);
        }
        for (FeedItem item : deleted) {
            Element tombstone = new Element("deleted-entry", AT)
                    .setAttribute("ref", item.id())
                    .setAttribute("when", (item.deletedAt() != null ? item.deletedAt() : item.updatedAt()).toString());
            tombstone.addContent(new Element("comment", AT).setText(FeedText.text(RETRACTED_TEXT
                    + (item.retractReason() != null ? " (" + item.retractReason() + ")" : ""))));
            root.addContent(tombstone);
        }
        return xml(doc);
    }

    private static Link link(String rel, String href, String type) {
        Link link = new Link();
        link.setRel(rel);
        link.setHref(href);
        link.setType(type);
        return link;
    }

    // ---- JSON Feed 1.1 ---------------------------------------------------------------------------------------------

    private byte[] jsonFeed(FeedSelector selector, FeedVersions.FeedState state, List<FeedItem> items) {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("version", JSON_FEED_VERSION);
        feed.put("title", title(selector));
        feed.put("home_page_url", properties.siteUrl());
        feed.put("feed_url", selfUrl(selector, FeedFormat.JSON));
        feed.put("description", description(selector));
        feed.put("language", "vi");
        feed.put("authors", List.of(Map.of("name", AUTHOR)));
        feed.put("hubs", List.of(Map.of("type", "WebSub", "url", hubUrl())));
        List<Map<String, Object>> jsonItems = new ArrayList<>();
        for (FeedItem item : items) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", item.id());
            if (item.tombstone()) {
                j.put("title", FeedText.text(RETRACTED_TITLE + item.title()));
                j.put("content_text", RETRACTED_TEXT);
            } else {
                j.put("title", FeedText.text(item.title()));
                String html = FeedText.html(item.html());
                if (html != null) {
                    j.put("content_html", html);
                }
                j.put("content_text", FeedText.text(item.text()));
                if (item.summary() != null && !item.summary().isBlank()) {
                    j.put("summary", FeedText.text(item.summary()));
                }
            }
            j.put("date_published", item.publishedAt().toString());
            j.put("date_modified", item.updatedAt().toString());
            j.put("tags", List.of(item.category()));
            if (item.tombstone()) {
                Map<String, Object> ext = new LinkedHashMap<>();
                ext.put("deleted", true);
                ext.put("deleted_at", (item.deletedAt() != null ? item.deletedAt() : item.updatedAt()).toString());
                if (item.retractReason() != null) {
                    ext.put("reason", item.retractReason());
                }
                j.put("_govcomm", ext);
            }
            jsonItems.add(j);
        }
        feed.put("items", jsonItems);
        return json.writeValueAsBytes(feed);
    }

    // ---- XML plumbing ----------------------------------------------------------------------------------------------

    private static Document jdom(WireFeed feed) {
        try {
            return new WireFeedOutput().outputJDom(feed);
        } catch (FeedException e) {
            throw new IllegalStateException("Feed could not be written: " + e.getMessage(), e);
        }
    }

    private static byte[] xml(Document doc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            new XMLOutputter(Format.getCompactFormat().setEncoding("UTF-8")).output(doc, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
