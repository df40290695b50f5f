package vn.govcomm.led.screens;

import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The screens' health ({@code GET /api/led/screens}) and the admin API for device credentials (issue/rotate with POST,
 * revoke with DELETE). The list answers admins every screen and any other user with a platform role the screens of
 * their own agency (a viewer of a province-wide agency: its province's, kit {@code ProvinceScope}); it carries status
 * and last contact, never a credential. Credentials are for admins only, whatever their agency: a credential opens a
 * screen's playlist. The caller comes from the gateway's caller token.
 */
@RestController
@RequestMapping("/api/led/screens")
class ScreenAdminController {

    private final ScreenRegistry registry;
    private final ScreenCredentials credentials;

    ScreenAdminController(ScreenRegistry registry, ScreenCredentials credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    @GetMapping
    List<Map<String, Object>> screens(Caller caller) {
        Access.requireRole(caller, Caller.ADMIN, Caller.OFFICER, Caller.APPROVER, Caller.VIEWER);
        return registry.readableBy(caller).stream().map(ScreenAdminController::view).toList();
    }

    @PostMapping("/{screenId}/credential")
    ResponseEntity<Map<String, Object>> issue(Caller caller, @PathVariable String screenId) {
        Access.requireAdmin(caller);
        String secret = credentials.issue(screenId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("screenId", screenId);
        body.put("secret", secret);
        body.put("usage", "Authorization: Bearer " + secret);
        body.put("note", "Khóa chỉ hiển thị một lần. / The secret is shown only once.");
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(body);
    }

    @DeleteMapping("/{screenId}/credential")
    ResponseEntity<Void> revoke(Caller caller, @PathVariable String screenId) {
        Access.requireAdmin(caller);
        if (!credentials.revoke(screenId)) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "no-credential",
                    "Màn hình chưa có khóa thiết bị. / The screen has no active credential.");
        }
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> view(Document screen) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("screenId", screen.getString("_id"));
        view.put("agencyId", screen.getString("agencyId"));
        view.put("endpointId", screen.getString("endpointId"));
        view.put("displayName", screen.getString("displayName"));
        view.put("site", screen.getString("site"));
        view.put("status", screen.getString("status"));
        view.put("lastHeartbeatAt", instant(screen.getDate("lastHeartbeatAt")));
        view.put("offlineSince", instant(screen.getDate("offlineSince")));
        view.put("playlistVersion", screen.getString("playlistVersion"));
        view.put("servedVersion", screen.getString("servedVersion"));
        view.put("lastPollAt", instant(screen.getDate("lastPollAt")));
        view.put("currentItem", screen.getString("currentItem"));
        view.put("uptimeSec", screen.get("uptimeSec"));
        return view;
    }

    private static String instant(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
