package vn.govcomm.campaign.campaigns;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.campaign.attachments.Attachments;
import vn.govcomm.campaign.attachments.FileLinks;
import vn.govcomm.campaign.directory.Agency;
import vn.govcomm.campaign.directory.AgencyDirectory;
import vn.govcomm.campaign.directory.Provinces;
import vn.govcomm.campaign.directory.Tenant;
import vn.govcomm.campaign.plans.PlanManagement;
import vn.govcomm.campaign.text.TextHygiene;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.events.LedSchedule;
import vn.govcomm.contracts.events.Priority;
import vn.govcomm.contracts.led.LedText;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every rule on an officer's input, answered at once with all field problems (Vietnamese and English), and the
 * cleaned content: text NFC, rich text sanitised, attachments resolved to their download URLs, targets checked
 * against the directory, LED text checked against the smallest targeted screen.
 */
@Component
class CampaignValidation {

    /** The contract's LED opening days and priorities (CampaignScheduled). */
    static final Set<String> DAYS = names(LedSchedule.Day.values());
    static final Set<String> PRIORITIES = names(Priority.values());
    static final int MAX_ATTACHMENTS = 10;
    /** Pictures in a notice body (each a separate upload, at most 10 MB). */
    static final int MAX_PICTURES = 30;
    static final int MAX_REMINDERS = 10;
    static final int MAX_REMINDER_OFFSET_DAYS = 60;
    private static final DateTimeFormatter DAY_VI = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final AgencyDirectory directory;
    private final Attachments attachments;
    private final PlanManagement plans;
    private final Clock clock = Clock.systemUTC();

    CampaignValidation(AgencyDirectory directory, Attachments attachments, PlanManagement plans) {
        this.directory = directory;
        this.attachments = attachments;
        this.plans = plans;
    }

    /** The cleaned content, its targets resolved to agencies (groups and hierarchies expanded), its plan task. */
    record Validated(Campaign.Content content, List<Campaign.Target> resolvedTargets, String planTaskId) {
    }

    Validated validate(CampaignRequest request) {
        TextHygiene text = new TextHygiene();
        List<FieldProblem> problems = new ArrayList<>();

        String code = text.line("code", request.code());
        if (isBlank(request.code())) {
            problems.add(required("code"));
        } else if (code != null && code.strip().length() > 80) {
            problems.add(tooLong("code", 80));
        }
        Optional<Tenant> issuer = isBlank(request.issuingAgencyId()) ? Optional.empty()
                : directory.tenantOf(request.issuingAgencyId());
        if (isBlank(request.issuingAgencyId())) {
            problems.add(required("issuingAgencyId"));
        } else if (issuer.isEmpty()) {
            problems.add(new FieldProblem("issuingAgencyId", "unknown-agency", "Cơ quan ban hành không tồn tại",
                    "Unknown issuing agency"));
        }
        List<String> legalReferences = text.lines("legalReferences", request.legalReferences());
        maxEach(problems, "legalReferences", legalReferences, 300);
        List<String> observers = text.lines("observers", request.observers());
        maxEach(problems, "observers", observers, 200);

        Campaign.Window window = window(request.window(), problems);
        Instant deadline = deadline(request.deadline(), request.window(), window, problems);
        Campaign.Reminders reminders = reminders(request.reminders(), problems);
        Instant publishAt = publishAt(request, window);
        String priority = request.priority() == null ? "NORMAL" : request.priority();
        if (!PRIORITIES.contains(priority)) {
            problems.add(new FieldProblem("priority", "invalid-priority", "Mức ưu tiên phải là NORMAL hoặc URGENT",
                    "Priority must be NORMAL or URGENT"));
        }
        ledSchedule(request.ledSchedule(), problems);
        String planTaskId = planTask(request, problems);

        List<Campaign.Target> targets = new ArrayList<>();
        Set<String> outside = new LinkedHashSet<>();
        List<Campaign.Target> resolved = targets(request.targets(), problems, targets, issuer.orElse(null), outside);

        Campaign.Notice notice = notice(request.notice(), request.issuingAgencyId(), text, problems);
        if (notice != null) {
            ledFit(notice.ledText(), resolved, problems);
        }
        problems.addAll(0, text.problems());
        if (!outside.isEmpty()) {
            throw outsideProvince(HttpStatus.BAD_REQUEST, issuer.orElseThrow(), outside, problems);
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", problems);
        }
        return new Validated(new Campaign.Content(code.strip(), legalReferences, notice, targets, window, publishAt,
                priority, request.ledSchedule(), observers, deadline, reminders), resolved, planTaskId);
    }

    /**
     * The plan task the campaign carries out: it must exist, and the campaign's issuing agency must be the plan's
     * issuing agency or the task's lead agency (a co-ordinating agency links its own work to the lead's task only
     * through the lead).
     */
    private String planTask(CampaignRequest request, List<FieldProblem> problems) {
        String taskId = request.planTaskId();
        if (taskId == null || taskId.isBlank()) {
            return null;
        }
        Optional<PlanManagement.TaskRef> task = taskId.length() > 200 ? Optional.empty() : plans.task(taskId.strip());
        if (task.isEmpty()) {
            problems.add(new FieldProblem("planTaskId", "unknown-plan-task", "Không có nhiệm vụ kế hoạch này",
                    "No such plan task"));
            return null;
        }
        String issuing = request.issuingAgencyId();
        PlanManagement.TaskRef ref = task.get();
        if (issuing != null && !ref.linkableFrom(issuing)) {
            problems.add(new FieldProblem("planTaskId", "plan-task-not-yours", PlanTaskAction.NOT_YOURS_VI,
                    PlanTaskAction.NOT_YOURS_EN));
            return null;
        }
        return ref.taskId();
    }

    /**
     * Resolves stored targets again against today's directory (at approval: groups may have new members,
     * agencies may have lost a channel), applying the same rules.
     */
    List<Campaign.Target> resolveForApproval(Campaign campaign) {
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> outside = new LinkedHashSet<>();
        Tenant issuer = issuerOf(campaign);
        List<Campaign.Target> resolved = targets(CampaignRequest.targets(campaign.getTargets()), problems,
                new ArrayList<>(), issuer, outside);
        if (!outside.isEmpty()) {
            throw outsideProvince(HttpStatus.UNPROCESSABLE_CONTENT, issuer, outside, problems);
        }
        if (campaign.getNotice() != null) {
            ledFit(campaign.getNotice().ledText(), resolved, problems);
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "no-longer-valid",
                    "Danh bạ đã thay đổi, chiến dịch cần được sửa trước khi phê duyệt. / The directory changed; the "
                            + "campaign must be edited before it can be approved.", problems);
        }
        return resolved;
    }

    /**
     * At submit: 422 {@code target-outside-province} when a target is no longer within the issuer's province (the
     * agency moved province since the draft was written); the other rules wait for approval, as before.
     */
    void requireTargetsInProvince(Campaign campaign) {
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> outside = new LinkedHashSet<>();
        Tenant issuer = issuerOf(campaign);
        targets(CampaignRequest.targets(campaign.getTargets()), problems, new ArrayList<>(), issuer, outside);
        if (!outside.isEmpty()) {
            throw outsideProvince(HttpStatus.UNPROCESSABLE_CONTENT, issuer, outside, problems.stream()
                    .filter(p -> p.code().equals(OUTSIDE_PROVINCE)).toList());
        }
    }

    static final String OUTSIDE_PROVINCE = "target-outside-province";

    private Tenant issuerOf(Campaign campaign) {
        return directory.tenantOf(campaign.getIssuingAgencyId()).orElse(null);
    }

    /** The tenant rule's refusal: names the issuer's province and every agency (or province) outside it. */
    private static ApiProblem outsideProvince(HttpStatus status, Tenant issuer, Set<String> outside,
                                              List<FieldProblem> problems) {
        String ids = String.join(", ", outside);
        return new ApiProblem(status, OUTSIDE_PROVINCE, "Cơ quan ban hành thuộc " + issuer + " chỉ gửi được tới cơ quan "
                + "trong tỉnh; ngoài tỉnh: " + ids + ". / The issuing agency belongs to " + issuer + " and may target "
                + "agencies of its province only; outside it: " + ids + ".", problems);
    }

    private Campaign.Window window(CampaignRequest.WindowRequest w, List<FieldProblem> problems) {
        if (w == null || w.startDate() == null || w.endDate() == null) {
            if (w == null || w.startDate() == null) {
                problems.add(required("window.startDate"));
            }
            if (w == null || w.endDate() == null) {
                problems.add(required("window.endDate"));
            }
            return null;
        }
        if (w.endDate().isBefore(w.startDate())) {
            problems.add(new FieldProblem("window.endDate", "window-end-before-start",
                    "Ngày kết thúc phải sau ngày bắt đầu", "The window must end after it starts"));
            return null;
        }
        Instant startsAt = w.startDate().atStartOfDay(CampaignEvents.ZONE).toInstant();
        return new Campaign.Window(startsAt, endOfDay(w.endDate()));
    }

    /** The last second of {@code day} in Asia/Ho_Chi_Minh (23:59:59), as the window end is stored. */
    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    }

    private static Instant endOfDay(LocalDate day) {
        return day.plusDays(1).atStartOfDay(CampaignEvents.ZONE).toInstant().minusSeconds(1);
    }

    /** The end of the deadline day, which must lie within the window; the window end when none is given. */
    private static Instant deadline(LocalDate deadline, CampaignRequest.WindowRequest w, Campaign.Window window,
                                    List<FieldProblem> problems) {
        if (window == null) {
            return null; // the window's own problems are reported; a deadline cannot be checked against it
        }
        if (deadline == null) {
            return window.endsAt();
        }
        if (deadline.isBefore(w.startDate()) || deadline.isAfter(w.endDate())) {
            problems.add(new FieldProblem("deadline", "deadline-outside-window",
                    "Hạn hoàn thành phải nằm trong thời gian phát hành (từ " + DAY_VI.format(w.startDate()) + " đến "
                            + DAY_VI.format(w.endDate()) + ")",
                    "The deadline must lie within the window (" + w.startDate() + " to " + w.endDate() + ")"));
            return null;
        }
        return endOfDay(deadline);
    }

    /** Reminder days relative to the deadline, ascending; {@link Campaign.Reminders#DEFAULT} when none are given. */
    private static Campaign.Reminders reminders(CampaignRequest.RemindersRequest r, List<FieldProblem> problems) {
        if (r == null) {
            return Campaign.Reminders.DEFAULT;
        }
        List<Integer> offsets = r.offsetsDays();
        if (offsets == null) {
            problems.add(required("reminders.offsetsDays"));
            return null;
        }
        int before = problems.size();
        if (offsets.size() > MAX_REMINDERS) {
            problems.add(new FieldProblem("reminders.offsetsDays", "too-many-reminders",
                    "Tối đa " + MAX_REMINDERS + " lần nhắc", "At most " + MAX_REMINDERS + " reminders"));
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < offsets.size(); i++) {
            Integer days = offsets.get(i);
            String at = "reminders.offsetsDays[" + i + "]";
            if (days == null) {
                problems.add(required(at));
            } else if (Math.abs(days) > MAX_REMINDER_OFFSET_DAYS) {
                problems.add(new FieldProblem(at, "out-of-range",
                        "Ngày nhắc tính từ hạn hoàn thành phải từ -" + MAX_REMINDER_OFFSET_DAYS + " đến "
                                + MAX_REMINDER_OFFSET_DAYS + " (số âm = trước hạn): " + days,
                        "Reminder days relative to the deadline must be from -" + MAX_REMINDER_OFFSET_DAYS + " to "
                                + MAX_REMINDER_OFFSET_DAYS + " (negative = before it): " + days));
            } else if (!seen.add(days)) {
                problems.add(new FieldProblem(at, "duplicate-reminder", "Ngày nhắc bị lặp: " + days,
                        "Reminder day listed twice: " + days));
            }
        }
        return problems.size() > before ? null : new Campaign.Reminders(offsets.stream().sorted().toList());
    }

    private Instant publishAt(CampaignRequest request, Campaign.Window window) {
        if (request.publishAt() != null) {
            return request.publishAt().toInstant();
        }
        if (window == null) {
            return null;
        }
        Instant now = clock.instant();
        return window.startsAt().isAfter(now) ? window.startsAt() : now;
    }

    private static void ledSchedule(Campaign.LedSchedule s, List<FieldProblem> problems) {
        if (s == null) {
            return;
        }
        if (s.repeatEveryMinutes() != null && (s.repeatEveryMinutes() < 1 || s.repeatEveryMinutes() > 1440)) {
            problems.add(new FieldProblem("ledSchedule.repeatEveryMinutes", "out-of-range",
                    "Chu kỳ lặp từ 1 đến 1440 phút", "Repeat every 1 to 1440 minutes"));
        }
        if (s.durationSec() != null && (s.durationSec() < 1 || s.durationSec() > 3600)) {
            problems.add(new FieldProblem("ledSchedule.durationSec", "out-of-range",
                    "Thời lượng hiển thị từ 1 đến 3600 giây", "Duration of 1 to 3600 seconds"));
        }
        List<Campaign.OpeningHours> hours = s.openingHours() == null ? List.of() : s.openingHours();
        for (int i = 0; i < hours.size(); i++) {
            Campaign.OpeningHours h = hours.get(i);
            String at = "ledSchedule.openingHours[" + i + "]";
            LocalTime from = time(h.from(), at + ".from", problems);
            LocalTime to = time(h.to(), at + ".to", problems);
            if (from != null && to != null && !to.isAfter(from)) {
                problems.add(new FieldProblem(at + ".to", "hours-end-before-start",
                        "Giờ kết thúc phải sau giờ bắt đầu", "Opening hours must end after they start"));
            }
            if (h.days() != null && !DAYS.containsAll(h.days())) {
                problems.add(new FieldProblem(at + ".days", "invalid-day", "Ngày phải là MON…SUN",
                        "Days are MON to SUN"));
            }
        }
    }

    private static LocalTime time(String value, String field, List<FieldProblem> problems) {
        if (value == null || !value.matches("^[0-2][0-9]:[0-5][0-9]$")) {
            problems.add(new FieldProblem(field, "invalid-time", "Giờ theo dạng HH:mm", "Time as HH:mm"));
            return null;
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "invalid-time", "Giờ theo dạng HH:mm", "Time as HH:mm"));
            return null;
        }
    }

    /**
     * Checks targets and returns them resolved to agencies (channels merged when an agency is targeted twice).
     * An individually targeted agency must have every requested channel; a member of a group or hierarchy gets
     * the requested channels it has (a commune without an LED screen still gets the portal).
     */
    private List<Campaign.Target> targets(List<CampaignRequest.TargetRequest> requests, List<FieldProblem> problems,
                                          List<Campaign.Target> accepted, Tenant issuer, Set<String> outside) {
        if (requests == null || requests.isEmpty()) {
            problems.add(new FieldProblem("targets", "empty-targets", "Cần ít nhất một cơ quan nhận",
                    "At least one target agency is required"));
            return List.of();
        }
        Map<String, Agency> agencies = directory.findAll(requests.stream().map(CampaignRequest.TargetRequest::agencyId)
                        .filter(a -> a != null).toList()).stream()
                .collect(Collectors.toMap(Agency::agencyId, Function.identity()));
        Map<String, Set<String>> resolved = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            CampaignRequest.TargetRequest t = requests.get(i);
            String at = "targets[" + i + "]";
            if (t == null) {
                problems.add(required(at));
                continue;
            }
            int selectors = (t.agencyId() == null ? 0 : 1) + (t.group() == null ? 0 : 1) + (t.descendantsOf() == null ? 0 : 1);
            if (selectors > 1 || (selectors == 0 && t.province() == null) || (t.agencyId() != null && t.province() != null)) {
                problems.add(new FieldProblem(at, "one-selector",
                        "Chọn đúng một trong: agencyId, group, descendantsOf, province (province có thể đi cùng group "
                                + "hoặc descendantsOf)", "Give exactly one of agencyId, group, descendantsOf, province "
                                + "(province may come with group or descendantsOf)"));
                continue;
            }
            // Groups, hierarchies and provinces resolve within one province: the one named, or a provincial issuer's.
            String province = t.province() != null ? t.province()
                    : t.agencyId() == null && issuer != null && !issuer.national() ? issuer.provinceId() : null;
            if (t.province() != null && !Provinces.isKnown(t.province())) {
                problems.add(new FieldProblem(at + ".province", "unknown-province",
                        "Không phải một trong 34 mã tỉnh, thành phố: " + t.province(),
                        "Not one of the 34 province codes: " + t.province()));
                continue;
            }
            if (province != null && issuer != null && !issuer.covers(Tenant.province(province))) {
                outside.add(province);
                problems.add(outsideProblem(at + ".province", province, issuer));
                continue;
            }
            List<String> channels = channels(t.channels(), at, problems);
            if (channels == null) {
                continue;
            }
            if (t.agencyId() != null) {
                Agency agency = agencies.get(t.agencyId());
                if (agency == null || !agency.active()) {
                    problems.add(new FieldProblem(at + ".agencyId", "unknown-agency",
                            "Cơ quan " + t.agencyId() + " không có trong danh bạ (hoặc ngừng hoạt động)",
                            "Agency " + t.agencyId() + " is not in the directory (or inactive)"));
                    continue;
                }
                if (issuer != null && !issuer.covers(agency.tenant())) {
                    outside.add(agency.agencyId());
                    problems.add(outsideProblem(at + ".agencyId", agency.agencyId() + " (" + agency.tenant() + ")",
                            issuer));
                    continue;
                }
                boolean ok = true;
                for (String channel : channels) {
                    if (!agency.hasChannel(channel)) {
                        ok = false;
                        problems.add(new FieldProblem(at + ".channels", "channel-not-available",
                                agency.shortName() + " chưa có kênh " + channel,
                                agency.shortName() + " has no " + channel + " endpoint"));
                    }
                }
                if (ok) {
                    resolved.computeIfAbsent(agency.agencyId(), k -> new LinkedHashSet<>()).addAll(channels);
                    accepted.add(Campaign.Target.agency(agency.agencyId(), channels));
                }
                continue;
            }
            List<Agency> members;
            String field;
            if (t.group() != null) {
                members = directory.inGroup(t.group());
                field = at + ".group";
            } else if (t.descendantsOf() != null) {
                members = directory.find(t.descendantsOf()).isEmpty() ? List.of() : directory.descendantsOf(t.descendantsOf());
                field = at + ".descendantsOf";
            } else {
                members = directory.in(Tenant.province(province));
                field = at + ".province";
            }
            Tenant within = province == null ? null : Tenant.province(province);
            List<Agency> reachable = members.stream().filter(Agency::active)
                    .filter(a -> within == null || within.equals(a.tenant()))
                    .filter(a -> channels.stream().anyMatch(a::hasChannel)).toList();
            if (reachable.isEmpty()) {
                problems.add(new FieldProblem(field, "no-agencies",
                        "Không có cơ quan nào (đang hoạt động, có các kênh đã chọn) trong nhóm này",
                        "No active agency with the chosen channels matches this selector"));
                continue;
            }
            for (Agency a : reachable) {
                resolved.computeIfAbsent(a.agencyId(), k -> new LinkedHashSet<>())
                        .addAll(channels.stream().filter(a::hasChannel).toList());
            }
            accepted.add(new Campaign.Target(null, t.group(), t.descendantsOf(), channels, province));
        }
        return resolved.entrySet().stream()
                .map(e -> Campaign.Target.agency(e.getKey(), e.getValue().stream()
                        .sorted(Comparator.comparingInt(Channels::order)).toList()))
                .toList();
    }

    private static FieldProblem outsideProblem(String field, String what, Tenant issuer) {
        return new FieldProblem(field, OUTSIDE_PROVINCE, "Ngoài tỉnh của cơ quan ban hành (" + issuer + "): " + what,
                "Outside the issuing agency's province (" + issuer + "): " + what);
    }

    private static List<String> channels(List<String> channels, String at, List<FieldProblem> problems) {
        if (channels == null || channels.isEmpty()) {
            problems.add(new FieldProblem(at + ".channels", "required", "Cần ít nhất một kênh",
                    "At least one channel is required"));
            return null;
        }
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        for (String channel : channels) {
            if (!Channels.isKnown(channel)) {
                ok = false;
                problems.add(new FieldProblem(at + ".channels", "unknown-channel",
                        "Kênh không hợp lệ: " + channel, "Unknown channel: " + channel));
            } else if (!seen.add(channel)) {
                ok = false;
                problems.add(new FieldProblem(at + ".channels", "duplicate-channel",
                        "Kênh bị lặp: " + channel, "Channel listed twice: " + channel));
            }
        }
        return ok ? List.copyOf(channels) : null;
    }

    private Campaign.Notice notice(CampaignRequest.NoticeRequest n, String issuingAgencyId, TextHygiene text,
                                   List<FieldProblem> problems) {
        if (n == null) {
            problems.add(required("notice"));
            return null;
        }
        String title = text.line("notice.title", n.title());
        if (isBlank(n.title())) {
            problems.add(required("notice.title"));
        } else if (title != null && title.strip().length() > 300) {
            problems.add(tooLong("notice.title", 300));
        }
        String summary = text.text("notice.summary", n.summary());
        if (summary != null && summary.length() > 1000) {
            problems.add(tooLong("notice.summary", 1000));
        }
        String body = null;
        if (isBlank(n.bodyHtml())) {
            problems.add(required("notice.bodyHtml"));
        } else {
            body = text.html("notice.bodyHtml", n.bodyHtml());
            pictures(body, issuingAgencyId, problems);
        }
        String ledText = text.text("notice.ledText", n.ledText());
        if (ledText != null && ledText.length() > 1000) {
            problems.add(tooLong("notice.ledText", 1000));
        }
        String facebookText = text.text("notice.facebookText", n.facebookText());
        if (facebookText != null && facebookText.length() > 63206) {
            problems.add(tooLong("notice.facebookText", 63206));
        }
        Campaign.ZaloArticle zalo = zalo(n.zaloArticle(), text, problems);
        List<Campaign.Attachment> files = attachments(n.attachmentIds(), issuingAgencyId, problems);
        return new Campaign.Notice(title == null ? null : title.strip(), blankToNull(summary), body,
                blankToNull(ledText), blankToNull(facebookText), zalo, files);
    }

    private static Campaign.ZaloArticle zalo(Campaign.ZaloArticle z, TextHygiene text, List<FieldProblem> problems) {
        if (z == null) {
            return null;
        }
        String title = text.line("notice.zaloArticle.title", z.title());
        String description = text.text("notice.zaloArticle.description", z.description());
        String author = text.line("notice.zaloArticle.author", z.author());
        if (isBlank(title)) {
            problems.add(required("notice.zaloArticle.title"));
        } else if (title.length() > 150) {
            problems.add(tooLong("notice.zaloArticle.title", 150));
        }
        if (isBlank(description)) {
            problems.add(required("notice.zaloArticle.description"));
        } else if (description.length() > 300) {
            problems.add(tooLong("notice.zaloArticle.description", 300));
        }
        if (author != null && author.length() > 50) {
            problems.add(tooLong("notice.zaloArticle.author", 50));
        }
        if (z.coverUrl() != null && !isHttpUrl(z.coverUrl())) {
            problems.add(new FieldProblem("notice.zaloArticle.coverUrl", "invalid-url",
                    "Ảnh bìa phải là địa chỉ http(s)", "The cover must be an http(s) URL"));
        }
        return new Campaign.ZaloArticle(title, author, description, z.coverUrl());
    }

    /**
     * The body's pictures, like its attachments, must be the issuing agency's uploads: approving the campaign
     * publishes them (attachments/PublicFiles), and another agency's draft picture must not be published that way.
     */
    private void pictures(String body, String issuingAgencyId, List<FieldProblem> problems) {
        Set<String> ids = FileLinks.pictureIds(body);
        if (ids.isEmpty()) {
            return;
        }
        if (ids.size() > MAX_PICTURES) {
            problems.add(new FieldProblem("notice.bodyHtml", "too-many-pictures",
                    "Nội dung có tối đa " + MAX_PICTURES + " ảnh", "At most " + MAX_PICTURES + " pictures in the body"));
            return;
        }
        Set<String> own = attachments.find(ids).stream().filter(a -> a.agencyId().equals(issuingAgencyId))
                .map(Attachments.AttachmentInfo::id).collect(Collectors.toSet());
        List<String> foreign = ids.stream().filter(id -> !own.contains(id)).toList();
        if (!foreign.isEmpty()) {
            problems.add(new FieldProblem("notice.bodyHtml", "unknown-picture",
                    "Nội dung có ảnh không do cơ quan ban hành tải lên: " + String.join(", ", foreign)
                            + ". Hãy tải ảnh lên lại từ trình soạn thảo",
                    "The body shows pictures not uploaded by the issuing agency: " + String.join(", ", foreign)
                            + ". Upload them again from the editor"));
        }
    }

    /** Files uploaded by the issuing agency's users only: another agency's upload id is not a way to borrow it. */
    private List<Campaign.Attachment> attachments(List<String> ids, String issuingAgencyId, List<FieldProblem> problems) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > MAX_ATTACHMENTS) {
            problems.add(new FieldProblem("notice.attachmentIds", "too-many-attachments",
                    "Tối đa " + MAX_ATTACHMENTS + " tệp đính kèm", "At most " + MAX_ATTACHMENTS + " attachments"));
            return List.of();
        }
        Map<String, Attachments.AttachmentInfo> found = attachments.find(ids).stream()
                .collect(Collectors.toMap(Attachments.AttachmentInfo::id, Function.identity()));
        List<Campaign.Attachment> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Attachments.AttachmentInfo a = found.get(ids.get(i));
            if (a == null || !a.agencyId().equals(issuingAgencyId)) {
                problems.add(new FieldProblem("notice.attachmentIds[" + i + "]", "unknown-attachment",
                        "Không tìm thấy tệp đính kèm " + ids.get(i) + " của cơ quan ban hành",
                        "No file " + ids.get(i) + " uploaded by the issuing agency"));
            } else {
                out.add(new Campaign.Attachment(a.id(), a.name(), a.mediaType(), a.url(), a.sizeBytes()));
            }
        }
        return out;
    }

    /** LED text is required when an LED screen is targeted and must fit every targeted screen. */
    private void ledFit(String ledText, List<Campaign.Target> resolved, List<FieldProblem> problems) {
        List<String> ledAgencies = resolved.stream().filter(t -> t.channels().contains(Channels.LED))
                .map(Campaign.Target::agencyId).toList();
        if (ledAgencies.isEmpty()) {
            return;
        }
        if (isBlank(ledText)) {
            problems.add(new FieldProblem("notice.ledText", "led-text-required",
                    "Cần nội dung ngắn cho màn hình LED khi chọn kênh LED",
                    "A short LED text is required when LED screens are targeted"));
            return;
        }
        record ScreenRef(Agency.Endpoint endpoint, int lines, int chars) {
        }
        List<ScreenRef> screens = new ArrayList<>();
        for (Agency a : directory.findAll(ledAgencies)) {
            for (Agency.Endpoint e : a.endpoints(Channels.LED)) {
                if (e.screen() != null && e.screen().lines() != null && e.screen().charsPerLine() != null) {
                    screens.add(new ScreenRef(e, e.screen().lines(), e.screen().charsPerLine()));
                }
            }
        }
        // The smallest screen that cannot show the text: fewest cells, then fewest characters per line.
        screens.stream()
                .filter(s -> !LedText.fits(ledText, s.lines(), s.chars()))
                .min(Comparator.comparingInt((ScreenRef s) -> s.lines() * s.chars()).thenComparingInt(ScreenRef::chars)
                        .thenComparing(s -> s.endpoint().endpointId()))
                .ifPresent(s -> {
                    int needed = LedText.wrap(ledText, s.chars()).size();
                    String name = s.endpoint().displayName() == null ? s.endpoint().endpointId() : s.endpoint().displayName();
                    problems.add(new FieldProblem("notice.ledText", "led-text-too-long",
                            "Nội dung LED cần " + needed + " dòng nhưng màn hình " + name + " (" + s.endpoint().endpointId()
                                    + ") chỉ có " + s.lines() + " dòng × " + s.chars() + " ký tự",
                            "The LED text needs " + needed + " lines but screen " + name + " (" + s.endpoint().endpointId()
                                    + ") shows only " + s.lines() + " lines × " + s.chars() + " characters"));
                });
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void maxEach(List<FieldProblem> problems, String field, List<String> values, int max) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || values.get(i).isBlank()) {
                problems.add(required(field + "[" + i + "]"));
            } else if (values.get(i).length() > max) {
                problems.add(tooLong(field + "[" + i + "]", max));
            }
        }
    }

    private static FieldProblem required(String field) {
        return new FieldProblem(field, "required", "Trường này là bắt buộc", "This field is required");
    }

    private static FieldProblem tooLong(String field, int max) {
        return new FieldProblem(field, "too-long", "Tối đa " + max + " ký tự", "At most " + max + " characters");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
