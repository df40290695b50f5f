package vn.govcomm.publishing.publications;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.events.CampaignScheduled;
import vn.govcomm.publishing.deliveries.Expansions;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;

/**
 * Publications: one per (campaign, approved notice version), id {@code <campaignId>:v<version>}, in a
 * {@link PublicationState}. This class records them and answers what other features ask of them; the
 * {@link PublicationScheduler} moves them on. All work resumes from progress stored on the publication and is
 * idempotent, so a restart neither misses nor repeats.
 */
@Service
public class Publications implements Expansions {

    private static final Logger log = LoggerFactory.getLogger(Publications.class);
    static final String COLLECTION = "publications";
    /**
     * The scheduled campaign (notice, targets: ~100 bytes per target) lives beside its publication, not in it: the
     * publication document is rewritten with every batch heartbeat and read by every claim and progress poll,
     * so it stays a few hundred bytes however many agencies a campaign targets.
     */
    static final String CAMPAIGNS = "publication_campaigns";

    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    Publications(MongoTemplate mongo, JsonMapper json) {
        this.mongo = mongo;
        this.json = json;
        IndexOperations indexes = mongo.indexOps(COLLECTION);
        // a campaign's publications, newest version first: latest(), running(), a cancel, the older versions a new
        // one supersedes (Retractions)
        indexes.createIndex(new Index().on("campaignId", Sort.Direction.ASC).on("version", Sort.Direction.DESC)
                .named("campaign_versions"));
        // the scheduler's claims (Leases.claim, in publishAt order): SCHEDULED ones due by publishAt; also the
        // expired leases of the few publications in a leased state (state $in, merged in publishAt order)
        indexes.createIndex(new Index().on("state", Sort.Direction.ASC).on("publishAt", Sort.Direction.ASC)
                .named("state_due"));
        // ...and EXPANDED ones whose window ended (every running campaign is EXPANDED: the range picks the ended ones)
        indexes.createIndex(new Index().on("state", Sort.Direction.ASC).on("windowEndsAt", Sort.Direction.ASC)
                .named("state_window_end"));
    }

    /**
     * Records a scheduled campaign (its listener checked what the publisher needs of it); redelivered events are
     * recognised by the publication id.
     */
    public void schedule(CampaignScheduled scheduled, String eventId) {
        String campaignId = scheduled.campaignId();
        int version = scheduled.version();
        Document publication = new Document("_id", id(campaignId, version))
                .append("campaignId", campaignId)
                .append("version", version)
                // who issued it, on the small document: every API call is scoped by it (see issuingAgency)
                .append("issuingAgencyId", scheduled.issuingAgencyId())
                .append("state", PublicationState.SCHEDULED.name())
                // publishAt carries its offset (+07:00 for Asia/Ho_Chi_Minh); stored as the instant it denotes
                .append("publishAt", Date.from(OffsetDateTime.parse(scheduled.publishAt()).toInstant()))
                .append("windowEndsAt", Date.from(OffsetDateTime.parse(scheduled.window().endsAt()).toInstant()))
                .append("targets", scheduled.targets().size())
                .append("expandedTargets", 0)
                .append("deliveries", 0)
                .append("dispatched", 0)
                .append("retracted", 0)
                .append("leaseUntil", new Date(0))
                .append("scheduledEventId", eventId);
        try {
            // the campaign first: a publication never exists without it (a redelivery finds both or re-inserts)
            // as the record writes it: the event's fields, dates as sent, absent ones left out (read as documents)
            Document campaign = Document.parse(json.writeValueAsString(scheduled));
            mongo.insert(new Document("_id", publication.get("_id")).append("campaign", campaign), CAMPAIGNS);
        } catch (DuplicateKeyException duplicate) {
            // already known: a redelivery of the same CampaignScheduled
        }
        try {
            mongo.insert(publication, COLLECTION);
            log.info("Scheduled publication {} at {}", publication.get("_id"), scheduled.publishAt());
        } catch (DuplicateKeyException duplicate) {
            // already known: a redelivery of the same CampaignScheduled
        }
    }

    /** The latest publication (highest notice version) of a campaign, or null. */
    public Document latest(String campaignId) {
        return mongo.findOne(Query.query(Criteria.where("campaignId").is(campaignId)).with(Sort.by(Sort.Direction.DESC, "version")),
                Document.class, COLLECTION);
    }

    /** The publication a delivery belongs to, or null. */
    public Document publication(String campaignId, int version) {
        return mongo.findById(id(campaignId, version), Document.class, COLLECTION);
    }

    /** The scheduled campaign a publication sends out (kept in {@value #CAMPAIGNS}). */
    public Document campaign(Document publication) {
        Document stored = mongo.findById(publication.get("_id"), Document.class, CAMPAIGNS);
        if (stored == null) {
            throw new IllegalStateException("Publication " + publication.get("_id") + " has no stored campaign");
        }
        return stored.get("campaign", Document.class);
    }

    /**
     * The agency that issued the campaign a publication sends out, or null if it is not known (then nobody but
     * the machinery sees the publication).
     */
    public String issuingAgency(Document publication) {
        return publication.getString("issuingAgencyId");
    }

    @Override
    public boolean running(String campaignId) {
        // the publications collection is small (one document per campaign version)
        return campaignId != null && mongo.exists(Query.query(Criteria.where("campaignId").is(campaignId)
                .and("state").is(PublicationState.EXPANDING.name())), COLLECTION);
    }

    /** Now, by the clock the scheduler judges due work and window ends with (re-sends are refused by the same time). */
    public Instant now() {
        return clock.instant();
    }

    private static String id(String campaignId, int version) {
        return campaignId + ":v" + version;
    }
}
