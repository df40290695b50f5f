package vn.govcomm.gateway.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.CallerTokens;
import vn.govcomm.gateway.security.Identity;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What needs attention on the channels, from the adapters' existing read endpoints with the user's caller token
 * (each its own part: one that refuses or does not answer is said so, the others still shown):
 * <ul>
 *   <li>Facebook {@code GET /api/facebook/pages}: Pages not connected (needs attention with its reason, disconnected),
 *       and Pages the directory names that were never connected;</li>
 *   <li>Zalo {@code GET /api/zalo/oas}: OA connections marked "needs attention", with the reason;</li>
 *   <li>LED {@code GET /api/led/screens}: screens offline (since when) or never seen;</li>
 *   <li>portal {@code GET /api/portal/campaigns/{id}/not-fetched}: for one campaign, the portals that have not fetched
 *       its items (since they became available); the adapter keeps no per-portal "last fetch" outside a campaign.</li>
 * </ul>
 * Pages and OAs belong to the platform, not to an agency: the agency is found from the directory (an endpoint of that
 * channel whose {@code externalId} is the Page or OA id). Each adapter answers its list with what the user may see
 * (admins everything; an agency's officers, approvers and viewers their agency's Pages, OAs and screens, found the
 * same way from the directory by the adapter), so an agency's users read their own endpoints here; a part an adapter
 * refuses (403, e.g. an adapter of an older version) is shown as "only administrators see this".
 */
@Component
class ChannelHealth {

    static final String FACEBOOK_PAGES = "/api/facebook/pages";
    static final String ZALO_OAS = "/api/zalo/oas";
    static final String LED_SCREENS = "/api/led/screens";
    static final String PORTAL_NOT_FETCHED = "/api/portal/campaigns/{id}/not-fetched";

    /** How a part went: read, refused by the adapter (403), or no answer / an error (unavailable). */
    enum State { READ, REFUSED, UNAVAILABLE, NOT_ASKED }

    /** One thing to fix: where (agency, channel, the endpoint's name), why, the fix, since when (may be null). */
    record Issue(String agencyId, String channel, String target, String reason, Instant since) {
    }

    record Report(Map<String, State> parts, List<Issue> issues) {
    }

    private record Adapter(String routeId, RestClient client) {
    }

    private final Map<String, Adapter> adapters = new HashMap<>();
    private final CallerTokens tokens;
    private final PlatformApi api;
    private final JsonMapper json = JsonMapper.builder().build();

    ChannelHealth(RestClient.Builder builder, CallerTokens tokens, PlatformApi api,
                  @Value("${PORTAL_ADAPTER_URL:http://localhost:8083}") String portalUrl,
                  @Value("${FACEBOOK_ADAPTER_URL:http://localhost:8084}") String facebookUrl,
                  @Value("${ZALO_ADAPTER_URL:http://localhost:8085}") String zaloUrl,
                  @Value("${LED_ADAPTER_URL:http://localhost:8086}") String ledUrl) {
        this.tokens = tokens;
        this.api = api;
        // A page of the console must not hang on one adapter: short timeouts, then that part is "unavailable".
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(Duration.ofSeconds(2));
        factory.setReadTimeout(Duration.ofSeconds(5));
        adapters.put(Channels.PORTAL, new Adapter("portal-feeds", builder.clone().requestFactory(factory).baseUrl(portalUrl).build()));
        // the Facebook and Zalo routes are named after their channel (gateway.yml)
        adapters.put(Channels.FACEBOOK, new Adapter(Channels.FACEBOOK, builder.clone().requestFactory(factory).baseUrl(facebookUrl).build()));
        adapters.put(Channels.ZALO, new Adapter(Channels.ZALO, builder.clone().requestFactory(factory).baseUrl(zaloUrl).build()));
        adapters.put(Channels.LED, new Adapter("led-screens", builder.clone().requestFactory(factory).baseUrl(ledUrl).build()));
    }

    /** The channels the page has a part for, in this order. */
    static final List<String> CHANNELS = List.of(Channels.FACEBOOK, Channels.ZALO, Channels.LED, Channels.PORTAL);

    /** Everything that needs attention (agency null: every agency), the portal part for {@code campaignId} if given. */
    Report read(Identity me, String agency, String campaignId) {
        Map<String, Owner> owners = owners(me);
        Map<String, State> parts = new LinkedHashMap<>();
        List<Issue> issues = new ArrayList<>();

        Answer pages = get(me, Channels.FACEBOOK, FACEBOOK_PAGES);
        parts.put(Channels.FACEBOOK, pages.state());
        if (pages.body() != null) {
            Map<String, Boolean> listed = new HashMap<>();
            for (JsonNode page : pages.body()) {
                String pageId = page.path("pageId").asString("");
                listed.put(pageId, true);
                String status = page.path("status").asString("");
                if (status.equals("CONNECTED")) {
                    continue;
                }
                String reason = status.equals("NEEDS_ATTENTION") ? page.path("attentionReason").asString("unknown")
                        : "not_connected";
                issues.add(new Issue(agencyOf(owners, Channels.FACEBOOK, pageId), Channels.FACEBOOK,
                        page.path("name").asString(pageId), Channels.FACEBOOK + "." + reason,
                        instant(page.path("attentionSince"), page.path("updatedAt"))));
            }
            owners.forEach((k, owner) -> {
                if (k.startsWith(Channels.FACEBOOK + "|") && !listed.containsKey(k.substring(k.indexOf('|') + 1))) {
                    issues.add(new Issue(owner.agencyId(), Channels.FACEBOOK, owner.name(), Channels.FACEBOOK + ".never_connected", null));
                }
            });
        }

        Answer oas = get(me, Channels.ZALO, ZALO_OAS);
        parts.put(Channels.ZALO, oas.state());
        if (oas.body() != null) {
            for (JsonNode oa : oas.body()) {
                String reason = oa.path("attentionReason").asString("");
                if (!reason.isBlank()) {
                    String oaId = oa.path("id").asString("");
                    Owner owner = owners.get(key(Channels.ZALO, oaId));
                    issues.add(new Issue(owner == null ? null : owner.agencyId(), Channels.ZALO,
                            owner == null ? oaId : owner.name(), Channels.ZALO + "." + reason,
                            instant(oa.path("updatedAt"))));
                }
            }
        }

        Answer screens = get(me, Channels.LED, LED_SCREENS);
        parts.put(Channels.LED, screens.state());
        if (screens.body() != null) {
            for (JsonNode screen : screens.body()) {
                String name = screen.path("displayName").asString(screen.path("screenId").asString(""));
                if (screen.path("offlineSince").isString()) {
                    issues.add(new Issue(screen.path("agencyId").asString(null), Channels.LED, name, Channels.LED + ".offline",
                            instant(screen.path("offlineSince"))));
                } else if (!screen.path("lastHeartbeatAt").isString()) {
                    issues.add(new Issue(screen.path("agencyId").asString(null), Channels.LED, name, Channels.LED + ".never_seen", null));
                }
            }
        }

        if (campaignId == null) {
            parts.put(Channels.PORTAL, State.NOT_ASKED);
        } else {
            Answer notFetched = get(me, Channels.PORTAL, PORTAL_NOT_FETCHED, campaignId);
            parts.put(Channels.PORTAL, notFetched.state());
            if (notFetched.body() != null) {
                for (JsonNode item : notFetched.body().path("notFetched")) {
                    String portalId = item.path("portalId").asString("");
                    Owner owner = owners.get(key(Channels.PORTAL, portalId));
                    issues.add(new Issue(item.path("agencyId").asString(null), Channels.PORTAL,
                            owner == null ? portalId : owner.name(), Channels.PORTAL + ".not_fetched",
                            instant(item.path("availableSince"))));
                }
            }
        }
        List<Issue> kept = issues.stream().filter(i -> agency == null || agency.equals(i.agencyId()))
                .sorted(Comparator.comparing((Issue i) -> i.agencyId() == null ? "" : i.agencyId())
                        .thenComparing(i -> CHANNELS.indexOf(i.channel())).thenComparing(Issue::target))
                .toList();
        return new Report(parts, kept);
    }

    /** The agency whose endpoint a Page or OA is, and what the directory calls that endpoint (else its id). */
    private record Owner(String agencyId, String name) {
    }

    private static String agencyOf(Map<String, Owner> owners, String channel, String externalId) {
        Owner owner = owners.get(key(channel, externalId));
        return owner == null ? null : owner.agencyId();
    }

    /** channel|externalId → its owner, for Pages, OAs and portals (the directory; empty when it cannot be read). */
    private Map<String, Owner> owners(Identity me) {
        Map<String, Owner> owners = new HashMap<>();
        try {
            for (JsonNode agency : api.get(Service.CAMPAIGNS, me, "/api/agencies")) {
                for (JsonNode endpoint : agency.path("endpoints")) {
                    String channel = endpoint.path("channel").asString("");
                    String external = endpoint.path("externalId").asString("");
                    if (!channel.equals(Channels.LED) && CHANNELS.contains(channel) && !external.isBlank()) {
                        owners.putIfAbsent(key(channel, external), new Owner(agency.path("agencyId").asString(""),
                                endpoint.path("displayName").asString(external)));
                    }
                }
            }
        } catch (ApiFailure e) {
            // without the directory, Pages and OAs are listed under "agency unknown"
        }
        return owners;
    }

    private static String key(String channel, String externalId) {
        return channel + "|" + externalId;
    }

    private record Answer(State state, JsonNode body) {
    }

    private Answer get(Identity me, String channel, String path, Object... vars) {
        Adapter adapter = adapters.get(channel);
        try {
            String body = adapter.client().get().uri(path, vars)
                    .headers(h -> h.set(HttpHeaders.AUTHORIZATION, tokens.bearer(adapter.routeId(), me)))
                    .retrieve().body(String.class);
            return new Answer(State.READ, json.readTree(body == null ? "null" : body));
        } catch (RestClientResponseException e) {
            int status = e.getStatusCode().value();
            if (status == 404 && channel.equals(Channels.PORTAL)) {
                return new Answer(State.READ, null);      // no item of this campaign the user may see: nothing to fix
            }
            return new Answer(status == 403 ? State.REFUSED : State.UNAVAILABLE, null);
        } catch (RuntimeException e) {
            return new Answer(State.UNAVAILABLE, null);   // no answer, or no JSON: this part only
        }
    }

    private static Instant instant(JsonNode... values) {
        for (JsonNode value : values) {
            if (value.isString()) {
                try {
                    return Instant.parse(value.asString());
                } catch (DateTimeParseException e) {
                    // try the next one
                }
            }
        }
        return null;
    }
}
