package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Plans: the seed plan of Decision 244/QĐ-UBND loaded at start, create and replace with every input rule, due and late
 * today, and campaigns linked to tasks (validated, stored, returned, filtered, shown in the plan).
 */
class PlansIntegrationTests extends CampaignServiceTestSupport {

    static final String SEED = "kh-tuyen-truyen-cchc-2025";
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final User OFFICER_OF_ISSUER = new User("can.bo.ubnd", "officer", "so-y-te");

    /** A plan of so-y-te for this year: task 1 year-round led by so-noi-vu, task 2 in the first quarter led by so-y-te. */
    static String plan(int year) {
        return """
                {"year": %d, "issuingAgencyId": "so-y-te", "title": "Kế hoạch truyền thông y tế năm %d",
                 "legalBasis": {"number": "12/KH-SYT", "date": "%d-01-10", "issuer": "Sở Y tế tỉnh Khánh Hòa"},
                 "tasks": [
                  {"number": 1, "title": "Tuyên truyền dịch vụ công trực tuyến ngành y tế",
                   "expectedProducts": ["Tin, bài trên Cổng thông tin điện tử"],
                   "schedule": {"kind": "YEAR_ROUND", "words": "Thường xuyên trong năm %d"},
                   "leadAgencyId": "so-noi-vu", "coordinatingAgencyIds": ["so-xay-dung"],
                   "coordinatingAgencyNames": ["Các bệnh viện tuyến huyện"], "channels": ["portal", "facebook"],
                   "funding": "Ngân sách sở"},
                  {"number": 2, "title": "Hội nghị triển khai kế hoạch",
                   "schedule": {"kind": "QUARTER", "months": [1, 2, 3], "words": "Quý I/%d"},
                   "leadAgencyId": "so-y-te"}
                 ]}
                """.formatted(year, year, year, year, year);
    }

    static int thisYear() {
        return LocalDate.now(ZONE).getYear();
    }

    @Test
    void theSeedPlanIsLoadedAtStartWithEveryTaskOfTheAppendix() throws Exception {
        JsonNode plan = body(mvc.perform(ADMIN.on(get("/api/plans/{id}", SEED))).andExpect(status().isOk()));
        assertThat(plan.path("year").asInt()).isEqualTo(2025);
        assertThat(plan.path("issuingAgencyId").asString()).isEqualTo("ubnd-tinh");
        assertThat(plan.path("legalBasis").path("number").asString()).isEqualTo("244/QĐ-UBND");
        assertThat(plan.path("legalBasis").path("date").asString()).isEqualTo("2025-01-24");
        List<JsonNode> tasks = StreamSupport.stream(plan.path("tasks").spliterator(), false).toList();
        assertThat(tasks).hasSize(30);
        assertThat(tasks.stream().map(t -> t.path("number").asInt())).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 30).boxed().toList());
        JsonNode t27 = tasks.get(26);
        assertThat(t27.path("id").asString()).isEqualTo(SEED + "-t27");
        assertThat(t27.path("title").asString()).startsWith("Tổ chức tổng kết công tác CCHC năm 2024");
        assertThat(t27.path("schedule").path("kind").asString()).isEqualTo("QUARTER");
        assertThat(t27.path("schedule").path("words").asString()).isEqualTo("Quý I/2025");
        assertThat(t27.path("schedule").path("months").toString()).isEqualTo("[1,2,3]");
        assertThat(t27.path("leadAgencyId").asString()).isEqualTo("so-noi-vu");
        assertThat(t27.path("coordinatingAgencyIds").toString()).isEqualTo("[\"van-phong-ubnd-tinh\"]");
        assertThat(t27.path("dueBy").asString()).isEqualTo("2025-03-31");
        JsonNode t26 = tasks.get(25);
        assertThat(t26.path("leadAgencyId").isNull()).as("Tỉnh đoàn is not in the directory").isTrue();
        assertThat(t26.path("leadAgencyName").asString()).isEqualTo("Tỉnh đoàn");
        JsonNode t01 = tasks.getFirst();
        assertThat(t01.path("schedule").path("kind").asString()).isEqualTo("MONTH");
        assertThat(t01.path("schedule").path("words").asString()).isEqualTo("Tháng 02/2025");
        assertThat(t01.path("expectedProducts").get(1).asString()).isEqualTo("Văn bản triển khai cụ thể");
        assertThat(tasks.get(16).path("channels").toString()).contains("\"led\"");
        // every known agency id of the seed is one of the directory's
        for (JsonNode t : tasks) {
            assertThat(t.path("leadAgencyId").isNull() && t.path("leadAgencyName").isNull()).as("a lead").isFalse();
            List<String> ids = new java.util.ArrayList<>(t.path("coordinatingAgencyIds").valueStream().map(JsonNode::asString).toList());
            if (!t.path("leadAgencyId").isNull()) {
                ids.add(t.path("leadAgencyId").asString());
            }
            for (String agency : ids) {
                mvc.perform(ADMIN.on(get("/api/agencies/{id}", agency))).andExpect(status().isOk());
            }
        }
    }

    @Test
    void theDemoImportIsIdempotent() throws Exception {
        JsonNode again = body(mvc.perform(ADMIN.on(post("/api/plans/import-demo"))).andExpect(status().isOk()));
        assertThat(again.path("id").asString()).isEqualTo(SEED);
        assertThat(again.path("version").asLong()).isEqualTo(1);
        assertThat(mongo.getCollection("plans").countDocuments(new org.bson.Document("_id", SEED))).isEqualTo(1);
    }

    @Test
    void anOfficerOfTheIssuingAgencyCreatesAndReplacesAPlan() throws Exception {
        String id = "kh-" + UUID.randomUUID();
        var created = mvc.perform(OFFICER_OF_ISSUER.on(put("/api/plans/{id}", id)).contentType(MediaType.APPLICATION_JSON)
                .content(plan(thisYear()))).andExpect(status().isCreated());
        assertThat(etag(created)).isEqualTo("\"1\"");
        JsonNode plan = body(created);
        assertThat(plan.path("tasks").get(0).path("id").asString()).isEqualTo(id + "-t01");
        assertThat(plan.path("tasks").get(0).path("schedule").path("months").size()).isEqualTo(12);
        assertThat(plan.path("tasks").get(0).path("due").asBoolean()).as("year-round, this year").isTrue();
        assertThat(plan.path("tasks").get(0).path("late").asBoolean()).isFalse();
        assertThat(plan.path("dueTasks").asInt()).isGreaterThanOrEqualTo(1);

        String renamed = plan(thisYear()).replace("Hội nghị triển khai kế hoạch", "Hội nghị triển khai kế hoạch (sửa)");
        mvc.perform(OFFICER_OF_ISSUER.on(put("/api/plans/{id}", id)).header("If-Match", "\"7\"")
                .contentType(MediaType.APPLICATION_JSON).content(renamed)).andExpect(status().isPreconditionFailed());
        JsonNode replaced = body(mvc.perform(OFFICER_OF_ISSUER.on(put("/api/plans/{id}", id)).header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(renamed)).andExpect(status().isOk()));
        assertThat(replaced.path("version").asLong()).isEqualTo(2);
        assertThat(replaced.path("tasks").get(1).path("title").asString()).endsWith("(sửa)");
        assertThat(replaced.path("tasks").get(1).path("id").asString()).isEqualTo(id + "-t02");

        JsonNode list = body(mvc.perform(OFFICER_OF_ISSUER.on(get("/api/plans?year={y}", thisYear()))).andExpect(status().isOk()));
        assertThat(list.valueStream().map(p -> p.path("id").asString())).contains(id).doesNotContain(SEED);
        assertThat(list.valueStream().filter(p -> p.path("id").asString().equals(id)).findFirst().orElseThrow()
                .path("tasks").asInt()).isEqualTo(2);
    }

    @Test
    void refusesABadPlanWithEveryFieldProblemAndStoresNothing() throws Exception {
        ObjectNode bad = (ObjectNode) json.readTree(plan(thisYear()));
        bad.put("year", 1890);
        ((ObjectNode) bad.path("legalBasis")).remove("date");
        ObjectNode t1 = (ObjectNode) bad.path("tasks").get(0);
        t1.put("leadAgencyId", "so-khong-co");
        t1.putArray("channels").add("fax");
        ((ObjectNode) t1.path("schedule")).put("kind", "WEEKLY");
        ObjectNode t2 = (ObjectNode) bad.path("tasks").get(1);
        t2.put("number", 1);
        ((ObjectNode) t2.path("schedule")).putArray("months").add(1).add(2);
        t2.put("title", "x".repeat(2001));
        String id = "kh-" + UUID.randomUUID();
        JsonNode problem = body(mvc.perform(OFFICER_OF_ISSUER.on(put("/api/plans/{id}", id))
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(bad)))
                .andExpect(status().isBadRequest()));
        assertThat(problem.path("code").asString()).isEqualTo("validation-failed");
        assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString() + " " + e.path("code").asString()))
                .containsExactlyInAnyOrder("year out-of-range", "legalBasis.date required",
                        "tasks[0].schedule.kind unknown-schedule-kind", "tasks[0].leadAgencyId unknown-agency",
                        "tasks[0].channels[0] unknown-channel", "tasks[1].number duplicate-number",
                        "tasks[1].title too-long", "tasks[1].schedule.months not-whole-quarters");
        assertThat(problem.path("errors").get(0).path("messageVi").asString()).isNotBlank();
        assertThat(mongo.getCollection("plans").countDocuments(new org.bson.Document("_id", id))).isZero();
        JsonNode reserved = body(mvc.perform(OFFICER_OF_ISSUER.on(put("/api/plans/import-demo"))
                .contentType(MediaType.APPLICATION_JSON).content(plan(thisYear()))).andExpect(status().isBadRequest()));
        assertThat(reserved.path("errors").get(0).path("code").asString()).isEqualTo("reserved-id");
    }

    @Test
    void aCampaignLinksToATaskOfItsAgencyAndTheTaskShowsIt() throws Exception {
        String task = SEED + "-t27";  // Quý I/2025, Sở Nội vụ leads
        String id = create(OFFICER, draftWith(d -> d.put("planTaskId", task)));
        JsonNode campaign = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))).andExpect(status().isOk()));
        assertThat(campaign.path("planTaskId").asString()).isEqualTo(task);
        assertThat(mongo.getCollection("campaigns").find(new org.bson.Document("_id", id)).first().getString("planTaskId"))
                .isEqualTo(task);
        JsonNode filtered = body(mvc.perform(ADMIN.on(get("/api/campaigns?planTaskId={t}", task))).andExpect(status().isOk()));
        assertThat(filtered.valueStream().map(c -> c.path("id").asString())).containsExactly(id);

        JsonNode t27 = taskOf(SEED, task);
        assertThat(t27.path("late").asBoolean()).as("a draft does not carry the task out").isTrue();
        assertThat(t27.path("campaigns").get(0).path("id").asString()).isEqualTo(id);
        assertThat(t27.path("campaigns").get(0).path("status").asString()).isEqualTo("DRAFT");

        mvc.perform(OFFICER.on(post("/api/campaigns/{id}/submit", id))).andExpect(status().isOk());
        approve(APPROVER, id).andExpect(status().isOk());
        JsonNode after = taskOf(SEED, task);
        assertThat(after.path("late").asBoolean()).isFalse();
        assertThat(after.path("campaigns").get(0).path("status").asString()).isEqualTo("SCHEDULED");
        assertThat(after.path("campaigns").get(0).path("code").asString()).isEqualTo("SNV-CCHC-2023-09");
        assertThat(after.path("campaigns").get(0).path("title").asString()).startsWith("Thông báo triển khai khảo sát");
    }

    @Test
    void aCampaignCannotLinkToAnUnknownTaskOrToAnotherAgencysTask() throws Exception {
        JsonNode unknown = body(mvc.perform(OFFICER.on(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON)
                .content(draftWith(d -> d.put("planTaskId", SEED + "-t99")))).andExpect(status().isBadRequest()));
        assertThat(unknown.path("errors").get(0).path("code").asString()).isEqualTo("unknown-plan-task");
        // t15 is led by Sở Tài chính; the plan is UBND tỉnh's: Sở Nội vụ may not link to it
        JsonNode notYours = body(mvc.perform(OFFICER.on(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON)
                .content(draftWith(d -> d.put("planTaskId", SEED + "-t15")))).andExpect(status().isBadRequest()));
        assertThat(notYours.path("errors").get(0).path("field").asString()).isEqualTo("planTaskId");
        assertThat(notYours.path("errors").get(0).path("code").asString()).isEqualTo("plan-task-not-yours");
        assertThat(mongo.getCollection("campaigns").countDocuments(new org.bson.Document("planTaskId", SEED + "-t15"))).isZero();
    }

    @Test
    void anEditChangesTheLinkAndAReplacementKeepsLinkedTasks() throws Exception {
        String planId = "kh-" + UUID.randomUUID();
        mvc.perform(OFFICER_OF_ISSUER.on(put("/api/plans/{id}", planId)).contentType(MediaType.APPLICATION_JSON)
                .content(plan(thisYear()))).andExpect(status().isCreated());
        var created = mvc.perform(OFFICER.on(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON)
                .content(draftWith(d -> d.put("planTaskId", planId + "-t01")))).andExpect(status().isCreated());
        String id = body(created).path("id").asString();
        // the task may not go while a campaign is linked to it
        String withoutTask1 = plan(thisYear()).replaceFirst("(?s)\\{\"number\": 1,.*?\"funding\": \"Ngân sách sở\"},", "");
        JsonNode conflict = body(mvc.perform(OFFICER_OF_ISSUER.on(put("/api/plans/{id}", planId))
                .contentType(MediaType.APPLICATION_JSON).content(withoutTask1)).andExpect(status().isConflict()));
        assertThat(conflict.path("errors").get(0).path("code").asString()).isEqualTo("task-has-campaigns");
        // unlinking by an edit
        JsonNode edited = body(mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", etag(created))
                .contentType(MediaType.APPLICATION_JSON).content(DRAFT)).andExpect(status().isOk()));
        assertThat(edited.has("planTaskId")).isFalse();
        assertThat(edited.path("decisions").valueStream().map(d -> d.path("comment").asString()))
                .anyMatch(c -> c.contains("planTaskId"));
        mvc.perform(OFFICER_OF_ISSUER.on(put("/api/plans/{id}", planId)).contentType(MediaType.APPLICATION_JSON)
                .content(withoutTask1)).andExpect(status().isOk());
    }

    private JsonNode taskOf(String planId, String taskId) throws Exception {
        JsonNode plan = body(mvc.perform(ADMIN.on(get("/api/plans/{id}", planId))).andExpect(status().isOk()));
        return plan.path("tasks").valueStream().filter(t -> t.path("id").asString().equals(taskId)).findFirst().orElseThrow();
    }
}
