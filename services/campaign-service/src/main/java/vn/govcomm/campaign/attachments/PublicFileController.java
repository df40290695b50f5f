package vn.govcomm.campaign.attachments;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.kit.web.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The public address of a published file ({@link PublicFiles}): what portals' readers, Facebook, Zalo and e-mail
 * recipients open, without any token. Pictures are shown in place (a portal's page embeds them from another site);
 * documents are downloaded. Answers may be cached for a short while only: a cancelled campaign's files stop being
 * served.
 */
@RestController
@Tag(name = "Public files", description = "Pictures and documents of approved notices, for everybody")
class PublicFileController {

    /** How long a browser or a proxy may keep a published file before asking again (ETag then answers 304). */
    static final Duration CACHE_FOR = Duration.ofMinutes(10);

    private final PublicFiles files;

    PublicFileController(PublicFiles files) {
        this.files = files;
    }

    @Operation(summary = "Download a picture or document of an approved, not cancelled campaign (no token needed; "
            + "any other id answers 404)")
    @GetMapping(FileLinks.PUBLIC_PATH + "{id}")
    ResponseEntity<byte[]> download(@PathVariable String id,
                                    @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Attachments.StoredFile file = files.find(id).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                "file-not-found", "Không tìm thấy tệp hoặc tệp chưa được công bố. / No such published file."));
        String etag = "\"" + file.sha256() + "\"";
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(etag.equals(ifNoneMatch) ? HttpStatus.NOT_MODIFIED
                        : HttpStatus.OK)
                .eTag(etag)
                .cacheControl(CacheControl.maxAge(CACHE_FOR).cachePublic())
                .header("X-Content-Type-Options", "nosniff")
                // Nothing in a file runs here: no script, no plug-in, no form, even if a viewer renders it.
                .header("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
                // A portal on another site shows the picture in its page.
                .header("Cross-Origin-Resource-Policy", "cross-origin");
        if (etag.equals(ifNoneMatch)) {
            return answer.build();
        }
        boolean picture = file.mediaType().startsWith("image/");
        return answer.contentType(MediaType.parseMediaType(file.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, (picture ? ContentDisposition.inline()
                        : ContentDisposition.attachment()).filename(file.name(), StandardCharsets.UTF_8).build().toString())
                .body(file.data());
    }
}
