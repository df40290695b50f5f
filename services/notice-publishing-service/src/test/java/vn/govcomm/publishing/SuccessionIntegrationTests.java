package vn.govcomm.publishing;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.deliveries.Rendering;
import vn.govcomm.publishing.publications.Publications;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.publishing.PublishingIntegrationTests.REQUESTED;
import static vn.govcomm.publishing.PublishingIntegrationTests.RETRACTED;
import static vn.govcomm.publishing.PublishingIntegrationTests.events;
import static vn.govcomm.publishing.PublishingIntegrationTests.newCampaignId;
import static vn.govcomm.publishing.PublishingIntegrationTests.reportStatus;
import static vn.govcomm.publishing.PublishingIntegrationTests.schedule;

/**
 * Open deliveries follow the successor of a merged or renamed agency (AgencyChanged with successorId on the
 * directory topic), against the real broker and the MongoDB-wire store; every event emitted is checked against its
 * schema.
 */
class SuccessionIntegrationTests extends PublishingTestContext {

    static final String AGENCY_CHANGED = "vn.govcomm.directory.agency-changed.v1";
    static final List<String> ALL = List.of("portal", "facebook", "zalo", "led", "manual", "email");

    @Autowired MongoTemplate mongo;
    @Autowired Deliveries deliveries;
    @Autowired Publications publications;

    @Test
    void aMergerReaddressesWhatHasNotReachedItsChannelAndKeepsWhatHas() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String predecessor = "it-xa-a-" + suffix;
        String successor = "it-phuong-b-" + suffix;
        Document successorSnapshot = TestStack.agencyChanged(successor);
        successorSnapshot.put("endpoints", successorSnapshot.getList("endpoints", Document.class).stream()
                .filter(e -> !"led".equals(e.getString("channel"))).toList()); // the ward has no LED screen
        directory(TestStack.agencyChanged(predecessor));
        directory(successorSnapshot);
        awaitInReplica(predecessor, successor);
        String campaignId = newCampaignId();
        Document campaign = TestStack.campaignScheduled(campaignId, List.of(predecessor), ALL, Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS));
        campaign.getList("targets", Document.class).add(new Document("agencyId", successor).append("channels", List.of("zalo")));
        schedule(campaign);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(campaignId, "DISPATCHED") == 7);
        Map<String, Document> before = byChannel(campaignId, predecessor);
        // one delivery in each state: published (history), failed (waits for a re-send), accepted by the channel,
        // retrying, and two still dispatched (zalo: the successor has its own; led: the successor has no screen)
        reportStatus(before.get("portal"), "PUBLISHED", 1);
        reportStatus(before.get("facebook"), "FAILED", 1);
        reportStatus(before.get("email"), "ACCEPTED", 1);
        reportStatus(before.get("manual"), "RETRYING", 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> count(campaignId, "DISPATCHED") == 3);

        Document merged = TestStack.agencyChanged(predecessor).append("active", false).append("successorId", successor)
                .append("successionKind", "MERGED").append("succeededAt", "2025-07-01T00:00:00Z")
                .append("occurredAt", Instant.now().toString());
        directory(merged);
        // the replica keeps the snapshot's tenancy and succession as the contract has them
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> successor.equals(mongo.findById(predecessor, Document.class,
                "agencies").getString("successorId")));
        Document replicated = mongo.findById(predecessor, Document.class, "agencies");
        assertThat(replicated.getString("provinceId")).isEqualTo("khanh-hoa");
        assertThat(replicated.getString("successionKind")).isEqualTo("MERGED");
        assertThat(replicated.getString("succeededAt")).isEqualTo("2025-07-01T00:00:00Z");

        await().atMost(Duration.ofSeconds(20)).until(() -> byChannel(campaignId, successor).size() == 3
                && byChannel(campaignId, successor).values().stream().allMatch(d -> "DISPATCHED".equals(d.getString("status"))));
        Map<String, Document> after = byChannel(campaignId, predecessor);
        assertThat(after.get("portal").getString("status")).isEqualTo("PUBLISHED");
        assertThat(after.get("email").getString("status")).isEqualTo("ACCEPTED");
        for (String channel : List.of("facebook", "zalo", "manual")) {
            Document retracted = after.get(channel);
            assertThat(retracted.getString("status")).as(channel).isEqualTo("CANCELLED");
            assertThat(retracted.getString("reasonCode")).as(channel).isEqualTo("SUPERSEDED");
            // the kind the snapshot gives: merged, not "merged or renamed"
            assertThat(retracted.getString("reason")).as(channel).contains(successor)
                    .contains("Cơ quan đã sáp nhập vào ").contains(" merged into ").doesNotContain("đổi tên");
            assertThat(retracted.getString("successorId")).as(channel).isEqualTo(successor);
        }
        Document led = after.get("led");
        assertThat(led.getString("status")).as("no LED screen at the successor: kept").isEqualTo("DISPATCHED");
        assertThat(led.getString("successorId")).isEqualTo(successor);
        assertThat(led.getString("successorNote")).contains("led");
        Map<String, Document> successors = byChannel(campaignId, successor);
        assertThat(successors).containsOnlyKeys("zalo", "facebook", "manual");
        assertThat(mongo.count(Query.query(Criteria.where("campaignId").is(campaignId).and("agencyId").is(successor)
                .and("channel").is("zalo")), "deliveries")).as("the successor's own zalo delivery is enough").isEqualTo(1);
        for (String channel : List.of("facebook", "manual")) {
            Document readdressed = successors.get(channel);
            assertThat(readdressed.getString("readdressedFrom")).isEqualTo(after.get(channel).getString("_id"));
            assertThat(readdressed.getString("formerAgencyId")).isEqualTo(predecessor);
            assertThat(readdressed.getString("endpointId")).isEqualTo(successor + "." + channel);
            IncomingEvent request = events(EventTypes.deliveryRequestsTopic(channel), readdressed.getString("_id"), REQUESTED, 1)
                    .getFirst();
            assertThat(Contracts.get().validate(REQUESTED, request.dataAsString())).as(request.dataAsString()).isEmpty();
            assertThat(Document.parse(request.dataAsString()).getString("agencyId")).isEqualTo(successor);
        }
        for (String channel : List.of("facebook", "zalo", "manual")) {
            IncomingEvent retraction = events(EventTypes.deliveryRequestsTopic(channel), after.get(channel).getString("_id"),
                    RETRACTED, 1).getFirst();
            assertThat(Contracts.get().validate(RETRACTED, retraction.dataAsString())).isEmpty();
            assertThat(Document.parse(retraction.dataAsString()).getString("reason")).isEqualTo("SUPERSEDED");
        }

        // The compacted topic read again (or redelivered): the same snapshot changes nothing.
        await().atMost(Duration.ofSeconds(10)).until(() -> everything(campaignId).stream()
                .allMatch(d -> d.getList("outbox", Document.class, List.of()).isEmpty())); // every event relayed
        List<Document> settled = everything(campaignId);
        directory(merged);
        TestStack.awaitConsumed("notice-publishing-service.directory", EventTypes.TOPIC_AGENCY_DIRECTORY, Duration.ofSeconds(15));
        assertThat(everything(campaignId)).isEqualTo(settled);

        // A campaign scheduled after the merger naming the predecessor goes to the successor.
        String later = newCampaignId();
        schedule(TestStack.campaignScheduled(later, List.of(predecessor, successor), List.of("portal", "led"), Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(later, "DISPATCHED") == 1);
        assertThat(everything(later)).singleElement().satisfies(d -> {
            assertThat(d.getString("agencyId")).isEqualTo(successor);
            assertThat(d.getString("channel")).isEqualTo("portal");
        });
    }

    @Test
    void aRenameWithThePredecessorsEndpointsKeepsEveryDeliveryWhereItIs() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String predecessor = "it-xa-c-" + suffix;
        String renamed = "it-xa-c-moi-" + suffix;
        Document old = TestStack.agencyChanged(predecessor);
        // The same pages and boards under the new name: new endpoint ids, the same external ids.
        Document renamedSnapshot = TestStack.agencyChanged(renamed);
        Map<String, String> externalIds = old.getList("endpoints", Document.class).stream()
                .collect(Collectors.toMap(e -> e.getString("channel"), e -> e.getString("externalId")));
        renamedSnapshot.getList("endpoints", Document.class).forEach(e -> e.put("externalId", externalIds.get(e.getString("channel"))));
        directory(old);
        directory(renamedSnapshot);
        awaitInReplica(predecessor, renamed);
        String campaignId = newCampaignId();
        schedule(TestStack.campaignScheduled(campaignId, List.of(predecessor), List.of("portal", "facebook"), Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(campaignId, "DISPATCHED") == 2);

        directory(TestStack.agencyChanged(predecessor).append("active", false).append("successorId", renamed)
                .append("occurredAt", Instant.now().toString()));

        await().atMost(Duration.ofSeconds(20)).until(() -> everything(campaignId).stream()
                .allMatch(d -> renamed.equals(d.getString("successorId"))));
        assertThat(everything(campaignId)).hasSize(2).allSatisfy(d -> {
            assertThat(d.getString("agencyId")).isEqualTo(predecessor);
            assertThat(d.getString("status")).isEqualTo("DISPATCHED");
            assertThat(d.getString("successorNote")).contains(renamed);
        });
        assertThat(TestStack.readAll(EventTypes.deliveryRequestsTopic("portal"),
                r -> IncomingEvent.from(r).type().equals(RETRACTED) && new String(r.value()).contains(campaignId),
                Duration.ofSeconds(2))).as("nothing retracted").isEmpty();
    }

    @Test
    void aSuccessionCutShortAfterTheSuccessorsDeliveryWasCreatedEndsTheSameWhenRedelivered() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String predecessor = "it-xa-d-" + suffix;
        String successor = "it-phuong-e-" + suffix;
        directory(TestStack.agencyChanged(predecessor));
        directory(TestStack.agencyChanged(successor));
        awaitInReplica(predecessor, successor);
        String campaignId = newCampaignId();
        schedule(TestStack.campaignScheduled(campaignId, List.of(predecessor), List.of("facebook"), Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(campaignId, "DISPATCHED") == 1);
        Document former = byChannel(campaignId, predecessor).get("facebook");
        // The first delivery of the snapshot died right after requesting the successor's delivery.
        Document campaign = publications.campaign(publications.publication(campaignId, 1));
        Document endpoint = TestStack.agencyChanged(successor).getList("endpoints", Document.class).stream()
                .filter(e -> "facebook".equals(e.getString("channel"))).findFirst().orElseThrow();
        assertThat(deliveries.requestForSuccessor(campaign, Rendering.forNotice(campaign.get("notice", Document.class)),
                successor, endpoint, former)).isTrue();

        directory(TestStack.agencyChanged(predecessor).append("active", false).append("successorId", successor)
                .append("occurredAt", Instant.now().toString()));

        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELLED".equals(byChannel(campaignId, predecessor)
                .get("facebook").getString("status")));
        await().atMost(Duration.ofSeconds(10)).until(() -> count(campaignId, "DISPATCHED") == 1);
        assertThat(byChannel(campaignId, successor)).containsOnlyKeys("facebook");
        String successorDelivery = byChannel(campaignId, successor).get("facebook").getString("_id");
        assertThat(TestStack.readAll(EventTypes.deliveryRequestsTopic("facebook"),
                r -> successorDelivery.equals(IncomingEvent.from(r).subject()) && REQUESTED.equals(IncomingEvent.from(r).type()),
                Duration.ofSeconds(2)))
                .as("requested once").hasSize(1);
    }

    // ------------------------------------------------------------------------------------------ helpers

    static void directory(Document snapshot) {
        String json = snapshot.toJson();
        assertThat(Contracts.get().validate(AGENCY_CHANGED, json)).as(json).isEmpty();
        String agencyId = snapshot.getString("agencyId");
        TestStack.send(EventTypes.TOPIC_AGENCY_DIRECTORY, agencyId, AGENCY_CHANGED, agencyId, json);
    }

    void awaitInReplica(String... agencyIds) {
        await().atMost(Duration.ofSeconds(20)).until(() -> mongo.count(Query.query(Criteria.where("_id").in(List.of(agencyIds))),
                "agencies") == agencyIds.length);
    }

    long count(String campaignId, String status) {
        return mongo.count(Query.query(Criteria.where("campaignId").is(campaignId).and("status").is(status)), "deliveries");
    }

    /** An agency's deliveries of the campaign by channel (one each in these tests). */
    Map<String, Document> byChannel(String campaignId, String agencyId) {
        return mongo.find(Query.query(Criteria.where("campaignId").is(campaignId).and("agencyId").is(agencyId)),
                Document.class, "deliveries").stream().collect(Collectors.toMap(d -> d.getString("channel"), Function.identity()));
    }

    List<Document> everything(String campaignId) {
        return mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)), Document.class, "deliveries").stream()
                .sorted(Comparator.comparing(d -> d.getString("_id"))).toList();
    }
}
