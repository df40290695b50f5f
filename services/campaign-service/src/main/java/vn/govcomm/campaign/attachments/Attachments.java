package vn.govcomm.campaign.attachments;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import vn.govcomm.campaign.directory.Tenancy;
import vn.govcomm.campaign.text.TextHygiene;
import vn.govcomm.campaign.web.Uploads;
import vn.govcomm.kit.files.MediaTypeSniffer;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Files a notice carries (the signed PDF letter, an image, a Word form, an Excel list), stored as binary in MongoDB
 * (one document per file, within the 16 MB document limit; the size limit is kept below it). Their id is random.
 * Downloading here needs a caller token (the id is not a capability on its own) and answers 404 to callers who do
 * not read the uploading agency's campaigns; once an approved campaign refers to a file, anybody may download it at
 * its public address ({@link FileLinks}, {@link PublicFiles}), which is what channels receive in CampaignScheduled.
 */
@Service
@EnableConfigurationProperties(AttachmentProperties.class)
public class Attachments {

    static final String COLLECTION = "attachments";
    /** Hard ceiling of a MongoDB document minus room for the metadata. */
    private static final long DOCUMENT_CEILING = 15L * 1024 * 1024;
    /** Who may upload (a file then belongs to the uploader's agency). */
    static final Set<String> UPLOADERS = Set.of(Caller.OFFICER, Caller.APPROVER, Caller.ADMIN);

    private final MongoTemplate mongo;
    private final AttachmentProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Tenancy tenancy;
    private final FileLinks links;

    Attachments(MongoTemplate mongo, AttachmentProperties properties, Tenancy tenancy, FileLinks links) {
        this.tenancy = tenancy;
        this.links = links;
        this.mongo = mongo;
        this.properties = properties;
    }

    /** What callers see of a stored file. */
    public record AttachmentInfo(String id, String name, String mediaType, long sizeBytes, String sha256,
                                 String agencyId, String uploadedBy, Instant uploadedAt, String url) {
    }

    @Document(COLLECTION)
    record StoredFile(@Id String id, String name, String mediaType, long sizeBytes, String sha256, String agencyId,
                      String uploadedBy, Instant uploadedAt, byte[] data) {
    }

    AttachmentInfo upload(String originalName, long declaredSize, InputStream content, Caller caller) throws IOException {
        if (!caller.hasAnyRole(UPLOADERS) || caller.agencyId() == null) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "uploader-role-required",
                    "Chỉ cán bộ, người phê duyệt hoặc quản trị viên của một cơ quan mới được tải tệp lên. / Only an "
                            + "agency's officers, approvers or admins can upload files.");
        }
        byte[] data = Uploads.read(declaredSize, content, Math.min(properties.maxSize().toBytes(), DOCUMENT_CEILING));
        // by content: PDF, images, Word and Excel documents; macros, passwords and .doc/.xls refused with their reason
        String mediaType = MediaTypeSniffer.require(data, MediaTypeSniffer.NOTICE_FILES);
        String name = fileName(originalName, mediaType);
        StoredFile file = new StoredFile("att-" + UUID.randomUUID(), name, mediaType, data.length, sha256(data),
                caller.agencyId(), caller.userId(), clock.instant(), data);
        mongo.insert(file);
        return info(file);
    }

    /**
     * The file if the caller reads its agency's campaigns (a file is only ever attached to campaigns of the agency
     * that uploaded it, see CampaignValidation): its users, admins, province-wide viewers of its province. Otherwise empty, the same
     * answer as for an unknown id.
     */
    Optional<StoredFile> download(String id, Caller caller) {
        return Optional.ofNullable(mongo.findById(id, StoredFile.class)).filter(f -> (caller.belongsTo(f.agencyId())
                && !caller.roles().isEmpty()) || tenancy.readsAcross(caller, f.agencyId()));
    }

    /** Metadata of the given files (without their bytes). */
    public List<AttachmentInfo> find(Collection<String> ids) {
        Query query = Query.query(Criteria.where("_id").in(ids));
        query.fields().exclude("data");
        return mongo.find(query, StoredFile.class).stream().map(this::info).toList();
    }

    AttachmentInfo info(StoredFile f) {
        return new AttachmentInfo(f.id(), f.name(), f.mediaType(), f.sizeBytes(), f.sha256(), f.agencyId(),
                f.uploadedBy(), f.uploadedAt(), links.internalUrl(f.id()));
    }

    /** Keeps the last path segment, NFC, no control characters; falls back to a name from the type. */
    private static String fileName(String original, String mediaType) {
        String fallback = "tep-dinh-kem." + MediaTypeSniffer.extension(mediaType);
        if (original == null || original.isBlank()) {
            return fallback;
        }
        String base = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1).strip();
        TextHygiene hygiene = new TextHygiene();
        String clean = hygiene.line("file.name", base);
        if (!hygiene.problems().isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Tên tệp không hợp lệ. / Invalid file name.", hygiene.problems());
        }
        if (clean == null || clean.isBlank()) {
            return fallback;
        }
        return clean.length() > 255 ? clean.substring(0, 255) : clean;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
