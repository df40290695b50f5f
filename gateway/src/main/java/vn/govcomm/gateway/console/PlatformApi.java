package vn.govcomm.gateway.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import vn.govcomm.gateway.security.CallerTokens;
import vn.govcomm.gateway.security.Identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The services as the console calls them: directly (same URLs as the routes), with a caller token freshly minted
 * for the signed-in user and the service's audience, exactly what the gateway forwards for that user's token.
 */
@Component
class PlatformApi {

    private final RestClient campaigns;
    private final RestClient publishing;
    private final RestClient reporting;
    private final RestClient manual;
    private final RestClient notifications;
    private final JsonMapper json = JsonMapper.builder().build();
    private final CallerTokens tokens;
    private final ConsolePages pages;

    PlatformApi(RestClient.Builder builder, CallerTokens tokens, ConsolePages pages,
                @Value("${CAMPAIGN_SERVICE_URL:http://localhost:8081}") String campaignUrl,
                @Value("${PUBLISHING_SERVICE_URL:http://localhost:8082}") String publishingUrl,
                @Value("${REPORTING_SERVICE_URL:http://localhost:8087}") String reportingUrl,
                @Value("${MANUAL_ADAPTER_URL:http://localhost:8088}") String manualUrl,
                @Value("${NOTIFICATION_SERVICE_URL:http://localhost:8090}") String notificationUrl) {
        this.tokens = tokens;
        this.pages = pages;
        this.campaigns = builder.clone().baseUrl(campaignUrl).build();
        this.publishing = builder.clone().baseUrl(publishingUrl).build();
        this.reporting = builder.clone().baseUrl(reportingUrl).build();
        this.manual = builder.clone().baseUrl(manualUrl).build();
        this.notifications = builder.clone().baseUrl(notificationUrl).build();
    }

    /** The services the console calls, by the id of their gateway route (which names their caller-token audience). */
    enum Service {
        CAMPAIGNS("campaigns"), PUBLISHING("publishing"), REPORTING("reporting"), MANUAL("manual"),
        NOTIFICATIONS("notifications");

        final String routeId;

        Service(String routeId) {
            this.routeId = routeId;
        }
    }

    /**
     * A failed call, with the service's problem detail (already bilingual) and stable {@code code} when it sent them,
     * and its field problems ({@code errors}); {@code unreachable} when no answer came at all (status 503 then).
     * {@code problem} is the whole problem document as it came (an empty object when the answer was no JSON): for
     * refusals that carry more than field problems, such as a directory import's report.
     */
    static final class ApiFailure extends RuntimeException {
        final int status;
        final String code;
        final List<FieldProblem> fields;
        final boolean unreachable;
        final transient JsonNode problem;

        ApiFailure(int status, String detail) {
            this(status, "", detail, List.of(), false, null);
        }

        ApiFailure(int status, String code, String detail, List<FieldProblem> fields, boolean unreachable,
                   JsonNode problem) {
            super(detail);
            this.status = status;
            this.code = code;
            this.fields = List.copyOf(fields);
            this.unreachable = unreachable;
            this.problem = problem == null ? JsonNodeFactory.instance.objectNode() : problem;
        }
    }

    /** One invalid field as the service named it, with its message in both languages. */
    record FieldProblem(String field, String messageVi, String messageEn) {
        String message(Locale locale) {
            return "en".equals(locale.getLanguage()) ? messageEn : messageVi;
        }
    }

    private RestClient client(Service service) {
        return switch (service) {
            case CAMPAIGNS -> campaigns;
            case PUBLISHING -> publishing;
            case REPORTING -> reporting;
            case MANUAL -> manual;
            case NOTIFICATIONS -> notifications;
        };
    }

    JsonNode get(Service service, Identity who, String path, Object... vars) {
        return call(() -> client(service).get().uri(path, vars).headers(h -> identity(h, service, who))
                .retrieve().body(String.class));
    }

    /**
     * A GET with query parameters ({@code name → value}; null or blank values are left out), each sent as a URI
     * variable so that it is encoded.
     */
    JsonNode get(Service service, Identity who, String path, Map<String, String> query, Object... vars) {
        StringBuilder template = new StringBuilder(path);
        List<Object> values = new ArrayList<>(List.of(vars));
        char separator = path.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            if (parameter.getValue() != null && !parameter.getValue().isBlank()) {
                template.append(separator).append(parameter.getKey()).append("={").append(parameter.getKey()).append('}');
                values.add(parameter.getValue());
                separator = '&';
            }
        }
        return get(service, who, template.toString(), values.toArray());
    }

    /** Empty when the service does not know it (404): a campaign not published yet, or not in the reports yet. */
    Optional<JsonNode> getIfKnown(Service service, Identity who, String path, Object... vars) {
        try {
            return Optional.of(get(service, who, path, vars));
        } catch (ApiFailure e) {
            if (e.status == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    JsonNode send(Service service, String method, Identity who, String path, Object body, Object... vars) {
        return sendOnce(service, method, who, path, body, null, vars);
    }

    /**
     * {@link #send} with {@code Idempotency-Key: <key>} when {@code key} is not null (a create repeated with the same
     * key finds the first one's result: {@link RequestKeys}).
     */
    JsonNode sendOnce(Service service, String method, Identity who, String path, Object body, String key,
                      Object... vars) {
        return call(() -> {
            RestClient.RequestBodySpec spec = client(service).method(HttpMethod.valueOf(method))
                    .uri(path, vars).headers(h -> {
                        identity(h, service, who);
                        if (key != null) {
                            h.set("Idempotency-Key", key);
                        }
                    });
            if (body != null) {
                spec = spec.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
            }
            return spec.retrieve().body(String.class);
        });
    }

    /**
     * {@link #send} with {@code If-Match: "<version>"}: an edit guarded by the version the user's form was read at
     * (the campaign service answers 412 when someone changed it since, 428 when no version is sent).
     */
    JsonNode sendIfMatch(Service service, String method, Identity who, String path, Object body, long version,
                         Object... vars) {
        return call(() -> client(service).method(HttpMethod.valueOf(method)).uri(path, vars)
                .headers(h -> identity(h, service, who)).header(HttpHeaders.IF_MATCH, "\"" + version + "\"")
                .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body)).retrieve().body(String.class));
    }

    /**
     * A multipart post (each part an entity with its own headers: a text field, a file with its name and type),
     * relayed with the user's caller token and nothing else of the browser's request.
     */
    JsonNode sendMultipart(Service service, Identity who, String path, MultiValueMap<String, HttpEntity<?>> parts,
                           Object... vars) {
        return call(() -> client(service).post().uri(path, vars).headers(h -> identity(h, service, who))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve().body(String.class));
    }

    /** A file the service serves (bytes and headers: an evidence file, an export); every refusal is an {@link ApiFailure}. */
    ResponseEntity<byte[]> file(Service service, Identity who, String path, Object... vars) {
        try {
            return client(service).get().uri(path, vars).headers(h -> identity(h, service, who))
                    .retrieve().toEntity(byte[].class);
        } catch (RestClientResponseException e) {
            throw failure(e);
        } catch (RestClientException e) {
            throw unreachable();
        }
    }

    private JsonNode call(Supplier<String> request) {
        try {
            String body = request.get();
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (RestClientResponseException e) {
            throw failure(e);
        } catch (RestClientException e) {
            throw unreachable();
        }
    }

    /** No answer at all (refused, timed out): 503, in the page's words. */
    private ApiFailure unreachable() {
        return new ApiFailure(503, "", pages.message("failure.serviceUnavailable"), List.of(), true, null);
    }

    private ApiFailure failure(RestClientResponseException e) {
        String detail = e.getStatusText();
        String code = "";
        List<FieldProblem> fields = new ArrayList<>();
        JsonNode document = null;
        try {
            JsonNode problem = json.readTree(e.getResponseBodyAsString());
            document = problem;
            code = problem.path("code").asString("");
            if (problem.hasNonNull("detail")) {
                detail = problem.path("detail").asString();
            }
            if (problem.path("errors").isArray() && !problem.path("errors").isEmpty()) {
                StringBuilder sb = new StringBuilder(detail);
                problem.path("errors").forEach(err -> sb.append(" — ").append(err.path("field").asString())
                        .append(": ").append(err.path("messageVi").asString(err.path("message").asString())));
                detail = sb.toString();
                problem.path("errors").forEach(err -> {
                    String message = err.path("message").asString("");
                    fields.add(new FieldProblem(err.path("field").asString(""),
                            err.path("messageVi").asString(message), err.path("messageEn").asString(message)));
                });
            }
        } catch (RuntimeException ignored) {
            // not JSON: keep the status text
        }
        return new ApiFailure(e.getStatusCode().value(), code, detail, fields, false, document);
    }

    private void identity(HttpHeaders h, Service service, Identity who) {
        h.set(HttpHeaders.AUTHORIZATION, tokens.bearer(service.routeId, who));
    }
}
