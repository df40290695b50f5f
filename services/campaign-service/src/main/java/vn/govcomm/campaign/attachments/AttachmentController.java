package vn.govcomm.campaign.attachments;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;
import vn.govcomm.kit.web.ProblemDetailsAdvice;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Upload (multipart field {@code file}) and download of notice attachments. Under /api/campaigns so the gateway's
 * existing route reaches them. Both need a caller token like every other endpoint: upload by officers, approvers
 * and admins of an agency (the file belongs to that agency); download by whoever reads that agency's campaigns
 * (a file can only be attached to a campaign of the agency that uploaded it), others get 404.
 */
@RestController
@RequestMapping("/api/campaigns/attachments")
@Tag(name = "Attachments", description = "Signed PDF letters, images, Word forms and Excel lists of a notice")
class AttachmentController {

    private final Attachments attachments;

    AttachmentController(Attachments attachments) {
        this.attachments = attachments;
    }

    @Operation(summary = "Upload a PDF, JPEG, PNG, WebP, Word (.docx) or Excel (.xlsx) file (officers, approvers, "
            + "admins of an agency; type judged by content; macro-enabled, password-protected and .doc/.xls files "
            + "refused with their reason; size limit configurable)")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Attachments.AttachmentInfo> upload(@RequestParam("file") MultipartFile file, Caller caller)
            throws IOException {
        Attachments.AttachmentInfo info = attachments.upload(file.getOriginalFilename(), file.getSize(),
                file.getInputStream(), caller);
        return ResponseEntity.created(URI.create("/api/campaigns/attachments/" + info.id())).body(info);
    }

    @Operation(summary = "Download a file (users of the uploading agency, admins, province-wide viewers)")
    @GetMapping("/{id}")
    ResponseEntity<byte[]> download(@PathVariable String id, Caller caller) {
        Attachments.StoredFile file = attachments.download(id, caller).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                "attachment-not-found", "Không tìm thấy tệp " + id + ". / File " + id + " not found."));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.name(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .eTag("\"" + file.sha256() + "\"")
                .body(file.data());
    }

    /** Before the service-kit advice, so that these get the same field-level shape as the other problems. */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class UploadProblems {

        @ExceptionHandler(MaxUploadSizeExceededException.class)
        ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
            return problem(new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "file-too-large",
                    "Tệp quá lớn. / The file is too large.", List.of(new FieldProblem("file", "file-too-large",
                    "Tệp vượt quá dung lượng cho phép", "The file exceeds the size limit"))));
        }

        @ExceptionHandler(MissingServletRequestPartException.class)
        ResponseEntity<ProblemDetail> missing(MissingServletRequestPartException e) {
            return problem(new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Thiếu tệp. / The file is missing.", List.of(new FieldProblem("file", "required",
                    "Cần gửi tệp trong trường 'file'", "Send the file in the multipart field 'file'"))));
        }

        private static ResponseEntity<ProblemDetail> problem(ApiProblem p) {
            ProblemDetail body = ProblemDetailsAdvice.problem(p.status(), p.code(), p.getMessage());
            body.setProperty("errors", p.fields().stream().map(f -> Map.of("field", f.field(),
                    "code", f.code(), "message", f.messageEn(), "messageVi", f.messageVi(),
                    "messageEn", f.messageEn())).toList());
            return ResponseEntity.status(p.status()).body(body);
        }
    }
}
