package vn.govcomm.gateway.console;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A campaign's version history as the console shows it: each approved version of the content (the campaign service's
 * {@code GET /api/campaigns/{id}/versions}, oldest first) with who approved it, when, and what changed since the
 * version before it, compared here so the officer reads it in words ({@code versions.changed.<what>}).
 *
 * @param versions newest first (what an officer looks for first)
 * @param pending  the content version waiting for re-approval (an edit of an approved campaign), or 0 when none
 */
record CampaignVersions(List<Version> versions, int pending) {

    /**
     * @param approvedBy who approved it in people's words: the approver's name, the user id for versions approved
     *                   before names were kept
     * @param changes {@code first} for the first approved version, else what differs from the version before
     *                ({@code title}, {@code body}, {@code ledText}, {@code channels}, {@code window}, {@code other})
     * @param approvedAt the instant as the service sent it (the page formats it in Vietnam)
     */
    record Version(int number, String approvedBy, JsonNode approvedAt, String comment, List<String> changes,
                   boolean current) {

        public boolean first() {
            return changes.equals(List.of("first"));
        }

        /** The message keys of the changes, for the page. */
        public List<String> changeKeys() {
            return changes.stream().map(c -> "version.changed." + c).toList();
        }
    }

    static CampaignVersions of(JsonNode campaign, JsonNode approved) {
        int currentNumber = campaign.path("approvedVersion").asInt(0);
        List<JsonNode> all = new ArrayList<>();
        if (approved != null && approved.isArray()) {
            approved.forEach(all::add);
        }
        if (currentNumber == 0 && !all.isEmpty()) {
            currentNumber = all.getLast().path("version").asInt();   // a service without the field: the newest is live
        }
        List<Version> versions = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            JsonNode v = all.get(i);
            int number = v.path("version").asInt();
            versions.add(new Version(number, ConsoleWords.personOf(v.path("approvedBy").asString(""),
                    v.path("approvedByName").asString("")), v.path("approvedAt"),
                    v.path("comment").asString(""), i == 0 ? List.of("first") : changes(all.get(i - 1), v),
                    number == currentNumber));
        }
        int noticeVersion = campaign.path("noticeVersion").asInt(0);
        boolean waiting = "SUBMITTED".equals(campaign.path("status").asString(""));
        int approvedNumber = campaign.path("approvedVersion").asInt(0);
        return new CampaignVersions(versions, waiting && approvedNumber > 0 && noticeVersion > approvedNumber ? noticeVersion : 0);
    }

    /** What differs between two consecutive versions' content; {@code other}: anything else (several at once). */
    static List<String> changes(JsonNode before, JsonNode after) {
        JsonNode a = before.path("content");
        JsonNode b = after.path("content");
        List<String> changed = new ArrayList<>();
        if (differs(a, b, "notice", "title")) {
            changed.add("title");
        }
        if (differs(a, b, "notice", "bodyHtml") || differs(a, b, "notice", "summary")) {
            changed.add("body");
        }
        if (differs(a, b, "notice", "ledText")) {
            changed.add("ledText");
        }
        if (!channels(a).equals(channels(b))) {
            changed.add("channels");
        }
        if (!Objects.equals(a.path("window"), b.path("window"))) {
            changed.add("window");
        }
        if (!Objects.equals(rest(a), rest(b))) {
            changed.add("other");   // e.g. the Facebook text, the targeted agencies, the deadline
        }
        return changed;
    }

    private static boolean differs(JsonNode a, JsonNode b, String object, String field) {
        return !a.path(object).path(field).asString("").equals(b.path(object).path(field).asString(""));
    }

    /** The content without what is compared by name above. */
    private static JsonNode rest(JsonNode content) {
        if (!(content instanceof ObjectNode object)) {
            return content;
        }
        ObjectNode rest = object.deepCopy();
        rest.remove("window");
        if (rest.get("notice") instanceof ObjectNode notice) {
            notice.remove(List.of("title", "bodyHtml", "summary", "ledText"));
        }
        rest.path("targets").forEach(t -> {
            if (t instanceof ObjectNode target) {
                target.remove("channels");
            }
        });
        return rest;
    }

    /** Every channel any target uses (per-target changes of agencies are "other" changes). */
    private static TreeSet<String> channels(JsonNode content) {
        TreeSet<String> channels = new TreeSet<>();
        content.path("targets").forEach(t -> t.path("channels").forEach(c -> channels.add(c.asString(""))));
        return channels;
    }
}
