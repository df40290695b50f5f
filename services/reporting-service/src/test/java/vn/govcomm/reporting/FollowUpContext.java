package vn.govcomm.reporting;

import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.identity.Caller;
import vn.govcomm.reporting.projections.ReadModels;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The follow-up scenario (seed 003), published once per test JVM and shared by the follow-up tests (their period
 * reports count on exactly these campaigns in September 2022):
 * <ul>
 *   <li>{@code main}: issued by {@link Callers#ISSUING}, due 20/09/2022, six agencies with mixed outcomes —
 *       ubnd-nha-trang complied everywhere (WordPress post, Facebook post, accepted evidence, e-mail);
 *       so-y-te Facebook FAILED (token expired), reminded 12/09 and 15/09 (one reminder event duplicated);
 *       so-giao-duc manual evidence rejected; ubnd-cam-lam no portal delivery and manual never confirmed,
 *       reminded once, escalated once, one reminder failed; so-tai-chinh manual rejected, re-submitted, accepted;
 *       ubnd-ninh-hoa e-mail bounced (portal retracted, Zalo published), a reminder failed then sent on retry;</li>
 *   <li>{@code later}: same issuer, due 05/10/2022 (outside September);</li>
 *   <li>{@code foreign}: issued by {@link Callers#OTHER}, due 10/09/2022, nothing published;</li>
 *   <li>{@code cancelled}: same issuer, due 25/09/2022, cancelled (left out of period reports).</li>
 * </ul>
 */
abstract class FollowUpContext extends ReportingServiceContext {

    static final String DEADLINE = "2022-09-20T17:00:00+07:00";
    static final String CODE = "STP-CCHC-2022-09";
    static final List<String> LEGAL = List.of("Văn bản số 12340/UBND-KSTT ngày 03/12/2021 của UBND tỉnh",
            "Kế hoạch số 45/KH-STP ngày 10/8/2022");
    static final String WORDPRESS = "https://nhatrang.khanhhoa.gov.vn/tin-tuc/khao-sat-hai-long-2022/";
    static final String FACEBOOK = "https://www.facebook.com/104857291038475/posts/1116689038356556";
    static final String EVIDENCE = "https://nhatrang.khanhhoa.gov.vn/minh-chung/bang-tin-mot-cua.jpg";
    static final String FEED_ITEM = "https://syt.khanhhoa.gov.vn/thong-bao/khao-sat-hai-long-2022";
    static final String ZALO_C = "https://zalo.me/s/2948571038475610293/article/7c1f0e9a";
    static final String ZALO_F = "https://zalo.me/s/1048572910384756102/article/9b2d4e6f";
    static final String CONSOLE = "http://localhost:8080/console/manual/tasks/dlv-so-tai-chinh-manual";

    /** Agency ids in plan order and their directory names. */
    static final Map<String, String> AGENCIES = new LinkedHashMap<>();

    static {
        AGENCIES.put("ubnd-nha-trang", "UBND thành phố Nha Trang");
        AGENCIES.put("so-y-te", "Sở Y tế tỉnh Khánh Hòa");
        AGENCIES.put("so-giao-duc", "Sở Giáo dục và Đào tạo");
        AGENCIES.put("ubnd-cam-lam", "UBND huyện Cam Lâm");
        AGENCIES.put("so-tai-chinh", "Sở Tài chính");
        AGENCIES.put("ubnd-ninh-hoa", "UBND thị xã Ninh Hòa");
    }

    record Campaigns(String main, String later, String foreign, String cancelled) {
    }

    private static Campaigns campaigns;

    /** The scenario's campaigns, published and projected (the first caller publishes, the others wait). */
    Campaigns campaigns() {
        synchronized (FollowUpContext.class) {
            if (campaigns == null) {
                campaigns = publish();
            }
            return campaigns;
        }
    }

    private Campaigns publish() {
        Campaigns ids = new Campaigns(Scenario.randomCampaignId(), Scenario.randomCampaignId(), Scenario.randomCampaignId(),
                Scenario.randomCampaignId());
        Scenario s = new Scenario(kafka, ids.main());
        s.agency(Callers.ISSUING, "Sở Tư pháp tỉnh Khánh Hòa");
        AGENCIES.forEach(s::agency);
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put("ubnd-nha-trang", List.of("portal", "facebook", "manual", "email"));
        targets.put("so-y-te", List.of("portal", "facebook"));
        targets.put("so-giao-duc", List.of("zalo", "manual", "email"));
        targets.put("ubnd-cam-lam", List.of("portal", "manual"));
        targets.put("so-tai-chinh", List.of("manual", "email"));
        targets.put("ubnd-ninh-hoa", List.of("email", "portal", "zalo"));
        s.scheduled(Callers.ISSUING, CODE, DEADLINE, LEGAL, targets);

        s.request("ubnd-nha-trang", "portal");
        s.status("ubnd-nha-trang", "portal", "PUBLISHED", null, null, WORDPRESS);
        s.request("ubnd-nha-trang", "facebook");
        s.status("ubnd-nha-trang", "facebook", "PUBLISHED", null, null, FACEBOOK);
        s.request("ubnd-nha-trang", "manual", "Bảng tin Bộ phận Một cửa");
        s.status("ubnd-nha-trang", "manual", "ACCEPTED", "MANUAL_AWAITING_CONFIRMATION", "Chờ cơ quan xác nhận", null);
        s.status("ubnd-nha-trang", "manual", "PUBLISHED", null, null, EVIDENCE);
        s.request("ubnd-nha-trang", "email");
        s.status("ubnd-nha-trang", "email", "PUBLISHED", null, null, null);

        s.request("so-y-te", "portal");
        s.status("so-y-te", "portal", "FETCHED", null, null, FEED_ITEM);
        s.request("so-y-te", "facebook");
        s.status("so-y-te", "facebook", "RETRYING", "RATE_LIMITED", "Facebook giới hạn tần suất, đang thử lại.", null);
        s.status("so-y-te", "facebook", "FAILED", "FB_TOKEN_EXPIRED",
                "Mã truy cập Fanpage đã hết hạn: quản trị viên cần kết nối lại trang.", null);

        s.request("so-giao-duc", "zalo");
        s.status("so-giao-duc", "zalo", "PUBLISHED", null, null, ZALO_C);
        s.request("so-giao-duc", "manual", "Bảng tin Bộ phận Một cửa");
        s.status("so-giao-duc", "manual", "ACCEPTED", "MANUAL_AWAITING_CONFIRMATION", "Chờ cơ quan xác nhận", null);
        s.status("so-giao-duc", "manual", "FAILED", "EVIDENCE_REJECTED", "Ảnh chụp không thể hiện nội dung thông báo.", null);
        s.request("so-giao-duc", "email");
        s.status("so-giao-duc", "email", "PUBLISHED", null, null, null);

        s.request("ubnd-cam-lam", "manual", "Loa truyền thanh cơ sở");
        s.status("ubnd-cam-lam", "manual", "ACCEPTED", "MANUAL_AWAITING_CONFIRMATION", "Chờ cơ quan xác nhận", null);

        s.request("so-tai-chinh", "manual", "Hệ thống E-Office");
        s.status("so-tai-chinh", "manual", "ACCEPTED", "MANUAL_AWAITING_CONFIRMATION", "Chờ cơ quan xác nhận", null);
        s.status("so-tai-chinh", "manual", "FAILED", "EVIDENCE_REJECTED", "Thiếu ngày đăng.", null);
        s.status("so-tai-chinh", "manual", "PUBLISHED", null, null, CONSOLE); // re-submitted, accepted
        s.request("so-tai-chinh", "email");
        s.status("so-tai-chinh", "email", "PUBLISHED", null, null, null);

        s.request("ubnd-ninh-hoa", "email");
        s.status("ubnd-ninh-hoa", "email", "FAILED", "EMAIL_BOUNCED", "Hộp thư không tồn tại (550 5.1.1).", null);
        s.request("ubnd-ninh-hoa", "portal");
        s.status("ubnd-ninh-hoa", "portal", "CANCELLED", null, null, null);
        s.request("ubnd-ninh-hoa", "zalo");
        s.status("ubnd-ninh-hoa", "zalo", "PUBLISHED", null, null, ZALO_F);

        s.notification("REMINDER", "so-y-te", "SENT", Instant.parse("2022-09-12T01:00:00Z"), null);
        s.notification("REMINDER", "so-y-te", "SENT", Instant.parse("2022-09-15T01:00:00Z"), null);
        s.notification("REMINDER", "so-y-te", "SENT", Instant.parse("2022-09-12T01:00:00Z"), null); // duplicate (new ce_id)
        s.notification("REMINDER", "ubnd-cam-lam", "SENT", Instant.parse("2022-09-17T01:00:00Z"), null);
        s.notification("REMINDER", "ubnd-cam-lam", "FAILED", Instant.parse("2022-09-20T01:00:00Z"), "Máy chủ thư từ chối kết nối");
        s.notification("ESCALATION", "ubnd-cam-lam", "SENT", Instant.parse("2022-09-22T01:00:00Z"), null);
        String retried = s.notificationId("REMINDER", "ubnd-ninh-hoa", Instant.parse("2022-09-17T01:00:00Z"));
        s.notification(retried, "REMINDER", "ubnd-ninh-hoa", "FAILED", Instant.parse("2022-09-17T01:00:00Z"), "SMTP 451");
        s.notification(retried, "REMINDER", "ubnd-ninh-hoa", "SENT", Instant.parse("2022-09-17T02:00:00Z"), null);
        s.notification("SUBMITTED", Callers.ISSUING, "SENT", Instant.parse("2022-08-30T01:00:00Z"), null); // not a reminder

        Scenario later = new Scenario(kafka, ids.later());
        later.scheduled(Callers.ISSUING, "STP-CCHC-2022-10", "2022-10-05T17:00:00+07:00", List.of(),
                Map.of("so-y-te", List.of("manual")));
        later.request("so-y-te", "manual", "Bảng tin Bộ phận Một cửa");
        later.status("so-y-te", "manual", "ACCEPTED", "MANUAL_AWAITING_CONFIRMATION", "Chờ cơ quan xác nhận", null);
        new Scenario(kafka, ids.foreign()).scheduled(Callers.OTHER, "SCT-2022-09", "2022-09-10T17:00:00+07:00", List.of(),
                Map.of("ubnd-nha-trang", List.of("email")));
        Scenario cancelled = new Scenario(kafka, ids.cancelled());
        cancelled.scheduled(Callers.ISSUING, "STP-HUY-2022-09", "2022-09-25T17:00:00+07:00", List.of(),
                Map.of("so-y-te", List.of("email")));
        ObjectNode cancel = Scenario.example("vn.govcomm.campaign.cancelled.v1");
        cancel.put("campaignId", ids.cancelled()).put("issuingAgencyId", Callers.ISSUING).put("fromStatus", "SCHEDULED")
                .put("toStatus", "CANCELLED").put("occurredAt", Instant.now().toString());
        cancelled.send("campaign.events", ids.cancelled(), "vn.govcomm.campaign.cancelled.v1", cancel);

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(summary(as(Callers.ISSUING, Caller.ADMIN).get().uri("/api/reports/campaigns/{id}/follow-up", ids.main())
                    .retrieve().body(String.class))).isEqualTo(EXPECTED);
            Document c = mongo.findById(ids.cancelled(), Document.class, ReadModels.CAMPAIGNS);
            assertThat(c.getString("status")).isEqualTo("CANCELLED");
            assertThat(c.get("version")).isNotNull();
            assertThat(mongo.findById(ids.later(), Document.class, ReadModels.CAMPAIGNS)).isNotNull();
            assertThat(mongo.findById(ids.foreign(), Document.class, ReadModels.CAMPAIGNS)).isNotNull();
            assertThat(mongo.findById(later.deliveryId("so-y-te", "manual"), Document.class, ReadModels.DELIVERIES)
                    .getString("status")).isEqualTo("ACCEPTED");
            assertThat(mongo.findById(s.deliveryId("ubnd-nha-trang", "email"), Document.class,
                    ReadModels.DELIVERIES).getString("status")).isEqualTo("PUBLISHED");
        });
        return ids;
    }

    /** The main campaign's follow-up as one line per agency: id | channel:code,... | reminders. */
    static final List<String> EXPECTED = List.of(
            "so-y-te|facebook:FB_TOKEN_EXPIRED|nhắc 2 lần — 12/09, 15/09",
            "so-giao-duc|manual:EVIDENCE_REJECTED|chưa nhắc",
            "ubnd-cam-lam|portal:NO_DELIVERY,manual:MANUAL_AWAITING_CONFIRMATION|nhắc 1 lần — 17/09; "
                    + "đôn đốc sau hạn 1 lần — 22/09; 1 lần gửi không thành công (Máy chủ thư từ chối kết nối)",
            "ubnd-ninh-hoa|email:EMAIL_BOUNCED|nhắc 1 lần — 17/09");

    static List<String> summary(String followUpJson) {
        JsonNode followUp = JSON.readTree(followUpJson);
        List<String> lines = new ArrayList<>();
        for (JsonNode agency : followUp.path("agencies")) {
            List<String> channels = new ArrayList<>();
            agency.path("channels").forEach(c -> channels.add(c.path("channel").asString() + ":" + c.path("code").asString()));
            lines.add(agency.path("agencyId").asString() + "|" + String.join(",", channels) + "|"
                    + agency.path("reminders").path("text").asString());
        }
        return lines;
    }
}
