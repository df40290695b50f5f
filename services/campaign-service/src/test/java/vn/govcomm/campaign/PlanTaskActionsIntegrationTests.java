package vn.govcomm.campaign;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code allowedActions} of each task in {@code GET /api/plans/{id}} (issue 20: the console offers "create a campaign
 * for this task" from it instead of copying the link rule). Each cell also drafts a campaign of the caller's agency
 * linked to the task and checks that it is accepted exactly when the action is listed: list and enforcement cannot drift.
 */
class PlanTaskActionsIntegrationTests extends CampaignServiceTestSupport {

    /** The plan ({@link PlansIntegrationTests#plan}) is so-y-te's; task 1 is led by so-noi-vu and co-ordinated by so-xay-dung. */
    static final User AUTHOR = new User("tac.gia.nhiem.vu", "officer", "so-y-te");

    enum Who {
        OFFICER_OF_ISSUER(new User("can.bo.ban.hanh", "officer", "so-y-te"), List.of("create-campaign")),
        OFFICER_OF_LEAD(new User("can.bo.chu.tri", "officer", "so-noi-vu"), List.of("create-campaign")),
        OFFICER_OF_COORDINATING(new User("can.bo.phoi.hop", "officer", "so-xay-dung"), List.of()),
        APPROVER_OF_ISSUER(new User("phe.duyet.ban.hanh", "approver", "so-y-te"), List.of()),
        VIEWER_OF_ISSUER(new User("xem.ban.hanh", "viewer", "so-y-te"), List.of()),
        ADMIN(new User("quan.tri.nhiem.vu", "admin", "so-y-te"), List.of());

        final User user;
        final List<String> expected;

        Who(User user, List<String> expected) {
            this.user = user;
            this.expected = expected;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Who.class)
    void listsCreateCampaignExactlyWhenTheServiceAcceptsTheLink(Who who) throws Exception {
        String planId = "kh-hanh-dong-" + UUID.randomUUID();
        mvc.perform(AUTHOR.on(put("/api/plans/{id}", planId)).contentType(MediaType.APPLICATION_JSON)
                .content(PlansIntegrationTests.plan(PlansIntegrationTests.thisYear()))).andExpect(status().isCreated());
        String task = planId + "-t01";

        JsonNode plan = body(mvc.perform(who.user.on(get("/api/plans/{id}", planId))).andExpect(status().isOk()));
        JsonNode t01 = plan.path("tasks").valueStream().filter(t -> t.path("id").asString().equals(task))
                .findFirst().orElseThrow();
        assertThat(t01.path("allowedActions").valueStream().map(JsonNode::asString).toList()).isEqualTo(who.expected);

        int answer = mvc.perform(who.user.on(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON)
                        .content(draftWith(d -> d.put("issuingAgencyId", who.user.agency()).put("planTaskId", task))))
                .andReturn().getResponse().getStatus();
        assertThat(answer == 201).as("creating a campaign linked to the task answered " + answer)
                .isEqualTo(who.expected.contains("create-campaign"));
        assertThat(mongo.getCollection("campaigns").countDocuments(new org.bson.Document("planTaskId", task)))
                .isEqualTo(who.expected.isEmpty() ? 0 : 1);
    }
}
