package vn.govcomm.campaign;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.IncomingEvent;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Merged and renamed agencies ({@code POST /api/agencies/{id}/succession}): the predecessor inactive and naming its
 * successor in its AgencyChanged, earlier predecessors re-pointed, plan tasks, templates and campaigns not yet approved
 * moved, approved ones left to the publisher; the units under the predecessor moved under the successor (merged or
 * renamed); the dry run's report equal and nothing changed; every refusal with nothing changed; a half-done succession
 * finished by the same request. Each test makes its own agencies (the context is shared).
 */
class AgencySuccessionIntegrationTests extends CampaignServiceTestSupport {

    static final User PLAN_OFFICER = new User("can.bo.ke.hoach", "officer", "so-y-te");

    /** An active agency: portal only, or portal and an LED screen of 4 × 40; in {@code group}. */
    static String agency(String id, String group, boolean led) {
        return """
                {"agencyId": "%s", "name": "Ủy ban nhân dân phường %s", "type": "COMMUNE_PEOPLES_COMMITTEE",
                 "parentId": "ubnd-tinh", "groups": ["%s"], "active": true,
                 "endpoints": [{"endpointId": "%s.portal", "channel": "portal", "externalId": "portal-%s"}%s]}
                """.formatted(id, id, group, id, id, led ? """
                , {"endpointId": "%s.led-1", "channel": "led", "externalId": "scr-%s",
                   "screen": {"lines": 4, "charsPerLine": 40}}""".formatted(id, id) : "");
    }

    @Test
    void mergingMovesPlanTasksTemplatesAndOpenCampaignsToTheSuccessorAndTheDryRunChangesNothing() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String group = "x-nhom-" + n;
        String p = "x-phuong-cu-" + n;
        String s = "x-phuong-moi-" + n;
        String q = "x-phuong-xua-" + n;
        register(agency(p, group, true));
        register(agency(s, group, false));
        register(agency(q, "x-khac-" + n, false));
        // q was renamed to p earlier: once p is merged into s, q names s (chains stay one step long)
        succession(q, p, "RENAMED", false).andExpect(status().isOk());

        String planId = "kh-ke-thua-" + n;
        mvc.perform(PLAN_OFFICER.on(put("/api/plans/{id}", planId)).contentType(MediaType.APPLICATION_JSON).content("""
                {"year": 2030, "issuingAgencyId": "so-y-te", "title": "Kế hoạch truyền thông năm 2030",
                 "legalBasis": {"number": "12/KH-SYT", "date": "2030-01-10", "issuer": "Sở Y tế tỉnh Khánh Hòa"},
                 "tasks": [
                  {"number": 1, "title": "Tuyên truyền ở phường", "schedule": {"kind": "YEAR_ROUND", "words": "Thường xuyên"},
                   "leadAgencyId": "%s", "coordinatingAgencyIds": ["%s", "so-xay-dung"]},
                  {"number": 2, "title": "Hội nghị", "schedule": {"kind": "QUARTER", "months": [1, 2, 3], "words": "Quý I/2030"},
                   "leadAgencyId": "so-y-te", "coordinatingAgencyIds": ["%s", "%s"]},
                  {"number": 3, "title": "Không liên quan", "schedule": {"kind": "YEAR_ROUND", "words": "Thường xuyên"},
                   "leadAgencyId": "so-y-te", "coordinatingAgencyIds": ["so-xay-dung"]}
                 ]}
                """.formatted(p, s, p, s))).andExpect(status().isCreated());
        String templateId = body(mvc.perform(OFFICER.on(post("/api/templates")).contentType(MediaType.APPLICATION_JSON)
                .content(TemplatesIntegrationTests.TEMPLATE.replace("ubnd-nha-trang", p))).andExpect(status().isCreated()))
                .path("id").asString();
        String draft = create(OFFICER, targets("""
                [{"agencyId": "%s", "channels": ["portal", "led"]}, {"agencyId": "so-y-te", "channels": ["portal"]},
                 {"agencyId": "%s", "channels": ["portal"]}]""".formatted(p, s)));
        String submitted = createAndSubmit(targets("[{\"agencyId\": \"" + p + "\", \"channels\": [\"portal\"]}]"));
        String approved = createAndSubmit(targets("[{\"agencyId\": \"" + p + "\", \"channels\": [\"portal\"]}]"));
        approve(APPROVER, approved).andExpect(status().isOk());
        int eventsOfP = allEventsOf("agencies", "directory.agencies", p).size();

        List<String> before = documents(p, q, s, planId, templateId, draft, submitted, approved);
        JsonNode dry = body(succession(p, s, "MERGED", true).andExpect(status().isOk()));
        assertThat(documents(p, q, s, planId, templateId, draft, submitted, approved)).as("dry run").isEqualTo(before);
        assertThat(allEventsOf("agencies", "directory.agencies", p)).hasSize(eventsOfP);
        assertThat(dry.path("dryRun").asBoolean()).isTrue();

        JsonNode report = body(succession(p, s, "MERGED", false).andExpect(status().isOk()));
        assertThat(report.path("dryRun").asBoolean()).isFalse();
        assertThat(report.path("completed").asBoolean()).isFalse();
        for (String part : List.of("counts", "repointedPredecessors", "reparentedUnits", "planTasks", "templates",
                "campaigns")) {
            assertThat(report.path(part)).as("the dry run's " + part).isEqualTo(dry.path(part));
        }
        assertThat(report.path("counts").toString())
                .isEqualTo("{\"repointedPredecessors\":1,\"reparentedUnits\":0,\"planTasks\":2,\"templates\":1,"
                        + "\"campaigns\":2}");
        assertThat(report.path("repointedPredecessors").valueStream().map(JsonNode::asString)).containsExactly(q);
        assertThat(report.path("planTasks").valueStream().map(t -> t.path("taskId").asString() + " " + t.path("role").asString()))
                .containsExactly(planId + "-t01 lead", planId + "-t02 coordinating");
        assertThat(report.path("templates").get(0).path("id").asString()).isEqualTo(templateId);
        assertThat(report.path("templates").get(0).path("missingChannels").toString()).isEqualTo("[\"led\"]");
        assertThat(report.path("campaigns").valueStream().map(c -> c.path("id").asString() + " " + c.path("status").asString()
                + " " + c.path("missingChannels"))).containsExactly(draft + " DRAFT [\"led\"]", submitted + " SUBMITTED []");

        // the directory: p inactive naming s, published; q re-pointed; audit on p and s
        mvc.perform(OFFICER.on(get("/api/agencies/{id}", p))).andExpect(jsonPath("$.active").value(false))
                .andExpect(jsonPath("$.successorId").value(s)).andExpect(jsonPath("$.successionKind").value("MERGED"))
                .andExpect(jsonPath("$.succeededAt").isNotEmpty());
        mvc.perform(OFFICER.on(get("/api/agencies/{id}", q))).andExpect(jsonPath("$.successorId").value(s))
                .andExpect(jsonPath("$.successionKind").value("RENAMED"));
        for (String id : List.of(p, q)) {
            List<IncomingEvent> snapshots = allEventsOf("agencies", "directory.agencies", id);
            IncomingEvent last = snapshots.getLast();
            assertThat(Contracts.get().validate(last.type(), last.dataAsString())).isEmpty();
            JsonNode data = json.readTree(last.dataAsString());
            assertThat(data.path("successorId").asString()).as(id).isEqualTo(s);
            assertThat(data.path("active").asBoolean()).isFalse();
        }
        assertThat(allEventsOf("agencies", "directory.agencies", p)).hasSize(eventsOfP + 1);
        JsonNode auditOfP = body(mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", p))));
        assertThat(auditOfP.get(auditOfP.size() - 1).path("action").asString()).isEqualTo("succeeded");
        assertThat(auditOfP.get(auditOfP.size() - 1).path("changes").toString())
                .contains("active: true → false", "successorId: null → " + s);
        JsonNode auditOfS = body(mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", s))));
        assertThat(auditOfS.get(auditOfS.size() - 1).path("action").asString()).isEqualTo("succession received");
        assertThat(auditOfS.get(auditOfS.size() - 1).path("changes").toString()).contains("predecessor: " + p + " (MERGED)",
                "campaigns: 2");

        // plan tasks: s leads task 1 (no longer co-ordinating it), co-ordinates task 2 once; task 3 as it was
        JsonNode plan = body(mvc.perform(PLAN_OFFICER.on(get("/api/plans/{id}", planId))).andExpect(status().isOk()));
        assertThat(plan.path("version").asLong()).isEqualTo(2);
        JsonNode tasks = plan.path("tasks");
        assertThat(tasks.get(0).path("leadAgencyId").asString()).isEqualTo(s);
        assertThat(tasks.get(0).path("coordinatingAgencyIds").toString()).isEqualTo("[\"so-xay-dung\"]");
        assertThat(tasks.get(1).path("leadAgencyId").asString()).isEqualTo("so-y-te");
        assertThat(tasks.get(1).path("coordinatingAgencyIds").toString()).isEqualTo("[\"" + s + "\"]");
        assertThat(tasks.get(2).path("coordinatingAgencyIds").toString()).isEqualTo("[\"so-xay-dung\"]");

        JsonNode template = body(mvc.perform(OFFICER.on(get("/api/templates/{id}", templateId))));
        assertThat(template.path("targets").valueStream().map(t -> t.path("agencyId").asString() + t.path("channels")))
                .containsExactly(s + "[\"portal\",\"led\"]");
        assertThat(template.path("version").asLong()).isEqualTo(2);

        // open campaigns: targets merged into s, a new version, the decision in their audit trail
        JsonNode d = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", draft))));
        assertThat(d.path("targets").valueStream().map(t -> t.path("agencyId").asString() + t.path("channels")))
                .containsExactly(s + "[\"portal\",\"led\"]", "so-y-te[\"portal\"]");
        assertThat(d.path("version").asLong()).isEqualTo(2);
        JsonNode decision = d.path("decisions").get(d.path("decisions").size() - 1);
        assertThat(decision.path("action").asString()).isEqualTo("retargeted");
        assertThat(decision.path("actor").asString()).isEqualTo(ADMIN.id());
        assertThat(decision.path("actorName").asString()).isEqualTo("Hoàng Quốc Bảo");
        JsonNode sub = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", submitted))));
        assertThat(sub.path("status").asString()).isEqualTo("SUBMITTED");
        assertThat(sub.path("targets").get(0).path("agencyId").asString()).isEqualTo(s);
        approve(APPROVER, submitted).andExpect(status().isOk());
        // approved before: the publisher's (it follows the AgencyChanged); its targets here stay as approved
        JsonNode appr = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", approved))));
        assertThat(appr.path("targets").get(0).path("agencyId").asString()).isEqualTo(p);
        assertThat(appr.path("decisions").valueStream().map(x -> x.path("action").asString())).doesNotContain("retargeted");

        // a group target resolves against today's directory, which skips the inactive predecessor
        String byGroup = createAndSubmit(targets("[{\"group\": \"" + group + "\", \"channels\": [\"portal\"]}]"));
        approve(APPROVER, byGroup).andExpect(status().isOk());
        JsonNode resolved = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", byGroup)))).path("resolvedTargets");
        assertThat(resolved.valueStream().map(t -> t.path("agencyId").asString())).containsExactly(s);
    }

    /** {@link #agency} under {@code parentId}. */
    static String agencyUnder(String id, String parentId, String group) {
        return agency(id, group, false).replace("\"parentId\": \"ubnd-tinh\"", "\"parentId\": \"" + parentId + "\"");
    }

    @Test
    void mergingMovesTheUnitsUnderThePredecessorUnderTheSuccessor() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String group = "x-nhom-don-vi-" + n;
        String p = "x-huyen-cu-" + n;
        String s = "x-huyen-moi-" + n;
        String c1 = "x-xa-mot-" + n;
        String c2 = "x-xa-hai-" + n;
        String g = "x-thon-" + n;
        register(agency(p, group, false));
        register(agency(s, group, false));
        register(agencyUnder(c1, p, group));
        register(agencyUnder(c2, p, group));
        register(agencyUnder(g, c1, group));
        int eventsOfC1 = allEventsOf("agencies", "directory.agencies", c1).size();

        List<String> before = documents(p, s, c1, c2, g);
        JsonNode dry = body(succession(p, s, "MERGED", true).andExpect(status().isOk()));
        assertThat(documents(p, s, c1, c2, g)).as("dry run").isEqualTo(before);
        assertThat(dry.path("reparentedUnits").valueStream().map(u -> u.path("agencyId").asString() + " → "
                + u.path("parentId").asString())).as("by id").containsExactly(c2 + " → " + s, c1 + " → " + s);
        assertThat(dry.path("reparentedUnits").get(0).path("name").asString()).isEqualTo("Ủy ban nhân dân phường " + c2);

        JsonNode report = body(succession(p, s, "MERGED", false).andExpect(status().isOk()));
        assertThat(report.path("reparentedUnits")).isEqualTo(dry.path("reparentedUnits"));
        assertThat(report.path("counts").path("reparentedUnits").asInt()).isEqualTo(2);
        for (String unit : List.of(c1, c2)) {
            JsonNode stored = body(mvc.perform(OFFICER.on(get("/api/agencies/{id}", unit))).andExpect(status().isOk()));
            assertThat(stored.path("parentId").asString()).as(unit).isEqualTo(s);
            assertThat(stored.path("version").asLong()).as(unit).isEqualTo(2);
            assertThat(stored.path("active").asBoolean()).as(unit).isTrue();
            JsonNode audit = body(mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", unit))));
            assertThat(audit.get(audit.size() - 1).path("changes").toString()).contains("parentId: " + p + " → " + s);
        }
        // the publisher's replica learns it from the unit's snapshot
        List<IncomingEvent> snapshots = allEventsOf("agencies", "directory.agencies", c1);
        assertThat(snapshots).hasSize(eventsOfC1 + 1);
        assertThat(Contracts.get().validate(snapshots.getLast().type(), snapshots.getLast().dataAsString())).isEmpty();
        assertThat(json.readTree(snapshots.getLast().dataAsString()).path("parentId").asString()).isEqualTo(s);
        assertThat(body(mvc.perform(OFFICER.on(get("/api/agencies/{id}", g)))).path("parentId").asString())
                .as("a unit further down stays under its own parent").isEqualTo(c1);
        JsonNode auditOfS = body(mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", s))));
        assertThat(auditOfS.get(auditOfS.size() - 1).path("changes").toString()).contains("units re-parented: 2");

        // "every unit under" the successor now reaches the predecessor's units and theirs
        String underS = createAndSubmit(targets("[{\"descendantsOf\": \"" + s + "\", \"channels\": [\"portal\"]}]"));
        approve(APPROVER, underS).andExpect(status().isOk());
        JsonNode resolved = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", underS)))).path("resolvedTargets");
        assertThat(resolved.valueStream().map(t -> t.path("agencyId").asString())).containsExactlyInAnyOrder(c1, c2, g);
    }

    @Test
    void aRenamedBodyKeepsItsUnitsUnderItsNewId() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String p = "x-so-ten-cu-" + n;
        String s = "x-so-ten-moi-" + n;
        String unit = "x-chi-cuc-" + n;
        register(agency(p, "x-nhom-" + n, false));
        register(agency(s, "x-nhom-" + n, false));
        register(agencyUnder(unit, p, "x-nhom-" + n));

        JsonNode report = body(succession(p, s, "RENAMED", false).andExpect(status().isOk()));
        assertThat(report.path("reparentedUnits").valueStream().map(u -> u.path("agencyId").asString() + " → "
                + u.path("parentId").asString())).containsExactly(unit + " → " + s);
        assertThat(body(mvc.perform(OFFICER.on(get("/api/agencies/{id}", unit)))).path("parentId").asString()).isEqualTo(s);
    }

    @Test
    void aSuccessorThatWasAUnitOfThePredecessorTakesItsPlaceWithoutACycle() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String group = "x-nhom-" + n;
        String p = "x-huyen-sap-nhap-" + n;
        String above = "x-xa-tren-" + n;
        String s = "x-phuong-nhan-" + n;
        String sibling = "x-xa-ben-" + n;
        register(agency(p, group, false));
        register(agencyUnder(above, p, group));
        register(agencyUnder(s, above, group));
        register(agencyUnder(sibling, p, group));

        JsonNode report = body(succession(p, s, "MERGED", false).andExpect(status().isOk()));
        // s sits below a unit of p: that unit takes p's parent (under s it would make a cycle), the other one moves
        assertThat(report.path("reparentedUnits").valueStream().map(u -> u.path("agencyId").asString() + " → "
                + u.path("parentId").asString())).containsExactlyInAnyOrder(above + " → ubnd-tinh", sibling + " → " + s);
        assertThat(body(mvc.perform(OFFICER.on(get("/api/agencies/{id}", s)))).path("parentId").asString()).isEqualTo(above);
        assertThat(body(mvc.perform(OFFICER.on(get("/api/agencies/{id}", above)))).path("parentId").asString())
                .isEqualTo("ubnd-tinh");

        // a successor directly under the predecessor takes the predecessor's parent
        String p2 = "x-huyen-hai-" + n;
        String s2 = "x-phuong-hai-" + n;
        register(agency(p2, group, false));
        register(agencyUnder(s2, p2, group));
        JsonNode second = body(succession(p2, s2, "MERGED", false).andExpect(status().isOk()));
        assertThat(second.path("reparentedUnits").valueStream().map(u -> u.path("parentId").asString()))
                .containsExactly("ubnd-tinh");
        assertThat(body(mvc.perform(OFFICER.on(get("/api/agencies/{id}", s2)))).path("parentId").asString())
                .isEqualTo("ubnd-tinh");
    }

    @Test
    void theSameRequestFinishesAHalfDoneSuccessionWithTheUnitsLeftUnderThePredecessor() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String p = "x-xa-do-dang-" + n;
        String s = "x-xa-tiep-nhan-" + n;
        String unit = "x-thon-do-dang-" + n;
        register(agency(p, "x-nhom-" + n, false));
        register(agency(s, "x-nhom-" + n, false));
        register(agencyUnder(unit, p, "x-nhom-" + n));
        // as if an earlier request had died right after writing the predecessor: nothing else moved yet
        mongo.getCollection("agencies").updateOne(new Document("_id", p), new Document("$set", new Document("active", false)
                .append("successorId", s).append("successionKind", "MERGED").append("succeededAt", new java.util.Date())));

        JsonNode again = body(succession(p, s, "MERGED", false).andExpect(status().isOk()));
        assertThat(again.path("completed").asBoolean()).isTrue();
        assertThat(again.path("counts").path("reparentedUnits").asInt()).isEqualTo(1);
        assertThat(body(mvc.perform(OFFICER.on(get("/api/agencies/{id}", unit)))).path("parentId").asString()).isEqualTo(s);
        // and once more: nothing left to move
        JsonNode done = body(succession(p, s, "MERGED", false).andExpect(status().isOk()));
        assertThat(done.path("reparentedUnits").isEmpty()).isTrue();
    }

    @Test
    void refusalsChangeNothingAndTheSameRequestAgainFinishesTheJob() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String p = "x-xa-cu-" + n;
        String s = "x-xa-moi-" + n;
        String other = "x-xa-khac-" + n;
        String closed = "x-xa-dong-" + n;
        register(agency(p, "x-nhom-" + n, false));
        register(agency(s, "x-nhom-" + n, false));
        register(agency(other, "x-nhom-" + n, false));
        register(agency(closed, "x-nhom-" + n, false).replace("\"active\": true", "\"active\": false"));
        String before = documents(p, s).toString();

        refused(succession("khong-co-" + n, s, "MERGED", false), 404, "agency-not-found", null);
        refused(succession(p, p, "MERGED", false), 400, "validation-failed", "same-agency");
        refused(succession(p, "khong-co-" + n, "MERGED", false), 400, "validation-failed", "unknown-agency");
        refused(succession(p, s, null, false), 400, "validation-failed", "required");
        refused(succession(p, s, "ABSORBED", false), 400, "validation-failed", "unknown-kind");
        refused(succession(p, closed, "MERGED", false), 409, "successor-inactive", "successor-inactive");
        refused(mvc.perform(OFFICER.on(post("/api/agencies/{id}/succession", p)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"successorId\": \"" + s + "\", \"kind\": \"MERGED\"}")), 403, "admin-role-required", null);
        assertThat(documents(p, s).toString()).isEqualTo(before);

        succession(p, s, "MERGED", false).andExpect(status().isOk());
        String after = documents(p, s).toString();
        String afterP = documents(p).getFirst();
        refused(succession(s, p, "MERGED", false), 409, "succession-cycle", "succession-cycle");
        refused(succession(p, other, "MERGED", false), 409, "already-succeeded", "already-succeeded");
        refused(succession(p, s, "RENAMED", false), 409, "already-succeeded", "already-succeeded");
        // a succeeded agency stays inactive, whether replaced one by one or by a file
        refused(mvc.perform(ADMIN.on(put("/api/agencies/{id}", p)).contentType(MediaType.APPLICATION_JSON)
                .content(agency(p, "x-nhom-" + n, false))), 400, "validation-failed", "agency-succeeded");
        byte[] csv = DirectorySheets.csv(DirectorySheets.HEADER, DirectorySheets.rows(List.of(new DirectorySheets.Agency(
                DirectorySheets.agency(p, "Ủy ban nhân dân xã cũ", "", "COMMUNE_PEOPLES_COMMITTEE", "ubnd-tinh", "", "", "có"),
                List.of()))));
        JsonNode importRefused = body(mvc.perform(ADMIN.on(multipart("/api/agencies/import")
                .file(new MockMultipartFile("file", "danh-ba.csv", "text/csv", csv)))).andExpect(status().isUnprocessableContent()));
        assertThat(importRefused.path("errors").valueStream().map(e -> e.path("field").asString() + " " + e.path("code").asString()))
                .contains("active agency-succeeded");
        assertThat(documents(p, s).toString()).isEqualTo(after);

        // the same request again: accepted, moves what still names the predecessor (here nothing), changes nothing else
        JsonNode again = body(succession(p, s, "MERGED", false).andExpect(status().isOk()));
        assertThat(again.path("completed").asBoolean()).isTrue();
        assertThat(again.path("counts").toString())
                .isEqualTo("{\"repointedPredecessors\":0,\"reparentedUnits\":0,\"planTasks\":0,\"templates\":0,"
                        + "\"campaigns\":0}");
        assertThat(documents(p)).as("the predecessor as it was").containsExactly(afterP);
        assertThat(body(mvc.perform(OFFICER.on(get("/api/agencies/{id}", p)))).path("version").asLong()).isEqualTo(2);
    }

    private void register(String agency) throws Exception {
        mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(agency))
                .andExpect(status().isCreated());
    }

    private ResultActions succession(String agencyId, String successorId, String kind, boolean dryRun) throws Exception {
        String body = "{\"successorId\": \"" + successorId + "\"" + (kind == null ? "" : ", \"kind\": \"" + kind + "\"")
                + (dryRun ? ", \"dryRun\": true" : "") + "}";
        return mvc.perform(ADMIN.on(post("/api/agencies/{id}/succession", agencyId)).contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private void refused(ResultActions result, int status, String code, String fieldCode) throws Exception {
        JsonNode problem = body(result.andExpect(status().is(status)));
        assertThat(result.andReturn().getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(problem.path("code").asString()).isEqualTo(code);
        if (fieldCode != null) {
            assertThat(problem.path("errors").valueStream().map(e -> e.path("code").asString())).contains(fieldCode);
            assertThat(problem.path("errors").get(0).path("messageVi").asString()).isNotBlank();
        }
    }

    private String targets(String targets) {
        return draftWith(tree -> tree.set("targets", json.readTree(targets)));
    }

    /** The stored documents (agencies, plans, templates, campaigns by id) without their outbox. */
    private List<String> documents(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> {
            for (String collection : List.of("agencies", "plans", "templates", "campaigns")) {
                Document doc = mongo.getCollection(collection).find(new Document("_id", id)).first();
                if (doc != null) {
                    doc.remove("outbox");
                    return doc.toJson();
                }
            }
            throw new AssertionError("no document " + id);
        }).toList();
    }
}
