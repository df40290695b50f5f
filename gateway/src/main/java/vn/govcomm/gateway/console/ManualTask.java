package vn.govcomm.gateway.console;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A manual-channel task as the console shows it (read from the manual adapter's {@code /api/manual/tasks} answers):
 * what the target agency must publish where, by when, in which state, and the evidence it sent with the issuing
 * agency's decisions. Times in Vietnam ({@link ConsoleWords}); links only when they are http(s).
 */
/* Methods used by the templates are public: SpEL calls public methods only. */
record ManualTask(String deliveryId, String campaignId, String campaignCode, String campaignTitle, String agencyId,
                  String issuingAgencyId, String endpointName, String kind, String state, int attempt, String window,
                  String deadline, Instant dueAt, boolean overdue, List<Evidence> evidence) {

    static final List<String> STATES = List.of("AWAITING_CONFIRMATION", "AWAITING_REVIEW", "REJECTED", "ACCEPTED",
            "CANCELLED");
    static boolean isState(String state) {
        return state != null && STATES.contains(state);
    }

    /** States in which the target agency still has to send (or send again) its evidence. */
    private static final Set<String> AWAITING_AGENCY = Set.of("AWAITING_CONFIRMATION", "REJECTED");

    /**
     * One piece of evidence and the review it got (blank decision: not reviewed yet). {@code submittedBy} and
     * {@code reviewedBy} are people's names (the user id for evidence stored before names were kept).
     */
    record Evidence(String evidenceId, String url, String note, String publishedOn, String fileName, String fileType,
                    String fileSize, String submittedBy, String submittedAt, String decision, String reason,
                    String reviewedBy, String reviewedAt, Instant submitted) {

        public boolean hasFile() {
            return !fileName.isEmpty();
        }
    }

    static ManualTask of(JsonNode t, Instant now) {
        JsonNode campaign = t.path("campaign");
        String state = t.path("state").asString("");
        JsonNode due = t.path("deadline");
        Instant dueAt = instant(due);
        boolean overdue = AWAITING_AGENCY.contains(state) && dueAt != null && dueAt.isBefore(now);
        JsonNode window = t.path("window");
        String windowText = window.isObject() ? ConsoleWords.windowOf(window.path("startsAt"), window.path("endsAt")) : "";
        List<Evidence> evidence = new ArrayList<>();
        t.path("evidence").forEach(e -> evidence.add(evidence(e)));
        return new ManualTask(t.path("deliveryId").asString(""),
                first(t.path("campaignId"), campaign.path("id"), campaign.path("campaignId")),
                first(t.path("campaignCode"), campaign.path("code")),
                first(t.path("campaignTitle"), campaign.path("title")),
                t.path("agencyId").asString(""), first(t.path("issuingAgencyId"), campaign.path("issuingAgencyId")),
                t.path("endpointName").asString(""), t.path("kind").asString(""), state,
                t.path("attempt").asInt(t.path("currentAttempt").asInt(1)), windowText, ConsoleWords.deadlineOf(due), dueAt,
                overdue, evidence);
    }

    /** The tasks of a list answer: an array, or an object holding one under {@code items} or {@code tasks}. */
    static List<ManualTask> list(JsonNode answer, Instant now) {
        JsonNode items = answer.isArray() ? answer : answer.has("items") ? answer.path("items") : answer.path("tasks");
        List<ManualTask> tasks = new ArrayList<>();
        items.forEach(t -> tasks.add(of(t, now)));
        return tasks;
    }

    private static Evidence evidence(JsonNode e) {
        JsonNode file = e.path("file");
        JsonNode review = e.path("review");
        String url = e.path("url").asString("");
        return new Evidence(e.path("evidenceId").asString(""), link(url) ? url : "", e.path("note").asString(""),
                day(e.path("publishedOn")), file.path("name").asString(""), file.path("mediaType").asString(""),
                size(file.path("sizeBytes")),
                ConsoleWords.personOf(e.path("submittedBy").asString(""), e.path("submittedByName").asString("")),
                when(e.path("submittedAt")), review.path("decision").asString(""), review.path("reason").asString(""),
                ConsoleWords.personOf(review.path("by").asString(""), review.path("byName").asString("")),
                when(review.path("at")), instant(e.path("submittedAt")));
    }

    public boolean awaitsAgency() {
        return AWAITING_AGENCY.contains(state);
    }

    public boolean awaitsReview() {
        return "AWAITING_REVIEW".equals(state);
    }

    /** The newest evidence's submission time (blank when none was sent). */
    public String lastSubmittedAt() {
        return evidence.isEmpty() ? "" : evidence.getLast().submittedAt();
    }

    /** Sort keys: soonest deadline first, oldest submission first; unknown last. */
    public Instant deadlineOrder() {
        return dueAt == null ? Instant.MAX : dueAt;
    }

    public Instant lastSubmittedOrder() {
        return evidence.isEmpty() || evidence.getLast().submitted() == null ? Instant.MAX : evidence.getLast().submitted();
    }

    /** "SNV-CCHC-2023 — Khảo sát…", whichever of the two is known. */
    public String campaignLabel() {
        if (campaignCode.isEmpty()) {
            return campaignTitle.isEmpty() ? campaignId : campaignTitle;
        }
        return campaignTitle.isEmpty() ? campaignCode : campaignCode + " — " + campaignTitle;
    }

    static boolean link(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
    }

    static String when(JsonNode value) {
        return ConsoleWords.whenOf(value);
    }

    private static String day(JsonNode value) {
        return ConsoleWords.dayOf(value);
    }

    private static Instant instant(JsonNode value) {
        return ConsoleWords.instant(value);
    }

    private static String size(JsonNode bytes) {
        if (!bytes.isNumber()) {
            return "";
        }
        long b = bytes.asLong();
        return b < 1024 * 1024 ? Math.max(1, Math.round(b / 1024.0)) + " KB"
                : String.format(Locale.ROOT, "%.1f MB", b / (1024.0 * 1024.0));
    }

    private static String first(JsonNode... values) {
        for (JsonNode v : values) {
            if (v.isString() && !v.asString().isBlank()) {
                return v.asString();
            }
        }
        return "";
    }
}
