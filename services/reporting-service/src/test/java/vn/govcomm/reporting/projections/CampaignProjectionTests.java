package vn.govcomm.reporting.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.contracts.events.CampaignScheduled;
import vn.govcomm.contracts.events.CampaignTransitioned;
import vn.govcomm.embedded.EmbeddedMongo;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The campaign and directory projections on their own: plans into per-agency documents, guards against late events. */
class CampaignProjectionTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final MongoClient CLIENT = MongoClients.create(MONGO.uri(""));
    static final Instant T = Instant.parse("2025-02-03T01:00:00Z");

    @AfterAll
    static void close() {
        CLIENT.close();
        MONGO.close();
    }

    static Document scheduled(int version, Document... targets) {
        return new Document("campaignId", "cmp-1").append("code", "KH-1").append("version", version)
                .append("notice", new Document("title", "Thông báo v" + version)).append("targets", List.of(targets));
    }

    static Document target(String agencyId, String... channels) {
        return new Document("agencyId", agencyId).append("channels", List.of(channels));
    }

    /** The projection fed as the listener feeds it: the event's data decoded by the kit. */
    static void schedule(CampaignProjection projection, Document data, Instant at) {
        projection.onScheduled(Decoded.as(CampaignScheduled.class, data), at);
    }

    static void transition(CampaignProjection projection, Document data, Instant at) {
        projection.onTransition(Decoded.as(CampaignTransitioned.class, data), at);
    }

    static void agencyChanged(CampaignProjection projection, Document data, Instant at) {
        projection.onAgencyChanged(Decoded.as(AgencyChanged.class, data), at);
    }

    static Document agency(MongoTemplate mongo, String agencyId) {
        return mongo.findById(ReadModels.agencyKey("cmp-1", agencyId), Document.class, ReadModels.AGENCY_COUNTS);
    }

    @Test
    void aScheduleWritesItsPlanIntoThePerAgencyDocumentsAndOnlyANewerVersionReplacesIt() {
        MongoTemplate mongo = new MongoTemplate(CLIENT, "plans");
        CampaignProjection projection = new CampaignProjection(mongo);
        Document v1 = scheduled(1, target("so-y-te", "portal", "facebook"), target("ubnd-nha-trang", "portal"));
        Document v2 = scheduled(2, target("ubnd-nha-trang", "portal", "zalo"), target("so-tu-phap", "led"));
        schedule(projection, v1, T);
        assertThat(agency(mongo, "so-y-te").getList("required", String.class)).containsExactly("portal", "facebook");
        schedule(projection, v2, T.plusSeconds(60));
        schedule(projection, v1, T); // the older plan redelivered late

        assertThat(agency(mongo, "so-y-te").containsKey("required")).as("dropped from the plan").isFalse();
        assertThat(agency(mongo, "ubnd-nha-trang").getList("required", String.class)).containsExactly("portal", "zalo");
        assertThat(agency(mongo, "ubnd-nha-trang").getInteger("planIndex")).isZero();
        assertThat(agency(mongo, "so-tu-phap").getInteger("planIndex")).isEqualTo(1);
        assertThat(CampaignAgencies.ids(mongo, "cmp-1")).containsExactly("so-tu-phap", "so-y-te", "ubnd-nha-trang");
        Document campaign = mongo.findById("cmp-1", Document.class, ReadModels.CAMPAIGNS);
        assertThat(campaign.getInteger("version")).isEqualTo(2);
        assertThat(campaign.getString("title")).isEqualTo("Thông báo v2");
    }

    @Test
    void transitionsKeepTheLatestStatusAndEveryStatusInTheHistory() {
        MongoTemplate mongo = new MongoTemplate(CLIENT, "transitions");
        CampaignProjection projection = new CampaignProjection(mongo);
        transition(projection, new Document("campaignId", "cmp-1").append("toStatus", "COMPLETED"), T.plusSeconds(3600));
        transition(projection, new Document("campaignId", "cmp-1").append("toStatus", "RUNNING"), T); // late
        schedule(projection, scheduled(1, target("so-y-te", "portal")), T.minusSeconds(60));
        Document campaign = mongo.findById("cmp-1", Document.class, ReadModels.CAMPAIGNS);
        assertThat(campaign.getString("status")).isEqualTo("COMPLETED");
        assertThat(campaign.get("statusHistory", Document.class).keySet()).containsExactlyInAnyOrder("COMPLETED", "RUNNING");
        assertThat(campaign.getInteger("version")).as("the plan arriving after the transitions is kept").isEqualTo(1);
    }

    @Test
    void theIssuingAgencyIsKeptFromTheScheduleOrFromAnyTransitionThatCarriesIt() {
        MongoTemplate mongo = new MongoTemplate(CLIENT, "issuers");
        CampaignProjection projection = new CampaignProjection(mongo);
        transition(projection, new Document("campaignId", "cmp-1")
                .append("toStatus", "APPROVED").append("issuingAgencyId", "so-tu-phap"), T);
        assertThat(mongo.findById("cmp-1", Document.class, ReadModels.CAMPAIGNS).getString("issuingAgencyId"))
                .as("known before the plan arrives").isEqualTo("so-tu-phap");
        transition(projection, new Document("campaignId", "cmp-1").append("toStatus", "RUNNING"), T.plusSeconds(60)); // without it
        schedule(projection,
                scheduled(1, target("so-y-te", "portal")).append("issuingAgencyId", "so-tu-phap"), T.minusSeconds(60));
        assertThat(mongo.findById("cmp-1", Document.class, ReadModels.CAMPAIGNS).getString("issuingAgencyId"))
                .isEqualTo("so-tu-phap");

        schedule(projection,
                scheduled(1, target("so-y-te", "portal")).append("campaignId", "cmp-2").append("issuingAgencyId", "so-y-te"), T);
        assertThat(mongo.findById("cmp-2", Document.class, ReadModels.CAMPAIGNS).getString("issuingAgencyId"))
                .as("from the schedule alone").isEqualTo("so-y-te");
    }

    @Test
    void aScheduleKeepsItsLegalReferencesAndItsDueTimeTheDeadlineElseTheWindowEnd() {
        MongoTemplate mongo = new MongoTemplate(CLIENT, "due");
        CampaignProjection projection = new CampaignProjection(mongo);
        Document window = new Document("startsAt", "2023-09-01T00:00:00+07:00").append("endsAt", "2023-11-30T23:59:59+07:00");
        schedule(projection, scheduled(1, target("so-y-te", "manual"))
                .append("window", window).append("deadline", "2023-09-20T17:00:00+07:00")
                .append("legalReferences", List.of("Quyết định số 1118/QĐ-UBND ngày 19/5/2023")), T);
        schedule(projection, scheduled(1, target("so-y-te", "email"))
                .append("campaignId", "cmp-2").append("window", window), T);

        Document withDeadline = mongo.findById("cmp-1", Document.class, ReadModels.CAMPAIGNS);
        assertThat(withDeadline.getDate("dueBy").toInstant()).isEqualTo(Instant.parse("2023-09-20T10:00:00Z"));
        assertThat(withDeadline.getList("legalReferences", String.class)).containsExactly("Quyết định số 1118/QĐ-UBND ngày 19/5/2023");
        assertThat(mongo.findById("cmp-2", Document.class, ReadModels.CAMPAIGNS).getDate("dueBy").toInstant())
                .as("no deadline: the window end").isEqualTo(Instant.parse("2023-11-30T16:59:59Z"));
    }

    @Test
    void agencySnapshotsKeepTheNewestWhateverTheOrder() {
        MongoTemplate mongo = new MongoTemplate(CLIENT, "directory");
        CampaignProjection projection = new CampaignProjection(mongo);
        Document newer = new Document("agencyId", "so-y-te").append("name", "Sở Y tế tỉnh Khánh Hòa");
        Document older = new Document("agencyId", "so-y-te").append("name", "Sở Y tế");
        agencyChanged(projection, newer, T.plusSeconds(60));
        agencyChanged(projection, older, T);
        agencyChanged(projection, newer, T.plusSeconds(60)); // duplicate
        assertThat(mongo.findById("so-y-te", Document.class, ReadModels.AGENCIES).getString("name")).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        agencyChanged(projection, older, T.plusSeconds(120)); // a real later rename
        assertThat(mongo.findById("so-y-te", Document.class, ReadModels.AGENCIES).getString("name")).isEqualTo("Sở Y tế");
    }
}
