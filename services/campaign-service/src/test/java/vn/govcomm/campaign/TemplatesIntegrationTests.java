package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Templates and copies: the demo yearly survey template, create/replace/delete with every input rule, saving a campaign
 * as a template (the schedule's shape), drafts from a template ({year} filled in), sharing, and "copy last year's".
 */
class TemplatesIntegrationTests extends CampaignServiceTestSupport {

    static final String DEMO = "tpl-khao-sat-muc-do-hai-long";

    static final String TEMPLATE = """
            {"name": "Tuyên truyền cải cách hành chính", "code": "SNV-TT",
             "notice": {"title": "Tuyên truyền cải cách hành chính năm {year}",
                        "bodyHtml": "<p>Nội dung tuyên truyền năm {year}</p>", "ledText": "CCHC năm {year}"},
             "targets": [{"agencyId": "ubnd-nha-trang", "channels": ["portal", "led"]}],
             "priority": "URGENT",
             "schedule": {"windowDays": 30, "deadlineOffsetDays": 20},
             "reminders": {"offsetsDays": [0, -2]}}
            """;

    JsonNode createTemplate(User user, String body) throws Exception {
        return body(mvc.perform(user.on(post("/api/templates")).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()));
    }

    String uploadPdf(User user) throws Exception {
        org.springframework.mock.web.MockMultipartFile file = new org.springframework.mock.web.MockMultipartFile("file",
                "Công văn khảo sát.pdf", "application/pdf", AttachmentsIntegrationTests.PDF);
        return body(mvc.perform(user.on(multipart("/api/campaigns/attachments").file(file))).andExpect(status().isCreated()))
                .path("id").asString();
    }

    static Instant instant(JsonNode node) {
        return Instant.parse(node.asString());
    }

    @Test
    void theYearlySurveyTemplateOfSeed001IsDemoDataAndMakesThisYearsNotice() throws Exception {
        JsonNode demo = body(mvc.perform(OFFICER.on(get("/api/templates/{id}", DEMO))).andExpect(status().isOk()));
        assertThat(demo.path("agencyId").asString()).isEqualTo("so-noi-vu");
        assertThat(demo.path("owner").asString()).isEqualTo("tran.thi.lan");
        assertThat(demo.path("recurrence").path("frequency").asString()).isEqualTo("YEARLY");
        assertThat(demo.path("recurrence").path("month").asInt()).isEqualTo(9);
        assertThat(demo.path("recurrence").path("day").asInt()).isEqualTo(1);
        assertThat(demo.path("schedule").path("windowDays").asInt()).isEqualTo(91);
        assertThat(demo.path("nextOccurrence").asString()).endsWith("-09-01");
        assertThat(demo.path("notice").path("title").asString()).isEqualTo("Thông báo triển khai khảo sát mức độ hài lòng năm {year}");
        assertThat(demo.path("targets").findValuesAsString("group"))
                .containsExactly("co-quan-chuyen-mon", "nganh-doc", "don-vi-su-nghiep");

        JsonNode draft = body(mvc.perform(OFFICER.on(post("/api/templates/{id}/campaigns", DEMO))
                .contentType(MediaType.APPLICATION_JSON).content("{\"startDate\": \"2031-09-01\"}")).andExpect(status().isCreated()));
        assertThat(draft.path("status").asString()).isEqualTo("DRAFT");
        assertThat(draft.path("code").asString()).isEqualTo("SNV-CCHC-KSHL-2031-09-01");
        assertThat(draft.path("notice").path("title").asString()).isEqualTo("Thông báo triển khai khảo sát mức độ hài lòng năm 2031");
        assertThat(draft.path("notice").path("bodyHtml").asString()).contains("từ tháng 9/2031 đến tháng 11/2031")
                .doesNotContain("year");
        assertThat(draft.path("notice").path("ledText").asString()).startsWith("Khảo sát mức độ hài lòng năm 2031");
        assertThat(instant(draft.path("window").path("startsAt"))).isEqualTo(Instant.parse("2031-08-31T17:00:00Z"));
        assertThat(instant(draft.path("window").path("endsAt"))).isEqualTo(Instant.parse("2031-11-30T16:59:59Z"));
        assertThat(draft.path("origin").path("kind").asString()).isEqualTo("template");
        assertThat(draft.path("origin").path("sourceId").asString()).isEqualTo(DEMO);
    }

    @Test
    void aTemplateIsCreatedReplacedWithIfMatchAndDeleted() throws Exception {
        JsonNode t = createTemplate(OFFICER, TEMPLATE);
        String id = t.path("id").asString();
        assertThat(t.path("agencyId").asString()).isEqualTo("so-noi-vu");
        assertThat(t.path("owner").asString()).isEqualTo(OFFICER.id());
        assertThat(t.path("shared").asBoolean()).isFalse();
        assertThat(t.path("reminders").path("offsetsDays").toString()).isEqualTo("[-2,0]");
        assertThat(t.path("nextOccurrence").isNull()).isTrue();
        List<String> listed = parse(mvc.perform(OFFICER.on(get("/api/templates"))).andReturn().getResponse()
                .getContentAsString()).findValuesAsString("id");
        assertThat(listed).contains(id, DEMO);

        String changed = TEMPLATE.replace("\"URGENT\"", "\"NORMAL\"").replace("\"reminders\"",
                "\"recurrence\": {\"frequency\": \"QUARTERLY\", \"day\": 5, \"leadTimeDays\": 7}, \"reminders\"");
        mvc.perform(OFFICER.on(put("/api/templates/{id}", id)).header("If-Match", "\"7\"")
                .contentType(MediaType.APPLICATION_JSON).content(changed)).andExpect(status().isPreconditionFailed());
        JsonNode replaced = body(mvc.perform(OFFICER.on(put("/api/templates/{id}", id)).header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(changed)).andExpect(status().isOk()));
        assertThat(replaced.path("version").asLong()).isEqualTo(2);
        assertThat(replaced.path("priority").asString()).isEqualTo("NORMAL");
        assertThat(replaced.path("nextOccurrence").asString()).as("quarterly on the 5th").matches("\\d{4}-(01|04|07|10)-05");

        mvc.perform(OTHER_OFFICER.on(delete("/api/templates/{id}", id))).andExpect(status().isNotFound());
        mvc.perform(OFFICER.on(delete("/api/templates/{id}", id))).andExpect(status().isNoContent());
        mvc.perform(OFFICER.on(get("/api/templates/{id}", id))).andExpect(status().isNotFound());
    }

    @Test
    void refusesABadTemplateWithEveryFieldProblemAndStoresNothing() throws Exception {
        long before = mongo.getCollection("templates").countDocuments();
        String bad = """
                {"name": " ", "code": "%s",
                 "notice": {"bodyHtml": "<p>x</p>"},
                 "targets": [{"agencyId": "khong-co", "channels": ["portal"]}],
                 "schedule": {"windowDays": 400},
                 "recurrence": {"frequency": "WEEKLY", "month": 3, "day": 32}}
                """.formatted("X".repeat(61));
        JsonNode problem = body(mvc.perform(OFFICER.on(post("/api/templates")).contentType(MediaType.APPLICATION_JSON)
                .content(bad)).andExpect(status().isBadRequest()));
        assertThat(problem.path("code").asString()).isEqualTo("validation-failed");
        List<String> errors = problem.path("errors").valueStream()
                .map(e -> e.path("field").asString() + " " + e.path("code").asString()).toList();
        assertThat(errors).contains("name required", "code too-long", "schedule.windowDays out-of-range",
                "recurrence.frequency unknown-frequency", "recurrence.month not-applicable", "recurrence.day out-of-range",
                "notice.title required", "targets[0].agencyId unknown-agency");
        assertThat(problem.path("errors").get(0).path("messageVi").asString()).isNotBlank();
        mvc.perform(OFFICER.on(post("/api/templates")).contentType(MediaType.APPLICATION_JSON)
                .content(TEMPLATE.replace("\"code\"", "\"colour\": 1, \"code\""))).andExpect(status().isBadRequest());
        assertThat(mongo.getCollection("templates").countDocuments()).isEqualTo(before);
    }

    @Test
    void aCampaignSavedAsATemplateKeepsItsContentAndTheShapeOfItsSchedule() throws Exception {
        String file = uploadPdf(OFFICER);
        String campaign = create(OFFICER, draftWith(d -> {
            d.put("deadline", "2030-11-15");
            ((tools.jackson.databind.node.ObjectNode) d.get("notice")).putArray("attachmentIds").add(file);
        }));
        JsonNode t = body(mvc.perform(OFFICER.on(post("/api/campaigns/{id}/template", campaign))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"Khảo sát hài lòng\"}")).andExpect(status().isCreated()));
        assertThat(t.path("code").asString()).isEqualTo("SNV-CCHC-09");
        assertThat(t.path("sourceCampaignId").asString()).isEqualTo(campaign);
        assertThat(t.path("schedule").path("windowDays").asInt()).isEqualTo(91);
        assertThat(t.path("schedule").path("deadlineOffsetDays").asInt()).isEqualTo(75);
        assertThat(t.path("notice").path("attachmentIds").toString()).isEqualTo("[\"" + file + "\"]");
        assertThat(t.path("targets").findValuesAsString("agencyId")).containsExactly("so-y-te", "ubnd-nha-trang");

        JsonNode draft = body(mvc.perform(OFFICER.on(post("/api/templates/{id}/campaigns", t.path("id").asString()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"startDate\": \"2032-03-01\", \"code\": \"SNV-KS-2032\"}"))
                .andExpect(status().isCreated()));
        assertThat(draft.path("code").asString()).isEqualTo("SNV-KS-2032");
        assertThat(instant(draft.path("window").path("startsAt"))).isEqualTo(Instant.parse("2032-02-29T17:00:00Z"));
        assertThat(instant(draft.path("window").path("endsAt"))).isEqualTo(Instant.parse("2032-05-30T16:59:59Z"));
        assertThat(instant(draft.path("deadline"))).isEqualTo(Instant.parse("2032-05-15T16:59:59Z"));
        assertThat(draft.path("notice").path("attachments").findValuesAsString("attachmentId")).containsExactly(file);
        assertThat(draft.path("allowedActions").toString()).contains("submit");

        mvc.perform(OFFICER.on(post("/api/templates/{id}/campaigns", t.path("id").asString()))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isBadRequest());
    }

    @Test
    void aSharedTemplateIsReadAndUsedByOtherAgenciesWithoutTheOwnersFiles() throws Exception {
        String file = uploadPdf(OFFICER);
        String picture = body(mvc.perform(OFFICER.on(multipart("/api/campaigns/attachments").file(
                new org.springframework.mock.web.MockMultipartFile("file", "so-do.png", "image/png",
                        AttachmentsIntegrationTests.PNG)))).andExpect(status().isCreated())).path("id").asString();
        String id = createTemplate(OFFICER, TEMPLATE.replace("\"ledText\"", "\"attachmentIds\": [\"" + file + "\"], \"ledText\"")
                .replace("<p>Nội dung tuyên truyền năm {year}</p>", "<p>Nội dung tuyên truyền năm {year}</p>"
                        + "<p><img src=\\\"/api/campaigns/attachments/" + picture + "\\\" alt=\\\"Sơ đồ\\\"></p>"))
                .path("id").asString();
        mvc.perform(OTHER_OFFICER.on(get("/api/templates/{id}", id))).andExpect(status().isNotFound());
        mvc.perform(OFFICER.on(put("/api/templates/{id}/shared", id)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"shared\": true}")).andExpect(status().isForbidden());

        JsonNode shared = body(mvc.perform(ADMIN.on(put("/api/templates/{id}/shared", id)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"shared\": true}")).andExpect(status().isOk()));
        assertThat(shared.path("shared").asBoolean()).isTrue();
        assertThat(parse(mvc.perform(OTHER_OFFICER.on(get("/api/templates"))).andReturn().getResponse().getContentAsString())
                .findValuesAsString("id")).contains(id);

        JsonNode draft = body(mvc.perform(OTHER_OFFICER.on(post("/api/templates/{id}/campaigns", id))
                .contentType(MediaType.APPLICATION_JSON).content("{\"startDate\": \"2031-06-01\"}")).andExpect(status().isCreated()));
        assertThat(draft.path("issuingAgencyId").asString()).isEqualTo("so-y-te");
        assertThat(draft.path("createdBy").asString()).isEqualTo(OTHER_OFFICER.id());
        assertThat(draft.path("notice").path("attachments").isEmpty()).isTrue();
        // The owner's picture is one of its files too: left out of the body, listed with the dropped files.
        assertThat(draft.path("origin").path("droppedAttachmentIds").toString())
                .isEqualTo("[\"" + picture + "\",\"" + file + "\"]");
        assertThat(draft.path("notice").path("bodyHtml").asString()).doesNotContain("<img");
        assertThat(draft.path("notice").path("title").asString()).isEqualTo("Tuyên truyền cải cách hành chính năm 2031");
        assertThat(draft.path("notice").path("bodyHtml").asString()).contains("năm 2031");
        assertThat(instant(draft.path("deadline"))).isEqualTo(Instant.parse("2031-06-21T16:59:59Z"));
        assertThat(draft.path("reminders").path("offsetsDays").toString()).isEqualTo("[-2,0]");
        assertThat(draft.path("priority").asString()).isEqualTo("URGENT");
    }

    @Test
    void aCopyOfLastYearsCampaignMovesItsWindowByWholeYearsAndKeepsItsContent() throws Exception {
        String file = uploadPdf(OFFICER);
        String original = create(OFFICER, draftWith(d -> {
            d.put("deadline", "2030-11-15");
            d.put("priority", "URGENT");
            d.put("planTaskId", "kh-tuyen-truyen-cchc-2025-t27");
            d.putObject("ledSchedule").put("repeatEveryMinutes", 10).put("durationSec", 15);
            ((tools.jackson.databind.node.ObjectNode) d.get("notice")).putArray("attachmentIds").add(file);
        }));
        JsonNode source = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", original))));

        JsonNode copy = body(mvc.perform(OTHER_OFFICER_OF_SNV.on(post("/api/campaigns/{id}/copy", original))
                .contentType(MediaType.APPLICATION_JSON).content("{\"years\": 1}")).andExpect(status().isCreated()));
        assertThat(copy.path("id").asString()).isNotEqualTo(original);
        assertThat(copy.path("status").asString()).isEqualTo("DRAFT");
        assertThat(copy.path("createdBy").asString()).isEqualTo(OTHER_OFFICER_OF_SNV.id());
        assertThat(copy.path("code").asString()).isEqualTo("SNV-CCHC-2024-09");
        assertThat(instant(copy.path("window").path("startsAt"))).isEqualTo(Instant.parse("2031-08-31T17:00:00Z"));
        assertThat(instant(copy.path("window").path("endsAt"))).isEqualTo(Instant.parse("2031-11-30T16:59:59Z"));
        assertThat(instant(copy.path("deadline"))).isEqualTo(Instant.parse("2031-11-15T16:59:59Z"));
        assertThat(instant(copy.path("publishAt"))).isEqualTo(Instant.parse("2031-09-05T01:00:00Z"));
        for (String field : List.of("notice", "targets", "ledSchedule", "priority", "legalReferences", "reminders",
                "planTaskId", "issuingAgencyId")) {
            assertThat(copy.path(field)).as(field).isEqualTo(source.path(field));
        }
        assertThat(copy.path("origin").path("kind").asString()).isEqualTo("copy");
        assertThat(copy.path("origin").path("sourceId").asString()).isEqualTo(original);
        assertThat(copy.path("origin").path("droppedAttachmentIds").isEmpty()).isTrue();

        JsonNode moved = body(mvc.perform(OFFICER.on(post("/api/campaigns/{id}/copy", original))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"window\": {\"startDate\": \"2031-03-01\", \"endDate\": \"2031-05-31\"}, \"code\": \"SNV-KS-Q2\"}"))
                .andExpect(status().isCreated()));
        assertThat(moved.path("code").asString()).isEqualTo("SNV-KS-Q2");
        assertThat(instant(moved.path("deadline"))).as("75 days after the start, as before")
                .isEqualTo(Instant.parse("2031-05-15T16:59:59Z"));

        JsonNode byDefault = body(mvc.perform(OFFICER.on(post("/api/campaigns/{id}/copy", original)))
                .andExpect(status().isCreated()));
        assertThat(instant(byDefault.path("window").path("startsAt"))).as("one year on: 2030 starts after today")
                .isEqualTo(Instant.parse("2031-08-31T17:00:00Z"));
    }

    @Test
    void aCopyForAnotherAgencyLeavesOutTheOriginalsFilesAndPlanTask() throws Exception {
        String file = uploadPdf(OFFICER);
        String original = create(OFFICER, draftWith(d -> {
            d.put("planTaskId", "kh-tuyen-truyen-cchc-2025-t27");
            ((tools.jackson.databind.node.ObjectNode) d.get("notice")).putArray("attachmentIds").add(file);
        }));
        User provinceOfficer = new User("can.bo.ubnd.tinh", "officer,viewer", "ubnd-tinh");
        JsonNode copy = body(mvc.perform(provinceOfficer.on(post("/api/campaigns/{id}/copy", original))
                .contentType(MediaType.APPLICATION_JSON).content("{\"years\": 2}")).andExpect(status().isCreated()));
        assertThat(copy.path("issuingAgencyId").asString()).isEqualTo("ubnd-tinh");
        assertThat(copy.path("code").asString()).isEqualTo("SNV-CCHC-2025-09");
        assertThat(copy.path("notice").path("attachments").isEmpty()).isTrue();
        assertThat(copy.path("origin").path("droppedAttachmentIds").toString()).isEqualTo("[\"" + file + "\"]");
        assertThat(copy.has("planTaskId")).isFalse();
    }

    @Test
    void refusesACopyBodyThatMovesTwiceOrByNoYearAndCreatesNothing() throws Exception {
        String original = create(OFFICER, DRAFT);
        long before = mongo.getCollection("campaigns").countDocuments();
        JsonNode problem = body(mvc.perform(OFFICER.on(post("/api/campaigns/{id}/copy", original))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"years\": 0, \"window\": {\"startDate\": \"2031-03-01\", \"endDate\": \"2031-05-31\"}}"))
                .andExpect(status().isBadRequest()));
        assertThat(problem.path("errors").valueStream().map(e -> e.path("code").asString()))
                .containsExactly("one-of", "out-of-range");
        mvc.perform(OFFICER.on(post("/api/campaigns/{id}/copy", original)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"window\": {\"startDate\": \"2031-05-31\", \"endDate\": \"2031-03-01\"}}"))
                .andExpect(status().isBadRequest());
        assertThat(mongo.getCollection("campaigns").countDocuments()).isEqualTo(before);
    }

    static final User OTHER_OFFICER_OF_SNV = new User("ngo.van.sao", "officer", "so-noi-vu");
}
