package vn.govcomm.gateway.console;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.security.CallerTokens;
import vn.govcomm.gateway.security.Identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The dead-letter API of every service, as the console calls it: the services are those of the gateway's
 * {@code dead-letters-<service>} routes (their URI, and their caller-token audience from
 * {@code govcomm.security.caller-token.audiences}), called directly with a caller token minted for the signed-in
 * admin, like {@link PlatformApi} does for the campaign pages.
 */
@Component
class DeadLetterDesk {

    static final String ROUTE_PREFIX = "dead-letters-";
    private static final String API = "/api/dead-letters/topics";

    /** A service with a dead-letter route. */
    record Service(String name, String routeId, String baseUrl) {
    }

    /** One service's DLTs, or why they could not be read. */
    record Topics(Service service, List<JsonNode> topics, String error) {
    }

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final CallerTokens tokens;
    private final ConsolePages pages;
    private final RestClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    DeadLetterDesk(ObjectProvider<GatewayMvcProperties> gateway, CallerTokens tokens, ConsolePages pages,
                   RestClient.Builder builder) {
        this.tokens = tokens;
        this.pages = pages;
        GatewayMvcProperties routes = gateway.getIfAvailable();
        if (routes != null) {
            List<RouteProperties> all = new ArrayList<>(routes.getRoutes());
            all.addAll(routes.getRoutesMap().values());
            for (RouteProperties route : all) {
                if (route.getId() != null && route.getId().startsWith(ROUTE_PREFIX) && route.getUri() != null) {
                    String name = tokens.audience(route.getId());
                    services.put(name, new Service(name, route.getId(), route.getUri().toString().replaceAll("/$", "")));
                }
            }
        }
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3)).build());
        // above the services' replay wait (govcomm.dead-letters.replay-timeout, 10 s): a replay runs the listener
        // in the service before it answers, and the console must see that answer
        requests.setReadTimeout(Duration.ofSeconds(20));
        this.http = builder.clone().requestFactory(requests).build();
    }

    List<Service> services() {
        return List.copyOf(services.values());
    }

    Service service(String name) {
        return services.get(name);
    }

    /** Every service's DLTs, asked in parallel; a service that does not answer gets its error. */
    List<Topics> allTopics(Identity who) {
        Locale page = LocaleContextHolder.getLocale();   // the errors in the page's language
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Topics>> answers = new ArrayList<>();
            for (Service s : services.values()) {
                answers.add(parallel.submit(() -> {
                    LocaleContextHolder.setLocale(page);
                    try {
                        List<JsonNode> topics = new ArrayList<>();
                        call(s, who, HttpMethod.GET, API, null).path("topics").forEach(topics::add);
                        return new Topics(s, topics, null);
                    } catch (ApiFailure e) {
                        return new Topics(s, List.of(), e.getMessage());
                    } finally {
                        LocaleContextHolder.resetLocaleContext();
                    }
                }));
            }
            List<Topics> all = new ArrayList<>();
            for (Future<Topics> answer : answers) {
                all.add(answer.get());
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(503, "Interrupted");
        } catch (ExecutionException e) {
            throw new ApiFailure(500, String.valueOf(e.getCause()));
        }
    }

    JsonNode records(Service s, Identity who, String topic, Map<String, String> filters) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(API).pathSegment(topic, "records");
        filters.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                uri.queryParam(k, v);
            }
        });
        return call(s, who, HttpMethod.GET, uri.encode().build().toUriString(), null);
    }

    JsonNode record(Service s, Identity who, String topic, String id) {
        return call(s, who, HttpMethod.GET, path(topic, "records", id), null);
    }

    JsonNode replay(Service s, Identity who, String topic, String id) {
        return call(s, who, HttpMethod.POST, path(topic, "records", id, "replay"), Map.of());
    }

    JsonNode discard(Service s, Identity who, String topic, String id, String reason) {
        return call(s, who, HttpMethod.POST, path(topic, "records", id, "discard"), Map.of("reason", reason));
    }

    JsonNode replayMany(Service s, Identity who, String topic, Map<String, Object> request) {
        return call(s, who, HttpMethod.POST, path(topic, "replay"), request);
    }

    /** The path of this call as the gateway's route shows it, for the audit trail. */
    static String publicPath(Service s, String topic, String... rest) {
        return "/api/dead-letters/" + s.name() + path(topic, rest).substring("/api/dead-letters".length());
    }

    private static String path(String topic, String... rest) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(API).pathSegment(topic);
        uri.pathSegment(rest);
        return uri.encode().build().toUriString();
    }

    private JsonNode call(Service s, Identity who, HttpMethod method, String path, Object body) {
        try {
            RestClient.RequestBodySpec spec = http.method(method).uri(URI.create(s.baseUrl() + path))
                    .header(HttpHeaders.AUTHORIZATION, tokens.bearer(s.routeId(), who));
            if (body != null) {
                spec = spec.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
            }
            String answer = spec.retrieve().body(String.class);
            return answer == null || answer.isBlank() ? json.createObjectNode() : json.readTree(answer);
        } catch (RestClientResponseException e) {
            throw failure(e);
        } catch (RestClientException e) {
            throw new ApiFailure(503, pages.message("deadLetters.serviceUnavailable", s.name()));
        }
    }

    private ApiFailure failure(RestClientResponseException e) {
        String detail = e.getStatusText();
        try {
            JsonNode problem = json.readTree(e.getResponseBodyAsString());
            if (problem.hasNonNull("detail")) {
                detail = problem.path("detail").asString();
            }
            StringBuilder sb = new StringBuilder(detail);
            problem.path("errors").forEach(err -> sb.append(" — ").append(err.path("field").asString()).append(": ")
                    .append(err.path("messageVi").asString(err.path("message").asString())));
            detail = sb.toString();
        } catch (RuntimeException ignored) {
            // not JSON: the status text
        }
        return new ApiFailure(e.getStatusCode().value(), detail);
    }
}
