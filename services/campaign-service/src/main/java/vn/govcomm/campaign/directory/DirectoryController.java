package vn.govcomm.campaign.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.govcomm.campaign.web.ETags;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ProblemDetailsAdvice;

import java.io.IOException;
import java.io.InputStream;

import java.net.URI;
import java.util.List;

/**
 * The agency directory: everybody signed in reads it agency by agency; only admins change it (each change audited and
 * published) and export or import it whole as a file.
 */
@RestController
@RequestMapping("/api/agencies")
@Tag(name = "Agency directory")
class DirectoryController {

    static final String EXPORT_CSV = "export.csv";
    /** Not an agency id: the path of the province list ({@link #provinces}). */
    static final String PROVINCES = "provinces";
    static final String EXPORT_XLSX = "export.xlsx";
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final AgencyDirectory directory;
    private final DirectoryFiles files;

    DirectoryController(AgencyDirectory directory, DirectoryFiles files) {
        this.directory = directory;
        this.files = files;
    }

    @Operation(summary = "List agencies, optionally of one group (e.g. ubnd-cap-huyen), of one province "
            + "(province=khanh-hoa, one of the 34 codes) or the national ones (national=true); filters combine")
    @GetMapping
    List<Agency> list(@RequestParam(required = false) String group, @RequestParam(required = false) String province,
                      @RequestParam(required = false) Boolean national, Caller caller) {
        if (province != null && !Provinces.isKnown(province)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", List.of(new ApiProblem.FieldProblem(
                    "province", "unknown-province", "Không phải một trong 34 mã tỉnh, thành phố: " + province,
                    "Not one of the 34 province codes: " + province)));
        }
        List<Agency> agencies = province != null ? directory.in(Tenant.province(province))
                : Boolean.TRUE.equals(national) ? directory.in(Tenant.NATIONAL)
                : group == null ? directory.all() : directory.inGroup(group);
        return agencies.stream()
                .filter(a -> group == null || (a.groups() != null && a.groups().contains(group)))
                .filter(a -> national == null || a.isNational() == national)
                .toList();
    }

    /** A province as the directory names it: one of the 34 codes of {@link Provinces}. */
    record Province(@Schema(example = "khanh-hoa") String provinceId, @Schema(example = "Tỉnh Khánh Hòa") String name) {
    }

    @Operation(summary = "The 34 provinces and centrally-run cities (Resolution 202/2025/QH15): code and name, for "
            + "pickers and forms (the codes agencies' provinceId takes)")
    @GetMapping("/" + PROVINCES)
    List<Province> provinces(Caller caller) {
        return Provinces.ALL.entrySet().stream().map(e -> new Province(e.getKey(), e.getValue())).toList();
    }

    @Operation(summary = "One agency with its channel endpoints; ETag is its version")
    @GetMapping("/{agencyId}")
    ResponseEntity<Agency> get(@PathVariable String agencyId, Caller caller) {
        Agency agency = find(agencyId);
        return ResponseEntity.ok().eTag("\"" + agency.version() + "\"").body(agency);
    }

    @Operation(summary = "Add an agency (admins)")
    @PostMapping
    ResponseEntity<Agency> register(@RequestBody AgencyInput input, Caller caller) {
        requireAdmin(caller);
        Agency clean = AgencyValidation.clean(input.toAgency(input.agencyId(), directory.home()), input.agencyId(),
                directory);
        Agency stored = directory.register(clean, caller.userId(), "registered");
        return ResponseEntity.created(URI.create("/api/agencies/" + stored.agencyId()))
                .eTag("\"" + stored.version() + "\"").body(stored);
    }

    @Operation(summary = "Replace an agency (admins); If-Match with the version is honoured when sent")
    @PutMapping("/{agencyId}")
    ResponseEntity<Agency> update(@PathVariable String agencyId, @RequestBody AgencyInput input,
                                  @RequestHeader(value = "If-Match", required = false) String ifMatch, Caller caller) {
        requireAdmin(caller);
        Agency current = find(agencyId);
        long expected = current.version();
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")) {
            expected = ETags.parse(ifMatch);
            if (expected != current.version()) {
                throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch",
                        "Phiên bản không khớp (hiện tại " + current.version() + "). / Version mismatch (current "
                                + current.version() + ").");
            }
        }
        if (input.agencyId() != null && !input.agencyId().equals(agencyId)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", List.of(new ApiProblem.FieldProblem(
                    "agencyId", "immutable", "Không thể đổi mã cơ quan", "The agency id cannot change")));
        }
        Agency clean = AgencyValidation.clean(input.toAgency(agencyId, current.tenant()), agencyId, directory);
        AgencyValidation.reactivated(current, clean).ifPresent(p -> {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", List.of(p));
        });
        Agency stored = directory.update(current, clean, expected, caller.userId());
        return ResponseEntity.ok().eTag("\"" + stored.version() + "\"").body(stored);
    }

    @Operation(summary = "The whole directory as CSV (admins): UTF-8 with BOM, one row per endpoint, the agency's "
            + "columns repeated; headers \"<Vietnamese label> [<key>]\" (README, Directory files)")
    @GetMapping("/" + EXPORT_CSV)
    ResponseEntity<byte[]> exportCsv(Caller caller) {
        requireAdmin(caller);
        return download(files.exportCsv(), CSV, "danh-ba-co-quan.csv");
    }

    @Operation(summary = "The whole directory as XLSX (admins): the CSV's layout on one sheet")
    @GetMapping("/" + EXPORT_XLSX)
    ResponseEntity<byte[]> exportXlsx(Caller caller) {
        requireAdmin(caller);
        return download(files.exportXlsx(), XLSX, "danh-ba-co-quan.xlsx");
    }

    @Operation(summary = "Import a directory file, CSV or XLSX (admins): creates and replaces the agencies it lists; "
            + "any bad row and nothing changes (422 with every problem); dryRun=true only reports what would happen")
    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ImportReport importFile(@RequestParam(value = "file", required = false) MultipartFile file,
                            @RequestParam(defaultValue = "false") boolean dryRun, Caller caller) throws IOException {
        requireAdmin(caller);
        if (file == null) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Thiếu tệp. / The file is missing.",
                    List.of(new ApiProblem.FieldProblem("file", "required", "Cần gửi tệp trong trường 'file'",
                            "Send the file in the multipart field 'file'")));
        }
        try (InputStream content = file.getInputStream()) {
            return files.importFile(file.getSize(), content, dryRun, caller.userId(), caller.displayName());
        }
    }

    /** 422 problem details carrying the whole report: every bad row with its field and reason (vi, en). */
    @ExceptionHandler(ImportRefused.class)
    ResponseEntity<ProblemDetail> refused(ImportRefused e) {
        ImportReport report = e.report();
        int n = report.errors().size();
        ProblemDetail body = ProblemDetailsAdvice.problem(HttpStatus.UNPROCESSABLE_CONTENT, "import-refused",
                "Tệp có " + n + " lỗi; danh bạ không thay đổi. / The file has " + n + " problem" + (n == 1 ? "" : "s")
                        + "; nothing was changed.");
        body.setProperty("dryRun", report.dryRun());
        body.setProperty("rows", report.rows());
        body.setProperty("agencies", report.agencies());
        body.setProperty("agenciesCreated", report.agenciesCreated());
        body.setProperty("agenciesUpdated", report.agenciesUpdated());
        body.setProperty("unchanged", report.unchanged());
        body.setProperty("successions", report.successions());
        body.setProperty("errors", report.errors());
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static ResponseEntity<byte[]> download(byte[] content, MediaType type, String fileName) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(fileName).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .cacheControl(CacheControl.noStore())
                .body(content);
    }

    private Agency find(String agencyId) {
        return directory.find(agencyId).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "agency-not-found",
                "Không tìm thấy cơ quan " + agencyId + ". / Agency " + agencyId + " not found."));
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "admin-role-required",
                    "Chỉ quản trị viên được thay đổi danh bạ cơ quan. / Only admins change the agency directory.");
        }
    }
}
