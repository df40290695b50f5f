package vn.govcomm.campaign.campaigns;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.campaign.directory.Agency;
import vn.govcomm.campaign.directory.AgencyDirectory;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxWriter;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The campaign lifecycle. Each transition and its event(s) are one single-document write (embedded outbox),
 * guarded by the document version, so a concurrent second approval fails instead of approving twice.
 */
@Service
public class CampaignManagement {

    static final String COLLECTION = "campaigns";
    static final Set<String> CHANNELS = Set.of("portal", "facebook", "zalo", "led");
    static final String ROLE_APPROVER = "approver";

    private final MongoTemplate mongo;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final AgencyDirectory directory;
    private final CampaignEvents events;
    private final Clock clock;

    CampaignManagement(MongoTemplate mongo, OutboxWriter outbox, @Qualifier("campaignOutbox") OutboxRelay relay,
                       AgencyDirectory directory, JsonMapper json) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.relay = relay;
        this.directory = directory;
        this.events = new CampaignEvents(json);
        this.clock = Clock.systemUTC();
    }

    public Campaign create(CampaignRequest request, Caller caller) {
        validate(request);
        Instant now = clock.instant();
        Instant startsAt = request.window().startDate().atStartOfDay(CampaignEvents.ZONE).toInstant();
        Instant endsAt = request.window().endDate().plusDays(1).atStartOfDay(CampaignEvents.ZONE).toInstant().minusSeconds(1);
        Instant publishAt = request.publishAt() == null ? (startsAt.isAfter(now) ? startsAt : now)
                : request.publishAt().toInstant();
        CampaignRequest.NoticeRequest n = request.notice();
        Campaign campaign = Campaign.draft("cmp-" + UUID.randomUUID(), request.code(), request.issuingAgencyId(),
                nullToEmpty(request.legalReferences()),
                new Campaign.Notice(n.title(), n.summary(), n.bodyHtml(), n.ledText(), n.facebookText(), n.zaloArticle(),
                        nullToEmpty(n.attachments())),
                request.targets().stream().map(t -> new Campaign.Target(t.agencyId(), List.copyOf(t.channels()))).toList(),
                new Campaign.Window(startsAt, endsAt), publishAt,
                request.priority() == null ? "NORMAL" : request.priority(), request.ledSchedule(),
                nullToEmpty(request.observers()), caller.userId(), now);
        outbox.insert(campaign, COLLECTION, List.of());
        return campaign;
    }

    public Campaign get(String id) {
        Campaign campaign = mongo.findById(id, Campaign.class, COLLECTION);
        if (campaign == null) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "campaign-not-found",
                    "Không tìm thấy chiến dịch " + id + ". / Campaign " + id + " not found.");
        }
        return campaign;
    }

    public List<Campaign> list() {
        return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(200), Campaign.class,
                COLLECTION);
    }

    public Campaign submit(String id, Caller caller) {
        Campaign c = get(id);
        requireStatus(c, Set.of(CampaignStatus.DRAFT, CampaignStatus.REJECTED), "submit");
        return apply(c, CampaignStatus.SUBMITTED, "submitted", caller.userId(), null, List.of(), false);
    }

    /** Approval by someone else than the author; an approved campaign is scheduled at once. */
    public Campaign approve(String id, Caller caller, String comment) {
        Campaign c = get(id);
        requireStatus(c, Set.of(CampaignStatus.SUBMITTED), "approve");
        if (!caller.hasRole(ROLE_APPROVER)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "approver-role-required",
                    "Chỉ người có quyền phê duyệt mới được phê duyệt. / Only an approver can approve.");
        }
        if (caller.userId().equals(c.getCreatedBy())) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "four-eyes",
                    "Người soạn không được tự phê duyệt. / The author cannot approve their own campaign.");
        }
        return apply(c, CampaignStatus.APPROVED, "approved", caller.userId(), comment, List.of(), true);
    }

    public Campaign reject(String id, Caller caller, List<String> reasons) {
        Campaign c = get(id);
        requireStatus(c, Set.of(CampaignStatus.SUBMITTED), "reject");
        if (!caller.hasRole(ROLE_APPROVER)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "approver-role-required",
                    "Chỉ người có quyền phê duyệt mới được từ chối. / Only an approver can reject.");
        }
        if (reasons == null || reasons.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "reasons-required", "Cần nêu lý do. / Reasons are required.",
                    List.of(new FieldProblem("reasons", "required", "Cần nêu lý do từ chối", "Give the reasons")));
        }
        return apply(c, CampaignStatus.REJECTED, "rejected", caller.userId(), null, reasons, false);
    }

    public Campaign cancel(String id, Caller caller, String reason) {
        Campaign c = get(id);
        requireStatus(c, Set.of(CampaignStatus.DRAFT, CampaignStatus.SUBMITTED, CampaignStatus.APPROVED,
                CampaignStatus.SCHEDULED, CampaignStatus.RUNNING, CampaignStatus.REJECTED), "cancel");
        return apply(c, CampaignStatus.CANCELLED, "cancelled", caller.userId(), reason, List.of(), false);
    }

    /** Clock-driven transitions: SCHEDULED → RUNNING at publishAt, RUNNING → COMPLETED after the window. */
    @Scheduled(fixedDelayString = "${govcomm.campaigns.clock-interval:1s}")
    public void advanceByClock() {
        Instant now = clock.instant();
        for (Campaign c : mongo.find(Query.query(Criteria.where("status").is(CampaignStatus.SCHEDULED)
                .and("publishAt").lte(now)), Campaign.class, COLLECTION)) {
            tryApply(c, CampaignStatus.RUNNING, "started");
        }
        for (Campaign c : mongo.find(Query.query(Criteria.where("status").is(CampaignStatus.RUNNING)
                .and("window.endsAt").lte(now)), Campaign.class, COLLECTION)) {
            tryApply(c, CampaignStatus.COMPLETED, "completed");
        }
    }

    private void tryApply(Campaign c, CampaignStatus next, String type) {
        try {
            apply(c, next, type, "system", null, List.of(), false);
        } catch (OptimisticLockingFailureException e) {
            // someone (e.g. a cancel) changed it meanwhile; the next tick sees the new state
        }
    }

    private Campaign apply(Campaign c, CampaignStatus next, String type, String actor, String comment,
                           List<String> reasons, boolean scheduleNow) {
        Instant now = clock.instant();
        CampaignStatus from = c.getStatus();
        long expected = c.transition(next, new Campaign.Decision(type, actor, comment, reasons, now), now);
        List<OutgoingEvent> out = new ArrayList<>();
        out.add(events.transitioned(c, type, from, actor, comment, reasons, now));
        if (scheduleNow) {
            c.transition(CampaignStatus.SCHEDULED, null, now);
            out.add(events.scheduled(c, now));
        }
        try {
            outbox.update(c, expected, COLLECTION, out);
        } catch (OptimisticLockingFailureException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-change",
                    "Chiến dịch vừa được người khác thay đổi, vui lòng tải lại. / The campaign was changed meanwhile; reload it.");
        }
        relay.nudge();
        return c;
    }

    private static void requireStatus(Campaign c, Set<CampaignStatus> allowed, String action) {
        if (!allowed.contains(c.getStatus())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "invalid-transition",
                    "Không thể thực hiện '" + action + "' khi chiến dịch đang ở trạng thái " + c.getStatus()
                            + ". / Cannot " + action + " a campaign in status " + c.getStatus() + ".");
        }
    }

    private void validate(CampaignRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.window().endDate().isBefore(request.window().startDate())) {
            problems.add(new FieldProblem("window.endDate", "window-end-before-start",
                    "Ngày kết thúc phải sau ngày bắt đầu", "The window must end after it starts"));
        }
        if (directory.find(request.issuingAgencyId()).isEmpty()) {
            problems.add(new FieldProblem("issuingAgencyId", "unknown-agency", "Cơ quan ban hành không tồn tại",
                    "Unknown issuing agency"));
        }
        Map<String, Agency> agencies = directory.findAll(request.targets().stream()
                .map(CampaignRequest.TargetRequest::agencyId).toList()).stream()
                .collect(Collectors.toMap(Agency::agencyId, Function.identity()));
        for (int i = 0; i < request.targets().size(); i++) {
            CampaignRequest.TargetRequest target = request.targets().get(i);
            Agency agency = agencies.get(target.agencyId());
            if (agency == null) {
                problems.add(new FieldProblem("targets[" + i + "].agencyId", "unknown-agency",
                        "Cơ quan " + target.agencyId() + " không có trong danh bạ",
                        "Agency " + target.agencyId() + " is not in the directory"));
                continue;
            }
            for (String channel : target.channels()) {
                if (!CHANNELS.contains(channel)) {
                    problems.add(new FieldProblem("targets[" + i + "].channels", "unknown-channel",
                            "Kênh không hợp lệ: " + channel, "Unknown channel: " + channel));
                } else if (!agency.hasChannel(channel)) {
                    problems.add(new FieldProblem("targets[" + i + "].channels", "channel-not-available",
                            agency.shortName() + " chưa có kênh " + channel,
                            agency.shortName() + " has no " + channel + " endpoint"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", problems);
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
