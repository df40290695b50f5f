package vn.govcomm.led.playlists;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.led.screens.ScreenRegistry;
import vn.govcomm.led.screens.ScreenSize;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets an officer see how an LED text will look on a given screen before submitting it:
 * {@code POST /api/led/screens/{screenId}/preview {"text", "durationSec"}} → lines and pages, or 422 when it
 * cannot fit.
 * <p>
 * Who: officers and approvers of the agency whose directory entry lists the screen, and admins (any screen, also
 * one the directory does not know: it gets the default size). Viewers get 403; a screen of another agency, or one
 * without an agency, gets 404 like a screen that does not exist. The caller is checked before the body is read.
 */
@RestController
class PreviewController {

    record PreviewRequest(String text, Integer durationSec) {
    }

    private final ScreenRegistry screens;
    private final PlaylistProperties properties;
    private final JsonMapper json;

    PreviewController(ScreenRegistry screens, PlaylistProperties properties, JsonMapper json) {
        this.screens = screens;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping("/api/led/screens/{screenId}/preview")
    Map<String, Object> preview(Caller caller, @PathVariable String screenId, HttpServletRequest http)
            throws IOException {
        Access.requireRole(caller, Caller.OFFICER, Caller.APPROVER, Caller.ADMIN);
        if (!caller.isAdmin() && !screens.agencyOf(screenId).map(caller::actsFor).orElse(false)) {
            throw Access.notFound("screen " + screenId);
        }
        PreviewRequest request = read(http);
        if (request.text() == null || request.text().isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Thiếu nội dung. / The text is missing.",
                    List.of(new ApiProblem.FieldProblem("text", "required", "Bắt buộc", "Required")));
        }
        ScreenSize size = screens.size(screenId);
        int duration = request.durationSec() == null ? properties.defaultDurationSec() : request.durationSec();
        try {
            Rendering.Rendered rendered = Rendering.render(request.text(), null, size, duration, properties.maxPages());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("screenId", screenId);
            body.put("screen", Map.of("lines", size.lines(), "charsPerLine", size.charsPerLine()));
            body.put("lines", rendered.lines());
            body.put("pages", rendered.pages());
            body.put("pageDurationSec", rendered.pageDurationSec());
            return body;
        } catch (Rendering.TooLong tooLong) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "led-text-too-long",
                    "Nội dung cần " + tooLong.pages + " trang trên màn hình này (tối đa " + properties.maxPages()
                            + "). / The text needs " + tooLong.pages + " pages on this screen (at most "
                            + properties.maxPages() + ").");
        }
    }

    /** The body, read only once the caller may preview (counted by the kit: over the service's limit → 413). */
    private PreviewRequest read(HttpServletRequest http) throws IOException {
        byte[] body = http.getInputStream().readAllBytes();
        try {
            PreviewRequest request = json.readValue(body, PreviewRequest.class);
            if (request != null) {
                return request;
            }
        } catch (JacksonException malformed) {
            // answered below, like an empty body or a JSON null
        }
        throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json",
                "Nội dung yêu cầu không phải JSON hợp lệ. / The request body is not valid JSON.");
    }
}
