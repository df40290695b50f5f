package vn.govcomm.campaign;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static vn.govcomm.campaign.DirectorySheets.HEADER;
import static vn.govcomm.campaign.DirectorySheets.agency;
import static vn.govcomm.campaign.DirectorySheets.endpoint;

/**
 * Provinces as tenants besides the matrix ({@link TenantAccessIntegrationTests}): the agency API and directory files
 * carrying the tenancy (old data and old files read as the home province), their rules, the province filter; edit and
 * submit after a target moved; groups resolved within the issuer's province at approval; plans' agencies and readers;
 * successions across provinces.
 */
class TenantDirectoryIntegrationTests extends CampaignServiceTestSupport {

    static final List<String> TENANT_HEADER = tenantHeader();

    private static List<String> tenantHeader() {
        List<String> header = new ArrayList<>(HEADER);
        header.addAll(List.of("Mã tỉnh/thành phố [province_id]", "national"));
        return header;
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ResultActions postAgency(String body) throws Exception {
        return mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static String agencyJson(String id, String tenancy, String parent) {
        return """
                {"agencyId": "%s", "name": "Cơ quan %s", "type": "PUBLIC_SERVICE_UNIT"%s%s,
                 "endpoints": [{"endpointId": "%s.portal", "channel": "portal", "externalId": "portal-%s"}]}
                """.formatted(id, id, tenancy.isEmpty() ? "" : ", " + tenancy,
                parent == null ? "" : ", \"parentId\": \"" + parent + "\"", id, id);
    }

    @Test
    void agenciesWithoutAProvinceAreTheHomeProvincesAndTheApiCarriesAndChecksTheTenancy() throws Exception {
        // seeded from a file without provinces: Khánh Hòa; a document stored before provinces (no field): Khánh Hòa too
        assertThat(mongo.getCollection("agencies").find(new Document("_id", "so-y-te")).first()).isNotNull();
        mvc.perform(OFFICER.on(get("/api/agencies/so-y-te"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.provinceId").value("khanh-hoa")).andExpect(jsonPath("$.national").value(false));
        String legacy = id("tn-cu");
        mongo.getCollection("agencies").insertOne(new Document("_id", legacy).append("name", "Đơn vị cũ")
                .append("type", "OTHER").append("active", true).append("groups", List.of()).append("endpoints", List.of())
                .append("version", 1));
        mvc.perform(OFFICER.on(get("/api/agencies/{id}", legacy))).andExpect(jsonPath("$.provinceId").value("khanh-hoa"));
        assertThat(ids(get("/api/agencies").param("province", "khanh-hoa"))).contains(legacy, "so-y-te");

        String plain = id("tn-mac-dinh");
        postAgency(agencyJson(plain, "", null)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.provinceId").value("khanh-hoa"));
        String hue = id("tn-hue");
        postAgency(agencyJson(hue, "\"provinceId\": \"hue\"", null)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.provinceId").value("hue"));
        String ministry = id("tn-bo");
        postAgency(agencyJson(ministry, "\"national\": true", null)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.national").value(true)).andExpect(jsonPath("$.provinceId").doesNotExist());
        // a branch of the ministry in Huế: a national parent is allowed
        postAgency(agencyJson(id("tn-hue-chi-nhanh"), "\"provinceId\": \"hue\"", ministry)).andExpect(status().isCreated());

        long before = mongo.getCollection("agencies").countDocuments();
        JsonNode refused = body(postAgency(agencyJson(id("tn-sai"), "\"provinceId\": \"binh-dinh\"", null))
                .andExpect(status().isBadRequest()));
        assertThat(refused.path("errors").get(0).path("code").asString()).isEqualTo("unknown-province");
        assertThat(refused.path("errors").get(0).path("messageEn").asString()).contains("binh-dinh", "202/2025/QH15");
        postAgency(agencyJson(id("tn-sai"), "\"provinceId\": \"hue\", \"national\": true", null))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].code").value("national-with-province"));
        postAgency(agencyJson(id("tn-sai"), "\"provinceId\": \"ha-noi\"", hue))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("parentId"))
                .andExpect(jsonPath("$.errors[0].code").value("parent-outside-province"));
        postAgency(agencyJson(id("tn-sai"), "\"national\": true", hue))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].code").value("parent-outside-province"));
        assertThat(mongo.getCollection("agencies").countDocuments()).as("nothing stored").isEqualTo(before);

        // PUT without the tenancy keeps it; with it, moves the agency (audited)
        mvc.perform(ADMIN.on(put("/api/agencies/{id}", hue)).contentType(MediaType.APPLICATION_JSON)
                .content(agencyJson(hue, "", null).replace("Cơ quan", "Cơ quan đổi tên")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.provinceId").value("hue"));
        mvc.perform(ADMIN.on(put("/api/agencies/{id}", hue)).contentType(MediaType.APPLICATION_JSON)
                .content(agencyJson(hue, "\"provinceId\": \"da-nang\"", null)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.provinceId").value("da-nang"));
        mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", hue)))
                .andExpect(jsonPath("$[2].changes[?(@ == 'provinceId: hue → da-nang')]").exists());

        assertThat(ids(get("/api/agencies").param("province", "da-nang"))).contains(hue).doesNotContain("so-y-te", ministry);
        assertThat(ids(get("/api/agencies").param("national", "true"))).contains(ministry).doesNotContain(hue, "so-y-te");
        mvc.perform(OFFICER.on(get("/api/agencies").param("province", "quang-nam"))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].code").value("unknown-province"));
    }

    private List<String> ids(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request)
            throws Exception {
        return body(mvc.perform(OFFICER.on(request)).andExpect(status().isOk())).valueStream()
                .map(a -> a.path("agencyId").asString()).toList();
    }

    private ResultActions importFile(List<String> header, List<List<String>> rows) throws Exception {
        return mvc.perform(ADMIN.on(multipart("/api/agencies/import")
                .file(new MockMultipartFile("file", "danh-ba.csv", "text/csv", DirectorySheets.csv(header, rows)))));
    }

    private static List<String> row(List<String> agency, List<String> endpoint, String province, String national) {
        List<String> row = new ArrayList<>(agency);
        row.addAll(endpoint);
        row.add(province);
        row.add(national);
        return row;
    }

    @Test
    void theProvinceListNamesThe34CodesTheDirectoryTakes() throws Exception {
        mvc.perform(OFFICER.on(get("/api/agencies/provinces"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(34))
                .andExpect(jsonPath("$[?(@.provinceId == 'khanh-hoa')].name").value("Tỉnh Khánh Hòa"))
                .andExpect(jsonPath("$[?(@.provinceId == 'ha-noi')].name").value("Thành phố Hà Nội"));
    }

    @Test
    void directoryFilesCarryTheTenancyAndOldFilesKeepIt() throws Exception {
        String ministry = id("tn-bo-tep");
        String dept = id("tn-hn-so-tep");
        String ward = id("tn-hn-phuong-tep");
        List<List<String>> rows = List.of(
                row(agency(ministry, "Bộ Nội vụ", "BNV", "OTHER", "", "", "", "có"),
                        endpoint(ministry + ".portal", "portal", "portal-" + ministry, ""), "", "có"),
                row(agency(dept, "Sở Nội vụ Hà Nội", "SNV HN", "DEPARTMENT", ministry, "", "", "có"),
                        endpoint(dept + ".portal", "portal", "portal-" + dept, ""), "ha-noi", ""),
                row(agency(ward, "UBND phường Hoàn Kiếm", "", "COMMUNE_PEOPLES_COMMITTEE", dept, "", "", "có"),
                        endpoint(ward + ".portal", "portal", "portal-" + ward, ""), "ha-noi", "không"));
        importFile(TENANT_HEADER, rows).andExpect(status().isOk()).andExpect(jsonPath("$.agenciesCreated").value(3));
        mvc.perform(ADMIN.on(get("/api/agencies/{id}", ministry))).andExpect(jsonPath("$.national").value(true));
        mvc.perform(ADMIN.on(get("/api/agencies/{id}", ward))).andExpect(jsonPath("$.provinceId").value("ha-noi"));

        // the same agencies in a file without the tenancy columns: unchanged, still Hà Nội and national
        List<List<String>> old = rows.stream().map(r -> r.subList(0, HEADER.size())).toList();
        importFile(HEADER, old).andExpect(status().isOk()).andExpect(jsonPath("$.unchanged").value(3))
                .andExpect(jsonPath("$.agenciesUpdated").value(0));
        mvc.perform(ADMIN.on(get("/api/agencies/{id}", ward))).andExpect(jsonPath("$.provinceId").value("ha-noi"));
        // and the export writes them, so export → import is unchanged
        String csv = mvc.perform(ADMIN.on(get("/api/agencies/export.csv"))).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains(ward + ",UBND phường Hoàn Kiếm,,COMMUNE_PEOPLES_COMMITTEE," + dept + ",,,có,,,ha-noi,không,");
        assertThat(csv).contains(ministry + ",Bộ Nội vụ,BNV,OTHER,,,,có,,,,có,");

        // bad values, each named by row and column; nothing changes
        String before = withoutOutbox(mongo.getCollection("agencies").find(new Document("_id", ward)).first());
        String x = id("tn-x");
        JsonNode refused = body(importFile(TENANT_HEADER, List.of(
                row(agency(x + "-1", "Đơn vị 1", "", "OTHER", "", "", "", "có"), endpoint("", "", "", ""), "binh-dinh", ""),
                row(agency(x + "-2", "Đơn vị 2", "", "OTHER", "", "", "", "có"), endpoint("", "", "", ""), "hue", "có"),
                row(agency(x + "-3", "Đơn vị 3", "", "OTHER", dept, "", "", "có"), endpoint("", "", "", ""), "hue", ""),
                row(agency(x + "-4", "Đơn vị 4", "", "OTHER", "", "", "", "có"), endpoint("", "", "", ""), "", "chắc"),
                row(agency(ward, "UBND phường Hoàn Kiếm", "", "COMMUNE_PEOPLES_COMMITTEE", dept, "", "", "có"),
                        endpoint(ward + ".portal", "portal", "portal-" + ward, ""), "ha-noi", "")))
                .andExpect(status().isUnprocessableContent()));
        assertThat(refused.path("errors").valueStream().map(e -> e.path("row").asInt() + " " + e.path("field").asString()
                + " " + e.path("code").asString()).toList()).containsExactly(
                "2 province_id unknown-province", "3 province_id national-with-province",
                "4 parent_id parent-outside-province", "5 national not-yes-no");
        assertThat(withoutOutbox(mongo.getCollection("agencies").find(new Document("_id", ward)).first())).isEqualTo(before);
        assertThat(mongo.getCollection("agencies").countDocuments(new Document("_id", x + "-1"))).isZero();
    }

    @Test
    void aSuccessorInAnotherProvinceIsRefusedUnlessNational() throws Exception {
        String hnOld = id("tn-hn-cu");
        String knNew = id("tn-kh-moi");
        String ministry = id("tn-bo-ke-thua");
        postAgency(agencyJson(hnOld, "\"provinceId\": \"ha-noi\"", null)).andExpect(status().isCreated());
        postAgency(agencyJson(knNew, "", null)).andExpect(status().isCreated());
        postAgency(agencyJson(ministry, "\"national\": true", null)).andExpect(status().isCreated());
        String before = withoutOutbox(mongo.getCollection("agencies").find(new Document("_id", hnOld)).first());
        mvc.perform(ADMIN.on(post("/api/agencies/{id}/succession", hnOld)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"successorId\": \"" + knNew + "\", \"kind\": \"MERGED\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("successor-outside-province"));
        assertThat(withoutOutbox(mongo.getCollection("agencies").find(new Document("_id", hnOld)).first())).isEqualTo(before);
        // in a file: the row names the problem
        List<String> row = new ArrayList<>(agency(hnOld, "Cơ quan " + hnOld, "", "PUBLIC_SERVICE_UNIT", "", "", "", "không"));
        List<String> header = new ArrayList<>(HEADER);
        header.addAll(List.of("successor_id", "succession_kind"));
        row.addAll(endpoint(hnOld + ".portal", "portal", "portal-" + hnOld, ""));
        row.addAll(List.of(knNew, "MERGED"));
        JsonNode refused = body(importFile(header, List.of(row)).andExpect(status().isUnprocessableContent()));
        assertThat(refused.path("errors").valueStream().map(e -> e.path("field").asString() + " " + e.path("code").asString()))
                .contains("successor_id successor-outside-province");
        // a national successor is fine
        mvc.perform(ADMIN.on(post("/api/agencies/{id}/succession", hnOld)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"successorId\": \"" + ministry + "\", \"kind\": \"MERGED\"}")).andExpect(status().isOk());
    }

    @Test
    void aTargetThatMovedProvinceIsRefusedAtEditAndSubmit() throws Exception {
        String mover = id("tn-chuyen");
        postAgency(agencyJson(mover, "", null)).andExpect(status().isCreated());
        String draft = TenantAccessIntegrationTests.campaign("so-noi-vu",
                "{\"agencyId\": \"" + mover + "\", \"channels\": [\"portal\"]}");
        String campaignId = create(OFFICER, draft);
        mvc.perform(ADMIN.on(put("/api/agencies/{id}", mover)).contentType(MediaType.APPLICATION_JSON)
                .content(agencyJson(mover, "\"provinceId\": \"can-tho\"", null))).andExpect(status().isOk());
        String before = campaign(campaignId);

        mvc.perform(OFFICER.on(post("/api/campaigns/{id}/submit", campaignId))).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("target-outside-province"))
                .andExpect(jsonPath("$.errors[0].field").value("targets[0].agencyId"));
        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", campaignId)).header("If-Match", "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON).content(draft))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("target-outside-province"));
        assertThat(campaign(campaignId)).as("nothing changed").isEqualTo(before);
    }

    @Test
    void aGroupResolvesWithinTheIssuersProvinceAtApprovalAndNationwideForANationalIssuer() throws Exception {
        String group = id("tn-nhom");
        String here = id("tn-kh-thanh-vien");
        String there = id("tn-hn-thanh-vien");
        String ministry = id("tn-bo-nhom");
        postAgency(agencyJson(here, "\"groups\": [\"" + group + "\"]", null)).andExpect(status().isCreated());
        postAgency(agencyJson(there, "\"provinceId\": \"ha-noi\", \"groups\": [\"" + group + "\"]", null))
                .andExpect(status().isCreated());
        postAgency(agencyJson(ministry, "\"national\": true", null)).andExpect(status().isCreated());
        String target = "{\"group\": \"" + group + "\", \"channels\": [\"portal\"]}";

        String provincial = createAndSubmit(TenantAccessIntegrationTests.campaign("so-noi-vu", target));
        JsonNode approved = body(approve(APPROVER, provincial).andExpect(status().isOk()));
        assertThat(approved.path("targets").get(0).path("province").asString()).isEqualTo("khanh-hoa");
        assertThat(resolved(provincial, OFFICER)).containsExactly(here);

        User author = new User("tn.bo.can.bo", "officer", ministry);
        User approver = new User("tn.bo.phe.duyet", "approver", ministry);
        String national = create(author, TenantAccessIntegrationTests.campaign(ministry, target));
        mvc.perform(author.on(post("/api/campaigns/{id}/submit", national))).andExpect(status().isOk());
        approve(approver, national).andExpect(status().isOk());
        assertThat(resolved(national, author)).containsExactlyInAnyOrder(here, there);
        // narrowed by the ministry to one province
        String narrowed = create(author, TenantAccessIntegrationTests.campaign(ministry,
                "{\"group\": \"" + group + "\", \"province\": \"ha-noi\", \"channels\": [\"portal\"]}"));
        mvc.perform(author.on(post("/api/campaigns/{id}/submit", narrowed))).andExpect(status().isOk());
        approve(approver, narrowed).andExpect(status().isOk());
        assertThat(resolved(narrowed, author)).containsExactly(there);
    }

    /** The stored campaign without its outbox (the relay empties it meanwhile). */
    private String campaign(String id) {
        Document doc = mongo.getCollection("campaigns").find(new Document("_id", id)).first();
        doc.remove("outbox");
        return doc.toJson();
    }

    /** The agencies the approved version reaches. */
    private List<String> resolved(String campaignId, User reader) throws Exception {
        JsonNode versions = body(mvc.perform(reader.on(get("/api/campaigns/{id}/versions", campaignId)))
                .andExpect(status().isOk()));
        return versions.get(versions.size() - 1).path("resolvedTargets").valueStream()
                .map(t -> t.path("agencyId").asString()).toList();
    }

    @Test
    void aProvincialPlanNamesItsProvincesAgenciesAndProvinceWideViewersReadTheirProvincesPlans() throws Exception {
        String hnDept = id("tn-hn-so-kh");
        String ministry = id("tn-bo-kh");
        postAgency(agencyJson(hnDept, "\"provinceId\": \"ha-noi\"", null)).andExpect(status().isCreated());
        postAgency(agencyJson(ministry, "\"national\": true", null)).andExpect(status().isCreated());
        String khPlan = id("kh-tn-tinh");
        mvc.perform(OFFICER.on(put("/api/plans/{id}", khPlan)).contentType(MediaType.APPLICATION_JSON)
                        .content(plan("so-noi-vu", hnDept, "so-y-te")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tasks[0].leadAgencyId"))
                .andExpect(jsonPath("$.errors[0].code").value("agency-outside-province"));
        mvc.perform(OFFICER.on(put("/api/plans/{id}", khPlan)).contentType(MediaType.APPLICATION_JSON)
                        .content(plan("so-noi-vu", "so-y-te", hnDept)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tasks[0].coordinatingAgencyIds[0]"));
        mvc.perform(OFFICER.on(put("/api/plans/{id}", khPlan)).contentType(MediaType.APPLICATION_JSON)
                .content(plan("so-noi-vu", "so-y-te", "so-tai-chinh"))).andExpect(status().isCreated());
        String nationalPlan = id("kh-tn-bo");
        User ministryOfficer = new User("tn.bo.kh", "officer", ministry);
        mvc.perform(ministryOfficer.on(put("/api/plans/{id}", nationalPlan)).contentType(MediaType.APPLICATION_JSON)
                .content(plan(ministry, hnDept, "so-y-te"))).andExpect(status().isCreated());
        String hnPlan = id("kh-tn-hn");
        mvc.perform(new User("tn.hn.kh", "officer", hnDept).on(put("/api/plans/{id}", hnPlan))
                .contentType(MediaType.APPLICATION_JSON).content(plan(hnDept, hnDept, null))).andExpect(status().isCreated());

        mvc.perform(PROVINCE_VIEWER.on(get("/api/plans/{id}", khPlan))).andExpect(status().isOk());
        mvc.perform(PROVINCE_VIEWER.on(get("/api/plans/{id}", hnPlan))).andExpect(status().isNotFound());
        mvc.perform(PROVINCE_VIEWER.on(get("/api/plans/{id}", nationalPlan))).andExpect(status().isNotFound());
        List<String> listed = body(mvc.perform(PROVINCE_VIEWER.on(get("/api/plans"))).andExpect(status().isOk()))
                .valueStream().map(p -> p.path("id").asString()).toList();
        assertThat(listed).contains(khPlan).doesNotContain(hnPlan, nationalPlan);
        List<String> admin = body(mvc.perform(ADMIN.on(get("/api/plans"))).andExpect(status().isOk()))
                .valueStream().map(p -> p.path("id").asString()).toList();
        assertThat(admin).contains(khPlan, hnPlan, nationalPlan);
        // a Khánh Hòa agency named in the ministry's task reads that plan (its own involvement, as before)
        mvc.perform(new User("tn.syt.xem", "viewer", "so-y-te").on(get("/api/plans/{id}", nationalPlan)))
                .andExpect(status().isOk());
    }

    private static String plan(String issuer, String lead, String coordinating) {
        return """
                {"year": 2030, "issuingAgencyId": "%s", "title": "Kế hoạch tuyên truyền",
                 "legalBasis": {"number": "01/KH", "date": "2030-01-05"},
                 "tasks": [{"number": 1, "title": "Phổ biến pháp luật",
                            "schedule": {"kind": "MONTH", "months": [3], "words": "Tháng 3/2030"},
                            "leadAgencyId": "%s", "coordinatingAgencyIds": [%s]}]}
                """.formatted(issuer, lead, coordinating == null ? "" : "\"" + coordinating + "\"");
    }

    /** The stored agency without its outbox, which the relay drains in the background at any moment. */
    private static String withoutOutbox(Document agency) {
        agency.remove("outbox");
        return agency.toJson();
    }
}
