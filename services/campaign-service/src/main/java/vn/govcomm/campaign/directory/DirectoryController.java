package vn.govcomm.campaign.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.campaign.web.ETags;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

import java.net.URI;
import java.util.List;

/** The agency directory: everybody signed in reads it; only admins change it (each change audited and published). */
@RestController
@RequestMapping("/api/agencies")
@Tag(name = "Agency directory")
class DirectoryController {

    private final AgencyDirectory directory;

    DirectoryController(AgencyDirectory directory) {
        this.directory = directory;
    }

    @Operation(summary = "List agencies, optionally of one group (e.g. ubnd-cap-huyen)")
    @GetMapping
    List<Agency> list(@RequestParam(required = false) String group, Caller caller) {
        return group == null ? directory.all() : directory.inGroup(group);
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
        Agency clean = AgencyValidation.clean(input.toAgency(input.agencyId()), input.agencyId(), directory);
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
        Agency clean = AgencyValidation.clean(input.toAgency(agencyId), agencyId, directory);
        Agency stored = directory.update(current, clean, expected, caller.userId());
        return ResponseEntity.ok().eTag("\"" + stored.version() + "\"").body(stored);
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
