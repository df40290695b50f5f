package vn.govcomm.system;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.local.PlatformService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness: the platform as separate processes, a generated directory of N agencies (each with a portal, a
 * Facebook Page, a Zalo OA and an LED screen), one campaign to all of them on the chosen channels, and, in the
 * same run, the raw Kafka produce rate on the same broker for comparison. Prints a Markdown report.
 * <p>
 * {@code ./mvnw -q -pl infra/system-tests exec:java -Dagencies=10000 -Dchannels=portal,facebook,zalo,led}
 * (defaults: 2000 agencies, all four channels, 15 minutes timeout).
 */
public final class ScaleHarness {

    static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int agencies = Integer.getInteger("agencies", 2000);
        List<String> channels = Arrays.asList(System.getProperty("channels", "portal,facebook,zalo,led").split(","));
        Duration timeout = Duration.ofMinutes(Long.getLong("timeoutMinutes", 15));
        Path work = Path.of("target", "scale", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        Files.createDirectories(work);
        Path seed = work.resolve("agencies.json");
        Path tokens = work.resolve("page-tokens.yml");
        writeDirectory(agencies, seed, tokens);

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("govcomm.directory.seed", "file:" + seed);
        extra.put("spring.config.additional-location", "optional:file:" + tokens);
        try (ProcessPlatform platform = ProcessPlatform.start(work, extra)) {
            for (int i = 0; i < agencies; i++) {
                platform.channels().facebook().registerPage(pageId(i), "Bench page " + i, "bench-token-" + i);
            }
            double rawRate = rawProduceRate(platform.kafkaBootstrapServers(), 200_000);
            // A real directory is long established when a campaign starts: wait until every service reading
            // directory.agencies has caught up, or the publisher gives up on agencies it has not seen yet.
            Duration propagation = awaitConsumed(platform.kafkaBootstrapServers(), "directory.agencies",
                    List.of("notice-publishing-service.directory", "led-adapter.directory"), Duration.ofMinutes(20));
            System.out.println("Directory of " + agencies + " agencies propagated to its readers in " + propagation);
            long expected = (long) agencies * channels.size();

            Instant t0 = Instant.now();
            String campaignId = startCampaign(platform, channels);
            Instant dispatchedAt = null;
            Instant reportedAt = null;
            while (Instant.now().isBefore(t0.plus(timeout)) && reportedAt == null) {
                if (dispatchedAt == null && dispatched(platform, campaignId) >= expected) {
                    dispatchedAt = Instant.now();
                }
                if (reportedByAdapters(platform, campaignId) >= expected) {
                    reportedAt = Instant.now();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
            }
            List<Long> latencies = latenciesMillis(platform, campaignId, t0);
            StringBuilder report = new StringBuilder();
            report.append("| measure | value |\n|---|---|\n");
            report.append("| agencies × channels | ").append(agencies).append(" × ").append(channels.size())
                    .append(" = ").append(expected).append(" deliveries |\n");
            report.append(String.format("| raw Kafka produce, same broker, 512 B, acks=all | %.0f rec/s |%n", rawRate));
            if (dispatchedAt != null) {
                double rate = expected * 1000.0 / Duration.between(t0, dispatchedAt).toMillis();
                report.append(String.format("| approval → all dispatched (publisher) | %.1f s, %.0f deliveries/s (%.3f of raw) |%n",
                        Duration.between(t0, dispatchedAt).toMillis() / 1000.0, rate, rate / rawRate));
            } else {
                report.append("| approval → all dispatched | not reached within ").append(timeout).append(" |\n");
            }
            if (reportedAt != null) {
                double rate = expected * 1000.0 / Duration.between(t0, reportedAt).toMillis();
                report.append(String.format("| approval → every delivery reported by its adapter (reporting) | %.1f s, %.0f deliveries/s end to end (%.3f of raw) |%n",
                        Duration.between(t0, reportedAt).toMillis() / 1000.0, rate, rate / rawRate));
            } else {
                report.append("| approval → all reported | not reached within ").append(timeout).append(" (")
                        .append(reportedByAdapters(platform, campaignId)).append(" reported) |\n");
            }
            if (!latencies.isEmpty()) {
                report.append(String.format("| latency approval → adapter's status, p50 / p99 (%d deliveries) | %d ms / %d ms |%n",
                        latencies.size(), percentile(latencies, 50), percentile(latencies, 99)));
            }
            for (PlatformService s : ProcessPlatform.SERVICES) {
                report.append("| RSS ").append(s.serviceName()).append(" | ")
                        .append(platform.jvm(s).residentMemoryMiB()).append(" MiB |\n");
            }
            report.append("| RSS kafka broker | ").append(platform.brokerJvm().residentMemoryMiB()).append(" MiB |\n");
            report.append("| RSS mongo-java-server | ").append(platform.mongoJvm().residentMemoryMiB()).append(" MiB |\n");
            report.append("\nWhere the services spent their time in the store (MongoDB driver command timers, top 12):\n\n")
                    .append(storeTime(platform));
            System.out.println(report);
            Files.writeString(work.resolve("report.md"), report);
        }
        System.exit(0);
    }

    /**
     * Sums {@code mongodb_driver_commands_seconds} (Micrometer's command listener, on in every service) per
     * service, collection and command: tells which store operations bound the run.
     */
    static String storeTime(ProcessPlatform platform) {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "^mongodb_driver_commands_seconds_(sum|count)\\{(.*)\\} ([0-9.eE+-]+)$");
        Map<String, double[]> totals = new java.util.TreeMap<>();
        for (PlatformService service : ProcessPlatform.SERVICES) {
            String metrics;
            try {
                metrics = platform.client(service).get().uri("/actuator/prometheus").retrieve().body(String.class);
            } catch (RuntimeException e) {
                continue;
            }
            for (String row : metrics.split("\n")) {
                var m = line.matcher(row);
                if (!m.matches()) {
                    continue;
                }
                String labels = m.group(2);
                String key = service.serviceName() + " | " + label(labels, "collection") + " | " + label(labels, "command");
                double[] t = totals.computeIfAbsent(key, k -> new double[2]);
                t[m.group(1).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(3));
            }
        }
        StringBuilder out = new StringBuilder("| service | collection | command | seconds | commands |\n|---|---|---|---|---|\n");
        totals.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(12)
                .forEach(e -> out.append("| ").append(e.getKey()).append(String.format(" | %.1f | %.0f |%n",
                        e.getValue()[0], e.getValue()[1])));
        return out.toString();
    }

    private static String label(String labels, String name) {
        var m = java.util.regex.Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        return m.find() ? m.group(1) : "?";
    }

    static String pageId(int i) {
        return String.valueOf(300000000000000L + i);
    }

    static void writeDirectory(int agencies, Path seed, Path tokens) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder yml = new StringBuilder("govcomm:\n  facebook:\n    page-tokens:\n");
        for (int i = 0; i < agencies; i++) {
            String id = "bench-" + i;
            rows.add(Map.of("agencyId", id, "name", "Ủy ban nhân dân xã thử tải " + i, "shortName", "UBND xã " + i,
                    "type", "COMMUNE_PEOPLES_COMMITTEE", "groups", List.of("bench"), "active", true,
                    "endpoints", List.of(
                            Map.of("endpointId", id + ".portal", "channel", "portal", "externalId", "portal-" + id),
                            Map.of("endpointId", id + ".facebook", "channel", "facebook", "externalId", pageId(i)),
                            Map.of("endpointId", id + ".zalo", "channel", "zalo", "externalId", String.valueOf(4000000000000000000L + i)),
                            Map.of("endpointId", id + ".led-1", "channel", "led", "externalId", "scr-" + id,
                                    "screen", Map.of("lines", 4, "charsPerLine", 40)))));
            yml.append("      \"").append(pageId(i)).append("\": bench-token-").append(i).append('\n');
        }
        Files.writeString(seed, JSON.writeValueAsString(rows));
        Files.writeString(tokens, yml);
    }

    /** Waits until each consumer group has committed the end offset of every partition of the topic. */
    static Duration awaitConsumed(String bootstrap, String topic, List<String> groups, Duration timeout) throws Exception {
        Instant start = Instant.now();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            var latest = admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p,
                    p -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
            for (String group : groups) {
                while (true) {
                    var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    boolean done = partitions.stream().allMatch(p -> committed.get(p) != null
                            && committed.get(p).offset() >= latest.get(p).offset());
                    if (done) {
                        break;
                    }
                    if (Instant.now().isAfter(start.plus(timeout))) {
                        throw new IllegalStateException(group + " did not consume " + topic + " within " + timeout);
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
                }
            }
        }
        return Duration.between(start, Instant.now());
    }

    static double rawProduceRate(String bootstrap, int records) throws InterruptedException {
        byte[] value = new byte[512];
        Arrays.fill(value, (byte) 'x');
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65536),
                new StringSerializer(), new ByteArraySerializer())) {
            // warm-up (topic creation, metadata)
            producer.send(new ProducerRecord<>("bench.raw", "warm", value)).get(30, java.util.concurrent.TimeUnit.SECONDS);
            CountDownLatch done = new CountDownLatch(records);
            AtomicLong failed = new AtomicLong();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("bench.raw", "endpoint-" + (i % 1000), value), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            done.await();
            return records / ((System.nanoTime() - start) / 1e9);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    static String startCampaign(ProcessPlatform platform, List<String> channels) {
        LocalDate today = LocalDate.now();
        String body = """
                {"code": "SCALE-TEST", "issuingAgencyId": "bench-0",
                 "notice": {"title": "Thông báo thử tải", "bodyHtml": "<p>Khảo sát mức độ hài lòng.</p>",
                            "ledText": "Khảo sát mức độ hài lòng năm 2023"},
                 "targets": [{"group": "bench", "channels": %s}],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(JSON.writeValueAsString(channels), today, today.plusMonths(1));
        var campaigns = platform.client(PlatformService.CAMPAIGN);
        String id = JSON.readTree(campaigns.post().uri("/api/campaigns").header("Authorization", platform.bearer(PlatformService.CAMPAIGN, "bench.officer", "bench-0", "officer"))
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class)).path("id").asString();
        campaigns.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", platform.bearer(PlatformService.CAMPAIGN, "bench.officer", "bench-0", "officer")).retrieve().toBodilessEntity();
        campaigns.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", platform.bearer(PlatformService.CAMPAIGN, "bench.approver", "bench-0", "approver"))
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toBodilessEntity();
        return id;
    }

    static long dispatched(ProcessPlatform platform, String campaignId) {
        try {
            JsonNode progress = JSON.readTree(platform.client(PlatformService.PUBLISHING).get()
                    .uri("/api/publications/{id}", campaignId)
                    .header("Authorization", platform.bearer(PlatformService.PUBLISHING, "bench.approver", "bench-0", "approver")).retrieve().body(String.class));
            return progress.path("dispatched").asLong();
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    /** Deliveries whose adapter has reported a status (anything past DISPATCHED), per the reporting service. */
    static long reportedByAdapters(ProcessPlatform platform, String campaignId) {
        try {
            JsonNode counts = JSON.readTree(platform.client(PlatformService.REPORTING).get()
                    .uri("/api/reports/campaigns/{id}/counts", campaignId)
                    .header("Authorization", platform.bearer(PlatformService.REPORTING, "bench.approver", "bench-0", "approver")).retrieve().body(String.class));
            long total = 0;
            for (var e : counts.path("byStatus").properties()) {
                if (!e.getKey().equals("DISPATCHED") && !e.getKey().equals("PENDING")) {
                    total += e.getValue().asLong();
                }
            }
            return total;
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    static List<Long> latenciesMillis(ProcessPlatform platform, String campaignId, Instant t0) {
        List<Long> out = new ArrayList<>();
        try (MongoClient mongo = MongoClients.create(platform.mongoUri())) {
            for (Document row : mongo.getDatabase("govcomm_reporting").getCollection("report_deliveries")
                    .find(new Document("campaignId", campaignId))) {
                if (!"DISPATCHED".equals(row.getString("status")) && row.getDate("statusAt") != null) {
                    out.add(row.getDate("statusAt").toInstant().toEpochMilli() - t0.toEpochMilli());
                }
            }
        }
        out.sort(Long::compare);
        return out;
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
