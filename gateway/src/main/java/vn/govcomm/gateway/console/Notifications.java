package vn.govcomm.gateway.console;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console tells a user, read at the services with the user's own caller token (so only what that user may
 * read): for approvers, the campaigns they may approve now ({@code allowedActions} has "approve": the four-eyes rule
 * is the campaign service's); for officers, their own campaigns (author or last editor) approved or rejected in the
 * last {@link #RECENT_DAYS} days, and the campaigns of their agency whose deadline passed in that time with agencies
 * that have not complied (the reporting service's period follow-up). Nothing is stored: a notification is there
 * while it is true (no "read" mark). A part whose service does not answer is shown as such; the others still are.
 */
@Component
class Notifications {

    static final int RECENT_DAYS = 14;

    private final PlatformApi api;
    private final Clock clock;

    @Autowired
    Notifications(PlatformApi api) {
        this(api, Clock.systemUTC());
    }

    Notifications(PlatformApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** A campaign waiting for this approver, since it was submitted. */
    record Waiting(String id, String code, String title, String submittedAt) {
    }

    /** An officer's campaign decided recently: approved, or rejected with the approver's reasons. */
    record Decided(String id, String code, String title, boolean approved, String at, List<String> reasons) {
    }

    /** A campaign past its deadline with agencies that have not complied. */
    record Overdue(String id, String code, String title, String deadline, int nonCompliant, int targets) {
    }

    /** One part: its items, or why it could not be read (null: read). */
    record Part<T>(List<T> items, String failure) {
    }

    /** Null parts are not the user's (an officer has no "waiting", an approver no "decided" of their own). */
    record View(Part<Waiting> waiting, Part<Decided> decided, Part<Overdue> overdue) {
        public int count() {
            return size(waiting) + size(decided) + size(overdue);
        }

        private static int size(Part<?> part) {
            return part == null ? 0 : part.items().size();
        }
    }

    View of(Identity me) {
        Part<Waiting> waiting = me.hasRole("approver") ? part(() -> waiting(me)) : null;
        Part<Decided> decided = me.hasRole("officer") ? part(() -> decided(me)) : null;
        Part<Overdue> overdue = me.hasRole("officer") && me.agency() != null ? part(() -> overdue(me)) : null;
        return new View(waiting, decided, overdue);
    }

    private List<Waiting> waiting(Identity me) {
        List<Waiting> out = new ArrayList<>();
        api.get(Service.CAMPAIGNS, me, "/api/campaigns", Map.of("status", "SUBMITTED")).forEach(c -> {
            if (contains(c.path("allowedActions"), "approve")) {
                out.add(new Waiting(c.path("id").asString(""), c.path("code").asString(""),
                        c.path("notice").path("title").asString(""), latest(c, "submitted").path("at").asString("")));
            }
        });
        return out;
    }

    private List<Decided> decided(Identity me) {
        Instant since = clock.instant().minus(Duration.ofDays(RECENT_DAYS));
        List<Decided> out = new ArrayList<>();
        api.get(Service.CAMPAIGNS, me, "/api/campaigns").forEach(c -> {
            boolean mine = me.userId().equals(c.path("createdBy").asString("")) || me.userId().equals(c.path("lastEditedBy").asString(""));
            JsonNode decision = latest(c, "approved", "rejected");
            Instant at = instant(decision.path("at").asString(""));
            if (mine && at != null && at.isAfter(since)) {
                List<String> reasons = new ArrayList<>();
                decision.path("reasons").forEach(r -> reasons.add(r.asString("")));
                out.add(new Decided(c.path("id").asString(""), c.path("code").asString(""),
                        c.path("notice").path("title").asString(""), decision.path("action").asString("").equals("approved"),
                        at.toString(), reasons));
            }
        });
        out.sort(Comparator.comparing(Decided::at).reversed());
        return out;
    }

    private List<Overdue> overdue(Identity me) {
        LocalDate today = LocalDate.now(clock.withZone(ConsoleWords.VIETNAM));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", today.minusDays(RECENT_DAYS).toString());
        query.put("to", today.toString());
        JsonNode period = api.get(Service.REPORTING, me, "/api/reports/follow-up", query);
        List<Overdue> out = new ArrayList<>();
        period.path("followUps").forEach(f -> {
            if (f.path("deadlinePassed").asBoolean(false) && f.path("nonCompliantAgencies").asInt(0) > 0) {
                out.add(new Overdue(f.path("campaignId").asString(""), f.path("code").asString(""),
                        f.path("title").asString(""), f.path("deadline").asString(""),
                        f.path("nonCompliantAgencies").asInt(), f.path("targetAgencies").asInt()));
            }
        });
        return out;
    }

    private interface Read<T> {
        List<T> items();
    }

    private static <T> Part<T> part(Read<T> read) {
        try {
            return new Part<>(read.items(), null);
        } catch (ApiFailure e) {
            return new Part<>(List.of(), e.getMessage());
        }
    }

    /** The campaign's latest decision among {@code actions} (a missing node when there is none). */
    private static JsonNode latest(JsonNode campaign, String... actions) {
        JsonNode found = MissingNode.getInstance();
        for (JsonNode d : campaign.path("decisions")) {
            if (List.of(actions).contains(d.path("action").asString(""))) {
                found = d;
            }
        }
        return found;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static Instant instant(String text) {
        try {
            return text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
