package vn.govcomm.manual.evidence;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.files.MediaTypeSniffer;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;
import vn.govcomm.manual.tasks.ManualTask;
import vn.govcomm.manual.tasks.ManualTasks;
import vn.govcomm.manual.tasks.TaskAccess;
import vn.govcomm.manual.tasks.TaskViews;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The target agency confirms publication: {@code POST /api/manual/tasks/{deliveryId}/evidence} (multipart: {@code url},
 * {@code note}, {@code publishedOn}, {@code file}), and anyone who sees the task downloads an evidence file. The
 * caller, the task and its state are checked before the body is parsed (multipart is resolved lazily).
 */
@RestController
class EvidenceController {

    private static final Set<String> FIELDS = Set.of("url", "note", "publishedOn", "file");
    /** Text fields are read up to this many bytes (2000 characters of up to 4 bytes, and some). */
    private static final int MAX_TEXT_BYTES = 16 * 1024;

    private final ManualTasks tasks;
    private final TaskAccess access;
    private final TaskViews views;
    private final EvidenceFiles files;
    private final EvidenceProperties properties;
    private final Clock clock = Clock.systemUTC();

    EvidenceController(ManualTasks tasks, TaskAccess access, TaskViews views, EvidenceFiles files,
                       EvidenceProperties properties) {
        this.tasks = tasks;
        this.access = access;
        this.views = views;
        this.files = files;
        this.properties = properties;
    }

    @PostMapping("/api/manual/tasks/{deliveryId}/evidence")
    ResponseEntity<Map<String, Object>> submit(Caller caller, @PathVariable String deliveryId, HttpServletRequest http)
            throws IOException {
        ManualTask task = access.visible(caller, deliveryId);
        if (!TaskAccess.isTarget(caller, task)) {
            throw Access.forbidden();
        }
        if (!task.state().takesEvidence()) {
            throw ManualTasks.conflict(task.state(), ManualTasks.Action.SUBMIT_EVIDENCE);
        }
        Map<String, Part> parts = parts(http);
        EvidenceInput input = new EvidenceInput();
        String url = input.url(text(parts.get("url"), input, "url"), properties.maxUrlLength());
        String note = input.note(text(parts.get("note"), input, "note"), properties.maxNoteLength());
        LocalDate publishedOn = input.publishedOn(text(parts.get("publishedOn"), input, "publishedOn"),
                LocalDate.now(clock.withZone(ManualTasks.ZONE)), task.window().startsAt(), ManualTasks.ZONE);
        Part filePart = parts.get("file");
        input.requireUrlOrFile(url, filePart != null);
        if (filePart != null && filePart.getSize() == 0) {
            input.problems().add(new FieldProblem("file", "empty-file", "Tệp rỗng", "The file is empty"));
        }
        if (!input.problems().isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Minh chứng chưa hợp lệ. / The evidence has invalid fields.", input.problems());
        }
        String evidenceId = "evd-" + UUID.randomUUID();
        ManualTask.FileInfo file = filePart == null ? null : storeFile(filePart, task, evidenceId, caller);
        ManualTask.Evidence evidence = new ManualTask.Evidence(evidenceId, task.attempt(), url, note, publishedOn, file,
                caller.userId(), caller.displayName(), clock.instant(), null);
        ManualTask updated;
        try {
            updated = tasks.submit(task, evidence);
        } catch (RuntimeException lost) {
            if (file != null) {
                files.delete(file.fileId());
            }
            throw lost;
        }
        return ResponseEntity.created(URI.create("/api/manual/tasks/" + deliveryId)).body(views.full(updated));
    }

    @GetMapping("/api/manual/tasks/{deliveryId}/evidence/{evidenceId}/file")
    ResponseEntity<byte[]> download(Caller caller, @PathVariable String deliveryId, @PathVariable String evidenceId) {
        ManualTask task = access.visible(caller, deliveryId);
        ManualTask.FileInfo info = task.evidence(evidenceId).map(ManualTask.Evidence::file)
                .orElseThrow(() -> Access.notFound("evidence file " + evidenceId));
        EvidenceFiles.StoredFile file = files.load(deliveryId, info.fileId())
                .orElseThrow(() -> Access.notFound("evidence file " + evidenceId));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.info().mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.info().name(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .cacheControl(CacheControl.noCache().cachePrivate())
                .eTag("\"" + file.info().sha256() + "\"")
                .body(file.data());
    }

    /** The parts by name, parsed now (lazily resolved multipart); unknown and repeated fields are refused. */
    private Map<String, Part> parts(HttpServletRequest http) throws IOException {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(http, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "multipart-required",
                    "Minh chứng gửi dạng multipart/form-data (url, note, publishedOn, file). / Send the evidence as "
                            + "multipart/form-data (url, note, publishedOn, file).");
        }
        try {
            multipart.getMultiFileMap(); // parses here, with Spring's translation of the size limits
            Map<String, Part> parts = new HashMap<>();
            for (Part part : http.getParts()) {
                if (!FIELDS.contains(part.getName())) {
                    throw new ApiProblem(HttpStatus.BAD_REQUEST, "unknown-field", "Trường không được hỗ trợ: "
                            + part.getName() + ". / Unknown field: " + part.getName() + ".", List.of(new FieldProblem(
                            part.getName(), "unknown-field", "Trường không được hỗ trợ", "Unknown field")));
                }
                if (parts.put(part.getName(), part) != null) {
                    throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Trường gửi hai lần. / A field was"
                            + " sent twice.", List.of(new FieldProblem(part.getName(), "duplicate-field",
                            "Trường chỉ được gửi một lần", "Send this field once")));
                }
            }
            return parts;
        } catch (MaxUploadSizeExceededException e) {
            throw fileTooLarge();
        } catch (MultipartException | ServletException | IllegalStateException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-multipart",
                    "Nội dung multipart không đọc được. / The multipart body cannot be read.");
        }
    }

    /** A text field as UTF-8 (parts carry no reliable charset; browsers send UTF-8). */
    private static String text(Part part, EvidenceInput input, String field) throws IOException {
        if (part == null) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readNBytes(MAX_TEXT_BYTES + 1);
        }
        if (bytes.length > MAX_TEXT_BYTES) {
            input.problems().add(new FieldProblem(field, "too-long", "Nội dung quá dài", "The value is too long"));
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            input.problems().add(new FieldProblem(field, "invalid-encoding", "Nội dung không phải UTF-8 hợp lệ",
                    "The value is not valid UTF-8"));
            return null;
        }
    }

    /** Size first (declared, then counted), then the type by content: PDF, JPEG, PNG or WebP only. */
    private ManualTask.FileInfo storeFile(Part part, ManualTask task, String evidenceId, Caller caller)
            throws IOException {
        long max = properties.maxFileBytes();
        if (part.getSize() > max) {
            throw fileTooLarge();
        }
        byte[] data;
        try (InputStream in = part.getInputStream()) {
            data = in.readNBytes((int) max + 1);
        }
        if (data.length > max) {
            throw fileTooLarge();
        }
        // a photo or a scan: Word and Excel files, which a notice may carry, are not evidence of a posting
        String mediaType = MediaTypeSniffer.require(data, MediaTypeSniffer.PDF_AND_IMAGES);
        String name = EvidenceInput.fileName(part.getSubmittedFileName(), mediaType);
        return files.store(task.deliveryId(), evidenceId, task.agencyId(), caller.userId(), name, mediaType, data);
    }

    private ApiProblem fileTooLarge() {
        String limit = properties.maxFileLabel();
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "file-too-large",
                "Tệp vượt quá " + limit + ". / The file is larger than " + limit + ".",
                List.of(new FieldProblem("file", "file-too-large", "Tệp vượt quá dung lượng cho phép (" + limit + ")",
                        "The file exceeds the size limit (" + limit + ")")));
    }
}
