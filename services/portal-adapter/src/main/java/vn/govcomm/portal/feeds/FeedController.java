package vn.govcomm.portal.feeds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.kit.web.ProblemDetailsAdvice;
import vn.govcomm.portal.PortalProperties;
import vn.govcomm.portal.access.FeedCredentials;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * GET /feeds/{portalId}/(agencies/{agencyId}/|categories/{category}/)?(rss.xml|atom.xml|feed.json) with the
 * portal's feed token ({@code Authorization: Bearer} or {@code ?token=}). Conditional requests are answered from
 * the feed version alone (no item read, no rendering); a 200 records FETCHED for the items it carried.
 */
@RestController
class FeedController {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final FeedDocuments documents;
    private final FeedCredentials credentials;
    private final FeedFetches fetches;
    private final String cacheControl;
    private final Map<FeedFormat, Map<Outcome, Counter>> counters = new EnumMap<>(FeedFormat.class);

    enum Outcome { OK, NOT_MODIFIED, DENIED }

    FeedController(FeedDocuments documents, FeedCredentials credentials, FeedFetches fetches,
                   PortalProperties properties, MeterRegistry meters) {
        this.documents = documents;
        this.credentials = credentials;
        this.fetches = fetches;
        // private: each portal has its own credential, shared caches must not answer another portal.
        this.cacheControl = "private, max-age=" + properties.maxAge().toSeconds();
        for (FeedFormat format : FeedFormat.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("govcomm.feed.requests")
                        .description("Feed requests by format and outcome")
                        .tag("format", format.tag()).tag("outcome", outcome.name().toLowerCase())
                        .register(meters));
            }
            counters.put(format, byOutcome);
        }
    }

    @GetMapping("/feeds/{portalId}/{file}")
    ResponseEntity<?> portalFeed(@PathVariable String portalId, @PathVariable String file,
                                 @RequestParam(value = "token", required = false) String token,
                                 @RequestHeader HttpHeaders headers, HttpMethod method) {
        return serve(new FeedSelector(portalId, null, null), file, token, headers, method);
    }

    @GetMapping("/feeds/{portalId}/agencies/{agencyId}/{file}")
    ResponseEntity<?> agencyFeed(@PathVariable String portalId, @PathVariable String agencyId,
                                 @PathVariable String file,
                                 @RequestParam(value = "token", required = false) String token,
                                 @RequestHeader HttpHeaders headers, HttpMethod method) {
        return serve(new FeedSelector(portalId, agencyId, null), file, token, headers, method);
    }

    @GetMapping("/feeds/{portalId}/categories/{category}/{file}")
    ResponseEntity<?> categoryFeed(@PathVariable String portalId, @PathVariable String category,
                                   @PathVariable String file,
                                   @RequestParam(value = "token", required = false) String token,
                                   @RequestHeader HttpHeaders headers, HttpMethod method) {
        return serve(new FeedSelector(portalId, null, category), file, token, headers, method);
    }

    private ResponseEntity<?> serve(FeedSelector selector, String file, String tokenParam, HttpHeaders headers,
                                    HttpMethod method) {
        Optional<FeedFormat> maybeFormat = FeedFormat.ofFile(file);
        if (maybeFormat.isEmpty() || !selector.valid()) {
            return problem(HttpStatus.NOT_FOUND, "feed-not-found",
                    "Không có nguồn tin này. / No such feed.", null);
        }
        FeedFormat format = maybeFormat.get();
        String token = bearer(headers.getFirst(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            token = tokenParam;
        }
        if (token == null || token.isBlank()) {
            count(format, Outcome.DENIED);
            return problem(HttpStatus.UNAUTHORIZED, "feed-credential-missing",
                    "Cần khóa truy cập nguồn tin (Authorization: Bearer hoặc ?token=). / "
                            + "A feed credential is required (Authorization: Bearer or ?token=).", "Bearer realm=\"feeds\"");
        }
        Optional<String> portal = credentials.portalOf(token);
        if (portal.isEmpty()) {
            count(format, Outcome.DENIED);
            return problem(HttpStatus.UNAUTHORIZED, "feed-credential-invalid",
                    "Khóa truy cập nguồn tin không hợp lệ hoặc đã bị thu hồi. / The feed credential is invalid or revoked.",
                    "Bearer realm=\"feeds\", error=\"invalid_token\"");
        }
        if (!portal.get().equals(selector.portalId())) {
            count(format, Outcome.DENIED);
            return problem(HttpStatus.FORBIDDEN, "feed-forbidden",
                    "Khóa này không được phép đọc nguồn tin của cổng khác. / This credential may not read another portal's feeds.",
                    null);
        }

        FeedVersions.FeedState state = documents.state(selector.portalId());
        String etag = documents.etag(state, selector, format);
        if (notModified(headers, etag, state.lastModified())) {
            count(format, Outcome.NOT_MODIFIED);
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(validators(etag, state.lastModified())).build();
        }
        FeedDocuments.Rendered rendered = documents.render(selector, format, state);
        if (method != HttpMethod.HEAD) { // a HEAD carries no items to the portal
            fetches.record(rendered.items());
        }
        count(format, Outcome.OK);
        HttpHeaders out = validators(etag, state.lastModified());
        out.add(HttpHeaders.LINK, "<" + documents.hubUrl() + ">; rel=\"hub\"");
        out.add(HttpHeaders.LINK, "<" + documents.selfUrl(selector, format) + ">; rel=\"self\"");
        out.set(HttpHeaders.CONTENT_TYPE, format.contentType());
        return ResponseEntity.ok().headers(out).body(rendered.body());
    }

    private HttpHeaders validators(String etag, Instant lastModified) {
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.ETAG, etag);
        h.set(HttpHeaders.LAST_MODIFIED, HTTP_DATE.format(lastModified));
        h.set(HttpHeaders.CACHE_CONTROL, cacheControl);
        h.set(HttpHeaders.VARY, "Authorization");
        return h;
    }

    /**
     * RFC 9110 §13.1.2/§13.2.2: If-None-Match (weak comparison) decides when present; otherwise If-Modified-Since
     * compares whole seconds.
     */
    static boolean notModified(HttpHeaders headers, String etag, Instant lastModified) {
        String ifNoneMatch = headers.getFirst(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = headers.getFirst(HttpHeaders.IF_MODIFIED_SINCE);
        if (ifModifiedSince != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return !lastModified.isAfter(since);
            } catch (DateTimeParseException e) {
                return false; // an invalid date is ignored (RFC 9110 §13.1.3)
            }
        }
        return false;
    }

    private static String bearer(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    private void count(FeedFormat format, Outcome outcome) {
        counters.get(format).get(outcome).increment();
    }

    private static ResponseEntity<?> problem(HttpStatus status, String code, String detail, String challenge) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (challenge != null) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return builder.body(ProblemDetailsAdvice.problem(status, code, detail));
    }
}
