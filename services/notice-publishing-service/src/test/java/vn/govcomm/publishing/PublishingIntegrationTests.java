package vn.govcomm.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.govcomm.publishing.deliveries.Deliveries;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.web.servlet.MockMvc;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.kit.events.IncomingEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static vn.govcomm.publishing.TestStack.CHANNELS;
import static vn.govcomm.publishing.TestStack.KAFKA;

/**
 * The publisher against a real broker and a MongoDB-wire store: consumes contract examples (CampaignScheduled,
 * AgencyChanged, DeliveryStatusChanged, CampaignCancelled) from Kafka, and every event it emits is validated
 * against its schema.
 */
class PublishingIntegrationTests extends PublishingTestContext {

    @Autowired Deliveries deliveriesService;

    static final String REQUESTED = "vn.govcomm.delivery.requested.v1";
    static final String RETRACTED = "vn.govcomm.delivery.retracted.v1";
    static final String STATUS = "vn.govcomm.delivery.status-changed.v1";
    /** The contracts example's issuing agency: the campaigns of these tests are its campaigns. */
    static final String ISSUER = Document.parse(Contracts.get().example("vn.govcomm.campaign.scheduled.v1"))
            .getString("issuingAgencyId");

    @Autowired MockMvc mvc;
    @Autowired MongoTemplate mongo;
    @Autowired MeterRegistry meters;

    static final List<String> AGENCIES = List.of("it-so-y-te", "it-cong-an-tinh", "it-bhxh-tinh");

    @BeforeAll
    static void directory() {
        // The directory arrives as AgencyChanged snapshots on its compacted topic, as from campaign-service.
        for (String agency : AGENCIES) {
            String json = TestStack.agencyChanged(agency).toJson();
            assertThat(Contracts.get().validate("vn.govcomm.directory.agency-changed.v1", json)).isEmpty();
            TestStack.send("directory.agencies", agency, "vn.govcomm.directory.agency-changed.v1", agency, json);
        }
    }

    @Test
    void publishesAtTheCampaignTimeInVietnamAndNotBefore() {
        awaitDirectory();
        String campaignId = newCampaignId();
        Instant publishAt = Instant.now().plusSeconds(3);
        schedule(TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 1), List.of("portal"), publishAt,
                publishAt.plus(30, ChronoUnit.DAYS)));

        await().atMost(Duration.ofSeconds(10)).until(() -> publication(campaignId) != null);
        assertThat(TestStack.vietnamTime(publishAt)).endsWith("+07:00");
        assertThat(publication(campaignId).getDate("publishAt").toInstant()).isEqualTo(publishAt.truncatedTo(ChronoUnit.MILLIS));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2))
                .until(() -> deliveries(campaignId).isEmpty() && "SCHEDULED".equals(publication(campaignId).getString("state")));

        await().atMost(Duration.ofSeconds(15)).until(() -> "EXPANDED".equals(publication(campaignId).getString("state")));
        Document publication = publication(campaignId);
        assertThat(publication.getDate("firstDispatchAt").toInstant()).isAfterOrEqualTo(publishAt.truncatedTo(ChronoUnit.MILLIS));
        assertThat(deliveries(campaignId)).singleElement().satisfies(d -> assertThat(d.getString("status")).isEqualTo("DISPATCHED"));
    }

    @Test
    void fansOutOneDeliveryPerAgencyChannelAndEndpointAsContractValidRequestsKeyedByEndpoint() throws Exception {
        awaitDirectory();
        String campaignId = newCampaignId();
        schedule(TestStack.campaignScheduled(campaignId, AGENCIES, CHANNELS, Instant.now(), Instant.now().plus(30, ChronoUnit.DAYS)));

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(campaignId).stream()
                .filter(d -> "DISPATCHED".equals(d.getString("status"))).count() == 12);

        Set<String> deliveryIds = new HashSet<>();
        for (String channel : CHANNELS) {
            List<IncomingEvent> requests = events("delivery.requests." + channel, campaignId, REQUESTED, 3);
            for (IncomingEvent request : requests) {
                assertThat(Contracts.get().validate(REQUESTED, request.dataAsString())).as(request.dataAsString()).isEmpty();
                Document data = Document.parse(request.dataAsString());
                assertThat(data.getString("channel")).isEqualTo(channel);
                assertThat(data.getString("endpointId")).isEqualTo(data.getString("agencyId") + "." + channel);
                assertThat(request.subject()).isEqualTo(data.getString("deliveryId"));
                assertThat(request.id()).isEqualTo(UUID.nameUUIDFromBytes(("requested|" + data.getString("deliveryId") + "|1")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
                deliveryIds.add(data.getString("deliveryId"));
            }
        }
        assertThat(deliveryIds).hasSize(12);
        List<ConsumerRecord<String, byte[]>> led = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.requests.led",
                r -> new String(r.value()).contains(campaignId), 3, Duration.ofSeconds(10));
        assertThat(led).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(
                AGENCIES.stream().map(a -> a + ".led").toList());

        mvc.perform(get("/api/publications/{id}", campaignId)
                        .header(AUTHORIZATION, TestStack.bearer("le.van.hung", ISSUER, "viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("EXPANDED"))
                .andExpect(jsonPath("$.targets").value(3))
                .andExpect(jsonPath("$.expandedTargets").value(3))
                .andExpect(jsonPath("$.deliveries").value(12))
                .andExpect(jsonPath("$.dispatched").value(12))
                .andExpect(jsonPath("$.byStatus.DISPATCHED").value(12))
                .andExpect(jsonPath("$.unanswered").value(0)); // dispatched just now: not waiting for an answer yet
        mvc.perform(get("/api/publications/{id}/deliveries", campaignId).param("status", "DISPATCHED")
                        .header(AUTHORIZATION, TestStack.bearer("le.van.hung", ISSUER, "viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(12));
        assertThat(meters.counter("govcomm.fanout.deliveries", "channel", "led").count()).isGreaterThanOrEqualTo(3);
        assertThat(meters.counter("govcomm.deliveries.status", "channel", "led", "status", "DISPATCHED").count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void manualAndEmailDeliveriesCarryTheNoticeAndWhatTheAgencyMustDoByWhen() {
        awaitDirectory();
        String campaignId = newCampaignId();
        Instant deadline = Instant.now().plus(10, ChronoUnit.DAYS);
        Document campaign = TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 1),
                List.of(Channels.MANUAL, Channels.EMAIL), Instant.now(), Instant.now().plus(30, ChronoUnit.DAYS));
        campaign.put("deadline", TestStack.vietnamTime(deadline));
        schedule(campaign);

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(campaignId).stream()
                .filter(d -> "DISPATCHED".equals(d.getString("status"))).count() == 2);
        for (String channel : List.of(Channels.MANUAL, Channels.EMAIL)) {
            IncomingEvent request = events(EventTypes.deliveryRequestsTopic(channel), campaignId, REQUESTED, 1).getFirst();
            assertThat(Contracts.get().validate(REQUESTED, request.dataAsString())).as(request.dataAsString()).isEmpty();
            Document data = Document.parse(request.dataAsString());
            assertThat(data.getString("issuingAgencyId")).isEqualTo(ISSUER);
            assertThat(data.getString("campaignCode")).isEqualTo(campaign.getString("code"));
            assertThat(data.getString("deadline")).isEqualTo(TestStack.vietnamTime(deadline));
            assertThat(data.getString("endpointName")).isNotBlank();
            Document content = data.get("content", Document.class);
            assertThat(content.getString("html")).contains("<p>");
            assertThat(content.getString("text")).doesNotContain("<p>").isNotBlank();
        }
    }

    @Test
    void duplicateAndOutOfOrderStatusEventsNeverMoveADeliveryBackwards() {
        awaitDirectory();
        String campaignId = newCampaignId();
        schedule(TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 1), List.of("facebook"), Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS)));
        Document delivery = awaitDispatched(campaignId, 1).getFirst();
        double latenciesBefore = latencyCount("facebook", "published");

        reportStatus(delivery, "ACCEPTED", 1);
        reportStatus(delivery, "PUBLISHED", 1);
        awaitStatus(delivery, "PUBLISHED");
        reportStatus(delivery, "ACCEPTED", 1);       // late, out of order
        reportStatus(delivery, "PUBLISHED", 1);      // duplicate
        reportStatus(delivery, "DISPATCHED", 1);     // older still
        reportStatus(delivery, "FAILED", 1);         // a failure reported after proof of publication
        TestStack.awaitConsumed("notice-publishing-service.status", "delivery.status.facebook", Duration.ofSeconds(15));

        Document stored = mongo.findById(delivery.getString("_id"), Document.class, "deliveries");
        assertThat(stored.getString("status")).isEqualTo("PUBLISHED");
        assertThat(stored.getString("externalRef")).isNotBlank();
        assertThat(latencyCount("facebook", "published") - latenciesBefore).isEqualTo(1.0);
    }

    @Test
    void unreadableStatusEventsAndStatusesOfUnknownDeliveriesGoToTheDeadLetterTopic() {
        String marker = "poison-" + UUID.randomUUID();
        TestStack.send("delivery.status.zalo", marker, STATUS, marker, "{\"deliveryId\": \"" + marker + "\", \"status\": \"MAYBE\"}");
        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.zalo.DLT",
                r -> marker.equals(r.key()), 1, Duration.ofSeconds(20));
        assertThat(dead).hasSize(1);

        Document unknown = new Document("_id", "dlv-000000000000000000000000").append("campaignId", "cmp-elsewhere")
                .append("agencyId", "so-y-te").append("channel", "zalo").append("endpointId", "so-y-te.zalo");
        reportStatus(unknown, "PUBLISHED", 1);
        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.zalo.DLT",
                r -> "dlv-000000000000000000000000".equals(r.key()), 1, Duration.ofSeconds(20))).hasSize(1);
    }

    @Test
    void aStatusThatOvertakesTheRecordingOfItsBatchIsAppliedOnceTheBatchIsRecordedEvenMuchLater() {
        String campaignId = newCampaignId();
        String deliveryId = Deliveries.deliveryId(campaignId, 1, "so-y-te", "so-y-te.zalo");
        // the publication is expanding: its current batch is on the wire, not yet recorded
        mongo.insert(new Document("_id", campaignId + ":v1").append("campaignId", campaignId).append("version", 1)
                .append("state", "EXPANDING").append("publishAt", new java.util.Date()), "publications");
        Document early = new Document("_id", deliveryId).append("campaignId", campaignId).append("agencyId", "so-y-te")
                .append("channel", "zalo").append("endpointId", "so-y-te.zalo");
        reportStatus(early, "PUBLISHED", 1);
        // the listener meets the unknown delivery first and retries it (counted), instead of dead-lettering it; and
        // it keeps retrying past the 7 attempts (about 11 s) bugs get: after a crash between the send and the
        // recording, the batch is redone only once the dead instance's 30 s lease has run out
        double before = earlyStatuses("zalo");
        await().atMost(Duration.ofSeconds(40)).until(() -> earlyStatuses("zalo") >= before + 8);

        // the listener retries with backoff (not a dead letter); the batch is recorded meanwhile
        Document delivery = new Document("_id", deliveryId).append("campaignId", campaignId).append("noticeVersion", 1)
                .append("agencyId", "so-y-te").append("channel", "zalo").append("endpointId", "so-y-te.zalo")
                .append("status", "PENDING").append("attempt", 1);
        deliveriesService.recordDispatched(List.of(new Deliveries.Planned(delivery, null)), Instant.now());
        awaitStatus(delivery, "PUBLISHED");
        assertThat(TestStack.readAll("delivery.status.zalo.DLT", r -> deliveryId.equals(r.key()), Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void cancellingRetractsEveryDeliveryThatIsNotAlreadyCancelledOrExpired() {
        awaitDirectory();
        String campaignId = newCampaignId();
        Document campaign = TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 2), CHANNELS, Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS));
        schedule(campaign);
        List<Document> dispatched = awaitDispatched(campaignId, 8);
        Document facebook = dispatched.stream().filter(d -> "facebook".equals(d.getString("channel"))).findFirst().orElseThrow();
        reportStatus(facebook, "PUBLISHED", 1);
        awaitStatus(facebook, "PUBLISHED");

        String cancelled = new Document("campaignId", campaignId).append("code", campaign.getString("code")).append("version", 1)
                .append("fromStatus", "RUNNING").append("toStatus", "CANCELLED").append("actor", "nguyen.van.minh")
                .append("occurredAt", Instant.now().toString()).toJson();
        assertThat(Contracts.get().validate("vn.govcomm.campaign.cancelled.v1", cancelled)).isEmpty();
        TestStack.send("campaign.events", campaignId, "vn.govcomm.campaign.cancelled.v1", campaignId, cancelled);

        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELLED".equals(publication(campaignId).getString("state")));
        assertThat(deliveries(campaignId)).hasSize(8).allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("CANCELLED"));
        for (String channel : CHANNELS) {
            List<IncomingEvent> retractions = events("delivery.requests." + channel, campaignId, RETRACTED, 2);
            retractions.forEach(r -> {
                assertThat(Contracts.get().validate(RETRACTED, r.dataAsString())).isEmpty();
                assertThat(Document.parse(r.dataAsString()).getString("reason")).isEqualTo("CAMPAIGN_CANCELLED");
            });
        }
        assertThat(publication(campaignId).getInteger("retracted")).isEqualTo(8);
    }

    @Test
    void aReApprovedVersionRetractsThePublishedOlderVersionAsSuperseded() {
        awaitDirectory();
        String campaignId = newCampaignId();
        Document v1 = TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 2), CHANNELS, Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS));
        schedule(v1);
        List<Document> dispatched = awaitDispatched(campaignId, 8);
        Document facebook = byChannel(dispatched, "facebook");
        reportStatus(facebook, "PUBLISHED", 1);
        awaitStatus(facebook, "PUBLISHED");

        Document v2 = TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 2), CHANNELS, Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS));
        v2.put("version", 2);
        schedule(v2);

        await().atMost(Duration.ofSeconds(20)).until(() -> "SUPERSEDED".equals(publicationVersion(campaignId, 1).getString("state")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPANDED".equals(publicationVersion(campaignId, 2).getString("state")));
        List<Document> all = deliveries(campaignId);
        assertThat(all).hasSize(16);
        assertThat(all).filteredOn(d -> d.getInteger("noticeVersion") == 1).hasSize(8).allSatisfy(d -> {
            assertThat(d.getString("status")).isEqualTo("CANCELLED");
            assertThat(d.getString("reasonCode")).isEqualTo("SUPERSEDED");
        });
        assertThat(all).filteredOn(d -> d.getInteger("noticeVersion") == 2).hasSize(8)
                .allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("DISPATCHED"));
        Set<String> v1Ids = all.stream().filter(d -> d.getInteger("noticeVersion") == 1).map(d -> d.getString("_id"))
                .collect(java.util.stream.Collectors.toSet());
        for (String channel : CHANNELS) {
            List<IncomingEvent> retractions = events("delivery.requests." + channel, campaignId, RETRACTED, 2);
            assertThat(retractions).hasSize(2).allSatisfy(r -> {
                assertThat(Contracts.get().validate(RETRACTED, r.dataAsString())).isEmpty();
                Document data = Document.parse(r.dataAsString());
                assertThat(data.getString("reason")).isEqualTo("SUPERSEDED");
                assertThat(v1Ids).contains(data.getString("deliveryId"));
            });
        }
        assertThat(publicationVersion(campaignId, 1).getInteger("supersededBy")).isEqualTo(2);
    }

    @Test
    void anOlderVersionThatHasNotGoneOutYetIsSupersededWithoutAnyDelivery() {
        awaitDirectory();
        String campaignId = newCampaignId();
        Document v1 = TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 2), CHANNELS,
                Instant.now().plus(1, ChronoUnit.HOURS), Instant.now().plus(30, ChronoUnit.DAYS));
        schedule(v1);
        await().atMost(Duration.ofSeconds(20)).until(() -> publicationVersion(campaignId, 1) != null);
        Document v2 = TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 2), CHANNELS, Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS));
        v2.put("version", 2);
        schedule(v2);

        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPANDED".equals(publicationVersion(campaignId, 2).getString("state")));
        assertThat(publicationVersion(campaignId, 1).getString("state")).isEqualTo("SUPERSEDED");
        assertThat(deliveries(campaignId)).hasSize(8).allSatisfy(d -> assertThat(d.getInteger("noticeVersion")).isEqualTo(2));
    }

    @Test
    void cancellingDuringAnExpansionStopsItAndRetractsWhatWasAlreadySent() {
        awaitDirectory();
        String campaignId = newCampaignId();
        // The second batch needs an agency the directory does not know yet: the expansion waits there.
        Document campaign = TestStack.campaignScheduled(campaignId, List.of(AGENCIES.get(0), "it-late-agency"), CHANNELS,
                Instant.now(), Instant.now().plus(30, ChronoUnit.DAYS));
        schedule(campaign);
        awaitDispatched(campaignId, 4);
        assertThat(publication(campaignId).getString("state")).isEqualTo("EXPANDING");

        TestStack.send("campaign.events", campaignId, "vn.govcomm.campaign.cancelled.v1", campaignId,
                new Document("campaignId", campaignId).append("code", campaign.getString("code")).append("version", 1)
                        .append("fromStatus", "SCHEDULED").append("toStatus", "CANCELLED").append("actor", "nguyen.van.minh")
                        .append("occurredAt", Instant.now().toString()).toJson());
        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELLED".equals(publication(campaignId).getString("state")));
        String late = TestStack.agencyChanged("it-late-agency").toJson();
        TestStack.send("directory.agencies", "it-late-agency", "vn.govcomm.directory.agency-changed.v1", "it-late-agency", late);
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo.findById("it-late-agency", Document.class, "agencies") != null);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> deliveries(campaignId).size() == 4);
        assertThat(deliveries(campaignId)).allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("CANCELLED"));
        assertThat(publication(campaignId).getInteger("expandedTargets")).isEqualTo(1);
        for (String channel : CHANNELS) {
            assertThat(events("delivery.requests." + channel, campaignId, RETRACTED, 1)).singleElement()
                    .satisfies(r -> assertThat(Contracts.get().validate(RETRACTED, r.dataAsString())).isEmpty());
        }
    }

    @Test
    void cancellingInTheMiddleOfALargeFanOutRetractsEveryRequestThatWasSent() {
        // 2,000 agencies (batches of 1, then 1,000 targets): the cancellation lands while batches are on the wire
        // and being recorded; whatever was sent by then must be recorded and retracted, nothing left behind.
        List<String> many = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "it-many-" + i).toList();
        if (mongo.findById(many.getFirst(), Document.class, "agencies") == null) {
            mongo.getCollection("agencies").insertMany(many.stream().map(TestStack::replicaEntry).toList());
        }
        String campaignId = newCampaignId();
        Document campaign = TestStack.campaignScheduled(campaignId, many, CHANNELS, Instant.now(), Instant.now().plus(30, ChronoUnit.DAYS));
        schedule(campaign);
        await().atMost(Duration.ofSeconds(20)).until(() -> publication(campaignId) != null
                && publication(campaignId).getInteger("dispatched", 0) > 0);
        TestStack.send("campaign.events", campaignId, "vn.govcomm.campaign.cancelled.v1", campaignId,
                new Document("campaignId", campaignId).append("code", campaign.getString("code")).append("version", 1)
                        .append("fromStatus", "SCHEDULED").append("toStatus", "CANCELLED").append("actor", "nguyen.van.minh")
                        .append("occurredAt", Instant.now().toString()).toJson());
        await().atMost(Duration.ofSeconds(60)).until(() -> "CANCELLED".equals(publication(campaignId).getString("state")));

        Set<String> requested = new HashSet<>();
        Set<String> retracted = new HashSet<>();
        for (String channel : CHANNELS) {
            for (ConsumerRecord<String, byte[]> record : TestStack.readAll("delivery.requests." + channel,
                    r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("\"" + campaignId + "\""),
                    Duration.ofSeconds(2))) {
                IncomingEvent event = IncomingEvent.from(record);
                String deliveryId = Document.parse(event.dataAsString()).getString("deliveryId");
                (REQUESTED.equals(event.type()) ? requested : retracted).add(deliveryId);
            }
        }
        List<Document> recorded = deliveries(campaignId);
        assertThat(requested).isNotEmpty();
        assertThat(retracted).as("every delivery whose request went out is retracted").containsAll(requested);
        assertThat(recorded.stream().map(d -> d.getString("_id")).collect(Collectors.toSet()))
                .as("every request that went out is recorded").containsAll(requested);
        assertThat(recorded).allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("CANCELLED"));
    }

    @Test
    void malformedCampaignScheduledGoesToTheDeadLetterTopic() {
        String campaignId = newCampaignId();
        Document campaign = TestStack.campaignScheduled(campaignId, AGENCIES, CHANNELS, Instant.now(), Instant.now().plusSeconds(60));
        campaign.put("publishAt", "next Tuesday");
        TestStack.send("campaign.events", campaignId, "vn.govcomm.campaign.scheduled.v1", campaignId, campaign.toJson());
        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), "campaign.events.DLT", r -> campaignId.equals(r.key()), 1,
                Duration.ofSeconds(20))).hasSize(1);
        assertThat(publication(campaignId)).isNull();
    }

    @Test
    void atWindowEndUnachievedDeliveriesExpireAndAreRetractedAndLedItemsLeaveThePlaylists() {
        awaitDirectory();
        String campaignId = newCampaignId();
        Instant windowEnd = Instant.now().plusSeconds(5);
        schedule(TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 1), CHANNELS, Instant.now(), windowEnd));
        List<Document> dispatched = awaitDispatched(campaignId, 4);
        Document portal = byChannel(dispatched, "portal");
        Document led = byChannel(dispatched, "led");
        reportStatus(portal, "PUBLISHED", 1);
        reportStatus(led, "DISPLAYED", 1);
        reportStatus(byChannel(dispatched, "zalo"), "FAILED", 1);
        awaitStatus(portal, "PUBLISHED");
        awaitStatus(led, "DISPLAYED");

        await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(publication(campaignId).getString("state")));
        Map<String, String> statuses = deliveries(campaignId).stream()
                .collect(Collectors.toMap(d -> d.getString("channel"), d -> d.getString("status")));
        assertThat(statuses).containsEntry("portal", "PUBLISHED").containsEntry("led", "DISPLAYED")
                .containsEntry("facebook", "EXPIRED").containsEntry("zalo", "EXPIRED");
        for (String channel : List.of("facebook", "zalo", "led")) {
            IncomingEvent retraction = events("delivery.requests." + channel, campaignId, RETRACTED, 1).getFirst();
            assertThat(Contracts.get().validate(RETRACTED, retraction.dataAsString())).isEmpty();
            assertThat(Document.parse(retraction.dataAsString()).getString("reason")).isEqualTo("WINDOW_ENDED");
        }
        assertThat(publication(campaignId).getInteger("retracted")).isEqualTo(3);
        assertThat(meters.counter("govcomm.deliveries.status", "channel", "facebook", "status", "EXPIRED").count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anOfficerResendsFailedDeliveriesUnderTheSameIdWithANewAttempt() throws Exception {
        awaitDirectory();
        String campaignId = newCampaignId();
        schedule(TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 2), List.of("facebook"), Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS)));
        List<Document> dispatched = awaitDispatched(campaignId, 2);
        Document failed = dispatched.get(0);
        Document other = dispatched.get(1);
        String id = failed.getString("_id");

        String officer = TestStack.bearer("tran.thi.lan", ISSUER, "officer");
        mvc.perform(post("/api/publications/{c}/deliveries/{d}/resend", campaignId, id)
                        .header(AUTHORIZATION, TestStack.bearer("le.van.hung", ISSUER, "viewer")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
        mvc.perform(post("/api/publications/{c}/deliveries/{d}/resend", campaignId, id).header(AUTHORIZATION, officer))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("delivery-not-resendable"));
        mvc.perform(post("/api/publications/{c}/deliveries/{d}/resend", campaignId, "dlv-nope").header(AUTHORIZATION, officer))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("delivery-not-found"));

        reportStatus(failed, "FAILED", 1);
        awaitStatus(failed, "FAILED");
        mvc.perform(post("/api/publications/{c}/deliveries/{d}/resend", campaignId, id).header(AUTHORIZATION, officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.attempt").value(2))
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.resentBy").value("tran.thi.lan"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(
                mongo.findById(id, Document.class, "deliveries").getString("status")));
        List<IncomingEvent> requests = events("delivery.requests.facebook", campaignId, REQUESTED, 3).stream()
                .filter(e -> id.equals(e.subject())).toList();
        assertThat(requests).extracting(e -> Document.parse(e.dataAsString()).getInteger("attempt")).containsExactlyInAnyOrder(1, 2);
        requests.forEach(r -> assertThat(Contracts.get().validate(REQUESTED, r.dataAsString())).isEmpty());
        reportStatus(failed, "FAILED", 1); // a late report about attempt 1 no longer counts
        reportStatus(other, "FAILED", 1);
        awaitStatus(other, "FAILED");
        TestStack.awaitConsumed("notice-publishing-service.status", "delivery.status.facebook", Duration.ofSeconds(15));
        assertThat(mongo.findById(id, Document.class, "deliveries").getString("status")).isEqualTo("DISPATCHED");

        mvc.perform(post("/api/publications/{c}/resend-failed", campaignId)
                        .header(AUTHORIZATION, TestStack.bearer("pham.quoc.bao", ISSUER, "approver")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resent").value(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo.findById(other.getString("_id"), Document.class, "deliveries")
                .getInteger("attempt") == 2);
    }

    @Test
    void anOfficerCutsAChannelsWaitShortByResendingRetryingDeliveriesOneOrAll() throws Exception {
        awaitDirectory();
        String campaignId = newCampaignId();
        schedule(TestStack.campaignScheduled(campaignId, AGENCIES.subList(0, 3), List.of("portal"), Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS)));
        List<Document> dispatched = awaitDispatched(campaignId, 3);
        dispatched.forEach(d -> reportStatus(d, "RETRYING", 1));
        dispatched.forEach(d -> awaitStatus(d, "RETRYING"));
        String officer = TestStack.bearer("tran.thi.lan", ISSUER, "officer");

        String one = dispatched.get(0).getString("_id");
        mvc.perform(post("/api/publications/{c}/deliveries/{d}/resend", campaignId, one).header(AUTHORIZATION, officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.attempt").value(2));
        mvc.perform(post("/api/publications/{c}/resend-failed", campaignId).header(AUTHORIZATION, officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resent").value(0));                 // RETRYING only when asked for
        mvc.perform(post("/api/publications/{c}/resend-failed", campaignId).param("includeRetrying", "true")
                        .header(AUTHORIZATION, officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resent").value(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(campaignId).stream()
                .allMatch(d -> d.getInteger("attempt") == 2));
    }

    // ------------------------------------------------------------------------------------------ helpers

    static String newCampaignId() {
        return "cmp-it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void awaitDirectory() {
        await().atMost(Duration.ofSeconds(20)).until(() -> mongo.count(Query.query(Criteria.where("_id").in(AGENCIES)),
                "agencies") == AGENCIES.size());
    }

    static void schedule(Document campaign) {
        String json = campaign.toJson();
        assertThat(Contracts.get().validate("vn.govcomm.campaign.scheduled.v1", json)).isEmpty();
        TestStack.send("campaign.events", campaign.getString("campaignId"), "vn.govcomm.campaign.scheduled.v1",
                campaign.getString("campaignId"), json);
    }

    Document publication(String campaignId) {
        return mongo.findOne(Query.query(Criteria.where("campaignId").is(campaignId)), Document.class, "publications");
    }

    Document publicationVersion(String campaignId, int version) {
        return mongo.findById(campaignId + ":v" + version, Document.class, "publications");
    }

    List<Document> deliveries(String campaignId) {
        return mongo.find(Query.query(Criteria.where("campaignId").is(campaignId)), Document.class, "deliveries");
    }

    List<Document> awaitDispatched(String campaignId, int expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(campaignId).stream()
                .filter(d -> "DISPATCHED".equals(d.getString("status"))).count() == expected);
        return deliveries(campaignId);
    }

    void awaitStatus(Document delivery, String status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> status.equals(
                mongo.findById(delivery.getString("_id"), Document.class, "deliveries").getString("status")));
    }

    static Document byChannel(List<Document> deliveries, String channel) {
        return deliveries.stream().filter(d -> channel.equals(d.getString("channel"))).findFirst().orElseThrow();
    }

    static void reportStatus(Document delivery, String status, int attempt) {
        Document report = Document.parse(Contracts.get().example(STATUS));
        report.put("deliveryId", delivery.getString("_id"));
        report.put("campaignId", delivery.getString("campaignId"));
        report.put("agencyId", delivery.getString("agencyId"));
        report.put("channel", delivery.getString("channel"));
        report.put("endpointId", delivery.getString("endpointId"));
        report.put("status", status);
        report.put("attempt", attempt);
        report.put("occurredAt", Instant.now().toString());
        if ("FAILED".equals(status)) {
            report.put("reasonCode", "FB_TOKEN_EXPIRED");
        }
        String json = report.toJson();
        assertThat(Contracts.get().validate(STATUS, json)).isEmpty();
        TestStack.send("delivery.status." + delivery.getString("channel"), delivery.getString("_id"), STATUS,
                delivery.getString("_id"), json);
    }

    static List<IncomingEvent> events(String topic, String campaignId, String type, int expected) {
        return TopicProbe.read(KAFKA.bootstrapServers(), topic, r -> {
            IncomingEvent e = IncomingEvent.from(r);
            return type.equals(e.type()) && e.dataAsString().contains("\"" + campaignId + "\"");
        }, expected, Duration.ofSeconds(15)).stream().map(IncomingEvent::from).toList();
    }

    double earlyStatuses(String channel) {
        var counter = meters.find("govcomm.deliveries.status.early").tags("channel", channel).counter();
        return counter == null ? 0 : counter.count();
    }

    double latencyCount(String channel, String outcome) {
        var timer = meters.find("govcomm.delivery.latency").tags("channel", channel, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
