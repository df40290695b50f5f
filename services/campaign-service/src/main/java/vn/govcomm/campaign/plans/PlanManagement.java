package vn.govcomm.campaign.plans;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.campaign.directory.Tenancy;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Yearly communication plans: stored as one document each (tasks embedded), read with each task's timing today and its
 * linked campaigns, written whole (create or replace) by officers of the issuing agency, and the seed plan of Decision
 * 244/QĐ-UBND loaded as demo data.
 */
@Service
@EnableConfigurationProperties(PlanProperties.class)
public class PlanManagement {

    static final String COLLECTION = "plans";
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Logger log = LoggerFactory.getLogger(PlanManagement.class);

    private final MongoTemplate mongo;
    private final PlanValidation validation;
    private final LinkedCampaigns campaigns;
    private final TaskActions actions;
    private final PlanProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final Tenancy tenancy;

    PlanManagement(MongoTemplate mongo, PlanValidation validation, LinkedCampaigns campaigns, TaskActions actions,
                   PlanProperties properties, JsonMapper json, Tenancy tenancy) {
        this.tenancy = tenancy;
        this.mongo = mongo;
        this.validation = validation;
        this.campaigns = campaigns;
        this.actions = actions;
        this.properties = properties;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /** What a campaign linked to a task needs to know of it. */
    public record TaskRef(String planId, String taskId, String planIssuingAgencyId, String leadAgencyId) {

        /**
         * The link rule: a campaign issued by {@code agencyId} may carry this task out when that agency issued the plan
         * or leads the task. The campaigns feature enforces it ({@code plan-task-not-yours}) and answers
         * {@code allowedActions} with it.
         */
        public boolean linkableFrom(String agencyId) {
            return agencyId != null && (agencyId.equals(planIssuingAgencyId) || agencyId.equals(leadAgencyId));
        }
    }

    /** The task with this id ({@code <planId>-tNN}), whoever asks: campaigns validate their {@code planTaskId} with it. */
    public Optional<TaskRef> task(String taskId) {
        int cut = taskId == null ? -1 : taskId.lastIndexOf("-t");
        if (cut <= 0) {
            return Optional.empty();
        }
        Plan plan = mongo.findById(taskId.substring(0, cut), Plan.class, COLLECTION);
        if (plan == null) {
            return Optional.empty();
        }
        return plan.tasks().stream().filter(t -> t.id().equals(taskId)).findFirst().map(t -> ref(plan, t));
    }

    private static TaskRef ref(Plan plan, Plan.PlanTask task) {
        return new TaskRef(plan.id(), task.id(), plan.issuingAgencyId(), task.leadAgencyId());
    }

    List<PlanView.Summary> list(Caller caller, Integer year) {
        Query query = new Query().with(Sort.by(Sort.Direction.DESC, "year").and(Sort.by("_id"))).limit(200);
        Tenancy.Scope scope = tenancy.scope(caller);
        if (!scope.all()) {
            String agency = caller.agencyId();
            if (agency == null || caller.roles().isEmpty()) {
                return List.of();
            }
            List<Criteria> readable = new ArrayList<>(List.of(Criteria.where("issuingAgencyId").is(agency),
                    Criteria.where("tasks.leadAgencyId").is(agency), Criteria.where("tasks.coordinatingAgencyIds").is(agency)));
            if (!scope.agencyIds().isEmpty()) {
                readable.add(Criteria.where("issuingAgencyId").in(scope.agencyIds()));
            }
            query.addCriteria(new Criteria().orOperator(readable));
        }
        if (year != null) {
            query.addCriteria(Criteria.where("year").is(year));
        }
        List<PlanView.Summary> out = new ArrayList<>();
        for (Plan plan : mongo.find(query, Plan.class, COLLECTION)) {
            PlanView view = view(plan, caller);
            out.add(new PlanView.Summary(plan.id(), plan.version(), plan.year(), plan.issuingAgencyId(), plan.title(),
                    plan.legalBasis(), plan.tasks().size(), view.dueTasks(), view.lateTasks()));
        }
        return out;
    }

    PlanView get(String id, Caller caller) {
        return view(readable(id, caller), caller);
    }

    private Plan readable(String id, Caller caller) {
        Plan plan = mongo.findById(id, Plan.class, COLLECTION);
        if (plan == null || !plan.readableBy(caller, tenancy.readsAcross(caller, plan.issuingAgencyId()))) {
            throw PlanAccess.notFound(id);
        }
        return plan;
    }

    record Saved(PlanView plan, boolean created) {
    }

    /**
     * Creates or replaces the plan {@code id} (If-Match honoured when sent). A replacement keeps the issuing agency and
     * every task that campaigns are linked to (same number); the task ids of the others follow their numbers.
     */
    Saved put(String id, PlanRequest request, Caller caller, Long expectedVersion) {
        PlanAccess.requireWrite(caller, request.issuingAgencyId());
        Plan current = mongo.findById(id, Plan.class, COLLECTION);
        if (current != null) {
            PlanAccess.requireWrite(caller, current.issuingAgencyId());
        }
        if (expectedVersion != null && (current == null || current.version() != expectedVersion)) {
            throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch",
                    "Kế hoạch đã được thay đổi từ lần tải trước, vui lòng tải lại. / The plan changed since you loaded it; reload it.");
        }
        Instant now = clock.instant();
        Plan next = validation.validate(id, request, caller.userId(), current == null ? 1 : current.version() + 1, now);
        if (current == null) {
            try {
                mongo.insert(next, COLLECTION);
            } catch (DuplicateKeyException e) {
                throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-change",
                        "Kế hoạch vừa được người khác tạo, vui lòng tải lại. / The plan was created meanwhile; reload it.");
            }
            return new Saved(view(next, caller), true);
        }
        requireKeeps(current, next);
        Plan stored = mongo.findAndReplace(Query.query(Criteria.where("_id").is(id).and("version").is(current.version())),
                next, COLLECTION);
        if (stored == null) {
            throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-change",
                    "Kế hoạch vừa được người khác thay đổi, vui lòng tải lại. / The plan was changed meanwhile; reload it.");
        }
        return new Saved(view(next, caller), false);
    }

    private void requireKeeps(Plan current, Plan next) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!current.issuingAgencyId().equals(next.issuingAgencyId())) {
            problems.add(new FieldProblem("issuingAgencyId", "immutable", "Không thể đổi cơ quan ban hành",
                    "The issuing agency cannot change"));
        }
        Set<String> kept = next.tasks().stream().map(Plan.PlanTask::id).collect(Collectors.toSet());
        List<String> dropped = current.tasks().stream().map(Plan.PlanTask::id).filter(t -> !kept.contains(t)).toList();
        for (String taskId : campaigns.byTask(dropped).keySet()) {
            problems.add(new FieldProblem("tasks", "task-has-campaigns", "Nhiệm vụ " + taskId
                    + " đã có chiến dịch liên kết, không thể bỏ", "Task " + taskId + " has linked campaigns and cannot be removed"));
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "plan-conflict",
                    "Không thể thay thế kế hoạch. / The plan cannot be replaced.", problems);
        }
    }

    /** Admins: loads the seed plan unless it is there already (then the stored one is left as it is). */
    Saved importDemo(Caller caller) {
        PlanAccess.requireAdmin(caller);
        Seeded seeded = importSeed(caller.userId());
        return new Saved(view(seeded.plan(), caller), seeded.created());
    }

    /** At start with demo data on: the seed plan, once (a restart, or a plan changed since, is left alone). */
    @EventListener(ApplicationReadyEvent.class)
    public void seedIfEnabled() {
        if (properties.demoData()) {
            Seeded seeded = importSeed("system");
            if (seeded.created()) {
                log.info("Seeded the demo plan {} with {} tasks", seeded.plan().id(), seeded.plan().tasks().size());
            }
        }
    }

    private record Seeded(Plan plan, boolean created) {
    }

    private Seeded importSeed(String actor) {
        ObjectNode seed;
        try (InputStream in = properties.demoSeed().getInputStream()) {
            seed = (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = seed.remove("id").asString();
        Plan existing = mongo.findById(id, Plan.class, COLLECTION);
        if (existing != null) {
            return new Seeded(existing, false);
        }
        Plan plan = validation.validate(id, json.treeToValue(seed, PlanRequest.class), actor, 1, clock.instant());
        try {
            mongo.insert(plan, COLLECTION);
        } catch (DuplicateKeyException e) {
            return new Seeded(mongo.findById(id, Plan.class, COLLECTION), false);
        }
        return new Seeded(plan, true);
    }

    /** The plan as {@code caller} sees it: each task with its timing today, its campaigns and the caller's actions. */
    private PlanView view(Plan plan, Caller caller) {
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        Map<String, List<LinkedCampaigns.LinkedCampaign>> linked =
                campaigns.byTask(plan.tasks().stream().map(Plan.PlanTask::id).toList());
        List<PlanView.TaskView> tasks = new ArrayList<>();
        int due = 0;
        int late = 0;
        for (Plan.PlanTask t : plan.tasks()) {
            List<LinkedCampaigns.LinkedCampaign> mine = linked.getOrDefault(t.id(), List.of());
            TaskTiming timing = TaskTiming.of(t.schedule(), plan.year(), today, mine);
            due += timing.due() ? 1 : 0;
            late += timing.late() ? 1 : 0;
            tasks.add(new PlanView.TaskView(t.id(), t.number(), t.title(), t.expectedProducts(), t.schedule(),
                    t.leadAgencyId(), t.leadAgencyName(), t.coordinatingAgencyIds(), t.coordinatingAgencyNames(),
                    t.assignment(), t.channels(), t.funding(), timing.from(), timing.to(), timing.due(), timing.late(), mine,
                    actions.allowed(caller, ref(plan, t))));
        }
        return new PlanView(plan.id(), plan.version(), plan.year(), plan.issuingAgencyId(), plan.title(),
                plan.legalBasis(), today, due, late, tasks, plan.updatedBy(), plan.updatedAt());
    }
}
