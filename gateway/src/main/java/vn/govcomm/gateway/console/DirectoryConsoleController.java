package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The admins' directory file page: the whole agency directory exported as CSV or XLSX (the campaign service's files,
 * relayed as they come), and a directory file imported in two steps: the file is first checked (the service's dry
 * run: rows, agencies created / updated / unchanged, or every bad row with its column and reason), then, once the
 * admin confirms, imported for real — the same file, kept by {@link DirectoryUploads} meanwhile. A refused file
 * (422) lists every bad row; {@code directory-changed-meanwhile} (409) offers to import again. Not an admin → 403
 * page (a text for the exports), nothing asked of the service.
 */
@Controller
@RequestMapping("/console/directory")
class DirectoryConsoleController {

    /** The campaign service's limit for a directory file ({@code govcomm.directory.import.max-size}). */
    static final long MAX_BYTES = 8L * 1024 * 1024;
    private static final Map<String, String> EXPORTS = Map.of("csv", "/api/agencies/export.csv",
            "xlsx", "/api/agencies/export.xlsx");
    private static final String IMPORT = "/api/agencies/import";

    private final PlatformApi api;
    private final DirectoryUploads uploads;
    private final ConsoleAudit audit;
    private final ConsolePages pages;

    DirectoryConsoleController(PlatformApi api, DirectoryUploads uploads, ConsoleAudit audit, ConsolePages pages) {
        this.api = api;
        this.uploads = uploads;
        this.audit = audit;
        this.pages = pages;
    }

    /** One bad row as the page lists it: the spreadsheet's row number (none for the whole file), column, reason. */
    record BadRow(Integer row, String column, String reason) {
    }

    /** What an import did or (dry run) would do, or why the file was refused ({@code badRows}). */
    record Report(boolean dryRun, int rows, int agencies, int created, int updated, int unchanged, List<BadRow> badRows) {
    }

    @GetMapping({"", "/"})
    String page(@RequestAttribute(IDENTITY) Identity me, Model model, HttpServletResponse response) {
        return me.hasRole("admin") ? page(model) : adminsOnly(model, response);
    }

    @GetMapping("/export/{format:csv|xlsx}")
    ResponseEntity<byte[]> export(@RequestAttribute(IDENTITY) Identity me, @PathVariable String format) {
        if (!me.hasRole("admin")) {
            return CampaignExportController.text(403, pages.message("directory.adminsOnly"));
        }
        try {
            return CampaignExportController.relayed(api.file(Service.CAMPAIGNS, me, EXPORTS.get(format)));
        } catch (ApiFailure e) {
            return CampaignExportController.text(e.status, e.getMessage());
        }
    }

    /** Step 1: the service's dry run on the chosen file; a good file is kept for the confirmation. */
    @PostMapping("/check")
    String check(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) MultipartFile file,
                 Model model, Locale locale, HttpServletResponse response) throws IOException {
        if (!me.hasRole("admin")) {
            return adminsOnly(model, response);
        }
        if (file == null || file.isEmpty()) {
            return problem(400, pages.message("directory.noFile"), model, response);
        }
        if (file.getSize() > MAX_BYTES) {
            return problem(413, pages.message("directory.fileTooLarge"), model, response);
        }
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                ? "danh-ba" : file.getOriginalFilename();
        byte[] content = file.getBytes();
        model.addAttribute("fileName", name);
        try {
            JsonNode report = relay(me, name, file.getContentType(), content, true);
            model.addAttribute("report", report(report, locale));
            model.addAttribute("token", uploads.keep(me.userId(), name, file.getContentType(), content));
        } catch (ApiFailure e) {
            return refused(e, model, locale, response);
        }
        return page(model);
    }

    /** Step 2: the checked file imported for real. */
    @PostMapping("/import")
    String importFile(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String token,
                      Model model, Locale locale, HttpServletResponse response) {
        if (!me.hasRole("admin")) {
            return adminsOnly(model, response);
        }
        Optional<DirectoryUploads.Upload> kept = uploads.find(token, me.userId());
        if (kept.isEmpty()) {
            return problem(410, pages.message("directory.uploadGone"), model, response);
        }
        DirectoryUploads.Upload upload = kept.get();
        model.addAttribute("fileName", upload.fileName());
        try {
            JsonNode report = relay(me, upload.fileName(), upload.contentType(), upload.content(), false);
            audit.record(me, "directory-import", IMPORT, 200);
            uploads.forget(upload.token());
            model.addAttribute("report", report(report, locale));
        } catch (ApiFailure e) {
            audit.record(me, "directory-import", IMPORT, e.status);
            if (e.status == 409 && "directory-changed-meanwhile".equals(e.code)) {
                // some agencies were written, the others not: the same file again finishes it
                model.addAttribute("token", upload.token());
                return problem(409, pages.message("directory.changedMeanwhile"), model, response);
            }
            uploads.forget(upload.token());
            return refused(e, model, locale, response);
        }
        return page(model);
    }

    private JsonNode relay(Identity me, String name, String contentType, byte[] content, boolean dryRun) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(mediaType(contentType));
        headers.setContentDisposition(ContentDisposition.formData().name("file").filename(name, StandardCharsets.UTF_8).build());
        MultiValueMap<String, HttpEntity<?>> parts = new LinkedMultiValueMap<>();
        parts.add("file", new HttpEntity<>(new ByteArrayResource(content), headers));
        return api.sendMultipart(Service.CAMPAIGNS, me, IMPORT + "?dryRun={dryRun}", parts, dryRun);
    }

    /** A refused file (422 {@code import-refused}) lists every bad row; any other refusal is the service's words. */
    private String refused(ApiFailure e, Model model, Locale locale, HttpServletResponse response) {
        if (e.status == 422 && "import-refused".equals(e.code)) {
            Report report = report(e.problem, locale);
            model.addAttribute("report", report);
            return problem(422, pages.message("directory.refused", report.badRows().size()), model, response);
        }
        return problem(e.status, e.getMessage(), model, response);
    }

    private Report report(JsonNode r, Locale locale) {
        boolean english = "en".equals(locale.getLanguage());
        List<BadRow> bad = new ArrayList<>();
        r.path("errors").forEach(err -> {
            String vi = err.path("reasonVi").asString("");
            String en = err.path("reasonEn").asString("");
            bad.add(new BadRow(err.path("row").isNumber() ? err.path("row").asInt() : null,
                    column(err.path("field").isString() ? err.path("field").asString() : null),
                    english && !en.isEmpty() || vi.isEmpty() ? en : vi));
        });
        return new Report(r.path("dryRun").asBoolean(), r.path("rows").asInt(), r.path("agencies").asInt(),
                r.path("agenciesCreated").asInt(), r.path("agenciesUpdated").asInt(), r.path("unchanged").asInt(), bad);
    }

    /** A column by its label and key ("Tên cơ quan [name]"); the whole file when the problem names none. */
    private String column(String key) {
        if (key == null || key.isBlank()) {
            return pages.message("directory.wholeFile");
        }
        return pages.has("directory.column." + key) ? pages.message("directory.column." + key) + " [" + key + "]" : key;
    }

    private static MediaType mediaType(String contentType) {
        try {
            return contentType == null || contentType.isBlank() ? MediaType.APPLICATION_OCTET_STREAM
                    : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    private String page(Model model) {
        model.addAttribute("maxBytes", MAX_BYTES);
        return "console/directory";
    }

    private String problem(int status, String message, Model model, HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("error", message);
        return page(model);
    }

    private String adminsOnly(Model model, HttpServletResponse response) {
        response.setStatus(403);
        model.addAttribute("error", pages.message("directory.adminsOnly"));
        return "console/failure";
    }
}
