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
 * <p>
 * Targets as the campaign API takes them: single agencies ({@code agencies}), whole groups ({@code groupTargets},
 * resolved against the directory at approval) and "every unit under X" ({@code descendantsOf}). Each target gets the
 * campaign's {@code channels} unless the officer narrowed it: {@code targetChannels} holds {@code kind:id:channel}
 * (kind {@code agency}, {@code group} or {@code under}), and a target with any such value gets exactly those.
 * {@code agencyQuery}, {@code group} and {@code browse} (the agency whose units are listed) only steer the picker.
 * <p>
 * {@code attachments}: the files listed under the notice, uploaded already ({@link NoticeAttachments.Attachment}'s
 * hidden value; the campaign API takes their ids as {@code notice.attachmentIds}). Pictures placed in the body are
 * not listed: they are in {@code bodyHtml}.
 * <p>
 * Provinces (a national issuer only: a provincial one reaches its own province, the campaign service narrows its group
 * targets itself): {@code provinceTargets} are whole provinces ({@code {"province": "khanh-hoa"}}),
 * {@code provinceGroups} groups narrowed to one province as {@code group@province}; {@code province} only steers the
 * picker (the province whose agencies and groups it offers; blank: every province).
 */
record CampaignForm(String code, String title, String summary, String bodyHtml, String ledText, String facebookText,
                    String zaloTitle, String zaloAuthor, String zaloDescription, String group, List<String> agencies,
                    List<String> channels, String startDate, String endDate, String publishAt, String priority,
                    Integer repeatEveryMinutes, Integer durationSec, Integer ledLines, Integer ledChars,
                    String deadline, String reminders, String planTaskId, List<String> groupTargets,
                    List<String> descendantsOf, List<String> targetChannels, String agencyQuery, String browse,
                    List<String> attachments, String province, List<String> provinceTargets,
                    List<String> provinceGroups) {

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
        groupTargets = groupTargets == null ? List.of() : groupTargets;
        descendantsOf = descendantsOf == null ? List.of() : descendantsOf;
        targetChannels = targetChannels == null ? List.of() : targetChannels;
        attachments = attachments == null ? List.of() : attachments;
        provinceTargets = provinceTargets == null ? List.of() : provinceTargets;
        provinceGroups = provinceGroups == null ? List.of() : provinceGroups;
    }

    /** The listed files, once each, in the order they were added (values that are not one are left out). */
    public List<NoticeAttachments.Attachment> attachmentList() {
        List<NoticeAttachments.Attachment> out = new ArrayList<>();
        attachments.stream().map(NoticeAttachments.Attachment::parse).filter(a -> a != null)
                .filter(a -> out.stream().noneMatch(o -> o.id().equals(a.id()))).forEach(out::add);
        return out;
    }

    /** The same form with {@code file} listed under the notice too. */
    CampaignForm withAttachment(NoticeAttachments.Attachment file) {
        List<String> files = new ArrayList<>(attachments);
        files.add(file.value());
        return withAttachments(files);
    }

    /** The same form without the file {@code id}. */
    CampaignForm withoutAttachment(String id) {
        return withAttachments(attachmentList().stream().filter(a -> !a.id().equals(id))
                .map(NoticeAttachments.Attachment::value).toList());
    }

    private CampaignForm withAttachments(List<String> files) {
        return new CampaignForm(code, title, summary, bodyHtml, ledText, facebookText, zaloTitle, zaloAuthor,
                zaloDescription, group, agencies, channels, startDate, endDate, publishAt, priority, repeatEveryMinutes,
                durationSec, ledLines, ledChars, deadline, reminders, planTaskId, groupTargets, descendantsOf,
                targetChannels, agencyQuery, browse, files, province, provinceTargets, provinceGroups);
    }

    /** A form without attachments and provinces (as before they existed). */
    CampaignForm(String code, String title, String summary, String bodyHtml, String ledText, String facebookText,
                 String zaloTitle, String zaloAuthor, String zaloDescription, String group, List<String> agencies,
                 List<String> channels, String startDate, String endDate, String publishAt, String priority,
                 Integer repeatEveryMinutes, Integer durationSec, Integer ledLines, Integer ledChars,
                 String deadline, String reminders, String planTaskId, List<String> groupTargets,
                 List<String> descendantsOf, List<String> targetChannels, String agencyQuery, String browse) {
        this(code, title, summary, bodyHtml, ledText, facebookText, zaloTitle, zaloAuthor, zaloDescription, group,
                agencies, channels, startDate, endDate, publishAt, priority, repeatEveryMinutes, durationSec, ledLines,
                ledChars, deadline, reminders, planTaskId, groupTargets, descendantsOf, targetChannels, agencyQuery,
                browse, List.of(), "", List.of(), List.of());
    }

    /** The kinds of target, as {@code targetChannels} names them. */
    static final String AGENCY = "agency";
    static final String GROUP = "group";
    static final String UNDER = "under";
    /** A whole province (id: its code). */
    static final String PROVINCE = "province";
    /** A group narrowed to one province (id: {@code group@province}). */
    static final String GROUP_IN = "groupin";

    /** The form field that posts a target of {@code kind}. */
    static String field(String kind) {
        return switch (kind) {
            case GROUP -> "groupTargets";
            case UNDER -> "descendantsOf";
            case PROVINCE -> "provinceTargets";
            case GROUP_IN -> "provinceGroups";
            default -> "agencies";
        };
    }

    /** {@code group@province}: a group narrowed to one province, as the form and {@code targetChannels} name it. */
    static String groupIn(String group, String province) {
        return group + "@" + province;
    }

    /** One chosen target: its kind, its id (agency or group) and the channels the officer narrowed it to (empty: none). */
    record Target(String kind, String id, List<String> narrowed) {
        public String key() {
            return kind + ":" + id;
        }
    }

    /**
     * Every chosen target once (a box ticked twice counts once), single agencies first, then groups, then hierarchies,
     * then whole provinces and groups narrowed to a province.
     */
    List<Target> targets() {
        List<Target> out = new ArrayList<>();
        addTargets(out, AGENCY, agencies);
        addTargets(out, GROUP, groupTargets);
        addTargets(out, UNDER, descendantsOf);
        addTargets(out, PROVINCE, provinceTargets);
        addTargets(out, GROUP_IN, provinceGroups.stream().filter(v -> v != null && v.indexOf('@') > 0).toList());
        return out;
    }

    private void addTargets(List<Target> out, String kind, List<String> ids) {
        ids.stream().filter(id -> id != null && !id.isBlank()).map(String::strip).distinct()
                .forEach(id -> out.add(new Target(kind, id, narrowed(kind, id))));
    }

    /** The channels the officer ticked for this target, in the contracts' order (empty: the campaign's). */
    private List<String> narrowed(String kind, String id) {
        String prefix = kind + ":" + id + ":";
        List<String> ticked = targetChannels.stream().filter(v -> v != null && v.startsWith(prefix))
                .map(v -> v.substring(prefix.length())).toList();
        return ALL_CHANNELS.stream().filter(ticked::contains).toList();
    }

    /** Whether {@code kind:id} is among the chosen targets. */
    public boolean chose(String kind, String id) {
        return targets().stream().anyMatch(t -> t.kind().equals(kind) && t.id().equals(id));
    }

    static CampaignForm empty() {
        LocalDate today = LocalDate.now(ConsoleWords.VIETNAM);
        return new CampaignForm("", "", "", "", "", "", "", "", "", "co-quan-chuyen-mon", List.of(), DEFAULT_CHANNELS,
                today.toString(), today.plusMonths(1).toString(), "", "NORMAL", null, null, 3, 24, "", "", "",
                List.of(), List.of(), List.of(), "", "", List.of(), "", List.of(), List.of());
    }

    /** The same form for the plan task {@code taskId}. */
    CampaignForm withPlanTask(String taskId) {
        return new CampaignForm(code, title, summary, bodyHtml, ledText, facebookText, zaloTitle, zaloAuthor,
                zaloDescription, group, agencies, channels, startDate, endDate, publishAt, priority, repeatEveryMinutes,
                durationSec, ledLines, ledChars, deadline, reminders, taskId, groupTargets, descendantsOf, targetChannels,
                agencyQuery, browse, attachments, province, provinceTargets, provinceGroups);
    }

    /** The form of an existing campaign (for editing a draft or a rejected campaign). */
    static CampaignForm of(JsonNode c) {
        JsonNode n = c.path("notice");
        List<String> agencies = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> under = new ArrayList<>();
        List<String> provinces = new ArrayList<>();
        List<String> groupsIn = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        c.path("targets").forEach(t -> t.path("channels").forEach(ch -> {
            if (!channels.contains(ch.asString())) {
                channels.add(ch.asString());
            }
        }));
        // a target whose channels are not all of the campaign's was narrowed: its own boxes are ticked again
        List<String> narrowed = new ArrayList<>();
        c.path("targets").forEach(t -> {
            String province = t.path("province").asString("");
            String kind = t.hasNonNull("group") ? (province.isEmpty() ? GROUP : GROUP_IN)
                    : t.hasNonNull("descendantsOf") ? UNDER : t.hasNonNull("agencyId") || province.isEmpty() ? AGENCY : PROVINCE;
            // a hierarchy narrowed to a province is the issuer's own province (the service narrows it again)
            String id = switch (kind) {
                case GROUP, GROUP_IN -> kind.equals(GROUP) ? t.path("group").asString("") : groupIn(t.path("group").asString(""), province);
                case UNDER -> t.path("descendantsOf").asString("");
                case PROVINCE -> province;
                default -> t.path("agencyId").asString("");
            };
            (switch (kind) {
                case GROUP -> groups;
                case GROUP_IN -> groupsIn;
                case UNDER -> under;
                case PROVINCE -> provinces;
                default -> agencies;
            }).add(id);
            List<String> own = new ArrayList<>();
            t.path("channels").forEach(ch -> own.add(ch.asString()));
            if (own.size() < channels.size()) {
                own.forEach(ch -> narrowed.add(kind + ":" + id + ":" + ch));
            }
        });
        JsonNode w = c.path("window");
        String publishAt = c.path("publishAt").isMissingNode() || c.path("publishAt").isNull() ? ""
                : Instant.parse(c.path("publishAt").asString()).atZone(ConsoleWords.VIETNAM).toLocalDateTime().toString();
        JsonNode led = c.path("ledSchedule");
        List<String> files = new ArrayList<>();
        n.path("attachments").forEach(a -> files.add(NoticeAttachments.Attachment.of(a).value()));
        return new CampaignForm(c.path("code").asString(""), n.path("title").asString(""), n.path("summary").asString(""),
                n.path("bodyHtml").asString(""), n.path("ledText").asString(""), n.path("facebookText").asString(""),
                n.path("zaloArticle").path("title").asString(""), n.path("zaloArticle").path("author").asString(""),
                n.path("zaloArticle").path("description").asString(""), "co-quan-chuyen-mon", agencies, channels,
                date(w.path("startsAt")), endDate(w.path("endsAt")), publishAt, c.path("priority").asString("NORMAL"),
                led.path("repeatEveryMinutes").isNumber() ? led.path("repeatEveryMinutes").asInt() : null,
                led.path("durationSec").isNumber() ? led.path("durationSec").asInt() : null, 3, 24,
                deadline(c.path("deadline")), offsets(c.path("reminders").path("offsetsDays")),
                c.path("planTaskId").asString(""), groups, under, narrowed, "", "", files, "", provinces, groupsIn);
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
            case "notice.attachmentIds" -> "attachments";
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
        notice.put("attachmentIds", attachmentList().stream().map(NoticeAttachments.Attachment::id).toList());
        List<Map<String, Object>> targets = targets().stream().map(t -> {
            Map<String, Object> target = new LinkedHashMap<>();
            switch (t.kind()) {
                case GROUP -> target.put("group", t.id());
                case UNDER -> target.put("descendantsOf", t.id());
                case PROVINCE -> target.put("province", t.id());
                case GROUP_IN -> {
                    target.put("group", t.id().substring(0, t.id().indexOf('@')));
                    target.put("province", t.id().substring(t.id().indexOf('@') + 1));
                }
                default -> target.put("agencyId", t.id());
            }
            target.put("channels", t.narrowed().isEmpty() ? channels : t.narrowed());
            return target;
        }).toList();
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
