package vn.govcomm.gateway.console;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The agency directory ({@code GET /api/agencies} of the campaign service) as the console names agencies and their
 * endpoints. Every signed-in user may read the whole directory, so one copy serves everybody: read with the caller
 * token of the user whose page needs it, kept for {@code govcomm.console.directory-refresh} (60 s); when the service
 * does not answer, the last copy stays (or ids are shown) and it is asked again after 10 s, not by every page.
 */
@Component
class AgencyNames {

    private static final Duration RETRY = Duration.ofSeconds(10);

    /**
     * One agency: its full name, its short name (where space is tight), its parent in the hierarchy (blank: none),
     * its groups and its endpoints' display names; {@code searchKey} (its names and id {@link #fold folded}, computed
     * once per read of the directory: a search over 10,000 agencies must not normalise 30,000 strings each time) and
     * {@code sortKey} (its label folded). Where it belongs: {@code provinceId} (one of the campaign service's province
     * codes; blank for a national agency) or {@code national}; {@code type} as the directory has it.
     */
    record Agency(String id, String name, String shortName, String parentId, List<String> groups,
                  Map<String, String> endpoints, String type, String provinceId, boolean national, String searchKey,
                  String sortKey) {

        Agency(String id, String name, String shortName, String parentId, List<String> groups, Map<String, String> endpoints,
               String type, String provinceId, boolean national) {
            this(id, name, shortName, parentId, groups, endpoints, type, provinceId, national,
                    fold(name) + "\n" + fold(shortName) + "\n" + fold(id), fold(name.isBlank() ? id : name));
        }

        Agency(String id, String name, String shortName, String parentId, List<String> groups, Map<String, String> endpoints) {
            this(id, name, shortName, parentId, groups, endpoints, "", "", false);
        }

        /** Whether it belongs to province {@code provinceId} (a national agency belongs to none). */
        boolean in(String provinceId) {
            return !national && this.provinceId.equals(provinceId);
        }

        /** Whether its name, short name or id contains {@code folded} (a text already {@link #fold folded}). */
        boolean matches(String folded) {
            return searchKey.contains(folded);
        }

        String label() {
            return name.isBlank() ? id : name;
        }

        String shortLabel() {
            return shortName.isBlank() ? label() : shortName;
        }
    }

    private final Function<Identity, JsonNode> directory;
    private final Duration refresh;
    private final Clock clock;
    private volatile Map<String, Agency> byId = Map.of();
    private volatile Instant next = Instant.MIN;

    @Autowired
    AgencyNames(PlatformApi api, ConsoleProperties properties) {
        this(reader -> api.get(Service.CAMPAIGNS, reader, "/api/agencies"), properties.directoryRefresh(), Clock.systemUTC());
    }

    /** {@code directory}: the directory's answer as {@code reader} gets it (an {@link ApiFailure} when it cannot). */
    AgencyNames(Function<Identity, JsonNode> directory, Duration refresh, Clock clock) {
        this.directory = directory;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** The directory as known now, read again first (as {@code reader}) when the copy is older than the refresh time. */
    Map<String, Agency> all(Identity reader) {
        if (reader != null && !clock.instant().isBefore(next)) {
            read(reader);
        }
        return byId;
    }

    /** Read the directory again at the next page (after the console itself changed it). */
    void forget() {
        next = Instant.MIN;
    }

    Optional<Agency> find(Identity reader, String agencyId) {
        return agencyId == null ? Optional.empty() : Optional.ofNullable(all(reader).get(agencyId));
    }

    /**
     * The ids of the agencies whose name, short name or id contains {@code text}, ignoring case and Vietnamese
     * diacritics ("so y te" finds "Sở Y tế"), in id order.
     */
    Set<String> matching(Identity reader, String text) {
        String wanted = fold(text);
        Set<String> ids = new LinkedHashSet<>();
        all(reader).values().stream().filter(a -> a.matches(wanted))
                .map(Agency::id).sorted().forEach(ids::add);
        return ids;
    }

    private synchronized void read(Identity reader) {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            return; // another page read it meanwhile
        }
        try {
            JsonNode list = directory.apply(reader);
            if (list.isArray()) {
                Map<String, Agency> read = new HashMap<>();
                list.forEach(a -> {
                    Map<String, String> endpoints = new LinkedHashMap<>();
                    a.path("endpoints").forEach(e -> endpoints.put(e.path("endpointId").asString(""),
                            e.path("displayName").asString("")));
                    String id = a.path("agencyId").asString("");
                    List<String> groups = new ArrayList<>();
                    a.path("groups").forEach(g -> groups.add(g.asString("")));
                    boolean national = a.path("national").asBoolean(false);
                    read.put(id, new Agency(id, a.path("name").asString(""), a.path("shortName").asString(""),
                            a.path("parentId").asString(""), List.copyOf(groups), endpoints, a.path("type").asString(""),
                            national ? "" : a.path("provinceId").asString(""), national));
                });
                byId = Map.copyOf(read);
                next = now.plus(refresh);
                return;
            }
        } catch (ApiFailure e) {
            // the last copy stays; pages show ids where they have no name
        }
        next = now.plus(RETRY);
    }

    /** Lower case, without diacritics (đ is d), for a search that forgives how a name is typed. */
    static String fold(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return decomposed.replace('đ', 'd').replace('Đ', 'D').toLowerCase(Locale.ROOT);
    }
}
