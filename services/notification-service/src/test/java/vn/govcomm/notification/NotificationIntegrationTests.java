package vn.govcomm.notification;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.identity.Caller;
import vn.govcomm.notification.campaigns.Plans;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service end to end over the embedded broker and store, GreenMail as the relay and a mutable clock: a campaign
 * to five agencies, some comply, the clock is moved to each round and exactly the agencies that have not complied
 * get mail (read back from GreenMail), every notification is recorded and emitted. Clock-driven, no sleeps.
 */
class NotificationIntegrationTests extends NotificationServiceContext {

    static final String DEADLINE = "2031-03-20T23:59:59+07:00";
    static final Instant BEFORE = Instant.parse("2031-03-10T00:00:00Z");
    /** 08:00 in Asia/Ho_Chi_Minh on 17/03, 20/03 and 22/03 (deadline's day -3, 0, +2). */
    static final Instant ROUND_1 = Instant.parse("2031-03-17T01:00:00Z");
    static final Instant ROUND_2 = Instant.parse("2031-03-20T01:00:00Z");
    static final Instant ROUND_3 = Instant.parse("2031-03-22T01:00:00Z");
    static final String TITLE = "Thông báo triển khai khảo sát mức độ hài lòng năm 2031";

    /** One campaign and its agencies, unique per test so that tests do not see each other's mail. */
    record World(String campaign, String issuer, String issuerMail, List<String> agencies, Map<String, String> mail,
                 String observer) {

        static World create() {
            String s = Events.id("t").substring(2);
            List<String> agencies = List.of("so-a-" + s, "so-b-" + s, "so-c-" + s, "so-d-" + s, "so-e-" + s);
            Map<String, String> mail = new LinkedHashMap<>();
            mail.put(agencies.get(0), "vanthu@a-" + s + ".gov.vn");
            mail.put(agencies.get(1), "hopthu@b-" + s + ".gov.vn"); // only as its email endpoint
            mail.put(agencies.get(2), "vanthu@c-" + s + ".gov.vn");
            mail.put(agencies.get(3), "vanthu@d-" + s + ".gov.vn");
            return new World("cmp-" + s, "so-tt-" + s, "vanphong@tt-" + s + ".gov.vn", agencies, mail,
                    "toasoan@bao-" + s + ".vn");
        }

        String a(int i) {
            return agencies.get(i);
        }
    }

    /**
     * a: portal + facebook, both published → complied. b: portal + manual, manual evidence rejected (FAILED), then
     * accepted before round 2; its only mailbox is its email endpoint. c: facebook + zalo, nothing ever. d: portal
     * CANCELLED, led DISPLAYED → complied (a cancelled delivery needs nothing). e: portal FAILED, and no mailbox.
     */
    World campaignToFiveAgencies() {
        World w = World.create();
        Events events = events();
        events.agency(w.issuer(), "Sở Thông tin và Truyền thông " + w.issuer(), w.issuerMail(), null);
        events.agency(w.a(0), "Sở Y tế", w.mail().get(w.a(0)), null);
        events.agency(w.a(1), "UBND thành phố Nha Trang", null, w.mail().get(w.a(1)));
        events.agency(w.a(2), "Sở Giáo dục và Đào tạo", w.mail().get(w.a(2)), null);
        events.agency(w.a(3), "Bệnh viện Đa khoa tỉnh", w.mail().get(w.a(3)), null);
        events.agency(w.a(4), "UBND xã Vĩnh Lương", null, null);
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put(w.a(0), List.of("portal", "facebook"));
        targets.put(w.a(1), List.of("portal", "manual"));
        targets.put(w.a(2), List.of("facebook", "zalo"));
        targets.put(w.a(3), List.of("portal", "led"));
        targets.put(w.a(4), List.of("portal"));
        events.scheduled(w.campaign(), 1, w.issuer(), TITLE, targets, DEADLINE, null, List.of("Báo Khánh Hòa", w.observer()));
        events.status(w.campaign(), w.a(0), "portal", "PUBLISHED", 1);
        events.status(w.campaign(), w.a(0), "facebook", "ACCEPTED", 1);
        events.status(w.campaign(), w.a(0), "facebook", "PUBLISHED", 1);
        events.status(w.campaign(), w.a(0), "facebook", "ACCEPTED", 1); // late and out of order: changes nothing
        events.status(w.campaign(), w.a(1), "portal", "FETCHED", 1);
        events.status(w.campaign(), w.a(1), "manual", "ACCEPTED", 1);
        events.status(w.campaign(), w.a(1), "manual", "FAILED", 1);
        events.status(w.campaign(), w.a(3), "portal", "CANCELLED", 1);
        events.status(w.campaign(), w.a(3), "led", "DISPLAYED", 1);
        events.status(w.campaign(), w.a(4), "portal", "FAILED", 1);
        awaitAgencies(List.of(w.issuer(), w.a(0), w.a(1), w.a(2), w.a(3), w.a(4)));
        awaitPlan(w.campaign(), 1, 3);
        awaitStatuses(w.campaign(), List.of(w.a(0) + ":portal:PUBLISHED", w.a(0) + ":facebook:PUBLISHED",
                w.a(1) + ":portal:FETCHED", w.a(1) + ":manual:FAILED", w.a(3) + ":portal:CANCELLED",
                w.a(3) + ":led:DISPLAYED", w.a(4) + ":portal:FAILED"));
        return w;
    }

    @Test
    void remindsExactlyTheAgenciesThatHaveNotCompliedAtEachRound() {
        CLOCK.set(BEFORE);
        World w = campaignToFiveAgencies();
        scheduler.tick();
        assertThat(notificationsOf(w.campaign())).as("nothing is due before 17/03 08:00").isEmpty();

        // Round 1, deadline -3 days: b (manual rejected) and c (nothing) are reminded; e has no mailbox.
        CLOCK.set(ROUND_1.plusSeconds(5));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Mailboxes.to(w.mail().get(w.a(1)))).hasSize(1);
            assertThat(Mailboxes.to(w.mail().get(w.a(2)))).hasSize(1);
            assertThat(Mailboxes.to(w.observer())).hasSize(1);
        });
        assertThat(Mailboxes.to(w.mail().get(w.a(0)))).as("complied").isEmpty();
        assertThat(Mailboxes.to(w.mail().get(w.a(3)))).as("complied: cancelled + displayed").isEmpty();
        assertThat(Mailboxes.to(w.issuerMail())).as("no summary before the deadline").isEmpty();

        Mail toC = Mail.of(Mailboxes.to(w.mail().get(w.a(2))).getFirst());
        String reminderId = "ntf-" + w.campaign() + "-reminder-20310317-" + w.a(2);
        assertThat(toC.subject()).isEqualTo("[Nhắc việc] " + TITLE + ": còn 3 ngày");
        assertThat(toC.rawSubject()).as("UTF-8 encoded word").startsWith("=?UTF-8?");
        assertThat(toC.messageId()).isEqualTo("<" + reminderId + "@govcomm.local>");
        assertThat(toC.autoSubmitted()).isEqualTo("auto-generated");
        assertThat(toC.from()).contains("thongbao@govcomm.test");
        assertThat(toC.partTypes()).contains("multipart/alternative", "text/plain", "text/html");
        String link = "https://console.govcomm.test/console/addressed/" + w.campaign();
        assertThat(toC.text()).contains("Kính gửi: Sở Giáo dục và Đào tạo", "Trang Facebook (Fanpage)", "Trang Zalo OA",
                "hạn chót ngày 20/03/2031", "còn 3 ngày", link).doesNotContain("Cổng/Trang thông tin điện tử");
        assertThat(toC.html()).contains("<a href=\"" + link + "\">", "<li>Trang Zalo OA</li>", "20/03/2031");
        Mail toB = Mail.of(Mailboxes.to(w.mail().get(w.a(1))).getFirst());
        assertThat(toB.text()).as("only what is missing").contains("Niêm yết, thông báo tại đơn vị")
                .doesNotContain("Cổng/Trang thông tin điện tử");
        Mail copy = Mail.of(Mailboxes.to(w.observer()).getFirst());
        assertThat(copy.subject()).isEqualTo("[Bản sao] " + TITLE + ": 3 cơ quan, đơn vị chưa thực hiện");
        assertThat(copy.text()).contains("UBND thành phố Nha Trang", "Sở Giáo dục và Đào tạo", "UBND xã Vĩnh Lương");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notificationsOf(w.campaign()))
                .extracting(d -> d.getString("state")).hasSize(4).allMatch(s -> s.equals("SENT") || s.equals("FAILED")));
        Document toE = notificationsOf(w.campaign()).stream().filter(d -> w.a(4).equals(d.getString("recipientAgencyId"))).findFirst().orElseThrow();
        assertThat(toE.getString("state")).isEqualTo("FAILED");
        assertThat(toE.getString("reason")).contains("no mailbox in the directory");
        assertThat(toE.getList("missingChannels", String.class)).containsExactly("portal");

        JsonNode listed = get(as(w.issuer(), Caller.OFFICER), "/api/notifications?campaignId={id}", w.campaign());
        assertThat(listed.path("notifications")).hasSize(4);
        assertThat(listed.path("rounds").get(0).path("state").asString()).isEqualTo("DONE");
        assertThat(listed.path("rounds").get(0).path("nonCompliant").asInt()).isEqualTo(3);
        JsonNode sentToC = find(listed.path("notifications"), reminderId);
        assertThat(sentToC.path("kind").asString()).isEqualTo("REMINDER");
        assertThat(sentToC.path("outcome").asString()).isEqualTo("SENT");
        assertThat(sentToC.path("recipients").get(0).asString()).isEqualTo(w.mail().get(w.a(2)));
        assertThat(sentToC.path("dueAt").asString()).isEqualTo(ROUND_1.toString());
        assertThat(sentToC.path("missingChannels").toString()).isEqualTo("[\"facebook\",\"zalo\"]");
        assertEmitted(w.campaign(), 4);

        // b's evidence is accepted before round 2: only c is reminded (and e fails again).
        events().status(w.campaign(), w.a(1), "manual", "PUBLISHED", 1);
        awaitStatuses(w.campaign(), List.of(w.a(1) + ":manual:PUBLISHED"));
        CLOCK.set(ROUND_2.plusSeconds(5));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Mailboxes.to(w.mail().get(w.a(2)))).hasSize(2);
            assertThat(Mailboxes.to(w.observer())).hasSize(2);
            assertThat(notificationsOf(w.campaign())).hasSize(7)
                    .allMatch(d -> List.of("SENT", "FAILED").contains(d.getString("state")));
        });
        assertThat(Mailboxes.to(w.mail().get(w.a(1)))).as("complied since").hasSize(1);
        assertThat(Mail.of(Mailboxes.to(w.mail().get(w.a(2))).get(1)).subject())
                .isEqualTo("[Nhắc việc] " + TITLE + ": hạn chót hôm nay");

        // Round 3, deadline +2: escalation to c, a summary to the issuing agency, a copy to the observer.
        CLOCK.set(ROUND_3.plusSeconds(5));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Mailboxes.to(w.mail().get(w.a(2)))).hasSize(3);
            assertThat(Mailboxes.to(w.issuerMail())).hasSize(1);
            assertThat(Mailboxes.to(w.observer())).hasSize(3);
            assertThat(notificationsOf(w.campaign())).hasSize(11)
                    .allMatch(d -> List.of("SENT", "FAILED").contains(d.getString("state")));
        });
        assertThat(Mail.of(Mailboxes.to(w.mail().get(w.a(2))).get(2)).subject())
                .isEqualTo("[Quá hạn] " + TITLE + ": đã quá hạn 2 ngày");
        Mail summary = Mail.of(Mailboxes.to(w.issuerMail()).getFirst());
        assertThat(summary.subject()).isEqualTo("[Quá hạn] " + TITLE + ": 2 cơ quan, đơn vị chưa thực hiện");
        assertThat(summary.text()).contains("Sở Giáo dục và Đào tạo: Trang Facebook (Fanpage); Trang Zalo OA",
                "UBND xã Vĩnh Lương: Cổng/Trang thông tin điện tử",
                "https://console.govcomm.test/console/campaigns/" + w.campaign());
        assertThat(summary.messageId()).isEqualTo("<ntf-" + w.campaign() + "-escalation-20310322-summary-" + w.issuer()
                + "@govcomm.local>");
        Document escalation = notificationsOf(w.campaign()).stream()
                .filter(d -> "ESCALATION".equals(d.getString("kind")) && w.issuer().equals(d.getString("recipientAgencyId")))
                .findFirst().orElseThrow();
        assertThat(escalation.getString("state")).isEqualTo("SENT");
        assertThat(Mailboxes.to(w.mail().get(w.a(0)))).isEmpty();
        assertThat(Mailboxes.to(w.mail().get(w.a(3)))).isEmpty();
        assertEmitted(w.campaign(), 11);

        // The target agency sees what was sent to it only; the period filter of the agency endpoint.
        JsonNode own = get(as(w.a(2), Caller.OFFICER), "/api/notifications?campaignId={id}", w.campaign());
        assertThat(own.path("notifications")).hasSize(3);
        assertThat(own.has("rounds")).isFalse();
        JsonNode period = get(as(w.a(2), Caller.APPROVER), "/api/notifications/agencies/{id}?from=2031-03-18&to=2031-03-20", w.a(2));
        assertThat(period.path("notifications")).hasSize(1);
        assertThat(period.path("notifications").get(0).path("dueAt").asString()).isEqualTo(ROUND_2.toString());
    }

    @Test
    void aCancelledCampaignGetsNoMoreReminders() {
        CLOCK.set(BEFORE);
        World w = campaignToFiveAgencies();
        CLOCK.set(ROUND_1.plusSeconds(5));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Mailboxes.to(w.mail().get(w.a(2)))).hasSize(1));

        events().transition(EventTypes.CAMPAIGN_CANCELLED, w.campaign(), w.issuer(), TITLE, "SCHEDULED", "CANCELLED",
                "tran.thi.lan", "Dừng chiến dịch.", null, ROUND_1.plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.count(Query.query(
                Criteria.where("campaignId").is(w.campaign()).and("state").is("CANCELLED")), Plans.ROUNDS) == 2);
        CLOCK.set(ROUND_2.plusSeconds(5));
        scheduler.tick();
        CLOCK.set(ROUND_3.plusSeconds(5));
        scheduler.tick();

        assertThat(Mailboxes.to(w.mail().get(w.a(2)))).as("no more reminders").hasSize(1);
        assertThat(Mailboxes.to(w.issuerMail())).isEmpty();
        assertThat(notificationsOf(w.campaign())).hasSize(4);
        JsonNode rounds = get(as(w.issuer(), Caller.APPROVER), "/api/notifications?campaignId={id}", w.campaign()).path("rounds");
        assertThat(rounds.get(1).path("state").asString()).isEqualTo("CANCELLED");
        assertThat(rounds.get(2).path("reason").asString()).isEqualTo("CAMPAIGN_CANCELLED");
    }

    @Test
    void aCampaignApprovedAfterSomeDueTimesSendsOnlyTheLatestPassedRound() {
        // The plan arrives on 21/03: rounds of 17/03 and 20/03 have passed; only 20/03's is sent.
        CLOCK.set(Instant.parse("2031-03-21T03:00:00Z"));
        World w = campaignToFiveAgencies();
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Mailboxes.to(w.mail().get(w.a(2)))).hasSize(1));
        scheduler.tick();
        assertThat(Mailboxes.to(w.mail().get(w.a(2)))).hasSize(1);
        assertThat(Mail.of(Mailboxes.to(w.mail().get(w.a(2))).getFirst()).subject()).endsWith("hạn chót hôm nay");
        JsonNode rounds = get(as(w.issuer(), Caller.OFFICER), "/api/notifications?campaignId={id}", w.campaign()).path("rounds");
        assertThat(rounds.get(0).path("state").asString()).isEqualTo("SKIPPED");
        assertThat(rounds.get(0).path("reason").asString()).isEqualTo("SUPERSEDED");
        assertThat(rounds.get(1).path("state").asString()).isEqualTo("DONE");
        assertThat(rounds.get(2).path("state").asString()).isEqualTo("PENDING");
    }

    @Test
    void aRoundMissedWhileTheServiceWasDownIsSentWhenItComesBackUnlessItIsMoreThanSevenDaysLate() {
        CLOCK.set(BEFORE);
        World w = campaignToFiveAgencies();
        // Nothing ran between 10/03 and 18/03 (down): round 1 is a day late, still sent.
        CLOCK.set(ROUND_1.plus(Duration.ofDays(1)));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Mailboxes.to(w.mail().get(w.a(2)))).hasSize(1));
        // Down again until 30/03: rounds 2 (20/03) and 3 (22/03) are 10 and 8 days late: recorded as skipped.
        CLOCK.set(ROUND_3.plus(Duration.ofDays(8)));
        scheduler.tick();
        assertThat(Mailboxes.to(w.mail().get(w.a(2)))).hasSize(1);
        JsonNode rounds = get(as(w.issuer(), Caller.OFFICER), "/api/notifications?campaignId={id}", w.campaign()).path("rounds");
        assertThat(rounds.get(0).path("state").asString()).isEqualTo("DONE");
        assertThat(rounds.get(1).path("state").asString()).isEqualTo("SKIPPED");
        assertThat(rounds.get(1).path("reason").asString()).isEqualTo("LATE");
        assertThat(rounds.get(2).path("state").asString()).isEqualTo("SKIPPED");
        assertThat(rounds.get(2).path("reason").asString()).isEqualTo("LATE");
    }

    @Test
    void aNewVersionOfTheCampaignReplacesThePlan() {
        CLOCK.set(BEFORE);
        World w = campaignToFiveAgencies();
        // Version 2: the deadline moves to 25/03, one reminder the day before, and c is no longer a target.
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put(w.a(1), List.of("portal", "manual"));
        targets.put(w.a(4), List.of("portal"));
        events().scheduled(w.campaign(), 2, w.issuer(), TITLE, targets, "2031-03-25T23:59:59+07:00", List.of(-1),
                List.of());
        awaitPlan(w.campaign(), 2, 1);
        CLOCK.set(ROUND_2.plusSeconds(5));
        scheduler.tick();
        assertThat(Mailboxes.to(w.mail().get(w.a(2)))).isEmpty();
        assertThat(notificationsOf(w.campaign())).isEmpty();

        CLOCK.set(Instant.parse("2031-03-24T01:00:05Z"));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Mailboxes.to(w.mail().get(w.a(1)))).hasSize(1));
        assertThat(Mail.of(Mailboxes.to(w.mail().get(w.a(1))).getFirst()).text()).contains("hạn chót ngày 25/03/2031");
        assertThat(Mailboxes.to(w.mail().get(w.a(2)))).as("no longer a target").isEmpty();
        JsonNode rounds = get(as(w.issuer(), Caller.OFFICER), "/api/notifications?campaignId={id}", w.campaign()).path("rounds");
        assertThat(rounds).hasSize(4);
        assertThat(rounds.get(0).path("reason").asString()).isEqualTo("PLAN_CHANGED");
        assertThat(rounds.get(3).path("state").asString()).isEqualTo("DONE");
    }

    @Test
    void submittedApprovedAndRejectedAreNewsToTheIssuingAgency() {
        World w = World.create();
        events().agency(w.issuer(), "Sở Nội vụ", w.issuerMail(), null);
        awaitAgencies(List.of(w.issuer()));
        Instant at = Instant.parse("2031-02-01T02:00:00Z");
        CLOCK.set(at.plusSeconds(30));
        events().transition(EventTypes.CAMPAIGN_SUBMITTED, w.campaign(), w.issuer(), TITLE, "DRAFT", "SUBMITTED",
                "tran.thi.lan", null, null, at);
        events().transition(EventTypes.CAMPAIGN_REJECTED, w.campaign(), w.issuer(), TITLE, "SUBMITTED", "REJECTED",
                "nguyen.van.minh", "Đề nghị bổ sung căn cứ pháp lý.",
                List.of("Thiếu căn cứ pháp lý", "Tiêu đề quá dài"), at.plusSeconds(3600));
        events().transition(EventTypes.CAMPAIGN_SUBMITTED, w.campaign(), w.issuer(), TITLE, "DRAFT", "SUBMITTED",
                "tran.thi.lan", null, null, at.plusSeconds(7200));
        events().transition(EventTypes.CAMPAIGN_APPROVED, w.campaign(), w.issuer(), TITLE, "SUBMITTED", "APPROVED",
                "nguyen.van.minh", "Nguyễn Văn Minh", "Đồng ý phát hành.", null, at.plusSeconds(7300));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Mailboxes.to(w.issuerMail())).hasSize(4));
        List<Mail> mails = Mailboxes.to(w.issuerMail()).stream().map(Mail::of).toList();
        assertThat(mails).extracting(Mail::subject).containsExactlyInAnyOrder("[Chờ phê duyệt] " + TITLE,
                "[Bị từ chối] " + TITLE, "[Chờ phê duyệt] " + TITLE, "[Đã phê duyệt] " + TITLE);
        Mail rejected = mails.stream().filter(m -> m.subject().startsWith("[Bị từ chối]")).findFirst().orElseThrow();
        assertThat(rejected.text()).contains("Thiếu căn cứ pháp lý", "Tiêu đề quá dài", "Ý kiến: Đề nghị bổ sung căn cứ pháp lý.",
                "https://console.govcomm.test/console/campaigns/" + w.campaign());
        Mail approved = mails.stream().filter(m -> m.subject().startsWith("[Đã phê duyệt]")).findFirst().orElseThrow();
        assertThat(approved.text()).contains("đã được phê duyệt (người thực hiện: Nguyễn Văn Minh)", "Đồng ý phát hành.")
                .doesNotContain("nguyen.van.minh");
        // an event written before names were carried: the user id
        assertThat(rejected.text()).contains("đã bị từ chối (người thực hiện: nguyen.van.minh)");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notificationsOf(w.campaign()))
                .hasSize(4).allMatch(d -> "SENT".equals(d.getString("state"))));
        assertThat(notificationsOf(w.campaign())).extracting(d -> d.getString("kind"))
                .containsExactlyInAnyOrder("SUBMITTED", "SUBMITTED", "REJECTED", "APPROVED");
        assertEmitted(w.campaign(), 4);

        // The same event again (a redelivery) queues nothing new.
        events().transition(EventTypes.CAMPAIGN_APPROVED, w.campaign(), w.issuer(), TITLE, "SUBMITTED", "APPROVED",
                "nguyen.van.minh", "Đồng ý phát hành.", null, at.plusSeconds(7300));
        events().transition(EventTypes.CAMPAIGN_STARTED, w.campaign(), w.issuer(), TITLE, "SCHEDULED", "RUNNING",
                "system", null, null, at.plusSeconds(7400));
        awaitConsumed("notification-service.campaigns", EventTypes.TOPIC_CAMPAIGN_EVENTS);
        scheduler.tick();
        assertThat(notificationsOf(w.campaign())).hasSize(4);
        assertThat(Mailboxes.to(w.issuerMail())).hasSize(4);
    }

    @Test
    void whenTheRelayIsDownTheNotificationWaitsAndIsSentOnceWhenItIsBack() {
        World w = World.create();
        events().agency(w.issuer(), "Sở Nội vụ", w.issuerMail(), null);
        awaitAgencies(List.of(w.issuer()));
        Instant at = Instant.parse("2031-02-10T02:00:00Z");
        CLOCK.set(at.plusSeconds(10));
        Mailboxes.stop();
        try {
            events().transition(EventTypes.CAMPAIGN_SUBMITTED, w.campaign(), w.issuer(), TITLE, "DRAFT", "SUBMITTED",
                    "tran.thi.lan", null, null, at);
            await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf(w.campaign()).stream()
                    .anyMatch(d -> "RETRYING".equals(d.getString("state"))));
            Document waiting = notificationsOf(w.campaign()).getFirst();
            assertThat(waiting.getInteger("attempts")).isEqualTo(1);
            assertThat(waiting.getString("lastError")).isNotBlank();
            assertThat(waiting.getDate("nextAt").toInstant()).isEqualTo(at.plusSeconds(10).plusSeconds(30));
            scheduler.tick();
            assertThat(notificationsOf(w.campaign()).getFirst().getInteger("attempts")).as("not before its backoff").isEqualTo(1);
        } finally {
            Mailboxes.start();
        }
        CLOCK.set(at.plusSeconds(10 + 31));
        scheduler.tick();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notificationsOf(w.campaign()).getFirst()
                .getString("state")).isEqualTo("SENT"));
        assertThat(Mailboxes.to(w.issuerMail())).hasSize(1);
        assertThat(notificationsOf(w.campaign()).getFirst().getInteger("attempts")).isEqualTo(2);
        CLOCK.set(at.plusSeconds(3600));
        scheduler.tick();
        assertThat(Mailboxes.to(w.issuerMail())).as("sent once").hasSize(1);
        assertEmitted(w.campaign(), 1);
    }

    @Test
    void aPermanentRefusalIsRecordedAsFailedAndEmitted() throws Exception {
        World w = World.create();
        events().agency(w.issuer(), "Sở Nội vụ", w.issuerMail(), null);
        awaitAgencies(List.of(w.issuer()));
        Instant at = Instant.parse("2031-02-12T02:00:00Z");
        CLOCK.set(at.plusSeconds(10));
        Mailboxes.stop();
        try (RefusingSmtpServer relay = new RefusingSmtpServer(Mailboxes.PORT)) {
            events().transition(EventTypes.CAMPAIGN_SUBMITTED, w.campaign(), w.issuer(), TITLE, "DRAFT", "SUBMITTED",
                    "tran.thi.lan", null, null, at);
            await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf(w.campaign()).stream()
                    .anyMatch(d -> "FAILED".equals(d.getString("state"))));
            assertThat(relay.refused()).isEqualTo(1);
        } finally {
            Mailboxes.start();
        }
        Document failed = notificationsOf(w.campaign()).getFirst();
        assertThat(failed.getString("outcome")).isEqualTo("FAILED");
        assertThat(failed.getString("reason")).startsWith("SMTP 550").contains("User unknown");
        assertThat(failed.getInteger("attempts")).isEqualTo(1);
        ConsumerRecord<String, byte[]> event = assertEmitted(w.campaign(), 1).getFirst();
        JsonNode data = Events.JSON.readTree(new String(event.value(), StandardCharsets.UTF_8));
        assertThat(data.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(data.path("reason").asString()).contains("550");
        CLOCK.set(at.plusSeconds(7200));
        scheduler.tick();
        assertThat(Mailboxes.to(w.issuerMail())).as("never retried").isEmpty();
    }

    @Test
    void poisonOnCampaignEventsGoesToItsDeadLetterTopic() {
        String key = Events.id("cmp-poison");
        events().sendRaw(new ProducerRecord<>(EventTypes.TOPIC_CAMPAIGN_EVENTS, key, "{not json".getBytes(StandardCharsets.UTF_8)));
        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), EventTypes.TOPIC_CAMPAIGN_EVENTS + ".DLT",
                r -> key.equals(r.key()), 1, Duration.ofSeconds(30))).hasSize(1);
    }

    @Test
    void aPoisonStatusGoesToItsDeadLetterTopicAndTheStatusesAroundItAreApplied() {
        String campaign = Events.id("cmp-batch");
        events().status(campaign, "so-y-te", "email", "ACCEPTED", 1);
        ObjectNode bad = Events.example(EventTypes.DELIVERY_STATUS_CHANGED);
        bad.put("deliveryId", "dlv-" + campaign + "-so-y-te-email").put("campaignId", campaign).put("channel", "email")
                .put("status", "SHOUTED");
        OutgoingEvent poison = OutgoingEvent.of("delivery.status.email", "dlv-" + campaign + "-so-y-te-email",
                EventTypes.DELIVERY_STATUS_CHANGED, "/tests", null, null, Instant.now(), bad.toString());
        events().sendRaw(EventPublisher.toRecord(poison));
        events().status(campaign, "so-y-te", "email", "PUBLISHED", 1);
        awaitStatuses(campaign, List.of("so-y-te:email:PUBLISHED"));
        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.email.DLT",
                r -> ("dlv-" + campaign + "-so-y-te-email").equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).contains("SHOUTED");
    }

    /** The campaign's NotificationSent events: as many as recorded, each valid against the contract, distinct ids. */
    List<ConsumerRecord<String, byte[]>> assertEmitted(String campaignId, int expected) {
        List<ConsumerRecord<String, byte[]>> records = TopicProbe.read(KAFKA.bootstrapServers(),
                EventTypes.TOPIC_NOTIFICATION_EVENTS, r -> campaignId.equals(r.key()), expected, Duration.ofSeconds(30));
        for (ConsumerRecord<String, byte[]> record : records) {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(Contracts.get().validate(EventTypes.NOTIFICATION_SENT, json)).as(json).isEmpty();
            assertThat(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                    .isEqualTo(EventTypes.NOTIFICATION_SENT);
        }
        assertThat(records.stream().map(r -> Events.JSON.readTree(new String(r.value(), StandardCharsets.UTF_8))
                .path("notificationId").asString()).distinct()).hasSize(expected);
        assertThat(notificationsOf(campaignId).stream().filter(d -> d.getString("outcome") != null)).hasSize(expected);
        return records;
    }

    static JsonNode find(JsonNode list, String notificationId) {
        for (JsonNode n : list) {
            if (notificationId.equals(n.path("notificationId").asString())) {
                return n;
            }
        }
        throw new AssertionError("No notification " + notificationId + " in " + list);
    }
}
