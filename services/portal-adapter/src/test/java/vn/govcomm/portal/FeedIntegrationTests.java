package vn.govcomm.portal;

import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.io.WireFeedInput;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.embedded.TopicProbe;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FeedIntegrationTests extends PortalAdapterTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void publishesADeliveryIntoItsPortalFeedSanitisedInNfcAndReportsPublished() throws Exception {
        String portal = newPortal();
        ObjectNode delivery = delivery(portal, "cmp-feed-1", 1);
        send(REQUESTED, delivery);

        JsonNode published = awaitStatus(delivery.get("deliveryId").asString(), "PUBLISHED");
        assertThat(published.path("externalRef").asString()).startsWith("tag:govcomm.vn,2023:notice/cmp-feed-1/v1/");

        String token = issueToken(portal);
        HttpResponse<String> atom = get("/feeds/" + portal + "/atom.xml", "Authorization", "Bearer " + token);
        assertThat(atom.statusCode()).isEqualTo(200);
        assertThat(atom.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("application/atom+xml;charset=UTF-8");
        assertThat(atom.headers().firstValue("ETag").orElseThrow()).startsWith("\"").doesNotStartWith("W/");
        assertThat(atom.headers().firstValue("Last-Modified")).isPresent();
        assertThat(atom.headers().firstValue("Cache-Control")).hasValue("private, max-age=60");
        assertThat(atom.headers().allValues("Link")).containsExactlyInAnyOrder(
                "<" + PUBLIC_BASE + "/feeds/hub>; rel=\"hub\"",
                "<" + PUBLIC_BASE + "/feeds/" + portal + "/atom.xml>; rel=\"self\"");
        Feed feed = (Feed) new WireFeedInput().build(new InputSource(new StringReader(atom.body())));
        assertThat(feed.getEntries()).hasSize(1);
        Entry entry = feed.getEntries().get(0);
        assertThat(entry.getId()).isEqualTo(published.path("externalRef").asString());
        assertThat(entry.getTitle()).contains("Khánh Hòa").isEqualTo(Normalizer.normalize(entry.getTitle(), Normalizer.Form.NFC));
        String html = entry.getContents().get(0).getValue();
        assertThat(html).contains("Khánh Hòa").doesNotContain("<script", "onclick", "javascript:", "alert('x')");
        assertThat(atom.body()).doesNotContain(NFD_KHANH_HOA);

        assertThat(entries("/feeds/" + portal + "/agencies/so-y-te/feed.json", token)).isEqualTo(1);
        assertThat(entries("/feeds/" + portal + "/agencies/cong-an-tinh/feed.json", token)).isZero();
        assertThat(entries("/feeds/" + portal + "/categories/general/feed.json", token)).isEqualTo(1);
        assertThat(entries("/feeds/" + portal + "/categories/urgent/feed.json", token)).isZero();
        assertThat(meters.get("govcomm.feed.requests").tags("format", "atom", "outcome", "ok").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    private int entries(String path, String token) throws Exception {
        HttpResponse<String> r = get(path, "Authorization", "Bearer " + token);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).path("items").size();
    }

    @Test
    void aPortalSeesOnlyItsOwnFeedsWithItsOwnToken() throws Exception {
        String mine = newPortal();
        String other = newPortal();
        String myToken = issueToken(mine);
        issueToken(other);

        HttpResponse<String> anonymous = get("/feeds/" + mine + "/rss.xml");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        assertThat(JSON.readTree(anonymous.body()).path("code").asString()).isEqualTo("feed-credential-missing");
        assertThat(get("/feeds/" + mine + "/rss.xml", "Authorization", "Bearer gcf_forged").statusCode()).isEqualTo(401);

        HttpResponse<String> foreign = get("/feeds/" + other + "/feed.json", "Authorization", "Bearer " + myToken);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(foreign.body()).path("code").asString()).isEqualTo("feed-forbidden");

        assertThat(get("/feeds/" + mine + "/feed.json?token=" + myToken).statusCode()).isEqualTo(200);
        assertThat(get("/feeds/" + mine + "/categories/urgent/rss.xml?token=" + myToken).statusCode()).isEqualTo(200);
        assertThat(get("/feeds/" + mine + "/podcast.mp3?token=" + myToken).statusCode()).isEqualTo(404);
        assertThat(meters.get("govcomm.feed.requests").tags("format", "json", "outcome", "denied").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void onlyAdminsManageFeedCredentialsAndRotationOrRevocationEndsTheOldToken() throws Exception {
        String portal = newPortal();
        var officer = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl()
                        + "/api/portal/portals/" + portal + "/feed-token")).header("Authorization", bearer("can.bo", AGENCY, "officer"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(officer.statusCode()).isEqualTo(403);

        String first = issueToken(portal);
        String rotated = issueToken(portal);
        assertThat(rotated).isNotEqualTo(first);
        assertThat(get("/feeds/" + portal + "/atom.xml?token=" + first).statusCode()).isEqualTo(401);
        assertThat(get("/feeds/" + portal + "/atom.xml?token=" + rotated).statusCode()).isEqualTo(200);
        HttpResponse<String> described = get("/api/portal/portals/" + portal + "/feed-token", "Authorization", admin());
        assertThat(described.body()).doesNotContain(rotated).contains("tokenHint");
        assertThat(mongo.getCollection("feed_credentials").find().into(new java.util.ArrayList<>()).toString())
                .doesNotContain(rotated);

        var revoked = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl()
                        + "/api/portal/portals/" + portal + "/feed-token")).header("Authorization", admin()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(get("/feeds/" + portal + "/atom.xml?token=" + rotated).statusCode()).isEqualTo(401);
    }

    @Test
    void conditionalGetsAnswer304WithoutBodyUntilThePortalFeedChanges() throws Exception {
        String portal = newPortal();
        ObjectNode first = delivery(portal, "cmp-cond-1", 1);
        send(REQUESTED, first);
        awaitStatus(first.get("deliveryId").asString(), "PUBLISHED");
        String auth = "Bearer " + issueToken(portal);
        String path = "/feeds/" + portal + "/rss.xml";

        HttpResponse<String> full = get(path, "Authorization", auth);
        assertThat(full.statusCode()).isEqualTo(200);
        String etag = full.headers().firstValue("ETag").orElseThrow();
        String lastModified = full.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<String> again = get(path, "Authorization", auth, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(again.headers().firstValue("Cache-Control")).hasValue("private, max-age=60");
        assertThat(get(path, "Authorization", auth, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(get(path, "Authorization", auth, "If-None-Match", "\"0-rss-all-stale\"").statusCode()).isEqualTo(200);
        assertThat(get("/feeds/" + portal + "/atom.xml", "Authorization", auth, "If-None-Match", etag).statusCode())
                .as("another format has another ETag").isEqualTo(200);

        ObjectNode second = delivery(portal, "cmp-cond-2", 1);
        send(REQUESTED, second);
        awaitStatus(second.get("deliveryId").asString(), "PUBLISHED");
        HttpResponse<String> changed = get(path, "Authorization", auth, "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
        assertThat(changed.body()).contains("cmp-cond-2");
        assertThat(get(path, "Authorization", auth, "If-Modified-Since", lastModified).statusCode())
                .as("If-Modified-Since older than the change").isEqualTo(200);
    }

    @Test
    void reportsFetchedWhenThePortalCredentialReceivesTheItemAndListsPortalsThatHaveNot() throws Exception {
        String campaign = "cmp-fetch-" + newPortal();
        String reading = newPortal();
        String idle = newPortal();
        ObjectNode read = delivery(reading, campaign, 1);
        ObjectNode unread = delivery(idle, campaign, 1);
        send(REQUESTED, read);
        send(REQUESTED, unread);
        awaitStatus(read.get("deliveryId").asString(), "PUBLISHED");
        awaitStatus(unread.get("deliveryId").asString(), "PUBLISHED");

        String token = issueToken(reading);
        assertThat(get("/feeds/" + reading + "/feed.json", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
        JsonNode fetched = awaitStatus(read.get("deliveryId").asString(), "FETCHED");
        assertThat(fetched.path("channel").asString()).isEqualTo("portal");

        HttpResponse<Void> head = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl()
                        + "/feeds/" + idle + "/atom.xml?token=" + issueToken(idle)))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).as("a HEAD carries no item, so it is no fetch").isEqualTo(200);

        HttpResponse<String> report = get("/api/portal/campaigns/" + campaign + "/not-fetched",
                "Authorization", bearer("nguoi.xem", AGENCY, "viewer"));
        assertThat(report.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(report.body());
        assertThat(body.path("items").asInt()).isEqualTo(2);
        assertThat(body.path("fetched").asInt()).isEqualTo(1);
        assertThat(body.path("notFetched")).hasSize(1);
        assertThat(body.path("notFetched").get(0).path("portalId").asString()).isEqualTo(idle);
        assertThat(get("/api/portal/campaigns/" + campaign + "/not-fetched").statusCode()).isEqualTo(401);
    }

    @Test
    void entryIdStaysForAReSendAndChangesWithTheNoticeVersion() throws Exception {
        String portal = newPortal();
        String token = issueToken(portal);
        ObjectNode v1 = delivery(portal, "cmp-ver", 1);
        send(REQUESTED, v1);
        awaitStatus(v1.get("deliveryId").asString(), "PUBLISHED");
        String firstId = JSON.readTree(get("/feeds/" + portal + "/feed.json?token=" + token).body())
                .path("items").get(0).path("id").asString();
        awaitStatus(v1.get("deliveryId").asString(), "FETCHED");

        v1.put("attempt", 2);
        send(REQUESTED, v1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mongo.getCollection("feed_items")
                .find(new org.bson.Document("_id", v1.get("deliveryId").asString())).first().getInteger("attempt"))
                .isEqualTo(2));
        JsonNode afterResend = JSON.readTree(get("/feeds/" + portal + "/feed.json?token=" + token).body()).path("items");
        assertThat(afterResend).hasSize(1);
        assertThat(afterResend.get(0).path("id").asString()).isEqualTo(firstId);

        ObjectNode v2 = delivery(portal, "cmp-ver", 2);
        send(REQUESTED, v2);
        awaitStatus(v2.get("deliveryId").asString(), "PUBLISHED");
        List<String> ids = JSON.readTree(get("/feeds/" + portal + "/feed.json?token=" + token).body()).path("items")
                .valueStream().map(i -> i.path("id").asString()).toList();
        assertThat(ids).hasSize(2).contains(firstId).anyMatch(id -> id.contains("/v2/"));
    }

    @Test
    void retractedItemsStayAsTombstonesAndAreReportedCancelled() throws Exception {
        String portal = newPortal();
        String token = issueToken(portal);
        ObjectNode cancelled = delivery(portal, "cmp-retract", 1);
        send(REQUESTED, cancelled);
        awaitStatus(cancelled.get("deliveryId").asString(), "PUBLISHED");
        String entryId = "tag:govcomm.vn,2023:notice/cmp-retract/v1/" + cancelled.get("endpointId").asString();

        send(RETRACTED, retraction(cancelled, "CAMPAIGN_CANCELLED"));
        JsonNode status = awaitStatus(cancelled.get("deliveryId").asString(), "CANCELLED");
        assertThat(status.path("reasonCode").asString()).isEqualTo("CAMPAIGN_CANCELLED");

        String atom = get("/feeds/" + portal + "/atom.xml?token=" + token).body();
        Feed feed = (Feed) new WireFeedInput().build(new InputSource(new StringReader(atom)));
        assertThat(feed.getEntries()).isEmpty();
        assertThat(atom).contains("xmlns:at=\"http://purl.org/atompub/tombstones/1.0\"")
                .contains("<at:deleted-entry ref=\"" + entryId + "\"");
        String rss = get("/feeds/" + portal + "/rss.xml?token=" + token).body();
        assertThat(rss).contains("<guid isPermaLink=\"false\">" + entryId + "</guid>")
                .contains("<category domain=\"https://govcomm.vn/feeds/status\">deleted</category>");
        JsonNode json = JSON.readTree(get("/feeds/" + portal + "/feed.json?token=" + token).body());
        assertThat(json.path("items").get(0).path("_govcomm").path("deleted").asBoolean()).isTrue();
        assertThat(json.path("items").get(0).has("content_html")).isFalse();
    }

    @Test
    void windowEndKeepsATombstoneButNeverTurnsAPublishedItemIntoExpired() throws Exception {
        String portal = newPortal();
        ObjectNode ended = delivery(portal, "cmp-window", 1);
        send(REQUESTED, ended);
        awaitStatus(ended.get("deliveryId").asString(), "PUBLISHED");

        send(RETRACTED, retraction(ended, "WINDOW_ENDED"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mongo.getCollection("feed_items")
                .find(new org.bson.Document("_id", ended.get("deliveryId").asString())).first()
                .getBoolean("tombstone")).isTrue());
        // DeliveryStatus.canMoveTo: EXPIRED never overrides an achieved (PUBLISHED/FETCHED) delivery.
        assertThat(mongo.getCollection("deliveries").find(new org.bson.Document("_id", ended.get("deliveryId").asString()))
                .first().getString("status")).isEqualTo("PUBLISHED");
    }

    @Test
    void aRequestForAnotherChannelIsPoisonAndGoesToTheDeadLetterTopic() throws Exception {
        ObjectNode wrong = delivery(newPortal(), "cmp-poison", 1);
        wrong.put("channel", "led");
        send(REQUESTED, wrong);
        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), "delivery.requests.portal.DLT",
                r -> wrong.get("endpointId").asString().equals(r.key()), 1, Duration.ofSeconds(20))).hasSize(1);
    }
}
