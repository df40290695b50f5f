package vn.govcomm.campaign.templates;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.govcomm.campaign.campaigns.Campaign;
import vn.govcomm.campaign.campaigns.CampaignManagement;
import vn.govcomm.kit.web.ApiProblem;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the draft of each occurrence of a recurring template once it comes within the template's lead time: a DRAFT
 * of the template's agency authored by its owner, left for an officer to check and submit (nothing is submitted for
 * approval automatically). Runs on every instance; each occurrence's draft has the deterministic id
 * {@code cmp-<templateId>-<occurrence date>}, so the unique {@code _id} lets exactly one instance (and one run)
 * create it, and the template's {@code nextOccurrence} moves on with a compare-and-set.
 * <p>
 * After an outage the next run catches up: an occurrence whose window is still open gets its draft (late), one whose
 * whole window passed is skipped and listed in the template's {@code skippedOccurrences} (and logged). A draft the
 * campaign rules refuse (the directory changed since) is not created: the problems are kept in the template's
 * {@code recurrenceProblem} and the occurrence is tried again on the next run, until its window has passed.
 */
@Component
public class RecurringDrafts {

    private static final Logger log = LoggerFactory.getLogger(RecurringDrafts.class);

    private final MongoTemplate mongo;
    private final CampaignManagement campaigns;

    RecurringDrafts(MongoTemplate mongo, CampaignManagement campaigns) {
        this.mongo = mongo;
        this.campaigns = campaigns;
    }

    /** What one run did: the drafts it created, the occurrences it skipped and the templates whose draft was refused. */
    public record Run(List<String> created, List<String> skipped, List<String> refused) {
    }

    @Scheduled(fixedDelayString = "${govcomm.templates.recurrence-interval:15m}",
            initialDelayString = "${govcomm.templates.recurrence-initial-delay:1m}")
    public void scheduled() {
        Run run = createDue(Clock.systemUTC());
        if (!run.created().isEmpty() || !run.skipped().isEmpty()) {
            log.info("Recurring templates: drafts {}, skipped {}", run.created(), run.skipped());
        }
    }

    /** One run as of {@code clock}'s today (Asia/Ho_Chi_Minh). */
    public Run createDue(Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(TemplateManagement.ZONE));
        String horizon = today.plusDays(Recurrence.MAX_LEAD_TIME_DAYS).toString();
        List<String> created = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Query due = Query.query(Criteria.where("nextOccurrence").lte(horizon).and("recurrence").ne(null));
        for (Template t : mongo.find(due, Template.class, TemplateManagement.COLLECTION)) {
            handle(t, today, clock, created, skipped, refused);
        }
        return new Run(created, skipped, refused);
    }

    private void handle(Template t, LocalDate today, Clock clock, List<String> created, List<String> skipped,
                        List<String> refused) {
        Recurrence recurrence = t.recurrence();
        LocalDate occurrence = LocalDate.parse(t.nextOccurrence());
        List<String> passed = new ArrayList<>();
        Template.RecurrenceProblem problem = null;
        while (!occurrence.minusDays(recurrence.leadTime()).isAfter(today)) {
            LocalDate lastDay = occurrence.plusDays(t.schedule().windowDays() - 1L);
            if (lastDay.isBefore(today)) {
                passed.add(occurrence.toString());
                log.warn("Template {}: the window of occurrence {} passed before its draft was created; skipped",
                        t.id(), occurrence);
            } else {
                String id = "cmp-" + t.id() + "-" + occurrence;
                TemplateManagement.Draft draft = TemplateManagement.draft(t, t.agencyId(), occurrence,
                        t.code() + "-" + recurrence.label(occurrence));
                try {
                    campaigns.createDraftOnce(id, draft.request(), t.owner(),
                                    new Campaign.Origin("recurrence", t.id(), occurrence.toString(), draft.dropped()))
                            .ifPresent(c -> created.add(c.getId()));
                } catch (ApiProblem e) {
                    if (e.status() != HttpStatus.BAD_REQUEST) {
                        throw e;
                    }
                    problem = new Template.RecurrenceProblem(occurrence.toString(), clock.instant(), e.fields());
                    refused.add(t.id());
                    log.warn("Template {}: the draft of occurrence {} is refused by the campaign rules: {}", t.id(),
                            occurrence, e.fields());
                    break;
                }
            }
            occurrence = recurrence.after(occurrence);
        }
        if (occurrence.toString().equals(t.nextOccurrence()) && passed.isEmpty()
                && java.util.Objects.equals(problem, t.recurrenceProblem())) {
            return;
        }
        Update update = new Update().set("nextOccurrence", occurrence.toString()).set("recurrenceProblem", problem);
        if (!passed.isEmpty()) {
            update.push("skippedOccurrences").each(passed.toArray());
        }
        // compare-and-set: another instance that got here first has moved nextOccurrence on already
        if (mongo.updateFirst(Query.query(Criteria.where("_id").is(t.id()).and("nextOccurrence").is(t.nextOccurrence())),
                update, TemplateManagement.COLLECTION).getModifiedCount() == 1) {
            skipped.addAll(passed.stream().map(d -> t.id() + "@" + d).toList());
        }
    }
}
