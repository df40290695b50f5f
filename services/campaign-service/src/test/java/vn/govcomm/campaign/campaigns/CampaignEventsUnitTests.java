package vn.govcomm.campaign.campaigns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.campaign.attachments.FileLinks;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** campaign.events built from the contracts' records: every field where the contract puts it, nothing empty. */
class CampaignEventsUnitTests {

    static final CampaignEvents EVENTS = new CampaignEvents(JsonMapper.builder().build(),
            new FileLinks("https://govcomm.vn/"));
    static final Instant AT = Instant.parse("2030-09-04T10:15:00.125Z");

    static Campaign campaign(Campaign.Notice notice, Campaign.LedSchedule led, List<String> legalReferences,
                             List<String> observers) {
        Campaign.Content content = new Campaign.Content("SNV-01", legalReferences, notice,
                List.of(Campaign.Target.agency("so-y-te", List.of("portal", "led"))),
                new Campaign.Window(Instant.parse("2030-08-31T17:00:00Z"), Instant.parse("2030-11-30T16:59:59Z")),
                Instant.parse("2030-09-05T01:00:00Z"), "URGENT", led, observers, null, null);
        return Campaign.draft("cmp-1", "so-noi-vu", content, null, "officer", AT);
    }

    @Test
    void campaignScheduledCarriesEveryFieldOfTheContractInItsOrder() {
        Campaign.Notice notice = new Campaign.Notice("Khảo sát", "Tóm tắt", "<p>Nội dung</p>", "Chữ LED", "Bài Facebook",
                new Campaign.ZaloArticle("Tiêu đề Zalo", null, "Mô tả", "https://govcomm.vn/c.png"),
                List.of(new Campaign.Attachment("att-1", "cv.pdf", "application/pdf",
                        "https://govcomm.vn/api/campaigns/attachments/att-1", 1024L)));
        Campaign.LedSchedule led = new Campaign.LedSchedule(30, null,
                List.of(new Campaign.OpeningHours(List.of("MON", "FRI"), "07:30", "17:00"), new Campaign.OpeningHours(null, "08:00", "11:00")));

        OutgoingEvent event = EVENTS.scheduled(campaign(notice, led, List.of("QĐ 1118/QĐ-UBND"), List.of("Báo Khánh Hòa")), AT);

        assertThat(event.data()).isEqualTo("{\"campaignId\":\"cmp-1\",\"code\":\"SNV-01\",\"version\":1,"
                + "\"issuingAgencyId\":\"so-noi-vu\",\"legalReferences\":[\"QĐ 1118/QĐ-UBND\"],"
                + "\"notice\":{\"title\":\"Khảo sát\",\"summary\":\"Tóm tắt\",\"bodyHtml\":\"<p>Nội dung</p>\","
                + "\"ledText\":\"Chữ LED\",\"facebookText\":\"Bài Facebook\",\"zaloArticle\":{\"title\":\"Tiêu đề Zalo\","
                + "\"description\":\"Mô tả\",\"coverUrl\":\"https://govcomm.vn/c.png\"},\"attachments\":[{\"name\":\"cv.pdf\","
                + "\"mediaType\":\"application/pdf\",\"url\":\"https://govcomm.vn/files/att-1\",\"sizeBytes\":1024}]},"
                + "\"targets\":[{\"agencyId\":\"so-y-te\",\"channels\":[\"portal\",\"led\"]}],"
                + "\"window\":{\"startsAt\":\"2030-09-01T00:00:00+07:00\",\"endsAt\":\"2030-11-30T23:59:59+07:00\","
                + "\"timeZone\":\"Asia/Ho_Chi_Minh\"},\"deadline\":\"2030-11-30T23:59:59+07:00\","
                + "\"publishAt\":\"2030-09-05T08:00:00+07:00\",\"priority\":\"URGENT\",\"ledSchedule\":{\"repeatEveryMinutes\":30,"
                + "\"openingHours\":[{\"days\":[\"MON\",\"FRI\"],\"from\":\"07:30\",\"to\":\"17:00\"},{\"from\":\"08:00\",\"to\":\"11:00\"}]},"
                + "\"observers\":[\"Báo Khánh Hòa\"],\"reminders\":{\"offsetsDays\":[-3,0,2]},"
                + "\"occurredAt\":\"2030-09-04T10:15:00.125Z\"}");
        assertThat(Contracts.get().validate(EventTypes.CAMPAIGN_SCHEDULED, event.data())).isEmpty();
    }

    @Test
    void campaignScheduledLeavesOutWhatTheCampaignDoesNotHave() {
        Campaign.Notice notice = new Campaign.Notice("Khảo sát", null, "<p>Nội dung</p>", null, null, null, List.of());

        OutgoingEvent event = EVENTS.scheduled(campaign(notice, null, List.of(), null), AT);

        assertThat(event.data()).contains("\"notice\":{\"title\":\"Khảo sát\",\"bodyHtml\":\"<p>Nội dung</p>\"},")
                .doesNotContain("legalReferences", "observers", "ledSchedule", "attachments", "null");
        assertThat(Contracts.get().validate(EventTypes.CAMPAIGN_SCHEDULED, event.data())).isEmpty();
    }

    /** Channels and portals cannot send the caller token the platform's own download needs: they get the public address. */
    @Test
    void picturesInTheBodyAndAttachmentsGoOutAtTheirPublicAddress() {
        String picture = "att-0b0e4c53-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
        String body = "<p>Ảnh:</p><p><img src=\"/api/campaigns/attachments/" + picture + "\" alt=\"Sơ đồ\" /></p>"
                + "<p><a href=\"/api/campaigns/attachments/" + picture + "\">link typed by hand</a></p>";
        Campaign.Notice notice = new Campaign.Notice("Khảo sát", null, body, null, null, null, List.of());

        OutgoingEvent event = EVENTS.scheduled(campaign(notice, null, List.of(), null), AT);

        assertThat(event.data()).contains("<img src=\\\"https://govcomm.vn/files/" + picture + "\\\" alt=\\\"Sơ đồ\\\" />")
                // only pictures: a link is the officer's own text
                .contains("href=\\\"/api/campaigns/attachments/" + picture);
        assertThat(FileLinks.fileIds(body, List.of("att-x"))).containsExactly(picture, "att-x");
        assertThat(Contracts.get().validate(EventTypes.CAMPAIGN_SCHEDULED, event.data())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CampaignStatus.class)
    void everyLifecycleStateHasItsNameInTheContract(CampaignStatus status) {
        assertThat(CampaignEvents.wire(status).name()).isEqualTo(status.name());
    }

    @Test
    void aTransitionNamesBothStatesAndLeavesOutNoReasons() {
        Campaign c = campaign(new Campaign.Notice("Khảo sát", null, "<p>x</p>", null, null, null, null), null, null, null);
        c.transition(CampaignStatus.SUBMITTED, null, AT);

        OutgoingEvent event = EVENTS.transitioned(c, "submitted", CampaignStatus.DRAFT, "officer", null, null, List.of(), AT);

        assertThat(event.type()).isEqualTo(EventTypes.CAMPAIGN_SUBMITTED);
        assertThat(event.data()).isEqualTo("{\"campaignId\":\"cmp-1\",\"code\":\"SNV-01\",\"title\":\"Khảo sát\","
                + "\"issuingAgencyId\":\"so-noi-vu\",\"version\":1,\"fromStatus\":\"DRAFT\",\"toStatus\":\"SUBMITTED\","
                + "\"actor\":\"officer\",\"occurredAt\":\"2030-09-04T10:15:00.125Z\"}");
        assertThat(Contracts.get().validate(EventTypes.CAMPAIGN_SUBMITTED, event.data())).isEmpty();
    }
}
