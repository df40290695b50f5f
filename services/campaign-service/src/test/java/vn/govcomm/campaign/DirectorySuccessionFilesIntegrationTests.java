package vn.govcomm.campaign;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static vn.govcomm.campaign.DirectorySheets.HEADER;
import static vn.govcomm.campaign.DirectorySheets.agency;
import static vn.govcomm.campaign.DirectorySheets.endpoint;

/**
 * Successions in the directory file (columns {@code successor_id}, {@code succession_kind}): a row naming a successor runs
 * the succession of {@code POST /api/agencies/{id}/succession} (plan tasks and drafts follow), with its rules checked for
 * every row before anything is written; files without the columns import as before.
 */
class DirectorySuccessionFilesIntegrationTests extends CampaignServiceTestSupport {

    static final List<String> HEADER_WITH_SUCCESSION = concat(HEADER,
            List.of("Mã cơ quan kế thừa [successor_id]", "Hình thức kế thừa [succession_kind]"));
    static final User PLAN_OFFICER = new User("can.bo.ke.hoach.tep", "officer", "so-y-te");

    @Test
    void aRowNamingASuccessorMergesTheAgencyAndItsPlanTasksAndDraftsFollowAfterADryRunThatOnlyReports() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String p = "x-tep-cu-" + n;
        String s = "x-tep-moi-" + n;
        register(AgencySuccessionIntegrationTests.agency(p, "x-nhom-" + n, false));
        String planId = "kh-tep-" + n;
        mvc.perform(PLAN_OFFICER.on(put("/api/plans/{id}", planId)).contentType(MediaType.APPLICATION_JSON).content("""
                {"year": 2030, "issuingAgencyId": "so-y-te", "title": "Kế hoạch truyền thông năm 2030",
                 "legalBasis": {"number": "12/KH-SYT", "date": "2030-01-10", "issuer": "Sở Y tế tỉnh Khánh Hòa"},
                 "tasks": [{"number": 1, "title": "Tuyên truyền ở phường",
                            "schedule": {"kind": "YEAR_ROUND", "words": "Thường xuyên"}, "leadAgencyId": "%s"}]}
                """.formatted(p))).andExpect(status().isCreated());
        String draft = create(OFFICER, draftWith(d -> d.set("targets",
                json.readTree("[{\"agencyId\": \"" + p + "\", \"channels\": [\"portal\"]}]"))));
        // p merged into s, which is new in the same file (the successor may come later in the file)
        byte[] file = DirectorySheets.csv(HEADER_WITH_SUCCESSION, List.of(
                concat(commune(p, "không", endpoint(p + ".portal", "portal", "portal-" + p, "")), List.of(s, "MERGED")),
                concat(commune(s, "có", endpoint(s + ".portal", "portal", "portal-" + s, "")), List.of("", ""))));
        List<String> before = documents(p, planId, draft);

        JsonNode dry = body(importFile(file, true).andExpect(status().isOk()));
        assertThat(dry.path("successions").valueStream().map(r -> tuple(r.path("row").asInt(), r.path("agencyId").asString(),
                r.path("successorId").asString(), r.path("kind").asString(), r.path("planTasks").asInt(),
                r.path("campaigns").asInt()))).containsExactly(tuple(2, p, s, "MERGED", 1, 1));
        assertThat(documents(p, planId, draft)).as("a dry run changes nothing").isEqualTo(before);
        assertThat(mongo.getCollection("agencies").countDocuments(new Document("_id", s))).isZero();

        JsonNode done = body(importFile(file, false).andExpect(status().isOk()));
        assertThat(done.path("agenciesCreated").asInt()).isEqualTo(1);
        assertThat(done.path("successions").get(0).path("planTasks").asInt()).isEqualTo(1);
        Document predecessor = mongo.getCollection("agencies").find(new Document("_id", p)).first();
        assertThat(predecessor.getBoolean("active")).isFalse();
        assertThat(predecessor.getString("successorId")).isEqualTo(s);
        assertThat(predecessor.getString("successionKind")).isEqualTo("MERGED");
        JsonNode plan = body(mvc.perform(PLAN_OFFICER.on(get("/api/plans/{id}", planId))).andExpect(status().isOk()));
        assertThat(plan.path("tasks").get(0).path("leadAgencyId").asString()).isEqualTo(s);
        JsonNode campaign = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", draft))).andExpect(status().isOk()));
        assertThat(campaign.path("targets").valueStream().map(t -> t.path("agencyId").asString())).containsExactly(s);

        String exported = mvc.perform(ADMIN.on(get("/api/agencies/export.csv"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(exported).contains("Mã cơ quan kế thừa [successor_id],Hình thức kế thừa [succession_kind]")
                .contains(",ubnd-cap-xa,,không," + s + ",MERGED,khanh-hoa,không," + p + ".portal,portal,");
        // the same file again, and a file from before the columns: nothing to do, the succession stays
        List<String> after = documents(p, s, planId, draft);
        JsonNode again = body(importFile(file, false).andExpect(status().isOk()));
        assertThat(again.path("unchanged").asInt()).isEqualTo(2);
        assertThat(again.path("successions").size()).isZero();
        JsonNode old = body(importFile(DirectorySheets.csv(HEADER,
                List.of(commune(p, "không", endpoint(p + ".portal", "portal", "portal-" + p, "")))), false)
                .andExpect(status().isOk()));
        assertThat(old.path("unchanged").asInt()).isEqualTo(1);
        assertThat(documents(p, s, planId, draft)).isEqualTo(after);
    }

    @Test
    void aSuccessionCycleAcrossRowsIsRefusedWholeWithEveryBadRowListedAndNothingChanges() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String a = "x-vong-a-" + n;
        String b = "x-vong-b-" + n;
        String c = "x-vong-c-" + n;
        String d = "x-moi-d-" + n;
        for (String id : List.of(a, b, c)) {
            register(AgencySuccessionIntegrationTests.agency(id, "x-nhom-" + n, false));
        }
        byte[] file = DirectorySheets.csv(HEADER_WITH_SUCCESSION, List.of(
                concat(commune(a, "không"), List.of(b, "MERGED")),
                concat(commune(b, "không"), List.of(a, "RENAMED")),
                concat(commune(c, "có"), List.of("x-khong-co-" + n, "TACH")),
                concat(commune(d, "có"), List.of("", ""))));
        List<String> before = documents(a, b, c);

        for (boolean dryRun : List.of(true, false)) {
            JsonNode refused = body(importFile(file, dryRun).andExpect(status().is(422)));
            assertThat(refused.path("code").asString()).isEqualTo("import-refused");
            assertThat(refused.path("errors").valueStream().map(e -> tuple(e.path("row").asInt(),
                    e.path("field").asString(), e.path("code").asString()))).containsExactly(
                    tuple(2, "successor_id", "succession-cycle"),
                    tuple(3, "successor_id", "succession-cycle"),
                    tuple(4, "active", "active-with-successor"),
                    tuple(4, "successor_id", "unknown-agency"),
                    tuple(4, "succession_kind", "unknown-kind"));
            assertThat(refused.path("errors").get(0).path("reasonVi").asString()).startsWith("Vòng kế thừa");
        }
        assertThat(documents(a, b, c)).isEqualTo(before);
        assertThat(mongo.getCollection("agencies").countDocuments(new Document("_id", d))).isZero();
    }

    private static List<String> commune(String id, String active, List<String> endpoint) {
        return concat(agency(id, "Ủy ban nhân dân xã " + id, "", "COMMUNE_PEOPLES_COMMITTEE", "", "ubnd-cap-xa", "",
                active), endpoint);
    }

    private static List<String> commune(String id, String active) {
        return commune(id, active, List.of("", "", "", "", "", "", "", "", ""));
    }

    private void register(String agency) throws Exception {
        mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(agency))
                .andExpect(status().isCreated());
    }

    private ResultActions importFile(byte[] content, boolean dryRun) throws Exception {
        return mvc.perform(ADMIN.on(multipart("/api/agencies/import")
                .file(new MockMultipartFile("file", "danh-ba.csv", "text/csv", content))
                .param("dryRun", String.valueOf(dryRun))));
    }

    /** The stored documents (agencies, plans, campaigns) without their outbox and audit trail. */
    private List<String> documents(String... ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            for (String collection : List.of("agencies", "plans", "campaigns")) {
                Document doc = mongo.getCollection(collection).find(new Document("_id", id)).first();
                if (doc != null) {
                    doc.remove("outbox");
                    out.add(doc.toJson());
                }
            }
        }
        return out;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
