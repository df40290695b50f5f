package vn.govcomm.campaign.campaigns;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;
import vn.govcomm.campaign.attachments.FileLinks;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Copy last year's": the request a copy of a campaign is created from. Everything of the original's content is kept
 * (notice, targets as written, channels, LED schedule, priority, legal references, observers, reminders, plan task);
 * the window moves by whole years, or to the dates given, and the deadline and publication time keep their distance
 * from the window's start.
 */
final class CampaignCopies {

    static final int MAX_YEARS = 50;
    private static final Pattern YEAR = Pattern.compile("(?<![0-9])(19|20)[0-9]{2}(?![0-9])");

    private CampaignCopies() {
    }

    /** The body of {@code POST /api/campaigns/{id}/copy}; every field optional. */
    record CopyRequest(
            @Schema(maxLength = 80, description = "The copy's code; default: the original's with each year in it moved "
                    + "as the window moved, or the copy's start year appended") String code,
            @Schema(minimum = "1", maximum = "50", description = "Move the window by this many years; default: the "
                    + "fewest (at least 1) that start it today or later. Not together with window") Integer years,
            @Schema(description = "The copy's window instead of moving the original's") CampaignRequest.WindowRequest window) {
    }

    /** The request to create the copy from, and the files of the original left out (another agency's). */
    record Copy(CampaignRequest request, List<String> dropped) {
    }

    static Copy of(Campaign original, CopyRequest body, String agencyId, LocalDate today) {
        CopyRequest b = body == null ? new CopyRequest(null, null, null) : body;
        LocalDate start = LocalDate.ofInstant(original.getWindow().startsAt(), CampaignEvents.ZONE);
        LocalDate end = LocalDate.ofInstant(original.getWindow().endsAt(), CampaignEvents.ZONE);
        LocalDate deadline = original.getDeadline() == null ? null
                : LocalDate.ofInstant(original.getDeadline(), CampaignEvents.ZONE);
        List<FieldProblem> problems = new ArrayList<>();
        if (b.years() != null && b.window() != null) {
            problems.add(new FieldProblem("years", "one-of", "Chỉ gửi một trong hai: years hoặc window",
                    "Send either years or window, not both"));
        }
        if (b.years() != null && (b.years() < 1 || b.years() > MAX_YEARS)) {
            problems.add(new FieldProblem("years", "out-of-range", "Số năm dời từ 1 đến " + MAX_YEARS,
                    "Years from 1 to " + MAX_YEARS));
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", problems);
        }
        CampaignRequest.WindowRequest window;
        LocalDate newDeadline = null;
        long years;
        if (b.window() != null) {
            // the campaign rules check the dates given (required, order); the deadline keeps its distance when it fits
            window = b.window();
            years = window.startDate() == null ? 0 : window.startDate().getYear() - start.getYear();
            if (window.startDate() != null && window.endDate() != null && deadline != null) {
                LocalDate moved = window.startDate().plusDays(ChronoUnit.DAYS.between(start, deadline));
                newDeadline = moved.isAfter(window.endDate()) ? null : moved;
            }
        } else {
            years = b.years() != null ? b.years() : yearsUntil(start, today);
            window = new CampaignRequest.WindowRequest(start.plusYears(years), end.plusYears(years));
            newDeadline = deadline == null ? null : deadline.plusYears(years);
        }
        OffsetDateTime publishAt = null;
        if (original.getPublishAt() != null && window.startDate() != null
                && !original.getPublishAt().isBefore(original.getWindow().startsAt())) {
            Duration after = Duration.between(original.getWindow().startsAt(), original.getPublishAt());
            Instant moved = window.startDate().atStartOfDay(CampaignEvents.ZONE).toInstant().plus(after);
            publishAt = moved.atZone(CampaignEvents.ZONE).toOffsetDateTime();
        }
        boolean sameAgency = agencyId.equals(original.getIssuingAgencyId());
        Campaign.Notice notice = original.getNotice();
        // A file belongs to the agency that uploaded it and is attached to that agency's campaigns only (the store keeps
        // it unchanged, so a copy may point to it again); a copy for another agency leaves it out.
        List<String> dropped = sameAgency ? List.of() : FileLinks.fileIds(notice.bodyHtml(),
                notice.attachments() == null ? List.of()
                        : notice.attachments().stream().map(Campaign.Attachment::attachmentId).toList());
        CampaignRequest.RemindersRequest reminders = new CampaignRequest.RemindersRequest(
                original.getReminders().offsetsDays());
        CampaignRequest request = new CampaignRequest(
                b.code() != null ? b.code() : code(original.getCode(), years, window.startDate()),
                agencyId, original.getLegalReferences(), CampaignRequest.notice(notice, id -> sameAgency),
                CampaignRequest.targets(original.getTargets()), window, publishAt, original.getPriority(),
                original.getLedSchedule(), original.getObservers(), newDeadline, reminders,
                sameAgency ? original.getPlanTaskId() : null);
        return new Copy(request, dropped);
    }

    /** The fewest whole years (at least one) that move {@code start} to today or later. */
    static long yearsUntil(LocalDate start, LocalDate today) {
        long years = 1;
        while (start.plusYears(years).isBefore(today) && years < MAX_YEARS) {
            years++;
        }
        return years;
    }

    /**
     * Each year in the code moves with the window ({@code SNV-KS-2023} one year on is {@code SNV-KS-2024}); a code
     * without a year, or a copy within the same year, gets the copy's start year appended. At most 80 characters.
     */
    static String code(String code, long years, LocalDate newStart) {
        Matcher m = YEAR.matcher(code);
        String moved = years == 0 ? code
                : m.replaceAll(r -> String.valueOf(Integer.parseInt(r.group()) + years));
        if (!moved.equals(code)) {
            return moved.length() > 80 ? moved.substring(0, 80) : moved;
        }
        String suffix = "-" + (newStart == null ? "copy" : String.valueOf(newStart.getYear()));
        return (code.length() + suffix.length() > 80 ? code.substring(0, 80 - suffix.length()) : code) + suffix;
    }
}
