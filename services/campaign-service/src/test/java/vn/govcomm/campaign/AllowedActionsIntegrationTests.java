package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code allowedActions} on every campaign answer, per role and state (issue 19: the console reads it instead of copying
 * the rules). Each cell also takes every one of the seven actions (the lifecycle's five, copy, and the templates'
 * save-as-template) on a fresh campaign in that state and checks that exactly the listed ones succeed: the list and the
 * enforcement cannot drift apart.
 */
class AllowedActionsIntegrationTests extends CampaignServiceTestSupport {

    static final String A = "so-y-te";
    static final String DRAFT_OF_A = DRAFT.replace("\"issuingAgencyId\": \"so-noi-vu\"", "\"issuingAgencyId\": \"" + A + "\"");
    static final User AUTHOR = new User("tac.gia.hanh.dong", "officer", A);
    static final User DECIDER = new User("phe.duyet.hanh.dong", "approver", A);
    static final List<String> ACTIONS = List.of("edit", "submit", "approve", "reject", "cancel", "copy",
            "save-as-template");

    enum Caller {
        AUTHOR_OFFICER(AllowedActionsIntegrationTests.AUTHOR),
        OTHER_OFFICER_A(new User("can.bo.khac.a", "officer", A)),
        APPROVER_A(new User("phe.duyet.khac.a", "approver", A)),
        ADMIN_A(new User("quan.tri.hanh.dong", "admin", A)),
        VIEWER_A(new User("xem.hanh.dong", "viewer", A)),
        PROVINCE_VIEWER(new User("giam.sat.hanh.dong", "viewer", "so-noi-vu"));

        final User user;

        Caller(User user) {
            this.user = user;
        }
    }

    enum State { DRAFT, SUBMITTED, SCHEDULED, REJECTED, CANCELLED }

    /**
     * The README's rules, written out per state and caller: officers of the agency copy a campaign in any state and save
     * it as a template; approvers, admins and viewers do neither.
     */
    static final Map<State, Map<Caller, List<String>>> EXPECTED = Map.of(
            State.DRAFT, Map.of(Caller.AUTHOR_OFFICER, List.of("edit", "submit", "cancel", "copy", "save-as-template"),
                    Caller.OTHER_OFFICER_A, List.of("edit", "submit", "cancel", "copy", "save-as-template"),
                    Caller.APPROVER_A, List.of("cancel")),
            State.SUBMITTED, Map.of(Caller.AUTHOR_OFFICER, List.of("cancel", "copy", "save-as-template"),
                    Caller.OTHER_OFFICER_A, List.of("cancel", "copy", "save-as-template"),
                    Caller.APPROVER_A, List.of("approve", "reject", "cancel")),
            State.SCHEDULED, Map.of(Caller.AUTHOR_OFFICER, List.of("edit", "cancel", "copy", "save-as-template"),
                    Caller.OTHER_OFFICER_A, List.of("edit", "cancel", "copy", "save-as-template"),
                    Caller.APPROVER_A, List.of("cancel")),
            State.REJECTED, Map.of(Caller.AUTHOR_OFFICER, List.of("edit", "submit", "cancel", "copy", "save-as-template"),
                    Caller.OTHER_OFFICER_A, List.of("edit", "submit", "cancel", "copy", "save-as-template"),
                    Caller.APPROVER_A, List.of("cancel")),
            State.CANCELLED, Map.of(Caller.AUTHOR_OFFICER, List.of("copy", "save-as-template"),
                    Caller.OTHER_OFFICER_A, List.of("copy", "save-as-template")));

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (State state : State.values()) {
            for (Caller caller : Caller.values()) {
                cells.add(Arguments.of(state, caller, EXPECTED.get(state).getOrDefault(caller, List.of())));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("cells")
    void listsExactlyTheActionsTheServiceAllows(State state, Caller caller, List<String> expected) throws Exception {
        String id = campaignIn(state);
        JsonNode read = body(mvc.perform(caller.user.on(get("/api/campaigns/{id}", id))).andExpect(status().isOk()));
        assertThat(read.path("allowedActions").valueStream().map(JsonNode::asString).toList()).isEqualTo(expected);
        JsonNode listed = body(mvc.perform(caller.user.on(get("/api/campaigns"))).andExpect(status().isOk()))
                .valueStream().filter(c -> c.path("id").asString().equals(id)).findFirst().orElseThrow();
        assertThat(listed.path("allowedActions")).isEqualTo(read.path("allowedActions"));

        for (String action : ACTIONS) {
            String fresh = campaignIn(state);
            int answer = take(action, fresh, caller.user).andReturn().getResponse().getStatus();
            assertThat(answer / 100 == 2).as(action + " answered " + answer).isEqualTo(expected.contains(action));
        }
    }

    @Test
    void theAnswerToAnActionCarriesTheActionsOfItsNewState() throws Exception {
        String id = create(AUTHOR, DRAFT_OF_A);
        JsonNode submitted = body(mvc.perform(AUTHOR.on(post("/api/campaigns/{id}/submit", id))).andExpect(status().isOk()));
        assertThat(submitted.path("allowedActions").toString())
                .isEqualTo("[\"cancel\",\"copy\",\"save-as-template\"]");
        JsonNode approved = body(approve(DECIDER, id).andExpect(status().isOk()));
        assertThat(approved.path("allowedActions").toString()).isEqualTo("[\"cancel\"]");
    }

    @Test
    void anAuthorWhoIsAlsoAnApproverMayNotApproveTheirOwnCampaign() throws Exception {
        User both = new User("ca.hai.vai", "officer,approver", A);
        String id = create(both, DRAFT_OF_A);
        JsonNode submitted = body(mvc.perform(both.on(post("/api/campaigns/{id}/submit", id))).andExpect(status().isOk()));
        assertThat(submitted.path("allowedActions").toString())
                .isEqualTo("[\"cancel\",\"copy\",\"save-as-template\"]");
        approve(both, id).andExpect(status().isForbidden());
        JsonNode other = body(mvc.perform(DECIDER.on(get("/api/campaigns/{id}", id))).andExpect(status().isOk()));
        assertThat(other.path("allowedActions").toString()).isEqualTo("[\"approve\",\"reject\",\"cancel\"]");
    }

    @Test
    void allowedActionsAreNeverStored() throws Exception {
        String id = create(AUTHOR, DRAFT_OF_A);
        mvc.perform(AUTHOR.on(get("/api/campaigns/{id}", id))).andExpect(status().isOk());
        assertThat(mongo.getCollection("campaigns").find(new org.bson.Document("_id", id)).first())
                .doesNotContainKey("allowedActions");
    }

    private String campaignIn(State state) throws Exception {
        String id = create(AUTHOR, DRAFT_OF_A);
        switch (state) {
            case DRAFT -> { }
            case SUBMITTED -> submit(id);
            case SCHEDULED -> {
                submit(id);
                approve(DECIDER, id).andExpect(status().isOk());
            }
            case REJECTED -> {
                submit(id);
                take("reject", id, DECIDER).andExpect(status().isOk());
            }
            case CANCELLED -> take("cancel", id, AUTHOR).andExpect(status().isOk());
        }
        return id;
    }

    private void submit(String id) throws Exception {
        mvc.perform(AUTHOR.on(post("/api/campaigns/{id}/submit", id))).andExpect(status().isOk());
    }

    private ResultActions take(String action, String id, User user) throws Exception {
        return switch (action) {
            case "edit" -> {
                String etag = etag(mvc.perform(AUTHOR.on(get("/api/campaigns/{id}", id))));
                yield mvc.perform(user.on(put("/api/campaigns/{id}", id)).header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON).content(DRAFT_OF_A.replace("SNV-CCHC-2023-09", "SYT-SUA")));
            }
            case "approve" -> approve(user, id);
            case "reject" -> mvc.perform(user.on(post("/api/campaigns/{id}/reject", id))
                    .contentType(MediaType.APPLICATION_JSON).content("{\"reasons\": [\"Thiếu số hiệu văn bản\"]}"));
            case "cancel" -> mvc.perform(user.on(post("/api/campaigns/{id}/cancel", id))
                    .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"Văn bản bị thu hồi\"}"));
            case "copy" -> mvc.perform(user.on(post("/api/campaigns/{id}/copy", id)));
            case "save-as-template" -> mvc.perform(user.on(post("/api/campaigns/{id}/template", id))
                    .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"Mẫu từ chiến dịch\"}"));
            default -> mvc.perform(user.on(post("/api/campaigns/{id}/" + action, id)));
        };
    }
}
