package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The wizard's form: the contracts' channels, the deadline and the reminder days, and the service's field names. */
class CampaignFormUnitTests {

    static CampaignForm form(String startDate, String endDate, String deadline, String reminders) {
        return new CampaignForm("SNV-1", "Khảo sát", "", "<p>x</p>", "", "", "", "", "", "co-quan-chuyen-mon",
                List.of("so-y-te"), List.of("portal", "manual", "email"), startDate, endDate, "", "NORMAL", null, null,
                3, 24, deadline, reminders, "", List.of(), List.of(), List.of(), "", "");
    }

    /** Targets of every kind: an agency, a group, a hierarchy; the group narrowed to Facebook and Zalo. */
    static CampaignForm targeted(List<String> agencies, List<String> groups, List<String> under, List<String> narrowed) {
        return new CampaignForm("SNV-1", "Khảo sát", "", "<p>x</p>", "", "", "", "", "", "co-quan-chuyen-mon",
                agencies, List.of("portal", "facebook", "zalo"), "2026-12-05", "2027-03-04", "", "NORMAL", null, null,
                3, 24, "", "", "", groups, under, narrowed, "", "");
    }

    @Test
    void offersTheContractsChannelsWithNoListOfItsOwn() {
        assertThat(CampaignForm.ALL_CHANNELS).isSameAs(Channels.ALL).contains("manual", "email");
        // a new campaign ticks the channels the platform posts to; manual and e-mail are opt-in
        assertThat(CampaignForm.empty().channels()).containsExactly("portal", "facebook", "zalo", "led");
    }

    @Test
    void sendsTheDeadlineAsADateAndTheReminderDaysAsNumbers() {
        Map<String, Object> body = form("2026-12-05", "2027-03-04", "2027-03-01", "-3, 0, 2").toRequest("so-noi-vu");

        assertThat(body.get("deadline")).isEqualTo("2027-03-01");
        assertThat(body.get("reminders")).isEqualTo(Map.of("offsetsDays", List.of(-3, 0, 2)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) body.get("targets");
        assertThat(targets.getFirst().get("channels")).isEqualTo(List.of("portal", "manual", "email"));
    }

    @Test
    void leavesBothOutWhenBlankSoTheServiceDefaultsApply() {
        Map<String, Object> body = form("2026-12-05", "2027-03-04", " ", "").toRequest("so-noi-vu");
        assertThat(body).doesNotContainKeys("deadline", "reminders");
        assertThat(form("2026-12-05", "2027-03-04", "", "").problems()).isEmpty();
    }

    @Test
    void sendsThePlanTaskWhenChosenKeepsAnExistingCampaignsTaskAndNamesItsField() {
        CampaignForm linked = form("2026-12-05", "2027-03-04", "", "").withPlanTask("kh-2025-t28");

        assertThat(linked.toRequest("so-noi-vu")).containsEntry("planTaskId", "kh-2025-t28");
        assertThat(form("2026-12-05", "2027-03-04", "", "").toRequest("so-noi-vu")).doesNotContainKey("planTaskId");
        assertThat(CampaignForm.of(JsonMapper.builder().build().readTree("""
                {"code":"SNV-1","notice":{"title":"x"},"planTaskId":"kh-2025-t28"}""")).planTaskId()).isEqualTo("kh-2025-t28");
        assertThat(CampaignForm.of(JsonMapper.builder().build().readTree("{\"code\":\"SNV-1\"}")).planTaskId()).isEmpty();
        assertThat(CampaignForm.formField("planTaskId")).isEqualTo("planTaskId");
    }

    @Test
    void sendsGroupAndHierarchyTargetsAsWrittenEachWithTheCampaignsChannelsUnlessNarrowed() {
        CampaignForm form = targeted(List.of("so-y-te", "so-y-te"), List.of("ubnd-cap-huyen"), List.of("ubnd-huyen-dien-khanh"),
                List.of("group:ubnd-cap-huyen:zalo", "group:ubnd-cap-huyen:facebook", "agency:so-khac:led"));

        assertThat(form.toRequest("so-noi-vu").get("targets")).isEqualTo(List.of(
                Map.of("agencyId", "so-y-te", "channels", List.of("portal", "facebook", "zalo")),
                Map.of("group", "ubnd-cap-huyen", "channels", List.of("facebook", "zalo")),
                Map.of("descendantsOf", "ubnd-huyen-dien-khanh", "channels", List.of("portal", "facebook", "zalo"))));
        assertThat(form.chose(CampaignForm.GROUP, "ubnd-cap-huyen")).isTrue();
        assertThat(form.chose(CampaignForm.AGENCY, "ubnd-cap-huyen")).isFalse();
    }

    @Test
    void editingACampaignKeepsItsGroupHierarchyAndNarrowedTargets() {
        CampaignForm form = CampaignForm.of(JsonMapper.builder().build().readTree("""
                {"code":"SNV-1","notice":{"title":"T"},"targets":[
                  {"agencyId":"so-y-te","channels":["portal","facebook"]},
                  {"group":"ubnd-cap-huyen","channels":["facebook"]},
                  {"descendantsOf":"ubnd-huyen-dien-khanh","channels":["portal","facebook"]}]}"""));

        assertThat(form.agencies()).containsExactly("so-y-te");
        assertThat(form.groupTargets()).containsExactly("ubnd-cap-huyen");
        assertThat(form.descendantsOf()).containsExactly("ubnd-huyen-dien-khanh");
        assertThat(form.channels()).containsExactly("portal", "facebook");
        assertThat(form.targetChannels()).containsExactly("group:ubnd-cap-huyen:facebook");
        assertThat(form.toRequest("so-noi-vu").get("targets")).isEqualTo(List.of(
                Map.of("agencyId", "so-y-te", "channels", List.of("portal", "facebook")),
                Map.of("group", "ubnd-cap-huyen", "channels", List.of("facebook")),
                Map.of("descendantsOf", "ubnd-huyen-dien-khanh", "channels", List.of("portal", "facebook"))));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"-3, 0, 2", "-3,0,2", " -3 ; 0 ; +2 ", "-3 0 2", "\u22123, 0, 2"})
    void readsTheReminderDaysHoweverTheyAreSeparated(String typed) {
        assertThat(form("2026-12-05", "2027-03-04", "", typed).reminderOffsets()).containsExactly(-3, 0, 2);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"abc", "-3,,2", "1.5", "3 ngày", "-", "1234"})
    void refusesReminderDaysThatAreNotWholeNumbersWithoutAskingTheService(String typed) {
        CampaignForm form = form("2026-12-05", "2027-03-04", "", typed);
        assertThat(form.reminderOffsets()).isNull();
        assertThat(form.problems()).containsEntry("reminders", "wizard.problem.reminders");
        assertThat(form.toRequest("so-noi-vu")).doesNotContainKey("reminders");
    }

    @ParameterizedTest(name = "{0} in 2026-12-05..2027-03-04 → {1}")
    @CsvSource({"2026-12-05, true", "2027-03-04, true", "2027-01-15, true", "2026-12-04, false", "2027-03-05, false",
            "not-a-date, true"})
    void checksTheDeadlineIsWithinTheWindow(String deadline, boolean accepted) {
        assertThat(form("2026-12-05", "2027-03-04", deadline, "").problems().containsKey("deadline")).isEqualTo(!accepted);
    }

    @Test
    void editingACampaignShowsItsDeadlineDayAndReminderDays() {
        JsonMapper json = JsonMapper.builder().build();
        String campaign = """
                {"code":"SNV-1","notice":{"title":"T"},"targets":[{"agencyId":"so-y-te","channels":["manual"]}],
                 "window":{"startsAt":"2026-12-05T00:00:00+07:00","endsAt":"2027-03-05T00:00:00+07:00"},
                 "deadline":%s,"reminders":{"offsetsDays":[-5,0,3]}}""";
        for (String deadline : List.of("\"2027-03-01T23:59:59+07:00\"", "\"2027-03-02T00:00:00+07:00\"", "\"2027-03-01\"")) {
            CampaignForm form = CampaignForm.of(json.readTree(campaign.formatted(deadline)));
            assertThat(form.deadline()).as(deadline).isEqualTo("2027-03-01");
            assertThat(form.reminders()).isEqualTo("-5, 0, 3");
        }
        CampaignForm none = CampaignForm.of(json.readTree(campaign.formatted("null").replace(",\"reminders\":{\"offsetsDays\":[-5,0,3]}", "")));
        assertThat(none.deadline()).isEmpty();
        assertThat(none.reminders()).isEmpty();
    }

    @Test
    void listsTheNoticesFilesOnceEachSendsTheirIdsAndKeepsThemWhenEditing() {
        String pdf = "att-0b6f5e2a-3c1d-4e8f-9a7b-2d4c6e8f0a1b";
        String png = "att-1c7a6f3b-4d2e-4f90-8b8c-3e5d7f9a1b2c";
        CampaignForm form = form("2026-12-05", "2027-03-04", "", "")
                .withAttachment(new NoticeAttachments.Attachment(pdf, 1_572_864, "application/pdf", "Phiếu khảo sát; bản 2.pdf"))
                .withAttachment(new NoticeAttachments.Attachment(png, 2048, "image/png", "so-do.png"))
                .withAttachment(new NoticeAttachments.Attachment(pdf, 1_572_864, "application/pdf", "Phiếu khảo sát; bản 2.pdf"));

        assertThat(form.attachmentList()).extracting(NoticeAttachments.Attachment::name)
                .containsExactly("Phiếu khảo sát; bản 2.pdf", "so-do.png");
        assertThat(form.attachmentList().getFirst().size(java.util.Locale.forLanguageTag("vi"))).isEqualTo("1,5 MB");
        assertThat(form.attachmentList().get(1).size(java.util.Locale.ENGLISH)).isEqualTo("2 KB");
        assertThat(form.attachmentList().get(1).src()).isEqualTo("/api/campaigns/attachments/" + png);
        @SuppressWarnings("unchecked")
        Map<String, Object> notice = (Map<String, Object>) form.toRequest("so-noi-vu").get("notice");
        assertThat(notice.get("attachmentIds")).isEqualTo(List.of(pdf, png));
        assertThat(form.withoutAttachment(pdf).toRequest("so-noi-vu").get("notice").toString()).contains("attachmentIds=[" + png + "]");

        JsonMapper json = JsonMapper.builder().build();
        CampaignForm edited = CampaignForm.of(json.readTree("""
                {"code":"SNV-1","notice":{"title":"T","attachments":[{"attachmentId":"%s","name":"Phiếu.pdf",
                 "mediaType":"application/pdf","url":"http://localhost:8080/api/campaigns/attachments/%s","sizeBytes":900}]},
                 "targets":[],"window":{}}""".formatted(pdf, pdf)));
        assertThat(edited.attachmentList()).containsExactly(new NoticeAttachments.Attachment(pdf, 900, "application/pdf", "Phiếu.pdf"));
    }

    @Test
    void ignoresListedValuesThatNameNoUploadedFile() {
        assertThat(NoticeAttachments.Attachment.parse("../../agencies;1;x;y")).isNull();
        assertThat(NoticeAttachments.Attachment.parse("att-0b6f5e2a-3c1d-4e8f-9a7b-2d4c6e8f0a1b")).isNull();
        assertThat(NoticeAttachments.Attachment.parse(null)).isNull();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "-", value = {"deadline, deadline", "reminders.offsetsDays, reminders",
            "reminders.offsetsDays[2], reminders", "window.endDate, endDate", "window.startDate, startDate",
            "notice.title, title", "notice.zaloArticle.title, zaloTitle", "targets[0].agencyId, agencies",
            "targets[0].channels[1], channels", "ledSchedule.durationSec, durationSec", "code, code",
            "notice.attachmentIds[1], attachments", "Idempotency-Key, -", "issuingAgencyId, -"})
    void placesTheServicesFieldProblemsAtTheWizardsFields(String apiField, String formField) {
        assertThat(CampaignForm.formField(apiField)).isEqualTo(formField);
    }
}
