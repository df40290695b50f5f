package vn.govcomm.manual.evidence;

import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import vn.govcomm.manual.tasks.ManualTask;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Evidence files as binary in MongoDB ({@value #COLLECTION}, one document per file, like campaign-service's
 * attachments; the size limit keeps it below the 16 MB document limit). Written before the task refers to them;
 * a submission that then loses its compare-and-set deletes its file again.
 */
@Component
class EvidenceFiles {

    static final String COLLECTION = "manual_evidence_files";

    private final MongoTemplate mongo;
    private final Clock clock = Clock.systemUTC();

    EvidenceFiles(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    record StoredFile(ManualTask.FileInfo info, String deliveryId, byte[] data) {
    }

    ManualTask.FileInfo store(String deliveryId, String evidenceId, String agencyId, String uploadedBy, String name,
                              String mediaType, byte[] data) {
        ManualTask.FileInfo info = new ManualTask.FileInfo("evf-" + UUID.randomUUID(), name, mediaType, data.length,
                sha256(data));
        mongo.insert(new Document("_id", info.fileId()).append("deliveryId", deliveryId).append("evidenceId", evidenceId)
                .append("agencyId", agencyId).append("name", name).append("mediaType", mediaType)
                .append("sizeBytes", (long) data.length).append("sha256", info.sha256()).append("uploadedBy", uploadedBy)
                .append("uploadedAt", Date.from(clock.instant())).append("data", new Binary(data)), COLLECTION);
        return info;
    }

    /** The file of this delivery with this id (a file id of another task finds nothing). */
    Optional<StoredFile> load(String deliveryId, String fileId) {
        Document doc = mongo.findOne(Query.query(Criteria.where("_id").is(fileId)), Document.class, COLLECTION);
        if (doc == null || !deliveryId.equals(doc.getString("deliveryId"))) {
            return Optional.empty();
        }
        Object data = doc.get("data");
        byte[] bytes = data instanceof Binary binary ? binary.getData() : (byte[]) data;
        return Optional.of(new StoredFile(new ManualTask.FileInfo(fileId, doc.getString("name"),
                doc.getString("mediaType"), ((Number) doc.get("sizeBytes")).longValue(), doc.getString("sha256")),
                deliveryId, bytes));
    }

    void delete(String fileId) {
        mongo.remove(Query.query(Criteria.where("_id").is(fileId)), COLLECTION);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
