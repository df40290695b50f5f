package vn.govcomm.gateway.console;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A notice's files (a picture placed in the body, a form listed under the notice) uploaded through the console: the
 * file is relayed as it came to the campaign service's attachments API with the user's caller token. The service is
 * the one judge of size and type ({@code govcomm.attachments.*}, the type judged by the content): its refusals come
 * back as {@link ApiFailure}s in its words. The console only refuses what the service would refuse anyway without
 * asking it: a user whose roles may not upload, an empty file.
 */
@Component
class NoticeAttachments {

    /** Who may upload (the service's rule: an agency's officers, approvers and admins). */
    static final List<String> UPLOADERS = List.of("officer", "approver", "admin");
    /** Where a stored file is read: the gateway's route to the campaign service (the console's session is enough). */
    static final String DOWNLOAD_PATH = "/api/campaigns/attachments/";

    private final PlatformApi api;
    private final ConsolePages pages;

    NoticeAttachments(PlatformApi api, ConsolePages pages) {
        this.api = api;
        this.pages = pages;
    }

    /**
     * One stored file as the wizard keeps it (hidden field {@code attachments}: {@code id;size;type;name}, the name
     * last since it may hold any character). The service resolves the id again when the campaign is saved: what a
     * browser sends here only names a file, it does not describe it to the service.
     */
    record Attachment(String id, long sizeBytes, String mediaType, String name) {

        static Attachment parse(String value) {
            if (value == null) {
                return null;
            }
            String[] parts = value.split(";", 4);
            if (parts.length < 4 || !parts[0].matches("att-[0-9a-f-]{36}")) {
                return null;
            }
            long size;
            try {
                size = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                size = 0;
            }
            return new Attachment(parts[0], size, parts[2], parts[3]);
        }

        static Attachment of(JsonNode info) {
            return new Attachment(info.path("id").asString(info.path("attachmentId").asString("")),
                    info.path("sizeBytes").asLong(0), info.path("mediaType").asString(""), info.path("name").asString(""));
        }

        public String value() {
            return id + ";" + sizeBytes + ";" + mediaType + ";" + name;
        }

        /** The picture's address in a notice body (relative: the sanitiser keeps only these). */
        public String src() {
            return DOWNLOAD_PATH + id;
        }

        public boolean image() {
            return mediaType.startsWith("image/");
        }

        /** The size in words: "1,2 MB", "830 KB", "512 B". */
        public String size(Locale locale) {
            boolean en = "en".equals(locale.getLanguage());
            if (sizeBytes >= 1024 * 1024) {
                return String.format(en ? Locale.ENGLISH : Locale.forLanguageTag("vi"), "%.1f MB", sizeBytes / (1024.0 * 1024));
            }
            if (sizeBytes >= 1024) {
                return (sizeBytes + 1023) / 1024 + " KB";
            }
            return sizeBytes + " B";
        }
    }

    /** A file of a campaign's {@code notice.attachments} as the campaign page lists it. */
    public Attachment listed(JsonNode attachment) {
        return Attachment.of(attachment);
    }

    /** Uploads the file as the user; every refusal is an {@link ApiFailure} whose message is in the page's language. */
    Attachment upload(Identity me, MultipartFile file) throws IOException {
        if (!me.hasAnyRole(UPLOADERS) || me.agency() == null) {
            throw new ApiFailure(403, "uploader-role-required", pages.message("attachment.refusedRole"), List.of(), false, null);
        }
        if (file == null || file.isEmpty()) {
            throw new ApiFailure(400, "validation-failed", pages.message("attachment.noFile"), List.of(), false, null);
        }
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                ? "tep-dinh-kem" : file.getOriginalFilename();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM); // the service judges the type by the content
        headers.setContentDisposition(ContentDisposition.formData().name("file").filename(name, StandardCharsets.UTF_8).build());
        MultiValueMap<String, HttpEntity<?>> parts = new LinkedMultiValueMap<>();
        parts.add("file", new HttpEntity<>(new ByteArrayResource(file.getBytes()), headers));
        try {
            return Attachment.of(api.sendMultipart(Service.CAMPAIGNS, me, "/api/campaigns/attachments", parts));
        } catch (ApiFailure e) {
            throw inWords(e);
        }
    }

    /**
     * The service's refusal as the officer should read it: its field message (which names the limit it applies, or
     * the types it takes) in the page's language; a refused role in the console's words.
     */
    private ApiFailure inWords(ApiFailure e) {
        String words = "uploader-role-required".equals(e.code) ? pages.message("attachment.refusedRole")
                : e.fields.isEmpty() ? e.getMessage() : e.fields.getFirst().message(LocaleContextHolder.getLocale());
        return new ApiFailure(e.status, e.code, words, e.fields, e.unreachable, e.problem);
    }
}
