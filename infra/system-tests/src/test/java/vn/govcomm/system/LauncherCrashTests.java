package vn.govcomm.system;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.local.DemoUsers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, as the operator of a small province met it: the one-JVM platform started the README's way (data under
 * {@code GOVCOMM_DATA_DIR}), a campaign to all 52 agencies × 4 channels approved, the JVM killed with SIGKILL while the
 * publisher is dispatching, and started again on the same data directory. Before the durable broker the new broker
 * was empty: the publisher kept deliveries DISPATCHED whose requests no adapter would ever see. Now every delivery
 * must settle, the report must count what the publisher counts, and every delivery must be in the report.
 *
 * <p>The publisher's reconciler (which re-requests deliveries left unanswered for 10 minutes) is switched off in the
 * child, so only the broker's and the store's durability can make this pass. The channel fakes run inside the
 * launcher and forget their posts when it dies (a known gap): the test asserts on the platform's own records only,
 * not on "exactly one post per Facebook delivery".
 */
class LauncherCrashTests {

    static final List<String> CHANNELS = List.of("portal", "facebook", "zalo", "led");
    /** Statuses a delivery may still leave on its own; anything else is settled (ACCEPTED: an LED item queued). */
    static final Set<String> UNSETTLED = Set.of("PENDING", "DISPATCHED", "RETRYING");
    static final JsonMapper json = JsonMapper.builder().build();
    static final String READY = "GovComm platform is running";

    ChildJvm launcher;

    @AfterEach
    void stop() {
        if (launcher != null) {
            launcher.kill();
        }
    }

    @Test
    void everyDeliveryOfACampaignKilledMidDispatchSettlesAfterARestartOnTheSameData() throws Exception {
        Path workDir = Path.of("target", "launcher-crash-tests", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        Path dataDir = workDir.resolve("data");
        int offset = freePortOffset();
        String gatewayUrl = "http://localhost:" + (8080 + offset);
        launcher = new ChildJvm("launcher", "vn.govcomm.local.LocalPlatform", List.of(), workDir, "1g")
                .environment("GOVCOMM_DATA_DIR", dataDir.toString())
                .environment("GOVCOMM_DEMO_DATA", "false")
                .environment("GOVCOMM_PORT_OFFSET", String.valueOf(offset))
                .environment("GOVCOMM_PUBLISHING_RECONCILE_ENABLED", "false")
                .environment("KAFKA_BOOTSTRAP_SERVERS", null)
                .environment("MONGODB_URI", null);

        long t0 = System.nanoTime();
        launcher.start();
        awaitReady(1);
        long firstStart = System.nanoTime() - t0;
        RestClient gateway = RestClient.create(gatewayUrl);
        String officer = DemoUsers.bearer(gatewayUrl, DemoUsers.OFFICER);
        String approver = DemoUsers.bearer(gatewayUrl, DemoUsers.APPROVER);

        // Every agency of the directory on each of the four channels it has: one delivery per endpoint.
        Map<String, Set<String>> targets = new TreeMap<>();
        int expected = 0;
        for (JsonNode agency : json.readTree(gateway.get().uri("/api/agencies").header("Authorization", officer)
                .retrieve().body(String.class))) {
            for (JsonNode endpoint : agency.path("endpoints")) {
                if (CHANNELS.contains(endpoint.path("channel").asString())) {
                    targets.computeIfAbsent(agency.path("agencyId").asString(), a -> new java.util.TreeSet<>())
                            .add(endpoint.path("channel").asString());
                    expected++;
                }
            }
        }
        assertThat(targets).hasSize(52);

        String campaignId = createAndApprove(gateway, officer, approver, targets);
        long approved = System.nanoTime();

        // Mid-dispatch: the first deliveries exist, the fan-out and the channels are still at work. Kill -9 now.
        JsonNode beforeKill = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> progress(gateway, officer, campaignId), p -> p != null && p.path("deliveries").asInt() > 0);
        launcher.kill();
        long killedAfter = System.nanoTime() - approved;
        Map<String, Long> statusesBeforeKill = counts(beforeKill.path("byStatus"));
        System.out.printf("Killed %d ms after the approval: publisher had %d deliveries (%d dispatched), %s%n",
                killedAfter / 1_000_000, beforeKill.path("deliveries").asInt(), beforeKill.path("dispatched").asInt(),
                statusesBeforeKill);

        // The same command on the same data directory.
        long t1 = System.nanoTime();
        launcher.start();
        awaitReady(2);
        long restart = System.nanoTime() - t1;
        String officerAgain = DemoUsers.bearer(gatewayUrl, DemoUsers.OFFICER);
        int total = expected;
        long t2 = System.nanoTime();
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode progress = progress(gateway, officerAgain, campaignId);
                assertThat(progress).as("publication progress").isNotNull();
                Map<String, Long> published = counts(progress.path("byStatus"));
                assertThat(progress.path("deliveries").asInt()).as("deliveries created").isEqualTo(total);
                assertThat(published.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
                assertThat(published.keySet()).as("publisher: " + published).doesNotContainAnyElementsOf(UNSETTLED);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Not settled 5 minutes after the restart: " + unsettled(gateway, officerAgain, campaignId)
                    + "; launcher log: " + launcher.logFile(), e);
        }
        long settled = System.nanoTime() - t2;

        // Delivery by delivery: the report holds every delivery of the publisher, with the same status. Its counters
        // are kept in two more documents without a transaction: a kill between those writes loses one move
        // (documented in the reporting service's DeliveryProjection), which POST .../recount rebuilds from the rows.
        // Say whether this crash needed it, then require the report after a recount to equal the publisher
        // (issue 22: "the report equals a recount and the publisher"). Both sides are read again on every try:
        // ACCEPTED is settled, but a Facebook read-back may still move a delivery on to PUBLISHED.
        Map<String, String> first = publisherStatuses(gateway, officerAgain, campaignId);
        Map<String, String> live = reportedStatuses(gateway, officerAgain, campaignId);
        if (!live.equals(first)) {
            System.out.printf("Report right after the publisher settled, before any recount, differs on %d deliveries "
                            + "(status events still on their way to the reporting service, or a counter move lost)%n",
                    first.entrySet().stream().filter(e -> !e.getValue().equals(live.get(e.getKey()))).count());
        }
        String admin = DemoUsers.bearer(gatewayUrl, "hoang.quoc.bao");
        Map<String, String> publisher = new TreeMap<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            gateway.post().uri("/api/reports/campaigns/{id}/recount", campaignId).header("Authorization", admin)
                    .retrieve().toBodilessEntity();
            Map<String, String> now = publisherStatuses(gateway, officerAgain, campaignId);
            assertThat(now).hasSize(total);
            assertThat(reportedStatuses(gateway, officerAgain, campaignId)).isEqualTo(now);
            JsonNode recounted = json.readTree(gateway.get().uri("/api/reports/campaigns/{id}", campaignId)
                    .header("Authorization", officerAgain).retrieve().body(String.class));
            assertThat(recounted.path("total").asInt()).as("report total").isEqualTo(total);
            assertThat(counts(recounted.path("byStatus"))).as("report by status").isEqualTo(new TreeMap<>(
                    now.values().stream().collect(Collectors.groupingBy(st -> st, Collectors.counting()))));
            publisher.clear();
            publisher.putAll(now);
        });

        Map<String, Long> finalCounts = new TreeMap<>(publisher.values().stream()
                .collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        System.out.printf("Launcher crash: first start %d s; killed %d ms after approval; restart %d s; all %d deliveries "
                        + "settled %d s after the restart: %s; store file %d KiB, Kafka log segments %d KiB%n",
                firstStart / 1_000_000_000, killedAfter / 1_000_000, restart / 1_000_000_000, total,
                settled / 1_000_000_000, finalCounts, sizeKiB(dataDir.resolve("mongo"), ".mv"),
                sizeKiB(dataDir.resolve("kafka"), ".log"));
    }

    private static String createAndApprove(RestClient gateway, String officer, String approver,
                                           Map<String, Set<String>> channelsByAgency) {
        LocalDate today = LocalDate.now();
        String targets = channelsByAgency.entrySet().stream()
                .map(t -> "{\"agencyId\":\"" + t.getKey() + "\",\"channels\":["
                        + t.getValue().stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(",")) + "]}")
                .collect(Collectors.joining(","));
        String body = """
                {"code": "SNV-CCHC-CRASH", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Thông báo triển khai khảo sát mức độ hài lòng năm 2023",
                            "bodyHtml": "<p>Sở Nội vụ đề nghị cá nhân, tổ chức, doanh nghiệp vui lòng hỗ trợ điền Phiếu khảo sát.</p>",
                            "ledText": "Khảo sát hài lòng 2023"},
                 "targets": [%s],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(targets, today, today.plusMonths(3));
        String id = json.readTree(gateway.post().uri("/api/campaigns").header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class)).path("id").asString();
        gateway.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer).retrieve().toBodilessEntity();
        gateway.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", approver)
                .contentType(MediaType.APPLICATION_JSON).body("{\"comment\":\"Đồng ý\"}").retrieve().toBodilessEntity();
        return id;
    }

    /** The publisher's progress of the campaign, or null while it has none (not yet, or restarting). */
    private static JsonNode progress(RestClient gateway, String bearer, String campaignId) {
        try {
            return json.readTree(gateway.get().uri("/api/publications/{id}", campaignId).header("Authorization", bearer)
                    .retrieve().body(String.class));
        } catch (RuntimeException notYet) {
            return null;
        }
    }

    /** The publisher's deliveries that are not settled, with what it knows of them (for a failure message). */
    private static List<String> unsettled(RestClient gateway, String bearer, String campaignId) {
        List<String> out = new ArrayList<>();
        try {
            collectUnsettled(gateway, bearer, campaignId, out);
        } catch (RuntimeException e) {
            out.add("(could not list them: " + e + ")");
        }
        return out;
    }

    private static void collectUnsettled(RestClient gateway, String bearer, String campaignId, List<String> out) {
        for (String status : UNSETTLED) {
            for (JsonNode d : json.readTree(gateway.get()
                    .uri("/api/publications/{id}/deliveries?status={s}&limit=5000", campaignId, status)
                    .header("Authorization", bearer).retrieve().body(String.class))) {
                out.add(d.path("_id").asString() + " " + d.path("channel").asString() + " " + d.path("endpointId").asString()
                        + " " + status);
            }
        }
    }

    /** Every delivery of the report, page by page: id → status. */
    private static Map<String, String> publisherStatuses(RestClient gateway, String bearer, String campaignId) {
        Map<String, String> statuses = new TreeMap<>();
        for (JsonNode d : json.readTree(gateway.get().uri("/api/publications/{id}/deliveries?limit=5000", campaignId)
                .header("Authorization", bearer).retrieve().body(String.class))) {
            statuses.put(d.path("_id").asString(), d.path("status").asString());
        }
        return statuses;
    }

    private static Map<String, String> reportedStatuses(RestClient gateway, String bearer, String campaignId) {
        Map<String, String> statuses = new TreeMap<>();
        String after = null;
        do {
            String uri = "/api/reports/campaigns/" + campaignId + "?size=100" + (after == null ? "" : "&after=" + after);
            JsonNode page = json.readTree(gateway.get().uri(uri).header("Authorization", bearer).retrieve().body(String.class));
            page.path("deliveries").forEach(d -> statuses.put(d.path("deliveryId").asString(), d.path("status").asString()));
            after = page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
        } while (after != null);
        return statuses;
    }

    private static Map<String, Long> counts(JsonNode byStatus) {
        Map<String, Long> counts = new TreeMap<>();
        byStatus.properties().forEach(e -> {
            if (e.getValue().asLong() > 0) {
                counts.put(e.getKey(), e.getValue().asLong());
            }
        });
        return counts;
    }

    private void awaitReady(int starts) {
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("The launcher exited during start-up; see " + launcher.logFile());
            }
            return Files.exists(launcher.logFile())
                    && Files.readAllLines(launcher.logFile()).stream().filter(l -> l.contains(READY)).count() >= starts;
        });
    }

    /** A port offset whose every launcher port is free (8080–8087, 9092, 9101–9102, 27017). */
    private static int freePortOffset() {
        int[] ports = {8080, 8081, 8082, 8083, 8084, 8085, 8086, 8087, 9092, 9101, 9102, 27017};
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(10_000, 38_000);
            boolean free = true;
            for (int port : ports) {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(new InetSocketAddress(port + offset));
                } catch (IOException taken) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return offset;
            }
        }
        throw new IllegalStateException("No free port offset found");
    }

    /** Bytes in the files ending with {@code suffix} (Kafka's index files are sparse: their length says nothing). */
    private static long sizeKiB(Path dir, String suffix) {
        try (var files = Files.walk(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(suffix))
                    .mapToLong(f -> f.toFile().length()).sum() / 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
