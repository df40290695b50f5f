package vn.govcomm.notification.api;

import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.security.Access;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.notification.campaigns.Plan;
import vn.govcomm.notification.campaigns.Plans;
import vn.govcomm.notification.campaigns.Schedule;
import vn.govcomm.notification.notifications.Notification;
import vn.govcomm.notification.notifications.Notifications;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was sent. Deny by default: OFFICER, APPROVER or ADMIN (anyone else 403), then by agency:
 * <ul>
 *   <li>{@code GET /api/notifications?campaignId=}: the issuing agency's officers and approvers and admins see every
 *       notification of the campaign and its rounds; an agency the campaign was addressed to sees only what was sent
 *       to it; anybody else gets the answer of an unknown campaign (404 {@code campaign-not-found});</li>
 *   <li>{@code GET /api/notifications/agencies/{agencyId}?from=&to=}: the agency's own officers and approvers, and
 *       admins; anybody else 404 {@code agency-not-found}.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationsController {

    private final Plans plans;
    private final Notifications notifications;

    NotificationsController(Plans plans, Notifications notifications) {
        this.plans = plans;
        this.notifications = notifications;
    }

    @GetMapping
    Map<String, Object> ofCampaign(Caller caller, @RequestParam(required = false) String campaignId) {
        Access.requireRole(caller, Caller.OFFICER, Caller.APPROVER, Caller.ADMIN);
        if (campaignId == null || campaignId.isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "campaign-required",
                    "Cần tham số campaignId. / The campaignId parameter is required.");
        }
        Plan plan = plans.find(campaignId);
        boolean all = caller.isAdmin() || (plan != null && caller.actsFor(plan.issuingAgencyId()));
        List<Notification> found;
        if (all) {
            found = notifications.ofCampaign(campaignId, null);
            if (plan == null && found.isEmpty()) {
                throw campaignNotFound(campaignId);
            }
        } else if (plan != null && caller.agencyId() != null && caller.actsFor(caller.agencyId())
                && (plan.addressees().contains(caller.agencyId()) || plan.targets().containsKey(caller.agencyId()))) {
            found = notifications.ofCampaign(campaignId, caller.agencyId());
        } else {
            throw campaignNotFound(campaignId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaignId", campaignId);
        if (plan != null) {
            body.put("code", plan.code());
            body.put("title", plan.title());
        }
        body.put("notifications", found.stream().map(NotificationsController::view).toList());
        if (all) {
            body.put("rounds", plans.rounds(campaignId).stream().map(NotificationsController::round).toList());
        }
        return body;
    }

    @GetMapping("/agencies/{agencyId}")
    Map<String, Object> ofAgency(Caller caller, @PathVariable String agencyId, @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to) {
        Access.requireRole(caller, Caller.OFFICER, Caller.APPROVER, Caller.ADMIN);
        if (!caller.isAdmin() && !caller.actsFor(agencyId)) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "agency-not-found",
                    "Không tìm thấy cơ quan " + agencyId + ". / No agency " + agencyId + ".");
        }
        Instant start = bound("from", from, false);
        Instant end = bound("to", to, true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw invalidPeriod("to", "phải sau from / must be after from");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agencyId", agencyId);
        body.put("from", start == null ? null : start.toString());
        body.put("to", end == null ? null : end.toString());
        body.put("notifications", notifications.ofAgency(agencyId, start, end).stream().map(NotificationsController::view).toList());
        return body;
    }

    /** An ISO instant, or an ISO date (a whole day in Asia/Ho_Chi_Minh: {@code to} includes it). */
    private static Instant bound(String name, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(Schedule.ZONE).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw invalidPeriod(name, "không phải ngày (yyyy-MM-dd) hay thời điểm ISO 8601 / not a date or an ISO 8601 instant");
        }
    }

    private static ApiProblem invalidPeriod(String field, String why) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-period", "Khoảng thời gian không hợp lệ. / Invalid period.",
                List.of(new ApiProblem.FieldProblem(field, "invalid", field + " " + why.split(" / ")[0],
                        field + " " + why.split(" / ")[1])));
    }

    static ApiProblem campaignNotFound(String campaignId) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "campaign-not-found",
                "Không tìm thấy chiến dịch " + campaignId + ". / No campaign " + campaignId + ".");
    }

    static Map<String, Object> view(Notification n) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("notificationId", n.id());
        view.put("campaignId", n.campaignId());
        view.put("kind", n.kind().name());
        view.put("recipientAgencyId", n.recipientAgencyId());
        view.put("recipients", n.recipients());
        view.put("state", n.state().name());
        view.put("outcome", n.outcome());
        view.put("reason", n.reason() != null ? n.reason() : n.lastError());
        view.put("dueAt", string(n.dueAt()));
        view.put("sentAt", string(n.sentAt()));
        view.put("missingChannels", n.missingChannels());
        view.put("subject", n.subject());
        view.put("attempts", n.attempts());
        if (n.state() == Notification.State.RETRYING) {
            view.put("nextAttemptAt", string(n.nextAt()));
        }
        return view;
    }

    private static Map<String, Object> round(Document r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("roundId", r.getString("_id"));
        view.put("kind", r.getString("kind"));
        view.put("offsetDays", r.getInteger("offsetDays"));
        view.put("dueAt", string(r.getDate("dueAt")));
        view.put("state", r.getString("state"));
        view.put("reason", r.getString("reason"));
        view.put("nonCompliant", r.getInteger("nonCompliant"));
        view.put("notifications", r.getList("notificationIds", String.class, List.of()).size());
        view.put("finishedAt", string(r.getDate("finishedAt")));
        return view;
    }

    private static String string(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String string(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
