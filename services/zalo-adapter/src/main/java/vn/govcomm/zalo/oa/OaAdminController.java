package vn.govcomm.zalo.oa;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * Admin API to show, connect, rotate and disconnect OA credentials, and the OA list (admins every OA, an agency's
 * users their agency's OAs, see {@link #list}); everything but the list is for role {@code admin} only, from the
 * {@link Caller} the gateway's caller token vouches for (verified by the kit before this runs). OA connections
 * belong to the platform, not to an agency, and {@code admin} is a platform-wide role, so an admin of any agency may
 * manage them; the admin's user id is recorded on every change. Secrets go in, never out: answers carry only the
 * connection's status.
 */
@RestController
@RequestMapping("/api/zalo/oas")
class OaAdminController {

    private final OaConnections connections;
    private final OaAttention attention;
    private final OaOwners owners;

    OaAdminController(OaConnections connections, OaAttention attention, OaOwners owners) {
        this.connections = connections;
        this.owners = owners;
        this.attention = attention;
    }

    /** What an admin sends. {@link #toString()} hides the secrets, so the body is safe in any log line. */
    record ConnectRequest(String appId, String appSecret, String refreshToken, String accessToken,
                          String webhookSecret) {
        @Override
        public String toString() {
            return "ConnectRequest[appId=" + appId + ", secrets=***]";
        }
    }

    /**
     * Admins: every OA. Any other user with a platform role: the OAs of their own agency's Zalo endpoints (a viewer of
     * a province-wide agency: of its province's agencies), from the directory ({@link OaOwners}); status only, as for
     * admins. No platform role: 403. The single connection ({@code …/connection}) stays admin-only.
     */
    @GetMapping
    List<OaConnections.Status> list(Caller caller) {
        Access.requireRole(caller, Caller.ADMIN, Caller.OFFICER, Caller.APPROVER, Caller.VIEWER);
        java.util.Set<String> readable = owners.readableBy(caller);
        return readable == null ? connections.statuses() : readable.isEmpty() ? List.of() : connections.statuses(readable);
    }

    @GetMapping("/{oaId}/connection")
    OaConnections.Status status(Caller caller, @PathVariable String oaId) {
        Access.requireAdmin(caller);
        return connections.status(oaId).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "OA_NOT_CONNECTED",
                "OA " + oaId + " has no stored connection"));
    }

    /** Connect or rotate: replaces the stored credentials and clears "needs attention". */
    @PutMapping("/{oaId}/connection")
    OaConnections.Status connect(Caller caller, @PathVariable String oaId, @RequestBody ConnectRequest body) {
        Access.requireAdmin(caller);
        validate(oaId, body);
        connections.connectByAdmin(oaId, body.appId().trim(), body.appSecret(), body.refreshToken(),
                body.accessToken(), body.webhookSecret(), caller.userId());
        attention.refresh();
        return connections.status(oaId).orElseThrow();
    }

    @DeleteMapping("/{oaId}/connection")
    ResponseEntity<Void> disconnect(Caller caller, @PathVariable String oaId) {
        Access.requireAdmin(caller);
        if (!connections.disconnect(oaId, caller.userId())) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "OA_NOT_CONNECTED", "OA " + oaId + " has no stored connection");
        }
        attention.refresh();
        return ResponseEntity.noContent().build();
    }

    private static void validate(String oaId, ConnectRequest body) {
        List<ApiProblem.FieldProblem> problems = new ArrayList<>();
        if (!oaId.matches("[A-Za-z0-9_.-]{1,64}") || oaId.startsWith("_")) {
            problems.add(new ApiProblem.FieldProblem("oaId", "INVALID", "Mã OA không hợp lệ", "Invalid OA id"));
        }
        if (body == null || blank(body.appId())) {
            problems.add(new ApiProblem.FieldProblem("appId", "REQUIRED", "Cần app id", "appId is required"));
        }
        if (body == null || blank(body.appSecret())) {
            problems.add(new ApiProblem.FieldProblem("appSecret", "REQUIRED", "Cần secret key của app",
                    "appSecret is required"));
        }
        if (body == null || blank(body.refreshToken())) {
            problems.add(new ApiProblem.FieldProblem("refreshToken", "REQUIRED", "Cần refresh token",
                    "refreshToken is required"));
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_CONNECTION", "The OA connection is incomplete",
                    problems);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
