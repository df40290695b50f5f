package vn.govcomm.gateway.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.gateway.problem.Problems;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.IdentityFilter;

/** GET /api/audit/gateway: the most recent audit entries, admins only (a verified token is required). */
@RestController
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping(value = "/api/audit/gateway", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> recent(@RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
        // Only a verified token counts here: trusted headers (local mode) never grant the audit trail.
        if (!(request.getAttribute(IdentityFilter.IDENTITY) instanceof Identity who) || !who.hasRole("admin")) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(HttpStatus.FORBIDDEN, "admin-role-required",
                            "Chỉ quản trị viên được xem nhật ký. / Only administrators may read the audit log."));
        }
        return ResponseEntity.ok(audit.recent(Math.clamp(limit, 1, 1000)));
    }
}
