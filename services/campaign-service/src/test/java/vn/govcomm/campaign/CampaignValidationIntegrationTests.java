package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import vn.govcomm.kit.events.IncomingEvent;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every invalid input answers RFC 9457 problem details with field-level messages in Vietnamese and English. */
class CampaignValidationIntegrationTests extends CampaignServiceTestSupport {

    @LocalServerPort
    int port;

    private org.springframework.test.web.servlet.ResultActions post(String body) throws Exception {
        return mvc.perform(OFFICER.on(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/campaigns"))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void rejectsChannelsAnAgencyDoesNotHaveAndAWindowEndingBeforeItStartsTogether() throws Exception {
        String invalid = draftWith(d -> {
            d.set("targets", parse("[{\"agencyId\": \"so-y-te\", \"channels\": [\"portal\"]}, {\"agencyId\": \"cuc-thong-ke\", \"channels\": [\"led\"]}]"));
            d.set("window", parse("{\"startDate\": \"2030-09-01\", \"endDate\": \"2030-08-01\"}"));
        });
        post(invalid)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("validation-failed"))
                .andExpect(jsonPath("$.errors[?(@.code == 'channel-not-available')].field").value("targets[1].channels"))
                .andExpect(jsonPath("$.errors[?(@.code == 'window-end-before-start')].field").value("window.endDate"))
                .andExpect(jsonPath("$.errors[?(@.code == 'window-end-before-start')].messageVi").value("Ngày kết thúc phải sau ngày bắt đầu"))
                .andExpect(jsonPath("$.errors[?(@.code == 'window-end-before-start')].messageEn").value("The window must end after it starts"));
    }

    @Test
    void rejectsEmptyTargets() throws Exception {
        post(draftWith(d -> d.set("targets", parse("[]"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("targets"))
                .andExpect(jsonPath("$.errors[0].code").value("empty-targets"))
                .andExpect(jsonPath("$.errors[0].messageVi").value("Cần ít nhất một cơ quan nhận"));
    }

    @Test
    void rejectsUnknownAgenciesGroupsAndChannels() throws Exception {
        post(draftWith(d -> d.set("targets", parse("""
                [{"agencyId": "so-khong-co", "channels": ["portal"]},
                 {"group": "nhom-khong-co", "channels": ["portal"]},
                 {"agencyId": "so-y-te", "channels": ["telegram"]},
                 {"agencyId": "so-y-te", "group": "ubnd-cap-xa", "channels": ["portal"]}]"""))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'targets[0].agencyId')].code").value("unknown-agency"))
                .andExpect(jsonPath("$.errors[?(@.field == 'targets[1].group')].code").value("no-agencies"))
                .andExpect(jsonPath("$.errors[?(@.field == 'targets[2].channels')].code").value("unknown-channel"))
                .andExpect(jsonPath("$.errors[?(@.field == 'targets[3]')].code").value("one-selector"));
    }

    @Test
    void rejectsLedTextThatDoesNotFitTheSmallestTargetedScreenAndNamesIt() throws Exception {
        // 4 lines × 40 characters at so-y-te; 6 × 64 elsewhere. This needs 5 lines of 40.
        String longText = "Khảo sát mức độ hài lòng năm 2023 từ tháng 9 đến tháng 11/2023. Đề nghị người dân, tổ chức, "
                + "doanh nghiệp vui lòng hỗ trợ khảo sát viên hoàn thành phiếu khảo sát tại bộ phận một cửa.";
        post(draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice")).put("ledText", longText)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("notice.ledText"))
                .andExpect(jsonPath("$.errors[0].code").value("led-text-too-long"))
                .andExpect(jsonPath("$.errors[0].messageEn").value(containsString("so-y-te.led-1")))
                .andExpect(jsonPath("$.errors[0].messageEn").value(containsString("4 lines × 40")))
                .andExpect(jsonPath("$.errors[0].messageVi").value(containsString("chỉ có 4 dòng")));
    }

    @Test
    void requiresLedTextWhenLedScreensAreTargeted() throws Exception {
        post(draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice")).remove("ledText")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].code").value("led-text-required"));
    }

    @Test
    void rejectsUnknownFields() throws Exception {
        post(draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice")).put("bodyHTML", "<p>typo</p>")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown-field"))
                .andExpect(jsonPath("$.errors[0].field").value("notice.bodyHTML"))
                .andExpect(jsonPath("$.errors[0].messageVi").value("Trường không được hỗ trợ"));
    }

    @Test
    void rejectsUnpairedSurrogatesAndControlCharacters() throws Exception {
        String bad = DRAFT.replace("\"title\": \"Thông báo", "\"title\": \"\\ud800Thông báo")
                .replace("\"code\": \"SNV-CCHC-2023-09\"", "\"code\": \"SNV\\u0007CCHC\"");
        post(bad)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'notice.title')].code").value("invalid-unicode"))
                .andExpect(jsonPath("$.errors[?(@.field == 'code')].code").value("invalid-unicode"))
                .andExpect(jsonPath("$.errors[?(@.field == 'code')].messageEn").value(hasItem(containsString("U+0007"))));
    }

    @Test
    void storesTextNormalisedToNfc() throws Exception {
        String decomposed = Normalizer.normalize("Thông báo khảo sát mức độ hài lòng", Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo(Normalizer.normalize(decomposed, Normalizer.Form.NFC));
        String id = create(OFFICER, draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice")).put("title", decomposed)));
        JsonNode stored = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))));
        assertThat(stored.path("notice").path("title").asString())
                .isEqualTo("Thông báo khảo sát mức độ hài lòng")
                .isEqualTo(Normalizer.normalize(decomposed, Normalizer.Form.NFC));
    }

    @Test
    void refusesScriptInRichText() throws Exception {
        post(draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice"))
                .put("bodyHtml", "<p>Thông báo</p><script>alert('x')</script><img src=x onerror=alert(1)>")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("notice.bodyHtml"))
                .andExpect(jsonPath("$.errors[0].code").value("active-content-not-allowed"))
                .andExpect(jsonPath("$.errors[0].messageEn").value(containsString("<script>")))
                .andExpect(jsonPath("$.errors[0].messageEn").value(containsString("onerror")));
    }

    @Test
    void refusesJavascriptLinks() throws Exception {
        post(draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice"))
                .put("bodyHtml", "<p><a href=\"javascript:alert(1)\">Xem</a></p>")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].code").value("active-content-not-allowed"));
    }

    @Test
    void keepsFormattingAndDropsHarmlessAttributesOfRichText() throws Exception {
        String id = create(OFFICER, draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice"))
                .put("bodyHtml", "<p class=\"MsoNormal\" style=\"color:red\"><strong>1. Thời gian:</strong> từ tháng 9/2023</p>"
                        + "<ul><li>Tại trụ sở</li></ul><a href=\"https://khanhhoa.gov.vn\">Cổng TTĐT</a>")));
        mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id)))
                .andExpect(jsonPath("$.notice.bodyHtml").value(containsString("<strong>1. Thời gian:</strong>")))
                .andExpect(jsonPath("$.notice.bodyHtml").value(containsString("<li>Tại trụ sở</li>")))
                .andExpect(jsonPath("$.notice.bodyHtml").value(containsString("href=\"https://khanhhoa.gov.vn\"")))
                .andExpect(jsonPath("$.notice.bodyHtml").value(not(containsString("MsoNormal"))));
    }

    @Test
    void rejectsMissingRequiredFieldsAndMalformedValues() throws Exception {
        post("{\"targets\": [{\"agencyId\": \"so-y-te\", \"channels\": [\"portal\"]}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItem("code")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("issuingAgencyId")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("notice")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("window.startDate")));
        post(DRAFT.replace("2030-11-30", "2030-13-45"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed-field"))
                .andExpect(jsonPath("$.errors[0].field").value("window.endDate"));
    }

    @Test
    void rejectsAnUnknownStatusFilter() throws Exception {
        mvc.perform(OFFICER.on(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/campaigns"))
                        .param("status", "DONE"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"))
                .andExpect(jsonPath("$.errors[0].messageVi").value("Giá trị không hợp lệ: DONE"));
    }

    @Test
    void rejectsInvalidLedScheduleAndPriority() throws Exception {
        post(draftWith(d -> {
            d.put("priority", "HIGH");
            d.set("ledSchedule", parse("{\"repeatEveryMinutes\": 0, \"openingHours\": [{\"days\": [\"MON\"], \"from\": \"17:00\", \"to\": \"07:30\"}]}"));
        }))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'priority')].code").value("invalid-priority"))
                .andExpect(jsonPath("$.errors[?(@.field == 'ledSchedule.repeatEveryMinutes')].code").value("out-of-range"))
                .andExpect(jsonPath("$.errors[?(@.field == 'ledSchedule.openingHours[0].to')].code").value("hours-end-before-start"));
    }
    @Test
    void rejectsADeadlineOutsideTheWindow() throws Exception {
        post(draftWith(d -> d.put("deadline", "2030-08-31")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("deadline"))
                .andExpect(jsonPath("$.errors[0].code").value("deadline-outside-window"))
                .andExpect(jsonPath("$.errors[0].messageVi").value("Hạn hoàn thành phải nằm trong thời gian phát hành (từ 01/09/2030 đến 30/11/2030)"))
                .andExpect(jsonPath("$.errors[0].messageEn").value("The deadline must lie within the window (2030-09-01 to 2030-11-30)"));
        post(draftWith(d -> d.put("deadline", "2030-12-01")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("deadline"))
                .andExpect(jsonPath("$.errors[0].code").value("deadline-outside-window"));
        post(draftWith(d -> d.put("deadline", "2030-11-31")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed-field"))
                .andExpect(jsonPath("$.errors[0].field").value("deadline"));
        // the window's first and last days are within it
        create(OFFICER, draftWith(d -> d.put("deadline", "2030-09-01")));
        create(OFFICER, draftWith(d -> d.put("deadline", "2030-11-30")));
    }

    @Test
    void rejectsBadReminderOffsets() throws Exception {
        post(draftWith(d -> d.set("reminders", parse("{\"offsetsDays\": [-61, 2, 2, 61, null, -60, 60]}"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(4))
                .andExpect(jsonPath("$.errors[?(@.field == 'reminders.offsetsDays[0]')].code").value("out-of-range"))
                .andExpect(jsonPath("$.errors[?(@.field == 'reminders.offsetsDays[0]')].messageVi")
                        .value("Ngày nhắc tính từ hạn hoàn thành phải từ -60 đến 60 (số âm = trước hạn): -61"))
                .andExpect(jsonPath("$.errors[?(@.field == 'reminders.offsetsDays[0]')].messageEn")
                        .value("Reminder days relative to the deadline must be from -60 to 60 (negative = before it): -61"))
                .andExpect(jsonPath("$.errors[?(@.field == 'reminders.offsetsDays[2]')].code").value("duplicate-reminder"))
                .andExpect(jsonPath("$.errors[?(@.field == 'reminders.offsetsDays[2]')].messageVi").value("Ngày nhắc bị lặp: 2"))
                .andExpect(jsonPath("$.errors[?(@.field == 'reminders.offsetsDays[3]')].code").value("out-of-range"))
                .andExpect(jsonPath("$.errors[?(@.field == 'reminders.offsetsDays[4]')].code").value("required"));
        post(draftWith(d -> d.set("reminders", parse("{\"offsetsDays\": [-10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0]}"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("reminders.offsetsDays"))
                .andExpect(jsonPath("$.errors[0].code").value("too-many-reminders"))
                .andExpect(jsonPath("$.errors[0].messageEn").value("At most 10 reminders"));
        post(draftWith(d -> d.set("reminders", parse("{}"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reminders.offsetsDays"))
                .andExpect(jsonPath("$.errors[0].code").value("required"));
        post(draftWith(d -> d.set("reminders", parse("{\"offsetsDays\": [1.5]}"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed-field"))
                .andExpect(jsonPath("$.errors[0].field").value("reminders.offsetsDays[0]"));
        post(draftWith(d -> d.set("reminders", parse("{\"offsetsDays\": [\"-3\"], \"daysBefore\": 3}"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown-field"))
                .andExpect(jsonPath("$.errors[0].field").value("reminders.daysBefore"));
    }

    @Test
    void rejectsTheNewChannelsWhereAnIndividuallyTargetedAgencyHasNoEndpoint() throws Exception {
        // Neither has a mailbox nor a manual endpoint in the directory.
        post(draftWith(d -> d.set("targets", parse("""
                [{"agencyId": "cong-an-tinh", "channels": ["portal", "email"]},
                 {"agencyId": "cuc-thong-ke", "channels": ["manual"]}]"""))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[?(@.field == 'targets[0].channels')].code").value("channel-not-available"))
                .andExpect(jsonPath("$.errors[?(@.field == 'targets[0].channels')].messageEn").value("Công an tỉnh has no email endpoint"))
                .andExpect(jsonPath("$.errors[?(@.field == 'targets[1].channels')].messageVi").value("Cục Thống kê chưa có kênh manual"));
    }

    /** Rich text of at least {@code bytes} UTF-8 bytes (Vietnamese paragraphs, as an officer would paste). */
    static String bodyOf(int bytes) {
        String paragraph = "<p>Đề nghị người dân, tổ chức, doanh nghiệp phối hợp với khảo sát viên hoàn thành phiếu khảo sát "
                + "mức độ hài lòng đối với sự phục vụ của cơ quan hành chính nhà nước năm 2023.</p>";
        StringBuilder body = new StringBuilder();
        while (body.toString().getBytes(StandardCharsets.UTF_8).length < bytes) {
            body.append(paragraph.repeat(200));
        }
        return body.toString();
    }

    @Test
    void refusesAtCreationABodyWhoseScheduledEventWouldNotFitKafkaAndStoresNothing() throws Exception {
        String huge = bodyOf(1_200_000);
        long before = mongo.getCollection("campaigns").countDocuments();
        post(draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice")).put("bodyHtml", huge)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("validation-failed"))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("notice.bodyHtml"))
                .andExpect(jsonPath("$.errors[0].code").value("too-large"))
                .andExpect(jsonPath("$.errors[0].messageEn").value(containsString("at most 900 KB")))
                .andExpect(jsonPath("$.errors[0].messageVi").value(containsString("tối đa 900 KB")));
        assertThat(mongo.getCollection("campaigns").countDocuments()).isEqualTo(before);
    }

    @Test
    void refusesAnEditThatWouldMakeTheScheduledEventTooLargeAndKeepsTheCampaign() throws Exception {
        String id = create(OFFICER, DRAFT);
        String etag = etag(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))));
        String huge = bodyOf(1_200_000);
        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice")).put("bodyHtml", huge))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("notice.bodyHtml"))
                .andExpect(jsonPath("$.errors[0].code").value("too-large"));
        mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id)))
                .andExpect(header().string("ETag", etag))
                .andExpect(jsonPath("$.notice.bodyHtml").value(containsString("Lực lượng khảo sát viên")));
    }

    @Test
    void aLargeBodyWithinTheLimitIsApprovedAndItsScheduledEventReachesKafka() throws Exception {
        String large = bodyOf(800_000);
        String id = createAndSubmit(draftWith(d -> ((tools.jackson.databind.node.ObjectNode) d.path("notice")).put("bodyHtml", large)));
        approve(APPROVER, id).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SCHEDULED"));
        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        assertThat(types(events)).containsExactly("submitted", "approved", "scheduled");
        assertThat(events.get(2).dataAsString().getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(800_000).isLessThanOrEqualTo(900 * 1024);
    }
    @Test
    void requestBodiesOverTwelveMegabytesAreRefusedBeforeTheyAreRead() throws Exception {
        byte[] thirteenMegabytes = new byte[13 * 1024 * 1024];
        java.util.Arrays.fill(thirteenMegabytes, (byte) ' ');
        long before = mongo.getCollection("campaigns").countDocuments();
        mvc.perform(OFFICER.on(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/campaigns"))
                        .contentType(MediaType.APPLICATION_JSON).content(thirteenMegabytes))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("body-too-large"));
        assertThat(mongo.getCollection("campaigns").countDocuments()).isEqualTo(before);
    }
    @Test
    void aChunkedBodyOverTwelveMegabytesIsRefusedWhileItStreams() throws Exception {
        byte[] thirteenMegabytes = new byte[13 * 1024 * 1024];
        java.util.Arrays.fill(thirteenMegabytes, (byte) ' ');
        long before = mongo.getCollection("campaigns").countDocuments();
        // From an InputStream the JDK client sends Transfer-Encoding: chunked, so there is no Content-Length to refuse.
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/campaigns"))
                        .header("Content-Type", "application/json").header("Authorization", OFFICER.bearer())
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(thirteenMegabytes))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(parse(response.body()).path("code").asString()).isEqualTo("body-too-large");
        assertThat(mongo.getCollection("campaigns").countDocuments()).isEqualTo(before);
    }
}
