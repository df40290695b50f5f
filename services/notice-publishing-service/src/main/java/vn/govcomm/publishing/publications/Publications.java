package vn.govcomm.publishing.publications;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.directory.AgencyReplica;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Publications: one per (campaign, approved notice version). The scheduler claims due publications with a
 * lease (findAndModify, so with several instances exactly one wins) and fans them out into deliveries.
 */
@Service
public class Publications {

    private static final Logger log = LoggerFactory.getLogger(Publications.class);
    static final String COLLECTION = "publications";
    static final Duration LEASE = Duration.ofSeconds(30);
    static final int TARGET_BATCH = 500;
    static final Duration DIRECTORY_GRACE = Duration.ofSeconds(60);
    static final Duration RETRY_SOON = Duration.ofSeconds(1);

    private final MongoTemplate mongo;
    private final AgencyReplica agencies;
    private final Deliveries deliveries;
    private final Clock clock = Clock.systemUTC();
    private final String instanceId = UUID.randomUUID().toString();

    Publications(MongoTemplate mongo, AgencyReplica agencies, Deliveries deliveries) {
        this.mongo = mongo;
        this.agencies = agencies;
        this.deliveries = deliveries;
    }

    /** Records a scheduled campaign; redelivered events are recognised by the publication id. */
    void schedule(Document scheduled, String eventId) {
        String campaignId = scheduled.getString("campaignId");
        int version = scheduled.getInteger("version");
        Document publication = new Document("_id", campaignId + ":v" + version)
                .append("campaignId", campaignId)
                .append("version", version)
                .append("state", "SCHEDULED")
                .append("publishAt", Date.from(OffsetDateTime.parse(scheduled.getString("publishAt")).toInstant()))
                .append("windowEndsAt", Date.from(OffsetDateTime.parse(
                        scheduled.get("window", Document.class).getString("endsAt")).toInstant()))
                .append("targets", scheduled.getList("targets", Document.class).size())
                .append("expandedTargets", 0)
                .append("deliveries", 0)
                .append("scheduledEventId", eventId)
                .append("campaign", scheduled);
        try {
            mongo.insert(publication, COLLECTION);
            log.info("Scheduled publication {} at {}", publication.get("_id"), scheduled.getString("publishAt"));
        } catch (DuplicateKeyException duplicate) {
            // already known: a redelivery of the same CampaignScheduled
        }
    }

    void cancel(String campaignId) {
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(campaignId)),
                new Update().set("state", "CANCELLED").set("cancelledAt", Date.from(clock.instant())), COLLECTION);
        deliveries.cancelCampaign(campaignId);
    }

    /** Claims one due publication at a time and expands it; runs on every instance, the lease decides who works. */
    @Scheduled(fixedDelayString = "${govcomm.publishing.scheduler-interval:250ms}")
    public void publishDue() {
        Document claimed;
        int claims = 0;
        while (claims++ < 20 && (claimed = claimNext()) != null) {
            expand(claimed);
        }
    }

    private Document claimNext() {
        Instant now = clock.instant();
        Query due = Query.query(new Criteria().orOperator(
                Criteria.where("state").is("SCHEDULED").and("publishAt").lte(Date.from(now)),
                Criteria.where("state").is("EXPANDING").and("leaseUntil").lt(Date.from(now))));
        Update claim = new Update().set("state", "EXPANDING").set("leaseOwner", instanceId)
                .set("leaseUntil", Date.from(now.plus(LEASE)));
        return mongo.findAndModify(due, claim, FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
    }

    /**
     * Expands targets in batches, resuming from {@code expandedTargets} after a crash. Delivery ids are
     * deterministic, so re-expanding a batch creates no duplicates.
     */
    private void expand(Document publication) {
        Document campaign = publication.get("campaign", Document.class);
        List<Document> targets = campaign.getList("targets", Document.class);
        int from = publication.getInteger("expandedTargets", 0);
        for (int start = from; start < targets.size(); start += TARGET_BATCH) {
            List<Document> batch = targets.subList(start, Math.min(targets.size(), start + TARGET_BATCH));
            Map<String, Document> directory = agencies.agencies(batch.stream().map(t -> t.getString("agencyId")).toList())
                    .stream().collect(Collectors.toMap(d -> d.getString("_id"), d -> d));
            List<String> missing = batch.stream().map(t -> t.getString("agencyId")).filter(a -> !directory.containsKey(a)).toList();
            if (!missing.isEmpty() && clock.instant().isBefore(publication.getDate("publishAt").toInstant().plus(DIRECTORY_GRACE))) {
                // The directory replica may still be catching up (it arrives on its own topic): come back shortly.
                mongo.updateFirst(Query.query(Criteria.where("_id").is(publication.get("_id")).and("leaseOwner").is(instanceId)),
                        new Update().set("leaseUntil", Date.from(clock.instant().plus(RETRY_SOON))), COLLECTION);
                return;
            }
            if (!missing.isEmpty()) {
                log.warn("Publication {}: agencies {} are not in the directory; no deliveries for them", publication.get("_id"), missing);
                mongo.updateFirst(Query.query(Criteria.where("_id").is(publication.get("_id"))),
                        new Update().addToSet("missingAgencies").each(missing.toArray()), COLLECTION);
            }
            int created = deliveries.createFor(campaign, batch, directory);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(publication.get("_id")).and("leaseOwner").is(instanceId)),
                    new Update().set("expandedTargets", start + batch.size()).inc("deliveries", created)
                            .set("leaseUntil", Date.from(clock.instant().plus(LEASE))), COLLECTION);
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(publication.get("_id")).and("leaseOwner").is(instanceId)
                        .and("state").is("EXPANDING")),
                new Update().set("state", "EXPANDED").set("expandedAt", Date.from(clock.instant())), COLLECTION);
        log.info("Expanded publication {} into deliveries", publication.get("_id"));
    }

    public Document progress(String campaignId) {
        return mongo.findOne(Query.query(Criteria.where("campaignId").is(campaignId)), Document.class, COLLECTION);
    }
}
