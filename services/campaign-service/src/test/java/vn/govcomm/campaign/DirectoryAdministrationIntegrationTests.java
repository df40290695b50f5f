package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.IncomingEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The seeded directory, its admin-only changes, their AgencyChanged snapshots and the audit trail. */
class DirectoryAdministrationIntegrationTests extends CampaignServiceTestSupport {

    static final String NEW_COMMUNE = """
            {"agencyId": "x-cam-hai-dong", "name": "Ủy ban nhân dân xã Cam Hải Đông", "shortName": "UBND xã Cam Hải Đông",
             "type": "COMMUNE_PEOPLES_COMMITTEE", "parentId": "ubnd-cam-lam", "groups": ["ubnd-cap-xa"], "active": true,
             "endpoints": [{"endpointId": "x-cam-hai-dong.portal", "channel": "portal", "externalId": "portal-x-cam-hai-dong"},
                           {"endpointId": "x-cam-hai-dong.led-1", "channel": "led", "externalId": "scr-x-cam-hai-dong-1",
                            "screen": {"lines": 3, "charsPerLine": 32, "site": "Bộ phận Một cửa xã"}}]}
            """;

    @Test
    void theSeededDirectoryHoldsRealisticKhanhHoaAgenciesWithTheirEndpoints() throws Exception {
        JsonNode all = body(mvc.perform(OFFICER.on(get("/api/agencies"))).andExpect(status().isOk()));
        assertThat(all.size()).isGreaterThanOrEqualTo(52);
        JsonNode districts = body(mvc.perform(OFFICER.on(get("/api/agencies").param("group", "ubnd-cap-huyen"))));
        assertThat(districts.valueStream().map(a -> a.path("agencyId").asString())).contains("ubnd-nha-trang", "ubnd-cam-ranh");
        mvc.perform(OFFICER.on(get("/api/agencies/so-y-te")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Sở Y tế tỉnh Khánh Hòa"))
                .andExpect(jsonPath("$.endpoints[?(@.channel == 'led')].screen.lines").value(hasItem(4)))
                .andExpect(jsonPath("$.contactEmail").value("vanphong@so-y-te.khanhhoa.example.org"))
                .andExpect(jsonPath("$.endpoints[?(@.channel == 'manual')].externalId").value(hasItem("one-stop-board")))
                .andExpect(jsonPath("$.endpoints[?(@.channel == 'email')].externalId").value(hasItem("vanthu@so-y-te.khanhhoa.example.org")));
        // every seeded agency has one (agencies the tests add may not)
        assertThat(all.valueStream().filter(a -> a.path("contactEmail").asString("").endsWith(".khanhhoa.example.org")))
                .hasSizeGreaterThanOrEqualTo(52);
        assertThat(all.valueStream().filter(a -> a.path("endpoints").valueStream()
                .anyMatch(e -> e.path("channel").asString().equals("manual")))).hasSizeGreaterThanOrEqualTo(20);
        assertThat(all.valueStream().filter(a -> a.path("endpoints").valueStream()
                .anyMatch(e -> e.path("channel").asString().equals("email")))).hasSizeGreaterThanOrEqualTo(20);
    }

    static final String WITH_NEW_CHANNELS = """
            {"agencyId": "x-cam-hai-tay", "name": "Ủy ban nhân dân xã Cam Hải Tây", "shortName": "UBND xã Cam Hải Tây",
             "type": "COMMUNE_PEOPLES_COMMITTEE", "parentId": "ubnd-cam-lam", "groups": ["ubnd-cap-xa"],
             "contactEmail": " vanphong@x-cam-hai-tay.khanhhoa.example.org ", "active": true,
             "endpoints": [{"endpointId": "x-cam-hai-tay.portal", "channel": "portal", "externalId": "portal-x-cam-hai-tay"},
                           {"endpointId": "x-cam-hai-tay.manual-1", "channel": "manual", "externalId": "one-stop-board",
                            "displayName": "Niêm yết tại bảng tin Bộ phận Một cửa xã"},
                           {"endpointId": "x-cam-hai-tay.manual-2", "channel": "manual", "externalId": "loudspeaker",
                            "displayName": "Phát trên hệ thống loa truyền thanh xã"},
                           {"endpointId": "x-cam-hai-tay.email", "channel": "email",
                            "externalId": "vanthu@x-cam-hai-tay.khanhhoa.example.org", "displayName": "Hộp thư văn thư"}]}
            """;

    @Test
    void manualAndEmailEndpointsAndTheContactEmailAreStoredAndPublishedInTheSnapshot() throws Exception {
        mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(WITH_NEW_CHANNELS))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.contactEmail").value("vanphong@x-cam-hai-tay.khanhhoa.example.org"))
                .andExpect(jsonPath("$.endpoints[1].externalId").value("one-stop-board"))
                .andExpect(jsonPath("$.endpoints[3].externalId").value("vanthu@x-cam-hai-tay.khanhhoa.example.org"));
        String changed = WITH_NEW_CHANNELS.replace(" vanphong@x-cam-hai-tay.khanhhoa.example.org ",
                "uybannhandan@x-cam-hai-tay.khanhhoa.example.org");
        mvc.perform(ADMIN.on(put("/api/agencies/x-cam-hai-tay")).contentType(MediaType.APPLICATION_JSON).content(changed))
                .andExpect(status().isOk()).andExpect(jsonPath("$.contactEmail").value("uybannhandan@x-cam-hai-tay.khanhhoa.example.org"));
        mvc.perform(OFFICER.on(get("/api/agencies/x-cam-hai-tay")))
                .andExpect(jsonPath("$.contactEmail").value("uybannhandan@x-cam-hai-tay.khanhhoa.example.org"));

        List<IncomingEvent> snapshots = allEventsOf("agencies", "directory.agencies", "x-cam-hai-tay");
        assertThat(snapshots).hasSize(2);
        snapshots.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).isEmpty());
        JsonNode first = json.readTree(snapshots.get(0).dataAsString());
        assertThat(first.path("contactEmail").asString()).isEqualTo("vanphong@x-cam-hai-tay.khanhhoa.example.org");
        assertThat(first.path("endpoints").valueStream().map(e -> e.path("channel").asString() + ":" + e.path("externalId").asString()))
                .containsExactly("portal:portal-x-cam-hai-tay", "manual:one-stop-board", "manual:loudspeaker",
                        "email:vanthu@x-cam-hai-tay.khanhhoa.example.org");
        assertThat(first.path("endpoints").get(1).path("displayName").asString()).isEqualTo("Niêm yết tại bảng tin Bộ phận Một cửa xã");
        assertThat(json.readTree(snapshots.get(1).dataAsString()).path("contactEmail").asString())
                .isEqualTo("uybannhandan@x-cam-hai-tay.khanhhoa.example.org");
        mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", "x-cam-hai-tay")))
                .andExpect(jsonPath("$[1].changes[0]").value("contactEmail: vanphong@x-cam-hai-tay.khanhhoa.example.org → "
                        + "uybannhandan@x-cam-hai-tay.khanhhoa.example.org"));
    }

    @Test
    void manualEndpointsNeedAKnownKindAndSayWhatToDo() throws Exception {
        String invalid = WITH_NEW_CHANNELS.replace("\"externalId\": \"one-stop-board\"", "\"externalId\": \"bang-tin\"")
                .replace("\"displayName\": \"Phát trên hệ thống loa truyền thanh xã\"", "\"screen\": null");
        assertThat(invalid).doesNotContain("Phát trên hệ thống loa").contains("bang-tin");
        refused(invalid)
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[1].externalId')].code").value("unknown-manual-kind"))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[1].externalId')].messageEn")
                        .value("A manual endpoint's kind must be one of: one-stop-board, e-office, loudspeaker, press, clinic-board, other"))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[1].externalId')].messageVi")
                        .value(hasItem(containsString("one-stop-board (bảng tin Bộ phận Một cửa)"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[2].displayName')].code").value("required"))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[2].displayName')].messageVi")
                        .value(hasItem(containsString("Cần ghi rõ việc cơ quan phải làm"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vanthu", "vanthu@localhost", "Văn thư <vanthu@x-cam-hai-tay.khanhhoa.example.org>",
            "van..thu@x-cam-hai-tay.khanhhoa.example.org", "vanthu@x_cam_hai_tay.khanhhoa.example.org",
            "vănthư@x-cam-hai-tay.khanhhoa.example.org", "vanthu@[10.1.2.3]"})
    void emailEndpointsAndTheContactEmailMustBeMailboxes(String bad) throws Exception {
        refused(WITH_NEW_CHANNELS.replace("\"vanthu@x-cam-hai-tay.khanhhoa.example.org\"", json.writeValueAsString(bad))
                .replace("\" vanphong@x-cam-hai-tay.khanhhoa.example.org \"", json.writeValueAsString(bad)))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[?(@.field == 'contactEmail')].code").value("invalid-email"))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[3].externalId')].code").value("invalid-email"))
                .andExpect(jsonPath("$.errors[?(@.field == 'contactEmail')].messageVi")
                        .value(hasItem(startsWith("Địa chỉ thư điện tử không hợp lệ"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'contactEmail')].messageEn")
                        .value(hasItem(startsWith("Not a valid e-mail address"))));
    }

    @Test
    void addressesOverTheLimitsAndTopLevelDomainsTheContractDoesNotKnowAreRefused() throws Exception {
        String host = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(59) + ".vn";
        refused(WITH_NEW_CHANNELS.replace(" vanphong@x-cam-hai-tay.khanhhoa.example.org ", "vanphong@" + host + "x")
                .replace("vanthu@x-cam-hai-tay.khanhhoa.example.org", "vanthu@" + host.substring(61)))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("contactEmail"))
                .andExpect(jsonPath("$.errors[0].code").value("too-long"))
                .andExpect(jsonPath("$.errors[0].messageEn").value("At most 254 characters"));
        // 212 characters: a mailbox, but an endpoint's externalId holds at most 200 in the contract.
        refused(WITH_NEW_CHANNELS.replace("vanthu@x-cam-hai-tay.khanhhoa.example.org", "vanthu@" + host.substring(40)))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[3].externalId')].code").value("too-long"))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[3].externalId')].messageEn").value("At most 200 characters"));
        // Jakarta Mail takes .gov.nv (a typo of .gov.vn); the contract's format: email does not, and says so.
        refused(WITH_NEW_CHANNELS.replace(" vanphong@x-cam-hai-tay.khanhhoa.example.org ", "vanphong@camhaitay.khanhhoa.gov.nv"))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("contactEmail"))
                .andExpect(jsonPath("$.errors[0].code").value("invalid-email"))
                .andExpect(jsonPath("$.errors[0].messageEn").value(containsString("unknown top-level domain")));
    }

    @Test
    void whatTheAgencyChangedContractRefusesIsAFieldProblemAndNothingIsPublished() throws Exception {
        refused(WITH_NEW_CHANNELS.replace("COMMUNE_PEOPLES_COMMITTEE", "Xã"))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("type"))
                .andExpect(jsonPath("$.errors[0].code").value("contract-violation"))
                .andExpect(jsonPath("$.errors[0].messageVi").value(startsWith("Không phù hợp với hợp đồng sự kiện AgencyChanged")));
    }

    /** 400 validation-failed, application/problem+json, and no agency stored. */
    private org.springframework.test.web.servlet.ResultActions refused(String body) throws Exception {
        long before = mongo.getCollection("agencies").countDocuments();
        org.springframework.test.web.servlet.ResultActions result = mvc.perform(ADMIN.on(post("/api/agencies"))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("validation-failed"));
        assertThat(mongo.getCollection("agencies").countDocuments()).isEqualTo(before);
        return result;
    }

    @Test
    void onlyAdminsChangeTheDirectory() throws Exception {
        mvc.perform(OFFICER.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(NEW_COMMUNE))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("admin-role-required"));
        mvc.perform(APPROVER.on(put("/api/agencies/so-y-te")).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void anAdminsChangesArePublishedAsSnapshotsAndAudited() throws Exception {
        mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(NEW_COMMUNE))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.version").value(1));
        String renamed = NEW_COMMUNE.replace("\"active\": true", "\"active\": false");
        mvc.perform(ADMIN.on(put("/api/agencies/x-cam-hai-dong")).header("If-Match", "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON).content(renamed))
                .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(2)).andExpect(jsonPath("$.active").value(false));
        mvc.perform(ADMIN.on(put("/api/agencies/x-cam-hai-dong")).header("If-Match", "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON).content(NEW_COMMUNE))
                .andExpect(status().isPreconditionFailed());

        List<IncomingEvent> snapshots = allEventsOf("agencies", "directory.agencies", "x-cam-hai-dong");
        assertThat(snapshots).hasSize(2);
        snapshots.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).isEmpty());
        assertThat(json.readTree(snapshots.get(1).dataAsString()).path("active").asBoolean()).isFalse();

        mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", "x-cam-hai-dong")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].action").value("registered"))
                .andExpect(jsonPath("$[0].actor").value("admin.cntt"))
                .andExpect(jsonPath("$[1].action").value("updated"))
                .andExpect(jsonPath("$[1].changes[0]").value("active: true → false"))
                .andExpect(jsonPath("$[1].at").isNotEmpty());
    }

    @Test
    void snapshotsStateTheProvinceOrNationalAndHowAndWhenTheAgencyWasSucceeded() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String old = "x-ttyt-cu-" + n;
        String renamedTo = "x-ttyt-moi-" + n;
        String hanoi = "x-ttyt-hn-" + n;
        String ministry = "x-bo-" + n;
        String unit = """
                {"agencyId": "%s", "name": "Trung tâm Y tế %s", "type": "PUBLIC_SERVICE_UNIT", "active": true%s,
                 "endpoints": [{"endpointId": "%s.portal", "channel": "portal", "externalId": "portal-%s"}]}""";
        for (String body : List.of(unit.formatted(old, old, "", old, old), unit.formatted(renamedTo, renamedTo, "", renamedTo, renamedTo),
                unit.formatted(hanoi, hanoi, ", \"provinceId\": \"ha-noi\"", hanoi, hanoi),
                unit.formatted(ministry, ministry, ", \"national\": true", ministry, ministry).replace("PUBLIC_SERVICE_UNIT", "OTHER"))) {
            mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isCreated());
        }
        mvc.perform(ADMIN.on(post("/api/agencies/{id}/succession", old)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"successorId\": \"" + renamedTo + "\", \"kind\": \"RENAMED\"}")).andExpect(status().isOk());
        String succeededAt = body(mvc.perform(OFFICER.on(get("/api/agencies/{id}", old)))).path("succeededAt").asString();

        List<IncomingEvent> oldSnapshots = allEventsOf("agencies", "directory.agencies", old);
        JsonNode created = json.readTree(oldSnapshots.getFirst().dataAsString());
        JsonNode succeeded = json.readTree(oldSnapshots.getLast().dataAsString());
        assertThat(oldSnapshots).hasSize(2);
        // the home province stated (the input named none), no succession before there is one
        assertThat(created.path("provinceId").asString()).isEqualTo("khanh-hoa");
        assertThat(created.has("national") || created.has("successionKind") || created.has("succeededAt")).isFalse();
        assertThat(succeeded.path("successorId").asString()).isEqualTo(renamedTo);
        assertThat(succeeded.path("successionKind").asString()).isEqualTo("RENAMED");
        assertThat(Instant.parse(succeeded.path("succeededAt").asString())).isEqualTo(Instant.parse(succeededAt));
        assertThat(succeeded.path("provinceId").asString()).isEqualTo("khanh-hoa");
        JsonNode inHanoi = json.readTree(allEventsOf("agencies", "directory.agencies", hanoi).getLast().dataAsString());
        assertThat(inHanoi.path("provinceId").asString()).isEqualTo("ha-noi");
        assertThat(inHanoi.has("national")).isFalse();
        JsonNode central = json.readTree(allEventsOf("agencies", "directory.agencies", ministry).getLast().dataAsString());
        assertThat(central.path("national").asBoolean()).isTrue();
        assertThat(central.has("provinceId")).isFalse();
        for (String id : List.of(old, renamedTo, hanoi, ministry)) {
            allEventsOf("agencies", "directory.agencies", id)
                    .forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).as(id).isEmpty());
        }
        mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", old)))
                .andExpect(jsonPath("$[1].changes").value(hasItem(startsWith("succeededAt: null → "))));
    }

    @Test
    void invalidAgenciesAreFieldProblems() throws Exception {
        String invalid = NEW_COMMUNE.replace("\"parentId\": \"ubnd-cam-lam\"", "\"parentId\": \"khong-ton-tai\"")
                .replace("\"screen\": {\"lines\": 3, \"charsPerLine\": 32, \"site\": \"Bộ phận Một cửa xã\"}", "\"screen\": null")
                .replace("\"channel\": \"portal\"", "\"channel\": \"fax\"");
        mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(invalid))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'parentId')].code").value("unknown-agency"))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[0].channel')].code").value("unknown-channel"))
                .andExpect(jsonPath("$.errors[?(@.field == 'endpoints[1].screen')].code").value("screen-size-required"));
        mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON)
                        .content(NEW_COMMUNE.replace("x-cam-hai-dong\", \"name\"", "so-y-te\", \"name\"")))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("agency-exists"));
    }

    @Test
    void theCampaignAuditTrailShowsEveryDecisionForAdminsOnly() throws Exception {
        String id = createAndSubmit(DRAFT);
        approve(APPROVER, id).andExpect(status().isOk());
        mvc.perform(OFFICER.on(get("/api/audit").param("campaignId", id))).andExpect(status().isForbidden());
        mvc.perform(ADMIN.on(get("/api/audit").param("campaignId", id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].action").value(org.hamcrest.Matchers.contains("submitted", "approved")))
                .andExpect(jsonPath("$[1].actor").value("nguyen.van.minh"))
                .andExpect(jsonPath("$[1].comment").value(containsString("Đồng ý")));
    }
}
