package vn.govcomm.campaign.plans;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.campaign.directory.Agency;
import vn.govcomm.campaign.directory.AgencyDirectory;
import vn.govcomm.campaign.directory.Tenant;
import vn.govcomm.campaign.text.TextHygiene;
import vn.govcomm.contracts.Channels;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Every rule on a plan, checked where it enters (PUT and the demo import alike) and answered at once with all field
 * problems in Vietnamese and English (400 {@code validation-failed}); sizes are capped so one plan stays one small
 * document.
 */
@Component
class PlanValidation {

    static final int MAX_TASKS = 200;
    static final int MAX_LIST = 50;
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,79}");
    private static final List<Integer> WHOLE_YEAR = IntStream.rangeClosed(1, 12).boxed().toList();

    private final AgencyDirectory directory;

    PlanValidation(AgencyDirectory directory) {
        this.directory = directory;
    }

    /** The plan as it will be stored (version and author set by the caller), or 400 with every problem. */
    Plan validate(String id, PlanRequest request, String actor, long version, Instant now) {
        TextHygiene text = new TextHygiene();
        List<FieldProblem> problems = new ArrayList<>();
        if ("import-demo".equals(id)) {
            problems.add(new FieldProblem("id", "reserved-id", "'import-demo' là đường dẫn nạp kế hoạch mẫu, không phải mã kế hoạch",
                    "'import-demo' is the demo import's path, not a plan id"));
        } else if (id == null || !ID.matcher(id).matches()) {
            problems.add(new FieldProblem("id", "invalid-id", "Mã kế hoạch gồm 3–80 chữ thường không dấu, số và dấu '-'",
                    "The plan id is 3–80 lower-case ASCII letters, digits and '-'"));
        }
        Integer year = request.year();
        if (year == null) {
            problems.add(required("year"));
        } else if (year < 2000 || year > 2100) {
            problems.add(new FieldProblem("year", "out-of-range", "Năm từ 2000 đến 2100", "A year from 2000 to 2100"));
        }
        Map<String, Tenant> known = knownAgencies(request);
        String issuing = request.issuingAgencyId();
        if (blank(issuing)) {
            problems.add(required("issuingAgencyId"));
        } else if (!known.containsKey(issuing)) {
            problems.add(unknownAgency("issuingAgencyId"));
        }
        String title = line(text, problems, "title", request.title(), 300, true);
        Plan.LegalBasis legalBasis = legalBasis(text, problems, request.legalBasis());

        List<Plan.PlanTask> tasks = new ArrayList<>();
        List<PlanRequest.TaskRequest> requested = request.tasks();
        if (requested == null || requested.isEmpty()) {
            problems.add(required("tasks"));
        } else if (requested.size() > MAX_TASKS) {
            problems.add(new FieldProblem("tasks", "too-many-tasks", "Tối đa " + MAX_TASKS + " nhiệm vụ",
                    "At most " + MAX_TASKS + " tasks"));
        } else {
            Set<Integer> numbers = new HashSet<>();
            for (int i = 0; i < requested.size(); i++) {
                Plan.PlanTask task = task(text, problems, "tasks[" + i + "]", requested.get(i), id, year, known, numbers,
                        issuing);
                if (task != null) {
                    tasks.add(task);
                }
            }
        }
        problems.addAll(0, text.problems());
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Kế hoạch có dữ liệu không hợp lệ. / The plan has invalid fields.", problems);
        }
        return new Plan(id, version, year, issuing, title, legalBasis, List.copyOf(tasks), actor, now);
    }

    /** The directory's agencies the plan names, with their tenants. */
    private Map<String, Tenant> knownAgencies(PlanRequest request) {
        Set<String> ids = new HashSet<>();
        if (!blank(request.issuingAgencyId())) {
            ids.add(request.issuingAgencyId());
        }
        if (request.tasks() != null && request.tasks().size() <= MAX_TASKS) {
            for (PlanRequest.TaskRequest t : request.tasks()) {
                if (t == null) {
                    continue;
                }
                if (!blank(t.leadAgencyId())) {
                    ids.add(t.leadAgencyId());
                }
                if (t.coordinatingAgencyIds() != null && t.coordinatingAgencyIds().size() <= MAX_LIST) {
                    t.coordinatingAgencyIds().stream().filter(a -> !blank(a)).forEach(ids::add);
                }
            }
        }
        return directory.findAll(ids).stream().collect(Collectors.toMap(Agency::agencyId, Agency::tenant));
    }

    private static Plan.LegalBasis legalBasis(TextHygiene text, List<FieldProblem> problems,
                                              PlanRequest.LegalBasisRequest basis) {
        if (basis == null) {
            problems.add(required("legalBasis"));
            return null;
        }
        String number = line(text, problems, "legalBasis.number", basis.number(), 80, true);
        if (basis.date() == null) {
            problems.add(required("legalBasis.date"));
        }
        String issuer = line(text, problems, "legalBasis.issuer", basis.issuer(), 300, false);
        String title = line(text, problems, "legalBasis.title", basis.title(), 500, false);
        return new Plan.LegalBasis(number, basis.date(), issuer, title);
    }

    private static Plan.PlanTask task(TextHygiene text, List<FieldProblem> problems, String at,
                                      PlanRequest.TaskRequest t, String planId, Integer year, Map<String, Tenant> known,
                                      Set<Integer> numbers, String issuingAgencyId) {
        if (t == null) {
            problems.add(required(at));
            return null;
        }
        Integer number = t.number();
        if (number == null) {
            problems.add(required(at + ".number"));
        } else if (number < 1 || number > 999) {
            problems.add(new FieldProblem(at + ".number", "out-of-range", "Số thứ tự từ 1 đến 999", "A number from 1 to 999"));
        } else if (!numbers.add(number)) {
            problems.add(new FieldProblem(at + ".number", "duplicate-number", "Số thứ tự " + number + " đã có ở nhiệm vụ khác",
                    "Number " + number + " is used by another task"));
        }
        String title = text(text, problems, at + ".title", t.title(), 2000, true);
        List<String> products = list(text, problems, at + ".expectedProducts", t.expectedProducts(), 1000);
        Plan.Schedule schedule = schedule(text, problems, at + ".schedule", t.schedule(), year);

        String lead = blank(t.leadAgencyId()) ? null : t.leadAgencyId();
        Tenant issuer = known.get(issuingAgencyId);
        if (lead != null && !known.containsKey(lead)) {
            problems.add(unknownAgency(at + ".leadAgencyId"));
        } else if (lead != null && issuer != null && !issuer.covers(known.get(lead))) {
            problems.add(outsideProvince(at + ".leadAgencyId", lead, known.get(lead), issuer));
        }
        String leadName = line(text, problems, at + ".leadAgencyName", t.leadAgencyName(), 300, false);
        if (lead == null && leadName == null) {
            problems.add(new FieldProblem(at + ".leadAgencyId", "required",
                    "Cần cơ quan chủ trì (mã trong danh bạ hoặc tên)", "A lead agency is required (a directory id or its name)"));
        }
        List<String> coordinating = t.coordinatingAgencyIds() == null ? List.of() : t.coordinatingAgencyIds();
        if (coordinating.size() > MAX_LIST) {
            problems.add(tooMany(at + ".coordinatingAgencyIds"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < coordinating.size(); j++) {
                String c = coordinating.get(j);
                if (blank(c) || !known.containsKey(c)) {
                    problems.add(unknownAgency(at + ".coordinatingAgencyIds[" + j + "]"));
                } else if (issuer != null && !issuer.covers(known.get(c))) {
                    problems.add(outsideProvince(at + ".coordinatingAgencyIds[" + j + "]", c, known.get(c), issuer));
                } else if (!seen.add(c) || c.equals(lead)) {
                    problems.add(new FieldProblem(at + ".coordinatingAgencyIds[" + j + "]", "duplicate-agency",
                            "Cơ quan đã có trong nhiệm vụ", "The agency is already in the task"));
                }
            }
        }
        List<String> coordinatingNames = list(text, problems, at + ".coordinatingAgencyNames", t.coordinatingAgencyNames(), 300);
        String assignment = text(text, problems, at + ".assignment", t.assignment(), 4000, false);
        String funding = text(text, problems, at + ".funding", t.funding(), 2000, false);
        List<String> channels = t.channels() == null ? List.of() : t.channels();
        for (int j = 0; j < channels.size(); j++) {
            if (!Channels.ALL.contains(channels.get(j))) {
                problems.add(new FieldProblem(at + ".channels[" + j + "]", "unknown-channel",
                        "Kênh không hợp lệ (" + String.join(", ", Channels.ALL) + ")",
                        "Unknown channel (" + String.join(", ", Channels.ALL) + ")"));
            }
        }
        if (number == null || planId == null) {
            return null;
        }
        return new Plan.PlanTask(taskId(planId, number), number, title, products, schedule, lead, leadName,
                List.copyOf(coordinating), coordinatingNames, assignment, List.copyOf(new LinkedHashSet<>(channels)), funding);
    }

    /** {@code <planId>-t07}: stable across replacements of the plan as long as the task keeps its number. */
    static String taskId(String planId, int number) {
        return planId + "-t" + (number < 10 ? "0" + number : String.valueOf(number));
    }

    private static Plan.Schedule schedule(TextHygiene text, List<FieldProblem> problems, String at,
                                          PlanRequest.ScheduleRequest s, Integer year) {
        if (s == null) {
            problems.add(required(at));
            return null;
        }
        String words = text(text, problems, at + ".words", s.words(), 500, true);
        Plan.ScheduleKind kind;
        try {
            kind = Plan.ScheduleKind.valueOf(s.kind() == null ? "" : s.kind().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(at + ".kind", s.kind() == null ? "required" : "unknown-schedule-kind",
                    "Loại tiến độ: MONTH, QUARTER, YEAR_ROUND, DATE_RANGE hoặc OTHER",
                    "The schedule kind is MONTH, QUARTER, YEAR_ROUND, DATE_RANGE or OTHER"));
            return null;
        }
        TreeSet<Integer> months = new TreeSet<>();
        List<Integer> given = s.months() == null ? List.of() : s.months();
        for (int j = 0; j < given.size(); j++) {
            Integer m = given.get(j);
            if (m == null || m < 1 || m > 12) {
                problems.add(new FieldProblem(at + ".months[" + j + "]", "out-of-range", "Tháng từ 1 đến 12", "A month from 1 to 12"));
            } else if (!months.add(m)) {
                problems.add(new FieldProblem(at + ".months[" + j + "]", "duplicate-month", "Tháng bị lặp", "The month is listed twice"));
            }
        }
        if (kind != Plan.ScheduleKind.DATE_RANGE && (s.from() != null || s.to() != null)) {
            problems.add(new FieldProblem(at + ".from", "not-a-date-range", "Chỉ tiến độ DATE_RANGE có từ ngày/đến ngày",
                    "Only a DATE_RANGE schedule has from/to"));
        }
        switch (kind) {
            case MONTH -> {
                if (months.isEmpty()) {
                    problems.add(required(at + ".months"));
                }
            }
            case QUARTER -> {
                boolean whole = !months.isEmpty() && months.stream().allMatch(m -> {
                    int first = (m - 1) / 3 * 3 + 1;
                    return months.containsAll(List.of(first, first + 1, first + 2));
                });
                if (!whole) {
                    problems.add(new FieldProblem(at + ".months", "not-whole-quarters",
                            "Tiến độ theo quý gồm đủ các tháng của quý (ví dụ quý I: 1, 2, 3)",
                            "A quarterly schedule lists whole quarters (e.g. Q1: 1, 2, 3)"));
                }
            }
            case YEAR_ROUND, OTHER -> {
                if (!months.isEmpty() && months.size() != 12) {
                    problems.add(new FieldProblem(at + ".months", "whole-year",
                            "Tiến độ cả năm gồm 12 tháng (hoặc để trống)", "A year-round schedule covers 12 months (or none given)"));
                }
                months.addAll(WHOLE_YEAR);
            }
            case DATE_RANGE -> {
                if (s.from() == null || s.to() == null) {
                    if (s.from() == null) {
                        problems.add(required(at + ".from"));
                    }
                    if (s.to() == null) {
                        problems.add(required(at + ".to"));
                    }
                } else if (s.to().isBefore(s.from())) {
                    problems.add(new FieldProblem(at + ".to", "range-end-before-start", "Đến ngày phải sau từ ngày",
                            "The range must end after it starts"));
                } else if (year != null && (s.from().getYear() != year || s.to().getYear() != year)) {
                    problems.add(new FieldProblem(at + ".from", "outside-plan-year", "Thời gian phải nằm trong năm " + year
                            + " của kế hoạch", "The range must lie within the plan's year " + year));
                } else {
                    TreeSet<Integer> derived = new TreeSet<>();
                    for (LocalDate d = s.from().withDayOfMonth(1); !d.isAfter(s.to()); d = d.plusMonths(1)) {
                        derived.add(d.getMonthValue());
                    }
                    if (!months.isEmpty() && !months.equals(derived)) {
                        problems.add(new FieldProblem(at + ".months", "months-differ-from-range",
                                "Các tháng không khớp với khoảng thời gian", "The months do not match the date range"));
                    }
                    months.clear();
                    months.addAll(derived);
                }
            }
        }
        return new Plan.Schedule(kind, List.copyOf(months), s.from(), s.to(), words);
    }

    private static String line(TextHygiene text, List<FieldProblem> problems, String field, String value, int max,
                               boolean required) {
        return checked(problems, field, text.line(field, value), max, required);
    }

    private static String text(TextHygiene text, List<FieldProblem> problems, String field, String value, int max,
                               boolean required) {
        return checked(problems, field, text.text(field, value), max, required);
    }

    private static String checked(List<FieldProblem> problems, String field, String clean, int max, boolean required) {
        String v = clean == null ? null : clean.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                problems.add(required(field));
            }
            return null;
        }
        if (v.length() > max) {
            problems.add(new FieldProblem(field, "too-long", "Tối đa " + max + " ký tự", "At most " + max + " characters"));
        }
        return v;
    }

    private static List<String> list(TextHygiene text, List<FieldProblem> problems, String field, List<String> values,
                                     int maxEach) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_LIST) {
            problems.add(tooMany(field));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int j = 0; j < values.size(); j++) {
            String v = text(text, problems, field + "[" + j + "]", values.get(j), maxEach, true);
            if (v != null) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    private static FieldProblem tooMany(String field) {
        return new FieldProblem(field, "too-many", "Tối đa " + MAX_LIST + " mục", "At most " + MAX_LIST + " items");
    }

    private static FieldProblem required(String field) {
        return new FieldProblem(field, "required", "Bắt buộc", "Required");
    }

    /** The tenant rule (a provincial plan names its province's agencies only; a national one any). */
    private static FieldProblem outsideProvince(String field, String agencyId, Tenant tenant, Tenant issuer) {
        return new FieldProblem(field, "agency-outside-province", "Cơ quan " + agencyId + " (" + tenant + ") ngoài tỉnh "
                + "của cơ quan ban hành kế hoạch (" + issuer + ")", "Agency " + agencyId + " (" + tenant + ") is outside "
                + "the province of the plan's issuing agency (" + issuer + ")");
    }

    private static FieldProblem unknownAgency(String field) {
        return new FieldProblem(field, "unknown-agency", "Cơ quan không có trong danh bạ", "Unknown agency");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
