package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Identity from the gateway's headers: who may see and do what (rules in CampaignAccess and the README). */
class AccessRulesIntegrationTests extends CampaignServiceTestSupport {

    @Test
    void requestsWithoutIdentityAreUnauthorisedProblems() throws Exception {
        for (String path : new String[] {"/api/campaigns", "/api/campaigns/cmp-x", "/api/agencies", "/api/agencies/so-y-te",
                "/api/audit?agencyId=so-y-te"}) {
            mvc.perform(get(path))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("unauthenticated"));
        }
        mvc.perform(post("/api/campaigns").contentType(MediaType.APPLICATION_JSON).content(DRAFT))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void anOfficerDraftsOnlyForTheirOwnAgency() throws Exception {
        mvc.perform(OTHER_OFFICER.on(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON).content(DRAFT))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("not-your-agency"));
        mvc.perform(new User("nguyen.van.a", "viewer", "so-noi-vu").on(post("/api/campaigns"))
                        .contentType(MediaType.APPLICATION_JSON).content(DRAFT))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("officer-role-required"));
    }

    @Test
    void anotherAgencysUsersNeitherSeeNorChangeACampaign() throws Exception {
        String id = createAndSubmit(DRAFT);
        mvc.perform(OTHER_OFFICER.on(get("/api/campaigns/{id}", id))).andExpect(status().isNotFound());
        approve(OTHER_APPROVER, id).andExpect(status().isNotFound());
        mvc.perform(OTHER_OFFICER.on(post("/api/campaigns/{id}/cancel", id))).andExpect(status().isNotFound());
        JsonNode theirs = body(mvc.perform(OTHER_OFFICER.on(get("/api/campaigns"))).andExpect(status().isOk()));
        assertThat(theirs.valueStream().map(c -> c.path("id").asString())).doesNotContain(id);
        assertThat(theirs.valueStream().map(c -> c.path("issuingAgencyId").asString())).allMatch("so-y-te"::equals);
    }

    @Test
    void adminsAndProvinceViewersSeeAllAgenciesCampaignsButViewersChangeNothing() throws Exception {
        String theirs = create(OTHER_OFFICER, DRAFT.replace("\"issuingAgencyId\": \"so-noi-vu\"", "\"issuingAgencyId\": \"so-y-te\""));
        mvc.perform(ADMIN.on(get("/api/campaigns/{id}", theirs))).andExpect(status().isOk());
        mvc.perform(PROVINCE_VIEWER.on(get("/api/campaigns/{id}", theirs))).andExpect(status().isOk());
        JsonNode all = body(mvc.perform(PROVINCE_VIEWER.on(get("/api/campaigns"))));
        assertThat(all.valueStream().map(c -> c.path("id").asString())).contains(theirs);
        mvc.perform(PROVINCE_VIEWER.on(post("/api/campaigns/{id}/cancel", theirs)))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("not-your-agency"));
        // A viewer of an ordinary agency sees only that agency's campaigns.
        mvc.perform(new User("xem.thoi", "viewer", "so-tai-chinh").on(get("/api/campaigns/{id}", theirs)))
                .andExpect(status().isNotFound());
    }

    @Test
    void anApproverApprovesOnlyWithTheApproverRole() throws Exception {
        String id = createAndSubmit(DRAFT);
        approve(new User("do.thi.mai", "officer", "so-noi-vu"), id)
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("approver-role-required"));
    }

    @Test
    void usersTheGatewaySendsWithoutAnAgencyUseTheConfiguredDemoRosterOnly() throws Exception {
        // The launcher's end-to-end test sends no X-User-Agency yet (see README): its two demo users still work...
        String id = body(mvc.perform(post("/api/campaigns").header("X-User-Id", "tran.thi.lan").header("X-User-Roles", "officer")
                .contentType(MediaType.APPLICATION_JSON).content(DRAFT)).andExpect(status().isCreated())).path("id").asString();
        mvc.perform(post("/api/campaigns/{id}/submit", id).header("X-User-Id", "tran.thi.lan")).andExpect(status().isOk());
        mvc.perform(post("/api/campaigns/{id}/approve", id).header("X-User-Id", "nguyen.van.minh").header("X-User-Roles", "approver"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SCHEDULED"));
        // ...while anybody else without an agency sees and changes nothing.
        mvc.perform(get("/api/campaigns/{id}", id).header("X-User-Id", "ai.do").header("X-User-Roles", "officer,approver"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/campaigns").header("X-User-Id", "ai.do").header("X-User-Roles", "officer")
                .contentType(MediaType.APPLICATION_JSON).content(DRAFT)).andExpect(status().isForbidden());
    }
}
