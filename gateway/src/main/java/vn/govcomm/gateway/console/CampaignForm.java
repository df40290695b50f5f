package vn.govcomm.gateway.console;

import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.Channels;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the wizard posts: the notice per channel, targets (agencies × channels), window and schedule, the deadline
 * by which the target agencies must have published (a date in the window; blank = the window's end) and the
 * reminder days relative to it ("-3, 0, 2": three days before, on the day, two days after; blank = the service's
 * default), and the plan task it carries out ({@code planTaskId}; blank = none).
 */
record CampaignForm(String code, String title, String summary, String bodyHtml, String ledText, String facebookText,
                    String zaloTitle, String zaloAuthor, String zaloDescription, String group, List<String> agencies,
                    List<String> channels, String startDate, String endDate, String publishAt, String priority,
                    Integer repeatEveryMinutes, Integer durationSec, Integer ledLines, Integer ledChars,
                    String deadline, String reminders, String planTaskId) {

    /** The contracts' one list: a channel added there appears in the wizard (with its name in the bundles). */
    static final List<String> ALL_CHANNELS = Channels.ALL;
    /**
     * Ticked in a new campaign: the channels the platform posts to. Manual and e-mail are opt-in (not every agency
     * has such endpoints, and a manual channel asks the agency for work).
     */
    static final List<String> DEFAULT_CHANNELS = List.of(Channels.PORTAL, Channels.FACEBOOK, Channels.ZALO, Channels.LED);
    /** Whole numbers separated by commas, semicolons or spaces: "-3, 0, 2", "-3; 0; 2", "-3 0 2". */
    private static final Pattern OFFSETS = Pattern.compile("\\s*[+-]?\\d{1,3}((\\s*[,;]\\s*|\\s+)[+-]?\\d{1,3})*\\s*");

    CampaignForm {
        agencies = agencies == null ? List.of() : agencies;
        channels = channels == null ? List.of() : channels;
    }

    static CampaignForm empty() {
        LocalDate today = LocalDate.now(ConsoleWords.VIETNAM);
        return new CampaignForm("", "", "", "", "", "", "", "", "", "co-quan-chuyen-mon", List.of(), DEFAULT_CHANNELS,
                today.toString(), today.plusMonths(1).toString(), "", "NORMAL", null, null, 3, 24, "", "", "");
    }

    /** The same form for the plan task {@code taskId}. */
    CampaignForm withPlanTask(String taskId) {
        return new CampaignForm(code, title, summary, bodyHtml, ledText, facebookText, zaloTitle, zaloAuthor,
                zaloDescription, group, agencies, channels, startDate, endDate, publishAt, priority, repeatEveryMinutes,
                durationSec, ledLines, ledChars, deadline, reminders, taskId);
    }

    /** The form of an existing campaign (for editing a draft or a rejected campaign). */
    static CampaignForm of(JsonNode c) {
        JsonNode n = c.path("notice");
        List<String> agencies = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        c.path("targets").forEach(t -> {
            agencies.add(t.path("agencyId").asString());
            t.path("channels").forEach(ch -> {
                if (!channels.contains(ch.asString())) {
                    channels.add(ch.asString());
                }
            });
        });
        JsonNode w = c.path("window");
        String publishAt = c.path("publishAt").isMissingNode() || c.path("publishAt").isNull() ? ""
                : Instant.parse(c.path("publishAt").asString()).atZone(ConsoleWords.VIETNAM).toLocalDateTime().toString();
        JsonNode led = c.path("ledSchedule");
        return new CampaignForm(c.path("code").asString(""), n.path("title").asString(""), n.path("summary").asString(""),
                n.path("bodyHtml").asString(""), n.path("ledText").asString(""), n.path("facebookText").asString(""),
                n.path("zaloArticle").path("title").asString(""), n.path("zaloArticle").path("author").asString(""),
                n.path("zaloArticle").path("description").asString(""), "co-quan-chuyen-mon", agencies, channels,
                date(w.path("startsAt")), endDate(w.path("endsAt")), publishAt, c.path("priority").asString("NORMAL"),
                led.path("repeatEveryMinutes").isNumber() ? led.path("repeatEveryMinutes").asInt() : null,
                led.path("durationSec").isNumber() ? led.path("durationSec").asInt() : null, 3, 24,
                deadline(c.path("deadline")), offsets(c.path("reminders").path("offsetsDays")),
                c.path("planTaskId").asString(""));
    }

    /** A date as it is, or an instant (the end of that day in Vietnam, as the service keeps it) as its date. */
    private static String deadline(JsonNode value) {
        if (!value.isString() || value.asString().isBlank()) {
            return "";
        }
        String text = value.asString();
        return text.length() == 10 ? text : endDate(value);
    }

    private static String offsets(JsonNode days) {
        List<String> out = new ArrayList<>();
        days.forEach(d -> out.add(String.valueOf(d.asInt())));
        return String.join(", ", out);
    }

    /** The reminder days as numbers; empty when blank; null when not a comma-separated list of whole numbers. */
    List<Integer> reminderOffsets() {
        if (reminders == null || reminders.isBlank()) {
            return List.of();
        }
        String text = reminders.replace('\u2212', '-');   // a typographic minus pasted from a document
        if (!OFFSETS.matcher(text).matches()) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (String part : text.trim().split("\\s*[,;]\\s*|\\s+")) {
            out.add(Integer.parseInt(part));
        }
        return out;
    }

    /**
     * What the console can tell before asking the service: the wizard's field → message key. The service checks
     * everything again (ranges, duplicates) and its problems are shown at the same fields.
     */
    Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (reminderOffsets() == null) {
            problems.put("reminders", "wizard.problem.reminders");
        }
        if (blankToNull(deadline) != null) {
            try {
                LocalDate due = LocalDate.parse(deadline.trim());
                LocalDate from = LocalDate.parse(nullToEmpty(startDate));
                LocalDate to = LocalDate.parse(nullToEmpty(endDate));
                if (due.isBefore(from) || due.isAfter(to)) {
                    problems.put("deadline", "wizard.problem.deadline");
                }
            } catch (DateTimeParseException e) {
                // a malformed deadline or window: the service names the field
            }
        }
        return problems;
    }

    /** The wizard's field for a field the campaign service names in its problem details (null: no such field). */
    static String formField(String apiField) {
        if (apiField == null || apiField.isBlank()) {
            return null;
        }
        String f = apiField.replaceAll("\\[\\d+]", "");
        return switch (f) {
            case "code", "publishAt", "priority", "deadline", "planTaskId" -> f;
            case "notice.title" -> "title";
            case "notice.summary" -> "summary";
            case "notice.bodyHtml" -> "bodyHtml";
            case "notice.ledText" -> "ledText";
            case "notice.facebookText" -> "facebookText";
            case "notice.zaloArticle.author" -> "zaloAuthor";
            case "notice.zaloArticle.description" -> "zaloDescription";
            case "window.startDate", "window.startsAt" -> "startDate";
            case "window", "window.endDate", "window.endsAt" -> "endDate";
            case "ledSchedule.repeatEveryMinutes" -> "repeatEveryMinutes";
            case "ledSchedule.durationSec" -> "durationSec";
            case "targets.channels", "channels" -> "channels";
            default -> f.startsWith("reminders") ? "reminders"
                    : f.startsWith("notice.zaloArticle") ? "zaloTitle"
                    : f.startsWith("targets") ? "agencies"
                    : f.startsWith("deadline") ? "deadline" : null;
        };
    }

    private static String date(JsonNode instant) {
        return instant.isString() ? Instant.parse(instant.asString()).atZone(ConsoleWords.VIETNAM).toLocalDate().toString() : "";
    }

    /** The window ends at the end of its last day (exclusive instant = next midnight, or 23:59:59.999). */
    private static String endDate(JsonNode instant) {
        return instant.isString() ? ConsoleWords.lastDay(Instant.parse(instant.asString())).toString() : "";
    }

    /** The campaign service's request body; the issuing agency is always the signed-in user's. */
    Map<String, Object> toRequest(String issuingAgency) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("title", blankToNull(title));
        notice.put("summary", blankToNull(summary));
        notice.put("bodyHtml", blankToNull(bodyHtml));
        notice.put("ledText", blankToNull(ledText));
        notice.put("facebookText", blankToNull(facebookText));
        if (blankToNull(zaloTitle) != null) {
            Map<String, Object> zalo = new LinkedHashMap<>();
            zalo.put("title", zaloTitle);
            zalo.put("author", blankToNull(zaloAuthor));
            zalo.put("description", blankToNull(zaloDescription));
            notice.put("zaloArticle", zalo);
        }
        List<Map<String, Object>> targets = agencies.stream()
                .map(a -> Map.<String, Object>of("agencyId", a, "channels", channels)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", blankToNull(code));
        body.put("issuingAgencyId", issuingAgency);
        body.put("notice", notice);
        body.put("targets", targets);
        body.put("window", Map.of("startDate", nullToEmpty(startDate), "endDate", nullToEmpty(endDate)));
        if (blankToNull(publishAt) != null) {
            try {
                body.put("publishAt", LocalDateTime.parse(publishAt).atZone(ConsoleWords.VIETNAM).toOffsetDateTime().toString());
            } catch (DateTimeParseException e) {
                body.put("publishAt", publishAt); // the service answers with a field error
            }
        }
        body.put("priority", blankToNull(priority) == null ? "NORMAL" : priority);
        if (blankToNull(deadline) != null) {
            body.put("deadline", deadline.trim());
        }
        List<Integer> offsets = reminderOffsets();
        if (offsets != null && !offsets.isEmpty()) {
            body.put("reminders", Map.of("offsetsDays", offsets));
        }
        if (blankToNull(planTaskId) != null) {
            body.put("planTaskId", planTaskId.trim());
        }
        if (repeatEveryMinutes != null || durationSec != null) {
            Map<String, Object> led = new LinkedHashMap<>();
            led.put("repeatEveryMinutes", repeatEveryMinutes);
            led.put("durationSec", durationSec);
            body.put("ledSchedule", led);
        }
        return body;
    }

    int screenLines() {
        return ledLines == null ? 3 : Math.clamp(ledLines, 1, 20);
    }

    int screenChars() {
        return ledChars == null ? 24 : Math.clamp(ledChars, 4, 200);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
