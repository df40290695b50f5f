package vn.govcomm.portal.wordpress;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.portal.Ids;
import vn.govcomm.portal.outbound.OutboundHttp;
import vn.govcomm.portal.outbound.OutboundUrlPolicy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Admins (only) switch a portal to WordPress push (or back to pull only). The password is never returned. The base
 * URL must pass the outbound-URL policy (https, a public address) when it is configured, and again on every call.
 */
@RestController
class WordPressAdminController {

    private final WordPressTargets targets;
    private final Clock clock;
    private final Validator validator;
    private final OutboundUrlPolicy outbound;

    WordPressAdminController(WordPressTargets targets, Clock clock, Validator validator, OutboundHttp outbound) {
        this.targets = targets;
        this.clock = clock;
        this.validator = validator;
        this.outbound = outbound.policy();
    }

    record Config(@NotBlank @Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL") String baseUrl,
                  @NotBlank @Size(max = 60) String username,
                  @NotBlank @Size(max = 200) String applicationPassword,
                  @Pattern(regexp = "publish|future|draft|pending|private",
                          message = "must be publish, future, draft, pending or private") String postStatus,
                  List<Integer> categories) {
    }

    record View(String portalId, String baseUrl, String username, boolean applicationPasswordSet, String postStatus,
                List<Integer> categories, Instant updatedAt) {
    }

    @PutMapping("/api/portal/portals/{portalId}/wordpress")
    View configure(@PathVariable String portalId, Caller caller, @RequestBody Config config) {
        Access.requireAdmin(caller);
        Ids.require("portalId", portalId);
        validate(config);
        String base = config.baseUrl().replaceAll("/+$", "");
        String status = config.postStatus() == null ? "publish" : config.postStatus();
        List<Integer> categories = config.categories() == null ? List.of() : List.copyOf(config.categories());
        targets.save(portalId, base, config.username(), config.applicationPassword(), status, categories, clock.instant());
        return view(portalId);
    }

    @GetMapping("/api/portal/portals/{portalId}/wordpress")
    View describe(@PathVariable String portalId, Caller caller) {
        Access.requireAdmin(caller);
        Ids.require("portalId", portalId);
        return view(portalId);
    }

    @DeleteMapping("/api/portal/portals/{portalId}/wordpress")
    ResponseEntity<Void> remove(@PathVariable String portalId, Caller caller) {
        Access.requireAdmin(caller);
        Ids.require("portalId", portalId);
        if (!targets.remove(portalId)) {
            throw notConfigured(portalId);
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * Validated here rather than with @Valid: in this service Boot's generic problem handler answers
     * MethodArgumentNotValidException before the kit's advice, without the field list.
     */
    private void validate(Config config) {
        var violations = validator.validate(config);
        List<ApiProblem.FieldProblem> fields = new ArrayList<>(violations.stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new ApiProblem.FieldProblem(v.getPropertyPath().toString(), "invalid",
                        v.getPropertyPath() + ": " + v.getMessage(), v.getPropertyPath() + ": " + v.getMessage()))
                .toList());
        if (violations.stream().noneMatch(v -> v.getPropertyPath().toString().equals("baseUrl"))) {
            try {
                outbound.check(config.baseUrl());
            } catch (OutboundUrlPolicy.Refused e) {
                fields.addFirst(new ApiProblem.FieldProblem("baseUrl", e.code(), "baseUrl: " + e.messageVi(),
                        "baseUrl: " + e.messageEn()));
            }
        }
        if (!fields.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", fields);
        }
    }

    private View view(String portalId) {
        return targets.find(portalId).map(t -> new View(portalId, t.baseUrl(), t.username(), true, t.postStatus(),
                t.categories(), t.updatedAt())).orElseThrow(() -> notConfigured(portalId));
    }

    private static ApiProblem notConfigured(String portalId) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "wordpress-not-configured",
                "Cổng " + portalId + " không dùng chế độ đẩy WordPress. / Portal " + portalId + " has no WordPress push.");
    }
}
