package vn.govcomm.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.mail.ReceivedMail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17's loop on the local platform (one JVM, real broker, store and SMTP server): a campaign of the Department
 * of Home Affairs to 20 agencies on the manual and e-mail channels. The mails are read back from the SMTP server;
 * agencies confirm with evidence, one is rejected and re-submits, some never confirm; the notification service's
 * clock (and only it) is moved to each reminder round, no sleeping; the reminders reach exactly the agencies that
 * did not comply, and the follow-up report lists exactly those.
 */
class AgenciesLoopEndToEndTests {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration PATIENCE = Duration.ofSeconds(120);
    static final String ISSUER = "so-noi-vu";

    /** The notification service's clock: moved by this test only. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final MovableClock CLOCK = new MovableClock();
    static LocalPlatform platform;
    static RestClient gateway;

    @BeforeAll
    static void start() {
        System.setProperty("govcomm.notifications.scheduler.interval", "1s");
        ApplicationContextInitializer<ConfigurableApplicationContext> clock = context ->
                ((GenericApplicationContext) context).registerBean("testClock", Clock.class, () -> CLOCK,
                        definition -> definition.setPrimary(true));
        platform = LocalPlatform.start(LocalPlatform.Settings.forTests(), Map.of(PlatformService.NOTIFICATIONS, clock));
        gateway = RestClient.builder().baseUrl(platform.url(PlatformService.GATEWAY))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw new AssertionError(request.getMethod() + " " + request.getURI() + " → " + response.getStatusCode()
                            + " " + new String(response.getBody().readAllBytes()));
                }).build();
    }

    @AfterAll
    static void stop() {
        System.clearProperty("govcomm.notifications.scheduler.interval");
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void agenciesConfirmWithEvidenceTheOthersAreRemindedAndTheFollowUpListsExactlyThem() {
        String officer = DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.OFFICER);
        String approver = DemoUsers.bearer(platform.url(PlatformService.GATEWAY), DemoUsers.APPROVER);

        // 20 agencies of the seeded directory that have a manual and an e-mail endpoint (and a mailbox)
        JsonNode directory = JSON.readTree(gateway.get().uri("/api/agencies").header("Authorization", officer)
                .retrieve().body(String.class));
        List<String> agencies = new ArrayList<>();
        for (JsonNode agency : directory.isArray() ? directory : directory.path("items")) {
            Set<String> channels = new HashSet<>();
            agency.path("endpoints").forEach(e -> channels.add(e.path("channel").asString()));
            if (channels.contains("manual") && channels.contains("email") && !agency.path("contactEmail").isMissingNode()
                    && !ISSUER.equals(agency.path("agencyId").asString()) && agencies.size() < 20) {
                agencies.add(agency.path("agencyId").asString());
            }
        }
        assertThat(agencies).hasSize(20);
        List<String> confirming = agencies.subList(0, 10);
        String rejectedOnce = agencies.get(10);
        List<String> silent = agencies.subList(11, 20);

        LocalDate today = LocalDate.now(VIETNAM);
        LocalDate deadline = today.plusDays(7);
        ObjectNode campaign = JSON.createObjectNode();
        campaign.put("code", "SNV-E2E-" + System.nanoTime());
        campaign.put("issuingAgencyId", ISSUER);
        ObjectNode notice = campaign.putObject("notice");
        notice.put("title", "Thông báo khảo sát mức độ hài lòng: niêm yết tại Bộ phận Một cửa");
        notice.put("bodyHtml", "<p>Đề nghị các cơ quan, đơn vị niêm yết thông báo và gửi minh chứng.</p>");
        ArrayNode targets = campaign.putArray("targets");
        agencies.forEach(a -> targets.addObject().put("agencyId", a).putArray("channels").add("manual").add("email"));
        campaign.putObject("window").put("startDate", today.toString()).put("endDate", today.plusDays(30).toString());
        campaign.put("deadline", deadline.toString());
        String id = JSON.readTree(gateway.post().uri("/api/campaigns").header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(campaign))
                .retrieve().body(String.class)).path("id").asString();
        gateway.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer).retrieve().toBodilessEntity();
        gateway.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", approver)
                .contentType(MediaType.APPLICATION_JSON).body("{\"comment\":\"Đồng ý\"}").retrieve().toBodilessEntity();

        // E-mail: the notice reaches every agency's mailbox, in Vietnamese, and is published after the bounce grace
        await().atMost(PATIENCE).until(() -> noticeMails(id).size() >= agencies.size());
        ReceivedMail mail = noticeMails(id).getFirst();
        assertThat(mail.subject()).contains("Thông báo khảo sát mức độ hài lòng");
        assertThat(mail.text()).contains("Đề nghị các cơ quan, đơn vị niêm yết");
        assertThat(mail.html()).contains("<p>");
        assertThat(mail.header("Auto-Submitted")).isEqualTo("auto-generated");

        // Manual: each agency sees its task(s); ten confirm and are accepted, one is rejected and re-submits
        for (String agency : confirming) {
            for (String task : tasks(agency, id)) {
                submitEvidence(agency, task, "https://" + agency + ".khanhhoa.gov.vn/tin-tuc/khao-sat-2023");
                review(task, "ACCEPT", null);
            }
        }
        for (String task : tasks(rejectedOnce, id)) {
            submitEvidence(rejectedOnce, task, "https://" + rejectedOnce + ".khanhhoa.gov.vn/anh-mo");
            review(task, "REJECT", "Ảnh chụp không rõ nội dung thông báo");
            assertThat(JSON.readTree(direct(PlatformService.MANUAL).get().uri("/api/manual/tasks/{d}", task)
                            .header("Authorization", agencyOfficer(PlatformService.MANUAL, rejectedOnce))
                            .retrieve().body(String.class)).path("state").asString()).isEqualTo("REJECTED");
            submitEvidence(rejectedOnce, task, "https://" + rejectedOnce + ".khanhhoa.gov.vn/anh-ro");
            review(task, "ACCEPT", null);
        }

        // Every confirmed agency has complied on both channels before the first round
        Set<String> complied = new HashSet<>(confirming);
        complied.add(rejectedOnce);
        await().atMost(PATIENCE).until(() -> nonCompliant(id).equals(new HashSet<>(silent)));

        // Round 1: 3 days before the deadline, 08:00 in Vietnam → a reminder to each silent agency only
        CLOCK.set(deadline.minusDays(3).atTime(8, 1).atZone(VIETNAM).toInstant());
        await().atMost(PATIENCE).until(() -> remindedAgencies(id, "REMINDER").size() == silent.size());
        assertThat(remindedAgencies(id, "REMINDER")).containsExactlyInAnyOrderElementsOf(silent);
        for (String agency : silent) {
            List<ReceivedMail> reminders = platform.channels().mail().messagesTo("vanphong@" + agency + ".khanhhoa.example.org");
            assertThat(reminders).as(agency).isNotEmpty();
            ReceivedMail reminder = reminders.getLast();
            assertThat(reminder.subject()).contains("Thông báo khảo sát mức độ hài lòng");
            assertThat(reminder.text()).contains("/console/addressed/" + id);
            assertThat(reminder.header("Auto-Submitted")).isEqualTo("auto-generated");
        }
        for (String agency : complied) {
            assertThat(platform.channels().mail().messagesTo("vanphong@" + agency + ".khanhhoa.example.org"))
                    .as("no reminder to %s, which complied", agency).isEmpty();
        }

        // Round 3: 2 days after the deadline → an escalation to the same agencies, and the report says so
        CLOCK.set(deadline.plusDays(2).atTime(8, 1).atZone(VIETNAM).toInstant());
        // ... and a summary to the issuing department (recipient: the issuer)
        Set<String> escalated = new HashSet<>(silent);
        escalated.add(ISSUER);
        await().atMost(PATIENCE).until(() -> remindedAgencies(id, "ESCALATION").size() >= escalated.size());
        assertThat(remindedAgencies(id, "ESCALATION")).containsExactlyInAnyOrderElementsOf(escalated);
        assertThat(platform.channels().mail().messagesTo("vanphong@" + ISSUER + ".khanhhoa.example.org")).isNotEmpty();
        await().atMost(PATIENCE).until(() -> {
            JsonNode followUp = followUp(id);
            for (JsonNode agency : followUp.path("agencies")) {
                if (agency.path("reminders").path("escalated").asInt() < 1) {
                    return false;
                }
            }
            return true;
        });
        JsonNode followUp = followUp(id);
        Set<String> listed = new HashSet<>();
        for (JsonNode agency : followUp.path("agencies")) {
            listed.add(agency.path("agencyId").asString());
            assertThat(agency.path("channels")).allSatisfy(gap -> assertThat(gap.path("channel").asString()).isEqualTo("manual"));
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(silent);
        assertThat(followUp.path("nonCompliantAgencies").asInt()).isEqualTo(silent.size());
        assertThat(followUp.path("targetAgencies").asInt()).isEqualTo(agencies.size());
    }

    List<ReceivedMail> noticeMails(String campaignId) {
        return platform.channels().mail().messages().stream()
                .filter(m -> m.header("X-GovComm-Delivery") != null && m.to().stream().anyMatch(t -> t.startsWith("vanthu@")))
                .filter(m -> m.subject() != null && m.subject().contains("SNV-E2E"))
                .toList();
    }

    static RestClient direct(PlatformService service) {
        return RestClient.builder().baseUrl(platform.url(service))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw new AssertionError(request.getMethod() + " " + request.getURI() + " → " + response.getStatusCode()
                            + " " + new String(response.getBody().readAllBytes()));
                }).build();
    }

    /** An officer of {@code agency} as the gateway would present them to {@code service}. */
    static String agencyOfficer(PlatformService service, String agency) {
        return platform.callerBearer(service, "can.bo." + agency, agency, "officer");
    }

    static List<String> tasks(String agency, String campaignId) {
        List<String> ids = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            ids.clear();
            JSON.readTree(direct(PlatformService.MANUAL).get().uri("/api/manual/tasks?campaignId={c}", campaignId)
                            .header("Authorization", agencyOfficer(PlatformService.MANUAL, agency)).retrieve().body(String.class))
                    .forEach(t -> ids.add(t.path("deliveryId").asString()));
            return !ids.isEmpty();
        });
        return List.copyOf(ids);
    }

    static void submitEvidence(String agency, String task, String url) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("url", url);
        form.add("note", "Đã niêm yết tại Bộ phận Một cửa");
        form.add("publishedOn", LocalDate.now(VIETNAM).toString());
        direct(PlatformService.MANUAL).post().uri("/api/manual/tasks/{d}/evidence", task)
                .header("Authorization", agencyOfficer(PlatformService.MANUAL, agency))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(form).retrieve().toBodilessEntity();
    }

    static void review(String task, String decision, String reason) {
        ObjectNode body = JSON.createObjectNode().put("decision", decision);
        if (reason != null) {
            body.put("reason", reason);
        }
        direct(PlatformService.MANUAL).post().uri("/api/manual/tasks/{d}/review", task)
                .header("Authorization", platform.callerBearer(PlatformService.MANUAL, DemoUsers.APPROVER, ISSUER, "approver"))
                .contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body)).retrieve().toBodilessEntity();
    }

    static JsonNode followUp(String campaignId) {
        return JSON.readTree(direct(PlatformService.REPORTING).get().uri("/api/reports/campaigns/{c}/follow-up", campaignId)
                .header("Authorization", platform.callerBearer(PlatformService.REPORTING, DemoUsers.OFFICER, ISSUER, "officer"))
                .retrieve().body(String.class));
    }

    static Set<String> nonCompliant(String campaignId) {
        Set<String> agencies = new HashSet<>();
        followUp(campaignId).path("agencies").forEach(a -> agencies.add(a.path("agencyId").asString()));
        return agencies;
    }

    /** Agencies sent a notification of {@code kind} (outcome SENT), from the notification service's record. */
    static Set<String> remindedAgencies(String campaignId, String kind) {
        Set<String> agencies = new HashSet<>();
        JSON.readTree(direct(PlatformService.NOTIFICATIONS).get().uri("/api/notifications?campaignId={c}", campaignId)
                        .header("Authorization", platform.callerBearer(PlatformService.NOTIFICATIONS, DemoUsers.OFFICER, ISSUER, "officer"))
                        .retrieve().body(String.class)).path("notifications")
                .forEach(n -> {
                    if (kind.equals(n.path("kind").asString()) && "SENT".equals(n.path("outcome").asString())) {
                        agencies.add(n.path("recipientAgencyId").asString());
                    }
                });
        return agencies;
    }
}
