package vn.govcomm.led.playlists;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.led.screens.ScreenRegistry;
import vn.govcomm.led.screens.ScreenSize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets an officer see how an LED text will look on a given screen before submitting it:
 * {@code POST /api/led/screens/{screenId}/preview {"text", "durationSec"}} → lines and pages, or 422 when it
 * cannot fit.
 */
@RestController
class PreviewController {

    record PreviewRequest(String text, Integer durationSec) {
    }

    private final ScreenRegistry screens;
    private final PlaylistProperties properties;

    PreviewController(ScreenRegistry screens, PlaylistProperties properties) {
        this.screens = screens;
        this.properties = properties;
    }

    @PostMapping("/api/led/screens/{screenId}/preview")
    Map<String, Object> preview(@PathVariable String screenId, @RequestBody PreviewRequest request) {
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
}
