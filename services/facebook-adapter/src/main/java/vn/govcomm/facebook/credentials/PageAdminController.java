package vn.govcomm.facebook.credentials;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import vn.govcomm.facebook.FacebookProperties;
import vn.govcomm.facebook.graph.GraphClient;
import vn.govcomm.facebook.graph.GraphFailure;
import vn.govcomm.facebook.graph.PageGuards;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Admin API of Page credentials: connect / rotate, disconnect for the {@code admin} role only; the list for admins
 * (every Page) and for an agency's users (their agency's Pages, see {@link #list}). The
 * {@link Caller} is the one the gateway's caller token vouches for (verified by the kit before this runs); the
 * admin's user id is recorded on every credential change. Page credentials belong to the platform, not to an
 * agency, and {@code admin} is a platform-wide role, so an admin of any agency may manage them. A token is
 * accepted, encrypted and stored, and never appears in an answer or a log line.
 */
@RestController
@RequestMapping("/api/facebook/pages")
class PageAdminController {

    private static final Pattern PAGE_ID = Pattern.compile("[0-9A-Za-z._-]{1,100}");

    private final PageCredentials credentials;
    private final PageOwners owners;
    private final GraphClient graph;
    private final PageGuards guards;
    private final boolean verifyOnConnect;

    PageAdminController(PageCredentials credentials, PageOwners owners, GraphClient graph, PageGuards guards,
                        FacebookProperties properties) {
        this.credentials = credentials;
        this.owners = owners;
        this.graph = graph;
        this.guards = guards;
        this.verifyOnConnect = properties.verifyOnConnect();
    }

    /** Body of a connect / rotate: the Page token and optionally the Page's display name. */
    record TokenRequest(String accessToken, String name) {
        @Override
        public String toString() {
            return "TokenRequest[name=" + name + ", accessToken=redacted]";
        }
    }

    /**
     * Admins: every Page. Any other user with a platform role: the Pages of their own agency's Facebook endpoints (a
     * viewer of a province-wide agency: of its province's agencies), from the directory ({@link PageOwners}); the same
     * view, status and attention reason, never a token. No platform role: 403.
     */
    @GetMapping
    List<PageView> list(Caller caller) {
        Access.requireRole(caller, Caller.ADMIN, Caller.OFFICER, Caller.APPROVER, Caller.VIEWER);
        java.util.Set<String> readable = owners.readableBy(caller);
        return readable == null ? credentials.list() : readable.isEmpty() ? List.of() : credentials.list(readable);
    }

    @PutMapping("/{pageId}/token")
    PageView connect(Caller caller, @PathVariable String pageId, @RequestBody TokenRequest body) {
        Access.requireAdmin(caller);
        validPageId(pageId);
        String token = body == null ? null : body.accessToken();
        if (token == null || token.isBlank() || token.length() > 2000 || token.chars().anyMatch(Character::isWhitespace)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Mã truy cập không hợp lệ. / Invalid"
                    + " access token.", List.of(new ApiProblem.FieldProblem("accessToken", "invalid",
                    "Cần mã truy cập Trang (không có khoảng trắng, tối đa 2000 ký tự)",
                    "A Page access token is required (no blanks, at most 2000 characters)")));
        }
        if (body.name() != null && body.name().length() > 200) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Tên Trang quá dài. / Name too long.",
                    List.of(new ApiProblem.FieldProblem("name", "too-long", "Tối đa 200 ký tự", "At most 200 characters")));
        }
        String name = body.name();
        if (verifyOnConnect) {
            name = verify(pageId, token, name);
        }
        credentials.connect(pageId, name, token, caller.userId());
        return credentials.find(pageId).orElseThrow();
    }

    @DeleteMapping("/{pageId}/token")
    ResponseEntity<Void> disconnect(Caller caller, @PathVariable String pageId) {
        Access.requireAdmin(caller);
        validPageId(pageId);
        if (!credentials.disconnect(pageId, caller.userId())) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "page-not-found", "Không có Trang " + pageId
                    + ". / No Page " + pageId + ".");
        }
        return ResponseEntity.noContent().build();
    }

    /** Asks Graph whose token this is; refuses a token that Graph rejects or that belongs to another Page. */
    private String verify(String pageId, String token, String name) {
        JsonNode me;
        try {
            me = guards.withRetries(pageId, true, () -> graph.whoAmI(pageId, token));
        } catch (GraphFailure f) {
            if (f.permanent()) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "token-rejected", "Facebook từ chối mã truy cập"
                        + " này (mã " + f.code() + "). / Facebook rejected this token (code " + f.code() + ").");
            }
            throw unavailable();
        } catch (RuntimeException e) {
            if (PageGuards.refusedLocally(e)) {
                throw unavailable();
            }
            throw e;
        }
        if (!pageId.equals(me.path("id").asString())) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "token-for-another-page", "Mã truy cập này thuộc"
                    + " Trang khác. / This token belongs to another Page.");
        }
        return name != null && !name.isBlank() ? name : me.path("name").asString(null);
    }

    private static ApiProblem unavailable() {
        return new ApiProblem(HttpStatus.BAD_GATEWAY, "facebook-unavailable", "Không kiểm tra được mã với Facebook,"
                + " hãy thử lại. / Could not check the token with Facebook, try again.");
    }

    private static void validPageId(String pageId) {
        if (!PAGE_ID.matcher(pageId).matches()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Mã Trang không hợp lệ. / Invalid Page"
                    + " id.", List.of(new ApiProblem.FieldProblem("pageId", "invalid", "Mã Trang không hợp lệ",
                    "Invalid Page id")));
        }
    }
}
