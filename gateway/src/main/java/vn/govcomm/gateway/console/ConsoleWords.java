package vn.govcomm.gateway.console;

import vn.govcomm.contracts.events.DeliveryStatusChanged;
import java.util.Arrays;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.security.Identity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * People's words for what the services send as codes, the one formatting helper of every console page (templates call
 * it as {@code @words}): agency names from the directory ({@link AgencyNames}; short names where space is tight),
 * times and dates in Vietnam ({@code 05/12/2026 00:00}, {@code 05/12/2026}; the same in English), and statuses as words
 * with an icon and a colour ({@link #label}, {@link #icon}, {@link #tone}: never colour alone).
 * <p>
 * The date functions are static too, for what is shaped outside a page (a manual task's record). A window's end is
 * exclusive (the next midnight), so its last day is the day of the instant just before it: the list, the calendar
 * and the task pages all show the same days.
 */
@Component("words")
class ConsoleWords {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    /** The request attribute naming who reads the directory for a page without a signed-in user (the demo sign-in). */
    static final String DIRECTORY_READER = ConsoleWords.class.getName() + ".reader";
    /** The delivery statuses of the contracts, in the order of their life. */
    static final List<String> DELIVERY_STATUSES = Arrays.stream(DeliveryStatusChanged.Status.values())
            .map(Enum::name).toList();

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MM/yyyy");
    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    /** How a state looks: a sign beside its words, and its colour (tone-ok, -bad, -wait, -info, -off in console.css). */
    private record Look(String icon, String tone) {
    }

    private static final String OK = "tone-ok";
    private static final String BAD = "tone-bad";
    private static final String WAIT = "tone-wait";
    private static final String INFO = "tone-info";
    private static final String OFF = "tone-off";
    /** By message key: kind "status" (a delivery), "campaign", "cell" (compliance), "manual.state" (a manual task). */
    private static final Map<String, Look> LOOKS = Map.ofEntries(
            Map.entry("status.PENDING", new Look("○", WAIT)),
            Map.entry("status.DISPATCHED", new Look("➜", WAIT)),
            Map.entry("status.RETRYING", new Look("↻", WAIT)),
            Map.entry("status.ACCEPTED", new Look("◔", INFO)),
            Map.entry("status.PUBLISHED", new Look("✓", OK)),
            Map.entry("status.FETCHED", new Look("✓", OK)),
            Map.entry("status.DISPLAYED", new Look("✓", OK)),
            Map.entry("status.FAILED", new Look("✗", BAD)),
            Map.entry("status.EXPIRED", new Look("⌛", BAD)),
            Map.entry("status.CANCELLED", new Look("⊘", OFF)),
            Map.entry("campaign.DRAFT", new Look("✎", OFF)),
            Map.entry("campaign.SUBMITTED", new Look("⌛", WAIT)),
            Map.entry("campaign.APPROVED", new Look("✓", OK)),
            Map.entry("campaign.SCHEDULED", new Look("◷", OK)),
            Map.entry("campaign.RUNNING", new Look("▶", OK)),
            Map.entry("campaign.COMPLETED", new Look("■", INFO)),
            Map.entry("campaign.REJECTED", new Look("✗", BAD)),
            Map.entry("campaign.CANCELLED", new Look("⊘", OFF)),
            Map.entry("cell.COMPLIED", new Look("✓", OK)),
            Map.entry("cell.NON_COMPLIANT", new Look("✗", BAD)),
            Map.entry("cell.IN_PROGRESS", new Look("◔", WAIT)),
            Map.entry("cell.NOT_REQUIRED", new Look("–", OFF)),
            Map.entry("cell.PUBLISHED", new Look("✓", OK)),
            Map.entry("cell.FAILED", new Look("✗", BAD)),
            Map.entry("cell.OVERDUE", new Look("⚠", BAD)),
            Map.entry("cell.PENDING", new Look("◔", WAIT)),
            Map.entry("cell.CANCELLED", new Look("⊘", OFF)),
            Map.entry("manual.state.AWAITING_CONFIRMATION", new Look("✎", WAIT)),
            Map.entry("manual.state.AWAITING_REVIEW", new Look("⌛", INFO)),
            Map.entry("manual.state.REJECTED", new Look("✗", BAD)),
            Map.entry("manual.state.ACCEPTED", new Look("✓", OK)),
            Map.entry("manual.state.CANCELLED", new Look("⊘", OFF)));
    private static final Look UNKNOWN = new Look("•", OFF);

    /** How many targets a campaign list row names before "+ n more". */
    static final int TARGETS_LISTED = 3;

    private final MessageSource messages;
    private final AgencyNames agencies;
    private final ConsolePages pages;
    private final ProvinceNames provinces;

    ConsoleWords(MessageSource messages, AgencyNames agencies, ProvinceNames provinces) {
        this.messages = messages;
        this.agencies = agencies;
        this.pages = new ConsolePages(messages);
        this.provinces = provinces;
    }

    // ---- agencies ---------------------------------------------------------------------------------------------

    /** The agency's name ("Sở Y tế tỉnh Khánh Hòa"); its id only while the directory cannot be read. */
    public String agency(String agencyId) {
        return agencyId == null ? "" : agencies.find(reader(), agencyId).map(AgencyNames.Agency::label).orElse(agencyId);
    }

    /** The agency's short name ("Sở Y tế") where space is tight, else its name. */
    public String agencyShort(String agencyId) {
        return agencyId == null ? "" : agencies.find(reader(), agencyId).map(AgencyNames.Agency::shortLabel).orElse(agencyId);
    }

    /** The short name, or {@code nameIfUnknown} (what a service called it) while the directory has no such agency. */
    public String agencyShort(String agencyId, String nameIfUnknown) {
        return agencies.find(reader(), agencyId).map(AgencyNames.Agency::shortLabel)
                .orElse(nameIfUnknown == null || nameIfUnknown.isBlank() ? agencyShort(agencyId) : nameIfUnknown);
    }

    /** What the directory calls an agency's endpoint ("Fanpage Sở Y tế"), else the channel's words. */
    public String endpoint(String agencyId, String endpointId, String channel) {
        String name = agencies.find(reader(), agencyId).map(a -> a.endpoints().get(endpointId)).orElse(null);
        return name != null && !name.isBlank() ? name : label("channel", channel);
    }

    // ---- provinces and targets --------------------------------------------------------------------------------

    /** Where an agency belongs in words: "Tỉnh Khánh Hòa", or "Cơ quan trung ương"; blank while the directory has no such agency. */
    public String provinceOf(String agencyId) {
        return agencies.find(reader(), agencyId)
                .map(a -> a.national() ? pages.message("province.national")
                        : a.provinceId().isBlank() ? "" : provinces.name(reader(), a.provinceId()))
                .orElse("");
    }

    /**
     * The agency's name, with its province where that helps: when it is not the reader's own province (a ministry's
     * campaign reaching several provinces, a national agency); just the name otherwise.
     */
    public String agencyWhere(String agencyId) {
        String name = agency(agencyId);
        Identity me = reader();
        AgencyNames.Agency own = me == null ? null : agencies.find(me, me.agency()).orElse(null);
        AgencyNames.Agency agency = agencies.find(me, agencyId).orElse(null);
        if (agency == null || own != null && !own.national() && agency.in(own.provinceId())) {
            return name;
        }
        String where = provinceOf(agencyId);
        return where.isEmpty() ? name : pages.message("province.agencyIn", name, where);
    }

    /**
     * A campaign's target in words: one agency (with its province where that helps), a whole group (in a province:
     * "Cả nhóm: UBND cấp xã — Thành phố Hà Nội"), every unit under an agency, a whole province ("Toàn tỉnh Khánh Hòa").
     */
    public String target(JsonNode target) {
        String province = target.path("province").asString("");
        if (target.path("group").isString()) {
            String group = label("group", target.path("group").asString());
            return pages.message("picker.wholeGroup", province.isEmpty() ? group
                    : pages.message("picker.groupIn", group, provinces.name(reader(), province)));
        }
        if (target.path("descendantsOf").isString()) {
            return pages.message("picker.allUnder", agency(target.path("descendantsOf").asString()));
        }
        if (target.path("agencyId").isString()) {
            return agencyWhere(target.path("agencyId").asString());
        }
        return province.isEmpty() ? "" : provinces.whole(reader(), province);
    }

    /** Channels in words ("Cổng thông tin, Facebook"). */
    public String channels(JsonNode channels) {
        List<String> words = new java.util.ArrayList<>();
        channels.forEach(ch -> words.add(label("channel", ch.asString(""))));
        return String.join(", ", words);
    }

    /** A campaign's targets, the first {@link #TARGETS_LISTED} in words and "+ n more". */
    public String targets(JsonNode targets) {
        List<String> words = new java.util.ArrayList<>();
        targets.forEach(t -> words.add(target(t)));
        if (words.size() <= TARGETS_LISTED) {
            return String.join("; ", words);
        }
        return String.join("; ", words.subList(0, TARGETS_LISTED)) + " "
                + pages.message("list.targetsMore", words.size() - TARGETS_LISTED);
    }

    /** The signed-in user's roles in words ("Cán bộ, Người phê duyệt"). */
    public String roles(List<String> roles) {
        return String.join(", ", roles.stream().map(r -> label("role", r)).toList());
    }

    private Identity reader() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current) {
            HttpServletRequest request = current.getRequest();
            if (request.getAttribute(ConsolePages.IDENTITY) instanceof Identity me) {
                return me;
            }
            if (request.getAttribute(DIRECTORY_READER) instanceof Identity reader) {
                return reader;
            }
        }
        return null;
    }

    // ---- people -----------------------------------------------------------------------------------------------

    /**
     * Who did something, in people's words: the display name a service recorded next to the user id
     * ({@code record.nameField}, e.g. a decision's {@code actorName}), else the id ({@code record.idField}: records
     * written before names were kept, users the identity provider names not); the platform's clock ({@code system})
     * in words. Blank when neither is there.
     */
    public String person(JsonNode record, String idField, String nameField) {
        if (record == null) {
            return "";
        }
        String id = record.path(idField).isString() ? record.path(idField).asString() : null;
        String name = record.path(nameField).isString() ? record.path(nameField).asString() : null;
        if ((name == null || name.isBlank()) && SYSTEM_ACTOR.equals(id)) {
            return label("actor", SYSTEM_ACTOR);
        }
        return personOf(id, name);
    }

    /** The actor the campaign service records for its clock's transitions (started, completed). */
    static final String SYSTEM_ACTOR = "system";

    /** The name when there is one, else the id; blank when neither. For what is shaped outside a page. */
    static String personOf(String id, String name) {
        if (name != null && !name.isBlank()) {
            return name;
        }
        return id == null ? "" : id;
    }

    // ---- statuses ---------------------------------------------------------------------------------------------

    /** The words for {@code kind.value} in the page's language ("Lỗi", "Failed"); the value itself when unknown. */
    public String label(String kind, String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String words = messages.getMessage(kind + "." + value, null, null, LocaleContextHolder.getLocale());
        return words == null ? value : words;
    }

    public String icon(String kind, String value) {
        return LOOKS.getOrDefault(kind + "." + value, UNKNOWN).icon();
    }

    public String tone(String kind, String value) {
        return LOOKS.getOrDefault(kind + "." + value, UNKNOWN).tone();
    }

    // ---- times and dates, in Vietnam --------------------------------------------------------------------------

    /** "05/12/2026 00:00" (a date alone: "05/12/2026"); blank when there is none; text that is no time as it is. */
    public String when(Object value) {
        return whenOf(value);
    }

    /**
     * A rate 0..1 as a percentage with one decimal in the page's language ("87,5 %", in English "87.5 %"); "–" when
     * there is none (a JSON null: nothing was due yet).
     */
    public String percent(Object rate) {
        double value;
        if (rate instanceof JsonNode node && node.isNumber()) {
            value = node.asDouble();
        } else if (rate instanceof Number number) {
            value = number.doubleValue();
        } else {
            return "–";
        }
        DecimalFormat format = new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(LocaleContextHolder.getLocale()));
        return format.format(value * 100) + "\u00a0%";
    }

    /** "05/12/2026": the day in Vietnam. */
    public String day(Object value) {
        return dayOf(value);
    }

    /** "05/12/2026 – 04/03/2027": a window's first and last day (its end is exclusive). */
    public String window(Object startsAt, Object endsAt) {
        return windowOf(startsAt, endsAt);
    }

    /**
     * A deadline: a date as it is; the end of a day (23:59:59 or the next midnight, in Vietnam: how the campaign
     * service keeps a deadline given as a date) as that day; any other instant with its time.
     */
    public String deadline(Object value) {
        return deadlineOf(value);
    }

    /** "14:05:09": a moment of today, in Vietnam. */
    public String time(Object value) {
        Instant at = instant(value);
        return at == null ? text(value) : CLOCK.format(at.atZone(VIETNAM));
    }

    /** "12/2026". */
    public String month(YearMonth month) {
        return MONTH.format(month);
    }

    static String whenOf(Object value) {
        LocalDate date = dateOnly(value);
        if (date != null) {
            return DAY.format(date);
        }
        Instant at = instant(value);
        return at == null ? text(value) : WHEN.format(at.atZone(VIETNAM));
    }

    static String dayOf(Object value) {
        LocalDate date = dateOnly(value);
        if (date != null) {
            return DAY.format(date);
        }
        Instant at = instant(value);
        return at == null ? text(value) : DAY.format(at.atZone(VIETNAM));
    }

    static String windowOf(Object startsAt, Object endsAt) {
        Instant from = instant(startsAt);
        Instant to = instant(endsAt);
        if (from == null || to == null) {
            return "";
        }
        return DAY.format(from.atZone(VIETNAM)) + " – " + DAY.format(lastDay(to));
    }

    static String deadlineOf(Object value) {
        LocalDate date = dateOnly(value);
        if (date != null) {
            return DAY.format(date);
        }
        Instant at = instant(value);
        if (at == null) {
            return text(value);
        }
        ZonedDateTime local = at.atZone(VIETNAM);
        LocalTime time = local.toLocalTime();
        return time.equals(LocalTime.MIDNIGHT) || !time.isBefore(END_OF_DAY) ? DAY.format(lastDay(at)) : WHEN.format(local);
    }

    /** The last day of a window ending (exclusively) at {@code endsAt}, in Vietnam. */
    static LocalDate lastDay(Instant endsAt) {
        return endsAt.minusMillis(1).atZone(VIETNAM).toLocalDate();
    }

    /**
     * The instant a service sent: ISO text with an offset ("2026-12-04T17:00:00Z", "...+07:00"), local date-time text
     * (taken as Vietnam's), epoch milliseconds, or a Java time; null for anything else.
     */
    static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant at -> at;
            case Date date -> date.toInstant();
            case OffsetDateTime at -> at.toInstant();
            case ZonedDateTime at -> at.toInstant();
            case LocalDateTime at -> at.atZone(VIETNAM).toInstant();
            case JsonNode node -> node.isNumber() ? Instant.ofEpochMilli(node.asLong())
                    : node.isString() ? parse(node.asString()) : null;
            case Number millis -> Instant.ofEpochMilli(millis.longValue());
            case String text -> parse(text);
            case TemporalAccessor other -> other.isSupported(ChronoField.INSTANT_SECONDS)
                    ? Instant.from(other) : null;
            default -> null;
        };
    }

    private static Instant parse(String text) {
        String t = text.strip();
        if (t.length() < 11 || t.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t).atZone(VIETNAM).toInstant();
            } catch (DateTimeParseException notATime) {
                return null;
            }
        }
    }

    /** A date without a time ("2026-12-05", a LocalDate), else null. */
    private static LocalDate dateOnly(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        String text = value instanceof JsonNode node ? (node.isString() ? node.asString() : null)
                : value instanceof String s ? s : null;
        if (text == null || text.strip().length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof JsonNode node) {
            return node.isValueNode() ? node.asString("") : "";
        }
        return value.toString();
    }
}
