package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.IncomingEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
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
                .andExpect(jsonPath("$.endpoints[?(@.channel == 'led')].screen.lines").value(hasItem(4)));
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
