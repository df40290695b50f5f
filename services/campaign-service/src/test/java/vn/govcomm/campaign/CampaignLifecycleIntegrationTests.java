package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.IncomingEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The lifecycle and its events on campaign.events, each validated against contracts/ (producer-side contract). */
class CampaignLifecycleIntegrationTests extends CampaignServiceTestSupport {

    @Test
    void approvedCampaignIsScheduledAndEveryEmittedEventMatchesItsContract() throws Exception {
        String id = createAndSubmit(DRAFT);

        approve(APPROVER, id)
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"4\""))
                .andExpect(jsonPath("$.status").value("SCHEDULED"))
                .andExpect(jsonPath("$.approvedVersion").value(1))
                .andExpect(jsonPath("$.decisions[1].action").value("approved"))
                .andExpect(jsonPath("$.decisions[1].actor").value("nguyen.van.minh"))
                .andExpect(jsonPath("$.decisions[1].comment").value("Đồng ý phát hành"))
                .andExpect(jsonPath("$.decisions[1].at").isNotEmpty());

        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        assertThat(types(events)).containsExactly("submitted", "approved", "scheduled");
        events.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).as(e.type()).isEmpty());
        assertThat(json.readTree(events.get(1).dataAsString()).path("actorName").asString()).isEqualTo("Nguyễn Văn Minh");
        assertThat(json.readTree(events.get(0).dataAsString()).has("actorName")).as("the officer's token has no name")
                .isFalse();
        JsonNode scheduled = json.readTree(events.get(2).dataAsString());
        assertThat(scheduled.path("version").asInt()).isEqualTo(1);
        assertThat(scheduled.path("publishAt").asString()).isEqualTo("2030-09-05T08:00:00+07:00");
        assertThat(scheduled.path("window").path("startsAt").asString()).isEqualTo("2030-09-01T00:00:00+07:00");
        assertThat(scheduled.path("window").path("endsAt").asString()).isEqualTo("2030-11-30T23:59:59+07:00");
        assertThat(scheduled.path("targets")).hasSize(2);
        // Neither given: the deadline is the window end, the reminders the contract's default, both sent explicitly.
        assertThat(scheduled.path("deadline").asString()).isEqualTo("2030-11-30T23:59:59+07:00");
        assertThat(scheduled.path("reminders").path("offsetsDays").valueStream().map(JsonNode::asInt).toList())
                .containsExactly(-3, 0, 2);
    }

    @Test
    void decisionsAndVersionsKeepTheDisplayNameNextToTheIdAndOlderOnesWithoutItReadFine() throws Exception {
        String id = createAndSubmit(DRAFT);
        approve(APPROVER, id).andExpect(status().isOk());

        mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.decisions[0].action").value("submitted"))
                .andExpect(jsonPath("$.decisions[0].actor").value("tran.thi.lan"))
                .andExpect(jsonPath("$.decisions[0].actorName").doesNotExist())
                .andExpect(jsonPath("$.decisions[1].actor").value("nguyen.van.minh"))
                .andExpect(jsonPath("$.decisions[1].actorName").value("Nguyễn Văn Minh"));
        mvc.perform(OFFICER.on(get("/api/campaigns/{id}/versions", id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].approvedBy").value("nguyen.van.minh"))
                .andExpect(jsonPath("$[0].approvedByName").value("Nguyễn Văn Minh"));
        org.bson.Document stored = mongo.findById(id, org.bson.Document.class, "campaigns");
        List<org.bson.Document> decisions = stored.getList("decisions", org.bson.Document.class);
        assertThat(decisions.get(1).getString("actorName")).isEqualTo("Nguyễn Văn Minh");
        assertThat(decisions.get(0)).as("no name, nothing stored").doesNotContainKey("actorName");

        // A campaign stored before names were kept: its decisions and versions have none, and read as the ids.
        decisions.forEach(d -> d.remove("actorName"));
        stored.getList("approvedVersions", org.bson.Document.class).forEach(v -> v.remove("approvedByName"));
        mongo.save(stored, "campaigns");
        mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.decisions[1].actor").value("nguyen.van.minh"))
                .andExpect(jsonPath("$.decisions[1].actorName").doesNotExist());
        mvc.perform(OFFICER.on(get("/api/campaigns/{id}/versions", id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].approvedBy").value("nguyen.van.minh"))
                .andExpect(jsonPath("$[0].approvedByName").doesNotExist());
    }

    @Test
    void theDeadlineAndRemindersTheOfficerSetAreStoredShownAndScheduled() throws Exception {
        String id = createAndSubmit(draftWith(d -> {
            d.put("deadline", "2030-11-15");
            d.set("reminders", parse("{\"offsetsDays\": [2, -7, 0]}"));
        }));
        approve(APPROVER, id).andExpect(status().isOk());
        JsonNode campaign = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))).andExpect(status().isOk()));
        // The end of 15/11/2030 in Asia/Ho_Chi_Minh, stored like the window end; offsets ascending.
        assertThat(Instant.parse(campaign.path("deadline").asString())).isEqualTo(Instant.parse("2030-11-15T16:59:59Z"));
        assertThat(campaign.path("reminders").path("offsetsDays").valueStream().map(JsonNode::asInt).toList())
                .containsExactly(-7, 0, 2);
        JsonNode version = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}/versions", id)))).get(0).path("content");
        assertThat(Instant.parse(version.path("deadline").asString())).isEqualTo(Instant.parse("2030-11-15T16:59:59Z"));

        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        IncomingEvent scheduled = events.get(2);
        assertThat(Contracts.get().validate(scheduled.type(), scheduled.dataAsString())).isEmpty();
        JsonNode data = json.readTree(scheduled.dataAsString());
        assertThat(data.path("deadline").asString()).isEqualTo("2030-11-15T23:59:59+07:00");
        assertThat(data.path("reminders").path("offsetsDays").valueStream().map(JsonNode::asInt).toList())
                .containsExactly(-7, 0, 2);
    }

    @Test
    void noRemindersIsAChoiceAndIsScheduledAsAnEmptyList() throws Exception {
        String id = createAndSubmit(draftWith(d -> d.set("reminders", parse("{\"offsetsDays\": []}"))));
        approve(APPROVER, id).andExpect(status().isOk()).andExpect(jsonPath("$.reminders.offsetsDays").isEmpty());
        IncomingEvent scheduled = allEventsOf("campaigns", "campaign.events", id).get(2);
        assertThat(Contracts.get().validate(scheduled.type(), scheduled.dataAsString())).isEmpty();
        assertThat(json.readTree(scheduled.dataAsString()).path("reminders").path("offsetsDays").isEmpty()).isTrue();
    }

    @Test
    void anEditThatRemovesTheLedScheduleRemovesItFromTheStore() throws Exception {
        var created = mvc.perform(OFFICER.on(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON)
                .content(draftWith(d -> d.putObject("ledSchedule").put("repeatEveryMinutes", 15).put("durationSec", 20))))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.ledSchedule.repeatEveryMinutes").value(15));
        String id = json.readTree(created.andReturn().getResponse().getContentAsString()).path("id").asString();
        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", etag(created))
                .contentType(MediaType.APPLICATION_JSON).content(DRAFT)).andExpect(status().isOk());
        mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.ledSchedule").doesNotExist());
    }

    @Test
    void changingTheDeadlineOfAnApprovedCampaignIsANewVersionForReapproval() throws Exception {
        String id = createAndSubmit(DRAFT);
        String etag = etag(approve(APPROVER, id).andExpect(status().isOk()));
        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON).content(draftWith(d -> {
                            d.put("deadline", "2030-10-31");
                            d.set("reminders", parse("{\"offsetsDays\": [-1]}"));
                        })))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUBMITTED"))
                .andExpect(jsonPath("$.decisions[2].comment").value("changed: deadline, reminders"));
        approve(APPROVER, id).andExpect(status().isOk()).andExpect(jsonPath("$.approvedVersion").value(2));

        JsonNode versions = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}/versions", id))));
        assertThat(versions.valueStream().map(v -> Instant.parse(v.path("content").path("deadline").asString())).toList())
                .containsExactly(Instant.parse("2030-11-30T16:59:59Z"), Instant.parse("2030-10-31T16:59:59Z"));
        List<JsonNode> scheduled = allEventsOf("campaigns", "campaign.events", id).stream()
                .filter(e -> e.type().endsWith(".scheduled.v1")).map(e -> json.readTree(e.dataAsString())).toList();
        assertThat(scheduled).hasSize(2);
        assertThat(scheduled.get(1).path("version").asInt()).isEqualTo(2);
        assertThat(scheduled.get(1).path("deadline").asString()).isEqualTo("2030-10-31T23:59:59+07:00");
        assertThat(scheduled.get(1).path("reminders").path("offsetsDays").valueStream().map(JsonNode::asInt).toList())
                .containsExactly(-1);
    }

    @Test
    void aCampaignTargetingManualAndEmailChannelsResolvesToTheAgenciesEndpoints() throws Exception {
        String id = createAndSubmit(draftWith(d -> d.set("targets", parse("""
                [{"agencyId": "so-y-te", "channels": ["email", "manual", "portal"]},
                 {"group": "ubnd-cap-xa", "channels": ["manual", "email"]},
                 {"descendantsOf": "ubnd-tinh", "channels": ["email"]}]"""))));
        approve(APPROVER, id).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SCHEDULED"));

        IncomingEvent scheduled = allEventsOf("campaigns", "campaign.events", id).get(2);
        assertThat(Contracts.get().validate(scheduled.type(), scheduled.dataAsString())).isEmpty();
        java.util.Map<String, List<String>> channels = new java.util.LinkedHashMap<>();
        json.readTree(scheduled.dataAsString()).path("targets").valueStream().forEach(t -> channels.put(
                t.path("agencyId").asString(), t.path("channels").valueStream().map(JsonNode::asString).toList()));
        // In the contracts' channel order; a commune has a One-Stop board and loudspeakers but no mailbox.
        assertThat(channels.get("so-y-te")).containsExactly("portal", "manual", "email");
        assertThat(channels.get("p-loc-tho")).containsExactly("manual");
        assertThat(channels.get("x-suoi-tan")).containsExactly("manual");
        // Below UBND tỉnh only those with a mailbox: departments and districts, not Công an tỉnh (no parent) nor communes.
        assertThat(channels.get("ubnd-nha-trang")).containsExactly("email");
        assertThat(channels.get("so-noi-vu")).containsExactly("email");
        assertThat(channels).doesNotContainKey("cong-an-tinh");
    }

    @Test
    void campaignWhosePublicationTimeHasComeRunsAndCompletesAfterItsWindow() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        String past = draftWith(d -> {
            d.set("window", parse("{\"startDate\": \"" + today.minusDays(10) + "\", \"endDate\": \"" + today.minusDays(1) + "\"}"));
            d.put("publishAt", "2020-01-01T08:00:00+07:00");
        });
        String id = createAndSubmit(past);
        approve(APPROVER, id).andExpect(status().isOk());

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))).andExpect(jsonPath("$.status").value("COMPLETED")));
        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        assertThat(types(events)).containsExactly("submitted", "approved", "scheduled", "started", "completed");
        events.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).as(e.type()).isEmpty());
        assertThat(json.readTree(events.get(3).dataAsString()).path("actor").asString()).isEqualTo("system");
    }

    @Test
    void rejectionSendsTheCampaignBackToItsAuthorWithReasonsAndItCanBeResubmitted() throws Exception {
        String id = createAndSubmit(DRAFT);
        mvc.perform(APPROVER.on(post("/api/campaigns/{id}/reject", id)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reasons\": [\"Thiếu số hiệu văn bản\", \"Sửa lại tiêu đề\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED"));
        mvc.perform(OFFICER.on(post("/api/campaigns/{id}/submit", id))).andExpect(jsonPath("$.status").value("SUBMITTED"));

        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        assertThat(types(events)).containsExactly("submitted", "rejected", "submitted");
        JsonNode rejected = json.readTree(events.get(1).dataAsString());
        assertThat(rejected.path("reasons").get(0).asString()).isEqualTo("Thiếu số hiệu văn bản");
        assertThat(rejected.path("toStatus").asString()).isEqualTo("REJECTED");
        events.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).as(e.type()).isEmpty());
    }

    @Test
    void rejectingWithoutReasonsIsAFieldProblem() throws Exception {
        String id = createAndSubmit(DRAFT);
        mvc.perform(APPROVER.on(post("/api/campaigns/{id}/reject", id)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reasons\": []}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reasons"))
                .andExpect(jsonPath("$.errors[0].messageVi").value("Cần nêu lý do từ chối"));
    }

    @Test
    void cancellingAScheduledCampaignEmitsCancelledAndEndsTheLifecycle() throws Exception {
        String id = createAndSubmit(DRAFT);
        approve(APPROVER, id).andExpect(status().isOk());
        mvc.perform(OFFICER.on(post("/api/campaigns/{id}/cancel", id)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"Văn bản bị thu hồi\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(OFFICER.on(post("/api/campaigns/{id}/submit", id)))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("invalid-transition"));

        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        assertThat(types(events)).containsExactly("submitted", "approved", "scheduled", "cancelled");
        JsonNode cancelled = json.readTree(events.get(3).dataAsString());
        assertThat(cancelled.path("fromStatus").asString()).isEqualTo("SCHEDULED");
        assertThat(cancelled.path("comment").asString()).isEqualTo("Văn bản bị thu hồi");
        assertThat(Contracts.get().validate(events.get(3).type(), events.get(3).dataAsString())).isEmpty();
    }

    @Test
    void authorCannotApproveOwnCampaign() throws Exception {
        String id = createAndSubmit(DRAFT);
        approve(new User("tran.thi.lan", "officer,approver", "so-noi-vu"), id)
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("four-eyes"));
    }

    @Test
    void approvingADraftThatWasNotSubmittedIsAConflict() throws Exception {
        String id = create(OFFICER, DRAFT);
        approve(APPROVER, id).andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("invalid-transition"));
    }

    @Test
    void groupTargetsAreResolvedToAgencyIdsAtApproval() throws Exception {
        String byGroup = draftWith(d -> d.set("targets", parse("""
                [{"group": "ubnd-cap-huyen", "channels": ["portal", "led"]},
                 {"descendantsOf": "ubnd-nha-trang", "channels": ["portal"]}]""")));
        String id = createAndSubmit(byGroup);
        approve(APPROVER, id).andExpect(status().isOk())
                .andExpect(jsonPath("$.targets[0].group").value("ubnd-cap-huyen"));

        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        IncomingEvent scheduled = events.get(2);
        assertThat(Contracts.get().validate(scheduled.type(), scheduled.dataAsString())).isEmpty();
        JsonNode targets = json.readTree(scheduled.dataAsString()).path("targets");
        List<String> agencies = targets.valueStream().map(t -> t.path("agencyId").asString()).toList();
        // 9 district-level committees plus the 3 wards/communes under Nha Trang.
        assertThat(agencies).hasSize(12).contains("ubnd-nha-trang", "ubnd-truong-sa", "p-loc-tho", "p-vinh-hai", "x-vinh-phuong");
        // Trường Sa has no LED screen: it gets the portal only.
        targets.valueStream().filter(t -> t.path("agencyId").asString().equals("ubnd-truong-sa"))
                .forEach(t -> assertThat(t.path("channels").valueStream().map(JsonNode::asString).toList()).containsExactly("portal"));
    }

    @Test
    void publishesTheSeededDirectoryAsContractValidSnapshots() {
        List<IncomingEvent> events = readToEnd("directory.agencies", e -> true);
        assertThat(events).hasSizeGreaterThanOrEqualTo(40);
        events.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).as(e.subject()).isEmpty());
    }
}
