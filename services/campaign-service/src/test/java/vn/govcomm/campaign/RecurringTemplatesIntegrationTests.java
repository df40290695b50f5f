package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import vn.govcomm.campaign.templates.RecurringDrafts;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The recurrence scheduler, called directly with a fixed clock (its scheduled run is off in tests): a draft per
 * occurrence within the lead time, once, authored by the template's owner; two instances at once; catching up after
 * the service was down over occurrences.
 */
class RecurringTemplatesIntegrationTests extends CampaignServiceTestSupport {

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    @Autowired RecurringDrafts recurring;

    static String yearly(int windowDays, int leadTimeDays) {
        return """
                {"name": "Báo cáo công tác dân vận hằng năm", "code": "SNV-DV",
                 "notice": {"title": "Tuyên truyền công tác dân vận năm {year}", "bodyHtml": "<p>Năm {year}</p>"},
                 "targets": [{"group": "ubnd-cap-huyen", "channels": ["portal"]}],
                 "schedule": {"windowDays": %d},
                 "recurrence": {"frequency": "YEARLY", "month": 6, "day": 15, "leadTimeDays": %d}}
                """.formatted(windowDays, leadTimeDays);
    }

    JsonNode template(String body) throws Exception {
        return body(mvc.perform(OFFICER.on(post("/api/templates")).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()));
    }

    static Clock on(LocalDate day) {
        return Clock.fixed(day.atTime(9, 0).atZone(ZONE).toInstant(), ZONE);
    }

    List<String> mine(RecurringDrafts.Run run, String templateId) {
        return run.created().stream().filter(id -> id.startsWith("cmp-" + templateId + "-")).toList();
    }

    long draftsOf(String templateId) {
        return mongo.getCollection("campaigns").countDocuments(new org.bson.Document("origin.sourceId", templateId));
    }

    @Test
    void createsTheDraftOfAnOccurrenceOnceItIsWithinTheLeadTimeAndOnlyOnce() throws Exception {
        JsonNode t = template(yearly(30, 10));
        String id = t.path("id").asString();
        LocalDate next = LocalDate.parse(t.path("nextOccurrence").asString());
        assertThat(next.getMonthValue() * 100 + next.getDayOfMonth()).isEqualTo(615);

        assertThat(mine(recurring.createDue(on(next.minusDays(11))), id)).as("before the lead time").isEmpty();
        assertThat(draftsOf(id)).isZero();

        List<String> created = mine(recurring.createDue(on(next.minusDays(10))), id);
        assertThat(created).containsExactly("cmp-" + id + "-" + next);
        JsonNode draft = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", created.getFirst()))).andExpect(status().isOk()));
        assertThat(draft.path("status").asString()).isEqualTo("DRAFT");
        assertThat(draft.path("createdBy").asString()).as("the template's owner").isEqualTo(OFFICER.id());
        assertThat(draft.path("issuingAgencyId").asString()).isEqualTo("so-noi-vu");
        assertThat(draft.path("code").asString()).isEqualTo("SNV-DV-" + next.getYear());
        assertThat(draft.path("notice").path("title").asString()).isEqualTo("Tuyên truyền công tác dân vận năm " + next.getYear());
        assertThat(Instant.parse(draft.path("window").path("startsAt").asString()))
                .isEqualTo(next.atStartOfDay(ZONE).toInstant());
        assertThat(draft.path("origin").path("kind").asString()).isEqualTo("recurrence");
        assertThat(draft.path("origin").path("occurrence").asString()).isEqualTo(next.toString());
        assertThat(draft.path("allowedActions").toString()).as("left for an officer to submit").contains("submit");

        assertThat(mine(recurring.createDue(on(next.minusDays(10))), id)).as("the same day again").isEmpty();
        assertThat(mine(recurring.createDue(on(next)), id)).as("on the day").isEmpty();
        assertThat(draftsOf(id)).isEqualTo(1);
        JsonNode after = body(mvc.perform(OFFICER.on(get("/api/templates/{id}", id))));
        assertThat(after.path("nextOccurrence").asString()).isEqualTo(next.plusYears(1).toString());
        assertThat(after.path("version").asLong()).as("the scheduler does not bump the officer's version").isEqualTo(1);
    }

    @Test
    void twoInstancesAtOnceCreateOneDraftPerOccurrence() throws Exception {
        JsonNode t = template(yearly(30, 14));
        String id = t.path("id").asString();
        LocalDate next = LocalDate.parse(t.path("nextOccurrence").asString());
        Clock clock = on(next.minusDays(3));
        CountDownLatch start = new CountDownLatch(1);
        Callable<List<String>> instance = () -> {
            start.await();
            return mine(recurring.createDue(clock), id);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> a = pool.submit(instance);
            Future<List<String>> b = pool.submit(instance);
            start.countDown();
            assertThat(a.get().size() + b.get().size()).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(draftsOf(id)).isEqualTo(1);
        assertThat(mongo.getCollection("campaigns").countDocuments(new org.bson.Document("_id", "cmp-" + id + "-" + next)))
                .isEqualTo(1);
    }

    @Test
    void afterAnOutageAnOpenOccurrenceGetsItsDraftLateAndPassedOnesAreSkippedAndListed() throws Exception {
        JsonNode t = template(yearly(30, 14));
        String id = t.path("id").asString();
        LocalDate next = LocalDate.parse(t.path("nextOccurrence").asString());
        // down from before the first occurrence's lead time until 5 days into the third occurrence's window
        RecurringDrafts.Run run = recurring.createDue(on(next.plusYears(2).plusDays(5)));

        assertThat(mine(run, id)).containsExactly("cmp-" + id + "-" + next.plusYears(2));
        assertThat(run.skipped()).contains(id + "@" + next, id + "@" + next.plusYears(1));
        assertThat(draftsOf(id)).isEqualTo(1);
        JsonNode after = body(mvc.perform(OFFICER.on(get("/api/templates/{id}", id))));
        assertThat(after.path("skippedOccurrences").toString())
                .isEqualTo("[\"" + next + "\",\"" + next.plusYears(1) + "\"]");
        assertThat(after.path("nextOccurrence").asString()).isEqualTo(next.plusYears(3).toString());
        JsonNode late = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", "cmp-" + id + "-" + next.plusYears(2)))));
        assertThat(late.path("status").asString()).isEqualTo("DRAFT");
    }

    @Test
    void aDraftTheCampaignRulesRefuseIsNotCreatedTheProblemIsKeptAndTheOccurrenceRetried() throws Exception {
        JsonNode t = template(yearly(30, 14));
        String id = t.path("id").asString();
        LocalDate next = LocalDate.parse(t.path("nextOccurrence").asString());
        // the directory changed since the template was written: its target group is gone
        org.bson.Document filter = new org.bson.Document("_id", id);
        mongo.getCollection("templates").updateOne(filter,
                new org.bson.Document("$set", new org.bson.Document("targets.0.group", "ubnd-cap-huyen-cu")));

        RecurringDrafts.Run refused = recurring.createDue(on(next.minusDays(14)));
        assertThat(mine(refused, id)).isEmpty();
        assertThat(refused.refused()).contains(id);
        assertThat(draftsOf(id)).isZero();
        JsonNode after = body(mvc.perform(OFFICER.on(get("/api/templates/{id}", id))));
        assertThat(after.path("nextOccurrence").asString()).as("not moved on").isEqualTo(next.toString());
        assertThat(after.path("recurrenceProblem").path("occurrence").asString()).isEqualTo(next.toString());
        assertThat(after.path("recurrenceProblem").path("errors").findValuesAsString("field"))
                .contains("targets[0].group");

        mongo.getCollection("templates").updateOne(filter,
                new org.bson.Document("$set", new org.bson.Document("targets.0.group", "ubnd-cap-huyen")));
        assertThat(mine(recurring.createDue(on(next.minusDays(13))), id)).containsExactly("cmp-" + id + "-" + next);
        JsonNode fixed = body(mvc.perform(OFFICER.on(get("/api/templates/{id}", id))));
        assertThat(fixed.path("recurrenceProblem").isNull()).isTrue();
        assertThat(fixed.path("nextOccurrence").asString()).isEqualTo(next.plusYears(1).toString());
    }
}
