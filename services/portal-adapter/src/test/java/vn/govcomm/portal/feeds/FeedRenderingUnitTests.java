package vn.govcomm.portal.feeds;

import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.io.WireFeedInput;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.portal.PortalProperties;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Output checked against the spec requirements listed in portal-feeds.md, by parsing it back. */
class FeedRenderingUnitTests {

    static final PortalProperties PROPERTIES = new PortalProperties("https://feeds.example.vn/", "https://govcomm.example.vn",
            100, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(5), 512,
            new PortalProperties.WebSub(Duration.ofDays(10), Duration.ofDays(30), DataSize.ofKilobytes(8)));
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final FeedRenderer RENDERER = new FeedRenderer(PROPERTIES, JSON);
    static final FeedSelector SELECTOR = FeedSelector.portal("portal-so-y-te");
    static final FeedVersions.FeedState STATE = new FeedVersions.FeedState(7, Instant.parse("2023-09-05T01:00:00Z"));
    static final String NFD = Normalizer.normalize("Thông báo khảo sát – Khánh Hòa", Normalizer.Form.NFD);

    static FeedItem item(String campaign, int version, boolean tombstone) {
        return new FeedItem("dlv-" + campaign + version, FeedItem.entryId(campaign, version, "so-y-te.portal"),
                "portal-so-y-te", "so-y-te", campaign, "so-y-te.portal", version, 1, NFD,
                "<p style=\"color:red\" onmouseover=\"x()\">Nội dung <b>đậm</b></p><script>alert(1)</script>\u0007",
                "Nội dung đậm", "Tóm tắt", "urgent", Instant.parse("2023-09-05T01:00:00Z"),
                Instant.parse("2023-09-05T01:00:00Z"), tombstone, tombstone ? Instant.parse("2023-09-06T00:00:00Z") : null,
                tombstone ? "CAMPAIGN_CANCELLED" : null, null);
    }

    static final List<FeedItem> ITEMS = List.of(item("cmp-a", 1, false), item("cmp-b", 2, true));

    static String render(FeedFormat format) {
        return new String(RENDERER.render(SELECTOR, format, STATE, ITEMS), StandardCharsets.UTF_8);
    }

    @Test
    void rssHasTheRequiredChannelElementsAndStableNonPermalinkGuids() throws Exception {
        String xml = render(FeedFormat.RSS);
        Channel rss = (Channel) new WireFeedInput().build(new InputSource(new StringReader(xml)));
        assertThat(rss.getFeedType()).isEqualTo("rss_2.0");
        assertThat(rss.getTitle()).isNotBlank();
        assertThat(rss.getLink()).isEqualTo("https://govcomm.example.vn");
        assertThat(rss.getDescription()).isNotBlank();
        assertThat(rss.getItems()).hasSize(2).allSatisfy(i -> {
            assertThat(i.getTitle()).isNotBlank();
            assertThat(i.getGuid().isPermaLink()).isFalse();
            assertThat(i.getPubDate()).isEqualTo(Instant.parse("2023-09-05T01:00:00Z"));
        });
        assertThat(rss.getItems().get(0).getGuid().getValue()).isEqualTo("tag:govcomm.vn,2023:notice/cmp-a/v1/so-y-te.portal");
        assertThat(xml).contains("<pubDate>Tue, 05 Sep 2023 01:00:00 GMT</pubDate>")
                .contains("<atom:link rel=\"hub\" href=\"https://feeds.example.vn/feeds/hub\"")
                .contains("<atom:link rel=\"self\" href=\"https://feeds.example.vn/feeds/portal-so-y-te/rss.xml\"");
    }

    @Test
    void atomHasIdTitleUpdatedAuthorSelfLinkAndTombstonesAsDeletedEntries() throws Exception {
        String xml = render(FeedFormat.ATOM);
        Feed atom = (Feed) new WireFeedInput().build(new InputSource(new StringReader(xml)));
        assertThat(atom.getId()).isEqualTo("tag:govcomm.vn,2023:feed/portal-so-y-te/all");
        assertThat(atom.getTitle()).isNotBlank();
        assertThat(atom.getUpdated()).isEqualTo(STATE.lastModified());
        assertThat(atom.getAuthors()).hasSize(1);
        assertThat(atom.getOtherLinks()).extracting(l -> l.getRel() + " " + l.getHref()).contains(
                "self https://feeds.example.vn/feeds/portal-so-y-te/atom.xml", "hub https://feeds.example.vn/feeds/hub");
        assertThat(atom.getEntries()).singleElement().satisfies(e -> {
            assertThat(e.getId()).isEqualTo("tag:govcomm.vn,2023:notice/cmp-a/v1/so-y-te.portal");
            assertThat(e.getTitle()).isEqualTo(Normalizer.normalize(NFD, Normalizer.Form.NFC));
            assertThat(e.getUpdated()).isNotNull();
            assertThat(e.getContents().get(0).getType()).isEqualTo("html");
        });
        assertThat(xml).contains("<at:deleted-entry ref=\"tag:govcomm.vn,2023:notice/cmp-b/v2/so-y-te.portal\" "
                + "when=\"2023-09-06T00:00:00Z\">");
    }

    @Test
    void jsonFeedFollowsVersion11WithStringIdsAndAMarkedTombstone() {
        JsonNode feed = JSON.readTree(render(FeedFormat.JSON));
        assertThat(feed.path("version").asString()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(feed.path("title").asString()).isNotBlank();
        assertThat(feed.path("feed_url").asString()).isEqualTo("https://feeds.example.vn/feeds/portal-so-y-te/feed.json");
        assertThat(feed.path("hubs").get(0).path("type").asString()).isEqualTo("WebSub");
        assertThat(feed.path("items")).hasSize(2).allSatisfy(i -> {
            assertThat(i.path("id").isString()).isTrue();
            assertThat(i.has("content_html") || i.has("content_text")).isTrue();
        });
        assertThat(feed.path("items").get(1).path("_govcomm").path("deleted").asBoolean()).isTrue();
    }

    @Test
    void everyFormatIsNfcSanitisedAndFreeOfCharactersXmlForbids() {
        for (FeedFormat format : FeedFormat.values()) {
            String out = render(format);
            assertThat(out).as(format.name()).contains("Khánh Hòa").doesNotContain(NFD)
                    .doesNotContain("<script", "&lt;script", "onmouseover", "alert(1)", "\u0007");
            assertThat(Normalizer.isNormalized(out, Normalizer.Form.NFC)).as(format.name()).isTrue();
        }
    }

    @Test
    void sameVersionRendersTheSameBytesSoTheStrongEtagHolds() {
        for (FeedFormat format : FeedFormat.values()) {
            assertThat(RENDERER.render(SELECTOR, format, STATE, ITEMS)).isEqualTo(RENDERER.render(SELECTOR, format, STATE, ITEMS));
        }
    }

    @Test
    void entryIdNamesTheNoticeVersionNotTheAttempt() {
        assertThat(FeedItem.entryId("cmp-a", 1, "so-y-te.portal")).isEqualTo(FeedItem.entryId("cmp-a", 1, "so-y-te.portal"))
                .isNotEqualTo(FeedItem.entryId("cmp-a", 2, "so-y-te.portal"));
    }

    @Test
    void feedUrlsParseBackIntoTheirSelectorAndFormat() {
        assertThat(FeedSelector.parse("/feeds/portal-so-y-te/agencies/so-y-te/atom.xml")).hasValueSatisfying(t -> {
            assertThat(t.selector()).isEqualTo(new FeedSelector("portal-so-y-te", "so-y-te", null));
            assertThat(t.format()).isEqualTo(FeedFormat.ATOM);
        });
        assertThat(FeedSelector.parse("/feeds/portal-so-y-te/categories/urgent/feed.json")).isPresent();
        assertThat(FeedSelector.parse("/feeds/portal-so-y-te/categories/other/feed.json")).isEmpty();
        assertThat(FeedSelector.parse("/feeds/portal-so-y-te/feed.xml")).isEmpty();
    }
}
