package vn.govcomm.campaign.templates;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.campaign.campaigns.Campaign;
import vn.govcomm.campaign.campaigns.CampaignManagement;
import vn.govcomm.campaign.campaigns.CampaignRequest;
import vn.govcomm.campaign.text.TextHygiene;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A template's own rules (name, code, schedule shape, recurrence) and, for its content, every rule of a campaign
 * ({@link CampaignManagement#check}: the notice, targets and channels against today's directory, LED fit, the event
 * size), all answered at once as field problems with the same paths as the template body.
 */
@Component
class TemplateValidation {

    static final int MAX_NAME = 200;
    static final int MAX_CODE = 60;
    static final int MAX_WINDOW_DAYS = 366;
    static final String YEAR = "{year}";

    private final CampaignManagement campaigns;

    TemplateValidation(CampaignManagement campaigns) {
        this.campaigns = campaigns;
    }

    /** The cleaned template content (not yet a document). */
    record Valid(String name, String code, List<String> legalReferences, CampaignRequest.NoticeRequest notice,
                 List<CampaignRequest.TargetRequest> targets, String priority, Campaign.LedSchedule ledSchedule,
                 List<String> observers, Template.Schedule schedule, CampaignRequest.RemindersRequest reminders,
                 Recurrence recurrence) {
    }

    Valid validate(TemplateRequest request, String agencyId, LocalDate today) {
        TextHygiene text = new TextHygiene();
        List<FieldProblem> problems = new ArrayList<>();
        String name = text.line("name", request.name());
        if (name == null || name.isBlank()) {
            problems.add(required("name"));
        } else if (name.strip().length() > MAX_NAME) {
            problems.add(tooLong("name", MAX_NAME));
        }
        String code = request.code() == null ? null : request.code().strip();
        if (code != null && code.length() > MAX_CODE) {
            problems.add(tooLong("code", MAX_CODE));
        }
        Template.Schedule schedule = request.schedule();
        int windowDays = 1;
        Integer deadlineOffset = null;
        if (schedule == null || schedule.windowDays() == null) {
            problems.add(required("schedule.windowDays"));
        } else if (schedule.windowDays() < 1 || schedule.windowDays() > MAX_WINDOW_DAYS) {
            problems.add(outOfRange("schedule.windowDays", 1, MAX_WINDOW_DAYS));
        } else {
            windowDays = schedule.windowDays();
            Integer offset = schedule.deadlineOffsetDays();
            if (offset != null && (offset < 0 || offset > windowDays - 1)) {
                problems.add(outOfRange("schedule.deadlineOffsetDays", 0, windowDays - 1));
            } else {
                deadlineOffset = offset;
            }
        }
        if (request.recurrence() != null) {
            problems.addAll(request.recurrence().problems());
        }
        // The content as a campaign starting today would carry it: the campaign rules, with the template's field paths
        // (its window and deadline are made valid here, so their problems are the schedule's above).
        Campaign.Content content = null;
        try {
            content = campaigns.check(draftRequest(request.code(), agencyId, request.legalReferences(), request.notice(),
                    request.targets(), request.priority(), request.ledSchedule(), request.observers(),
                    new Template.Schedule(windowDays, deadlineOffset), request.reminders(), today, false));
        } catch (ApiProblem e) {
            if (e.status() != HttpStatus.BAD_REQUEST) {
                throw e;
            }
            problems.addAll(e.fields());
        }
        problems.addAll(0, text.problems());
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", problems);
        }
        return new Valid(name.strip(), content.code(), content.legalReferences(),
                CampaignRequest.notice(content.notice(), file -> true), CampaignRequest.targets(content.targets()),
                content.priority(), content.ledSchedule(), content.observers(), new Template.Schedule(windowDays, deadlineOffset),
                new CampaignRequest.RemindersRequest(content.reminders().offsetsDays()), request.recurrence());
    }

    /** The campaign body of a draft starting on {@code start} with this content; {@code {year}} becomes its year. */
    static CampaignRequest draftRequest(String code, String agencyId, List<String> legalReferences,
                                        CampaignRequest.NoticeRequest notice, List<CampaignRequest.TargetRequest> targets,
                                        String priority, Campaign.LedSchedule ledSchedule, List<String> observers,
                                        Template.Schedule schedule, CampaignRequest.RemindersRequest reminders,
                                        LocalDate start, boolean fillYear) {
        LocalDate end = start.plusDays(schedule.windowDays() - 1L);
        LocalDate deadline = schedule.deadlineOffsetDays() == null ? null : start.plusDays(schedule.deadlineOffsetDays());
        // checked as written ({year} is longer than a year, so what fits then fits later), filled in for a draft
        String year = fillYear ? String.valueOf(start.getYear()) : YEAR;
        CampaignRequest.NoticeRequest n = notice == null ? null : new CampaignRequest.NoticeRequest(
                year(notice.title(), year), year(notice.summary(), year), year(notice.bodyHtml(), year),
                year(notice.ledText(), year), year(notice.facebookText(), year),
                notice.zaloArticle() == null ? null : new Campaign.ZaloArticle(year(notice.zaloArticle().title(), year),
                        notice.zaloArticle().author(), year(notice.zaloArticle().description(), year),
                        notice.zaloArticle().coverUrl()),
                notice.attachmentIds());
        return new CampaignRequest(code, agencyId, legalReferences, n, targets,
                new CampaignRequest.WindowRequest(start, end), null, priority, ledSchedule, observers, deadline, reminders,
                null);
    }

    private static String year(String text, String year) {
        // the HTML sanitiser writes the braces of rich text as character references
        return text == null ? null : text.replace(YEAR, year).replace("&#123;year&#125;", year);
    }

    static FieldProblem required(String field) {
        return new FieldProblem(field, "required", "Trường này là bắt buộc", "This field is required");
    }

    static FieldProblem tooLong(String field, int max) {
        return new FieldProblem(field, "too-long", "Tối đa " + max + " ký tự", "At most " + max + " characters");
    }

    static FieldProblem outOfRange(String field, int min, int max) {
        return new FieldProblem(field, "out-of-range", "Giá trị từ " + min + " đến " + max,
                "A value from " + min + " to " + max);
    }
}
