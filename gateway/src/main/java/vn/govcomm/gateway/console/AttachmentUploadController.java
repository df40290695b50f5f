package vn.govcomm.gateway.console;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.security.Identity;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The notice editor's upload (a picture placed in the body, a file listed under the notice): multipart {@code file}
 * relayed to the campaign service as the signed-in user ({@link NoticeAttachments}); answers JSON for the editor's
 * script: 201 with the stored file (its id, name, type, size in words and the address a body's picture uses), or a
 * problem document whose {@code detail} says in the page's language why the file was refused. Without JavaScript the
 * wizard posts the file with the whole form ({@code CampaignWizardController}).
 */
@Controller
@RequestMapping("/console")
class AttachmentUploadController {

    private final NoticeAttachments attachments;
    private final ConsoleAudit audit;
    private final ConsolePages pages;

    AttachmentUploadController(NoticeAttachments attachments, ConsoleAudit audit, ConsolePages pages) {
        this.attachments = attachments;
        this.audit = audit;
        this.pages = pages;
    }

    @PostMapping(path = "/attachments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> upload(@RequestAttribute(IDENTITY) Identity me,
                                               @RequestParam(required = false) MultipartFile file, Locale locale)
            throws IOException {
        try {
            NoticeAttachments.Attachment stored = attachments.upload(me, file);
            audit.record(me, "upload-attachment", "/api/campaigns/attachments", 201);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", stored.id());
            body.put("name", stored.name());
            body.put("mediaType", stored.mediaType());
            body.put("sizeBytes", stored.sizeBytes());
            body.put("size", stored.size(locale));
            body.put("image", stored.image());
            body.put("src", stored.src());
            body.put("value", stored.value());
            return ResponseEntity.status(HttpStatus.CREATED).body(body);
        } catch (ApiFailure e) {
            if (!e.unreachable && e.status != 403) {
                audit.record(me, "upload-attachment", "/api/campaigns/attachments", e.status);
            }
            return problem(e.status, e.code.isEmpty() ? "upload-failed" : e.code, e.getMessage());
        }
    }

    /** A file larger than the console's own multipart limit never reaches the service. */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Map<String, Object>> tooLarge() {
        return problem(413, "file-too-large", pages.message("attachment.tooLargeForConsole"));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Map<String, Object>> notMultipart() {
        return problem(400, "validation-failed", pages.message("attachment.noFile"));
    }

    private static ResponseEntity<Map<String, Object>> problem(int status, String code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
