package vn.govcomm.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Demo data for the local run, loaded through the public API (as an officer and an approver would): the
 * 2023 citizen-satisfaction survey notice of the Department of Home Affairs (seed 001), sent to the
 * provincial departments, vertical agencies and public service units; and two notices of tasks of the 2025
 * administrative-reform communication plan (seed 004, Decision 244/QĐ-UBND, which the campaign service loads as
 * demo data): the survey is linked to task 28, the others to tasks 23 (approved) and 13 (waiting for approval).
 * Windows are moved to start today so the demo runs now; the survey's text is the original. The directory is first moved
 * to Khánh Hòa's post-2025 structure ({@link DemoDirectory}), and the survey goes to the departments as they are now
 * (the merged ones through their successors).
 */
final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    /** How many demo-data calls run at once (a bounded pool; the platform's 2-core laptops are the measure). */
    static final int CALLS_SIDE_BY_SIDE = 4;
    private final String gatewayUrl;
    private final RestClient api;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoData(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
        this.api = DemoUsers.client(gatewayUrl);
    }

    /**
     * The 2025 directory (each step once), then the demo campaigns when there are none yet. Independent calls run side
     * by side on {@link #CALLS_SIDE_BY_SIDE} threads (the three users' tokens; each step of the directory; the look-up
     * of existing campaigns beside the directory; a campaign's submission and approval beside the next campaign's
     * creation): the campaigns are still created one after the other in the order below, each after the directory,
     * and this returns when every call has answered (or throws the first failure).
     */
    void load() {
        ExecutorService pool = Executors.newFixedThreadPool(CALLS_SIDE_BY_SIDE,
                Thread.ofPlatform().name("demo-data-", 1).daemon().factory());
        try {
            List<String> tokens = SideBySide.all(pool, List.of(
                    () -> DemoUsers.bearer(gatewayUrl, DemoUsers.ADMIN),
                    () -> DemoUsers.bearer(gatewayUrl, DemoUsers.OFFICER),
                    () -> DemoUsers.bearer(gatewayUrl, DemoUsers.APPROVER)));
            String officer = tokens.get(1);
            String approver = tokens.get(2);
            CompletableFuture<JsonNode> existing = CompletableFuture.supplyAsync(() -> json.readTree(api.get()
                    .uri("/api/campaigns").header("Authorization", officer).retrieve().body(String.class)), pool);
            new DemoDirectory(api, tokens.get(0), pool).apply();
            if (!SideBySide.await(List.of(existing)).getFirst().isEmpty()) {
                return;
            }
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
            List<CompletableFuture<Void>> decisions = new ArrayList<>();
            // seed 001's survey, linked to task 28 of the 2025 plan (seed 004, loaded by the campaign service): approved
            String survey = create(officer, "demo/campaign-2023-satisfaction-survey.json", today, 3);
            decisions.add(CompletableFuture.runAsync(() -> approve(officer, approver, survey), pool));
            // two more tasks of the plan led by Sở Nội vụ: the contest goes out, the restructuring notice waits for approval
            String contest = create(officer, "demo/campaign-2025-cchc-contest.json", today, 3);
            decisions.add(CompletableFuture.runAsync(() -> approve(officer, approver, contest), pool));
            String restructuring = create(officer, "demo/campaign-2025-apparatus-restructuring.json", today, 10);
            decisions.add(CompletableFuture.runAsync(() -> api.post().uri("/api/campaigns/{id}/submit", restructuring)
                    .header("Authorization", officer).retrieve().toBodilessEntity(), pool));
            SideBySide.await(decisions);
            log.info("Demo campaigns {} and {} created, approved and scheduled; {} waits for approval", survey, contest,
                    restructuring);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Creates a demo campaign from its resource, its window moved to start today and last {@code months}. */
    private String create(String officer, String resource, LocalDate today, int months) {
        ObjectNode campaign = (ObjectNode) json.readTree(resource(resource));
        ObjectNode window = (ObjectNode) campaign.path("window");
        window.put("startDate", today.toString());
        window.put("endDate", today.plusMonths(months).toString());
        // agencies must have published within a week: reminders go out 3 days before, on the day and 2 days after
        campaign.put("deadline", today.plusDays(7).toString());
        return json.readTree(api.post().uri("/api/campaigns")
                .header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(campaign))
                .retrieve().body(String.class)).path("id").asString();
    }

    private void approve(String officer, String approver, String id) {
        api.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer)
                .retrieve().toBodilessEntity();
        api.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", approver)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"comment\":\"Đồng ý phát hành.\"}").retrieve().toBodilessEntity();
    }

    static String resource(String name) {
        try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
