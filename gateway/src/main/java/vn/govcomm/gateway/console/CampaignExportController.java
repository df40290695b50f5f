package vn.govcomm.gateway.console;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.util.HtmlUtils;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * A campaign's exports (the board's buttons): the reporting service's file for that kind
 * ({@code govcomm.console.exports}: xlsx, deliveries CSV, compliance CSV, print view), fetched with the user's caller
 * token and handed over with its type and file name. A refusal (another agency's or an unknown campaign: 404) or a
 * service that does not answer comes back as a short text with the service's status.
 */
@Controller
class CampaignExportController {

    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final PlatformApi api;
    private final ConsoleProperties properties;
    private final ConsolePages pages;

    CampaignExportController(PlatformApi api, ConsoleProperties properties, ConsolePages pages) {
        this.api = api;
        this.properties = properties;
        this.pages = pages;
    }

    @GetMapping("/console/campaigns/{id}/export/{kind:[a-z]+}")
    ResponseEntity<byte[]> export(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, @PathVariable String kind) {
        String path = properties.exports().get(kind);
        if (path == null) {
            return text(404, pages.message("export.unknown"));
        }
        ResponseEntity<byte[]> file;
        try {
            file = api.file(Service.REPORTING, me, path, id);
        } catch (ApiFailure e) {
            if (kind.equals("print")) {
                // a page the officer reads in a tab, not a download: in words, and an HTML page with its language
                return page(e.status, pages.message(e.status == 404 ? "export.print.none" : "export.print.failed"),
                        pages.message("failure.title"), pages.message("export.print.back"), "/console/campaigns/" + id);
            }
            return text(e.status, e.getMessage());
        }
        return relayed(file);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name()); // markup only: Vietnamese letters stay letters
    }

    /** A short HTML page in the console's language (the print view opens in its own tab, without the console around it). */
    private static ResponseEntity<byte[]> page(int status, String message, String title, String back, String backPath) {
        String html = "<!DOCTYPE html><html lang=\"" + LocaleContextHolder.getLocale().getLanguage() + "\"><head>"
                + "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title></head><body><main><h1>" + escape(title)
                + "</h1><p role=\"alert\" id=\"failure\">" + escape(message) + "</p><p><a href=\""
                + escape(backPath) + "\">" + escape(back) + "</a></p></main></body></html>";
        return ResponseEntity.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .body(html.getBytes(StandardCharsets.UTF_8));
    }

    /** A service's file as the browser gets it: its bytes, type, file name (disposition) and caching rule. */
    static ResponseEntity<byte[]> relayed(ResponseEntity<byte[]> file) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(Optional.ofNullable(file.getHeaders().getContentType()).orElse(MediaType.APPLICATION_OCTET_STREAM));
        for (String name : new String[]{HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.CACHE_CONTROL}) {
            String value = file.getHeaders().getFirst(name);
            if (value != null) {
                headers.set(name, value);
            }
        }
        return ResponseEntity.ok().headers(headers).body(file.getBody());
    }

    /** A refusal where a file was asked for: a short text with the status. */
    static ResponseEntity<byte[]> text(int status, String message) {
        return ResponseEntity.status(status).contentType(TEXT).body(message.getBytes(StandardCharsets.UTF_8));
    }
}
