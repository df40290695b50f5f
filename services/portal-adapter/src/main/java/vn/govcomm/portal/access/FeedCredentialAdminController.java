package vn.govcomm.portal.access;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.portal.Ids;

/**
 * Admins (only, of any agency: portals are platform configuration) issue, rotate and revoke a portal's feed
 * credential. The token is returned once, at issue.
 */
@RestController
class FeedCredentialAdminController {

    private final FeedCredentials credentials;

    FeedCredentialAdminController(FeedCredentials credentials) {
        this.credentials = credentials;
    }

    /** Issues a token, or rotates it (the previous token stops working at once). */
    @PostMapping("/api/portal/portals/{portalId}/feed-token")
    ResponseEntity<FeedCredentials.Issued> issue(@PathVariable String portalId, Caller caller) {
        Access.requireAdmin(caller);
        Ids.require("portalId", portalId);
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(credentials.issue(portalId));
    }

    @GetMapping("/api/portal/portals/{portalId}/feed-token")
    FeedCredentials.Credential describe(@PathVariable String portalId, Caller caller) {
        Access.requireAdmin(caller);
        Ids.require("portalId", portalId);
        return credentials.describe(portalId).orElseThrow(() -> noCredential(portalId));
    }

    @DeleteMapping("/api/portal/portals/{portalId}/feed-token")
    ResponseEntity<Void> revoke(@PathVariable String portalId, Caller caller) {
        Access.requireAdmin(caller);
        Ids.require("portalId", portalId);
        if (!credentials.revoke(portalId)) {
            throw noCredential(portalId);
        }
        return ResponseEntity.noContent().build();
    }

    private static ApiProblem noCredential(String portalId) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "feed-credential-not-found",
                "Cổng " + portalId + " chưa được cấp khóa truy cập nguồn tin. / Portal " + portalId
                        + " has no feed credential.");
    }
}
