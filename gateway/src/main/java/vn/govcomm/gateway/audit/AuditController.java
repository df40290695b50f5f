package vn.govcomm.gateway.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.gateway.problem.Problems;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.IdentityFilter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * GET /api/audit/gateway: audit entries newest first, admins only (a verified token is required). Filters
 * {@code actor}, {@code action}, {@code agency}, {@code from} (inclusive) and {@code to} (exclusive) as ISO
 * instants or dates (a date is midnight in Vietnam); paging {@code page} (from 0) and {@code size} (1–1000, 100;
 * {@code limit} is the older name of size).
 */
@RestController
class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping(value = "/api/audit/gateway", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> find(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                           @RequestParam(required = false) String agency, @RequestParam(required = false) String from,
                           @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
                           @RequestParam(required = false) Integer size, @RequestParam(required = false) Integer limit,
                           HttpServletRequest request) {
        // Only the verified identity counts here (a token or the console's session), never a header.
        if (!(request.getAttribute(IdentityFilter.IDENTITY) instanceof Identity who) || !who.hasRole("admin")) {
            return problem(HttpStatus.FORBIDDEN, "admin-role-required",
                    "Chỉ quản trị viên được xem nhật ký. / Only administrators may read the audit log.");
        }
        Instant fromAt;
        Instant toAt;
        try {
            fromAt = instant(from);
            toAt = instant(to);
        } catch (DateTimeParseException e) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-time",
                    "from/to phải là thời điểm ISO-8601 hoặc ngày (yyyy-MM-dd). / from/to must be ISO-8601 instants or dates.");
        }
        int pageSize = Math.clamp(size != null ? size : limit != null ? limit : 100, 1, 1000);
        try {
            return ResponseEntity.ok(audit.find(new AuditStore.Query(blank(actor), blank(action), blank(agency), fromAt,
                    toAt, Math.max(0, page), pageSize)));
        } catch (RuntimeException e) {
            log.warn("Audit store unreadable: {}", e.toString());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "audit-store-unavailable",
                    "Kho nhật ký tạm thời không truy cập được. / The audit store is unavailable.");
        }
    }

    private static ResponseEntity<?> problem(HttpStatus status, String code, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, code, detail));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Instant instant(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(VIETNAM).toInstant() : Instant.parse(s);
    }
}
