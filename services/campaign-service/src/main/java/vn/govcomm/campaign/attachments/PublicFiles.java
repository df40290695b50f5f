package vn.govcomm.campaign.attachments;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which files anybody may download at their public address: those an approved, not cancelled campaign shows or
 * carries. Each campaign keeps that list in {@code publicFileIds} (set from the content it approves, emptied when it
 * is cancelled, in the same single-document write as the decision), so the answer needs one indexed read and is
 * right the moment the campaign changes. A draft's or a cancelled campaign's files stay private: an id seen in a
 * draft is not a way to its file.
 */
@Service
public class PublicFiles {

    /** The campaigns' field (campaigns/Campaign) this service reads; indexed here. */
    public static final String FIELD = "publicFileIds";
    private static final String CAMPAIGNS = "campaigns";
    private static final Logger log = LoggerFactory.getLogger(PublicFiles.class);

    private final MongoTemplate mongo;

    PublicFiles(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The file, if some approved, not cancelled campaign refers to it; empty otherwise (as for an unknown id). */
    Optional<Attachments.StoredFile> find(String id) {
        if (!FileLinks.FILE_ID.matcher(id).matches()
                || !mongo.exists(Query.query(Criteria.where(FIELD).is(id)), CAMPAIGNS)) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findById(id, Attachments.StoredFile.class));
    }

    /**
     * The index the download reads by, and the list for campaigns approved before it existed: their latest approved
     * content's files (not cancelled ones). Runs at every start; a campaign that has the field is left alone.
     */
    @EventListener(ApplicationReadyEvent.class)
    void prepare() {
        mongo.indexOps(CAMPAIGNS).createIndex(new Index(FIELD, Sort.Direction.ASC).sparse());
        Query older = Query.query(Criteria.where(FIELD).exists(false).and("approvedVersion").gt(0)
                .and("status").ne("CANCELLED"));
        older.fields().include("approvedVersions");
        int updated = 0;
        for (Document campaign : mongo.find(older, Document.class, CAMPAIGNS)) {
            List<String> ids = latestApprovedFiles(campaign);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(campaign.get("_id")).and(FIELD).exists(false)),
                    new Update().set(FIELD, ids), CAMPAIGNS);
            updated++;
        }
        if (updated > 0) {
            log.info("Public file lists made for {} campaigns approved before they existed", updated);
        }
    }

    private static List<String> latestApprovedFiles(Document campaign) {
        List<Document> versions = campaign.getList("approvedVersions", Document.class, List.of());
        if (versions.isEmpty()) {
            return List.of();
        }
        Document content = versions.getLast().get("content", Document.class);
        Document notice = content == null ? null : content.get("notice", Document.class);
        if (notice == null) {
            return List.of();
        }
        List<String> attachments = notice.getList("attachments", Document.class, List.of()).stream()
                .map(a -> a.getString("attachmentId")).filter(Objects::nonNull).toList();
        return FileLinks.fileIds(notice.getString("bodyHtml"), attachments);
    }
}
