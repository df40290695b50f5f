package vn.govcomm.publishing.benchmark;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.publishing.NoticePublishingApplication;
import vn.govcomm.publishing.TestStack;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.deliveries.Rendering;
import vn.govcomm.publishing.dispatch.BulkDispatcher;
import vn.govcomm.publishing.publications.Publications;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Rerunnable harness (see README): in ONE run on the embedded stack (in-process KRaft broker, mongo-java-server)
 * it measures
 * <ol>
 * <li>the raw Kafka produce rate of records equivalent to the fan-out's (same DeliveryRequested payloads,
 * headers, keys, topics and producer settings), with nothing else going on;</li>
 * <li>the fan-out of one campaign to N agencies × 4 channels through the real service (scheduler, lease,
 * batched send, bulk insert of the acknowledged deliveries as DISPATCHED): deliveries/s from publishAt to the last acknowledged batch,
 * and where each batch spends its time;</li>
 * <li>schedule-to-first-dispatch latency (publishAt → first batch acknowledged) over many small campaigns.</li>
 * </ol>
 * Arguments: {@code agencies=10000 rounds=2 latencyCampaigns=40}. Prints a Markdown report.
 */
public final class FanOutBenchmark {

    private FanOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = java.util.Arrays.stream(args).map(a -> a.split("=", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a[1]));
        int agencies = Integer.parseInt(options.getOrDefault("agencies", "10000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
        int latencyCampaigns = Integer.parseInt(options.getOrDefault("latencyCampaigns", "40"));
        String compression = options.getOrDefault("compression", "lz4");
        StringBuilder report = new StringBuilder();
        EmbeddedKafka kafka = TestStack.KAFKA;
        EmbeddedMongo mongo = TestStack.MONGO;
        String database = "publishing_benchmark";
        String[] appArgs = java.util.stream.Stream.of(
                "spring.config.name=" + NoticePublishingApplication.CONFIG_NAME, "server.port=0",
                "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "spring.mongodb.uri=" + mongo.uri(database),
                "spring.mongodb.database=" + database, "spring.main.banner-mode=off",
                "spring.kafka.producer.compression-type=" + compression,
                TestStack.callerKeysProperty(), // no API calls here, but no service starts without trusted keys
                "logging.level.root=WARN", "logging.level.vn.govcomm=WARN").map(p -> "--" + p).toArray(String[]::new);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(NoticePublishingApplication.class).run(appArgs)) {
            MongoTemplate store = app.getBean(MongoTemplate.class);
            Publications publications = app.getBean(Publications.class);
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            List<String> agencyIds = IntStream.range(0, agencies).mapToObj(i -> "bench-agency-" + i).toList();
            for (int from = 0; from < agencies; from += 1000) {
                store.getCollection("agencies").insertMany(agencyIds.subList(from, Math.min(agencies, from + 1000)).stream()
                        .map(TestStack::replicaEntry).toList());
            }
            report.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                    .append(Runtime.version()).append("; ").append(agencies).append(" agencies × 4 channels = ")
                    .append(agencies * 4).append(" deliveries per campaign.\n\n");

            // (a) raw produce of equivalent records
            List<OutgoingEvent> equivalent = equivalentEvents(app, agencyIds);
            report.append("| run | what | records | seconds | records/s |\n|---|---|---|---|---|\n");
            List<Double> rawRates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double seconds = rawProduce(kafka.bootstrapServers(), compression, equivalent);
                rawRates.add(equivalent.size() / seconds);
                report.append(row(round, "raw Kafka produce (same records, same producer settings, " + compression + ")",
                        equivalent.size(), seconds));
            }

            // (b) the fan-out through the service
            List<Double> fanOutRates = new ArrayList<>();
            List<Long> bigFirstDispatch = new ArrayList<>();
            List<Long> duringBig = new ArrayList<>();
            List<String> cpuLoad = new ArrayList<>();
            Map<String, Double> phaseBefore = phases(meters);
            for (int round = 1; round <= rounds; round++) {
                String campaignId = "cmp-bench-" + round;
                Instant publishAt = Instant.now().plusMillis(1500);
                long cpuBefore = processCpuNanos();
                TestStack.schedule(publications, TestStack.campaignScheduled(campaignId, agencyIds, TestStack.CHANNELS, publishAt,
                        publishAt.plus(30, ChronoUnit.DAYS)), "bench-" + round);
                // a small campaign falling due while the big one is being expanded
                TestStack.schedule(publications, TestStack.campaignScheduled("cmp-during-" + round, agencyIds.subList(0, 10),
                        TestStack.CHANNELS, publishAt.plusSeconds(3), publishAt.plus(30, ChronoUnit.DAYS)), "during-" + round);
                Document done = awaitExpanded(store, campaignId + ":v1", Duration.ofMinutes(10));
                long cpuNanos = processCpuNanos() - cpuBefore;
                Document during = awaitExpanded(store, "cmp-during-" + round + ":v1", Duration.ofMinutes(1));
                duringBig.add(during.getDate("firstDispatchAt").getTime() - during.getDate("publishAt").getTime());
                long publishMs = done.getDate("publishAt").getTime();
                double seconds = (done.getDate("lastDispatchAt").getTime() - publishMs) / 1000.0;
                int dispatched = done.getInteger("dispatched");
                fanOutRates.add(dispatched / seconds);
                bigFirstDispatch.add(done.getDate("firstDispatchAt").getTime() - publishMs);
                report.append(row(round, "fan-out publishAt → last batch recorded (" + compression + ")", dispatched, seconds));
                // whole process (service, broker and store share the 2 cores): CPU-s per wall-s, counted from
                // 1.5 s before publishAt, so it slightly understates the load during the fan-out itself
                cpuLoad.add(String.format("%.2f", cpuNanos / 1e9 / (seconds + 1.5)));
            }
            Map<String, Double> phaseAfter = phases(meters);
            report.append("\nRatio fan-out / raw produce (best of each): ")
                    .append(String.format("%.2f", Collections.max(fanOutRates) / Collections.max(rawRates)))
                    .append("  \nSchedule-to-first-dispatch of the big campaigns (ms): ").append(bigFirstDispatch)
                    .append("  \nSchedule-to-first-dispatch of a small campaign falling due 3 s into each big fan-out (ms): ")
                    .append(duringBig)
                    .append("  \nProcess CPU during each fan-out round (CPU-seconds per second, 2.00 = both cores busy): ")
                    .append(cpuLoad).append("\n\n");
            double total = phaseAfter.values().stream().mapToDouble(Double::doubleValue).sum()
                    - phaseBefore.values().stream().mapToDouble(Double::doubleValue).sum();
            report.append("Where fan-out batches spent their time (all rounds):\n\n| phase | seconds | share |\n|---|---|---|\n");
            for (String phase : List.of("lookup", "plan", "send", "insert", "progress")) {
                double s = phaseAfter.get(phase) - phaseBefore.get(phase);
                report.append(String.format("| %s | %.2f | %.0f%% |%n", phase, s, 100 * s / total));
            }

            // (c) schedule-to-first-dispatch over small campaigns (10 agencies × 4 channels), one every 300 ms
            List<Long> latencies = new ArrayList<>();
            Instant base = Instant.now().plusSeconds(2);
            for (int i = 0; i < latencyCampaigns; i++) {
                TestStack.schedule(publications, TestStack.campaignScheduled("cmp-latency-" + i, agencyIds.subList(i, i + 10),
                        TestStack.CHANNELS, base.plusMillis(300L * i), base.plus(30, ChronoUnit.DAYS)), "lat-" + i);
            }
            for (int i = 0; i < latencyCampaigns; i++) {
                Document done = awaitExpanded(store, "cmp-latency-" + i + ":v1", Duration.ofMinutes(2));
                latencies.add(done.getDate("firstDispatchAt").getTime() - done.getDate("publishAt").getTime());
            }
            Collections.sort(latencies);
            report.append(String.format("%nSchedule-to-first-dispatch, %d small campaigns (publishAt → first batch acknowledged): "
                            + "p50 %d ms, p99 %d ms, max %d ms (scheduler interval 250 ms)%n", latencyCampaigns,
                    percentile(latencies, 50), percentile(latencies, 99), latencies.getLast()));
        }
        System.out.println("\n===== BENCHMARK REPORT =====\n" + report);
        TestStack.KAFKA.close();
        TestStack.MONGO.close();
        System.exit(0);
    }

    /** The DeliveryRequested events the fan-out would produce for these agencies (built by the service's own code). */
    private static List<OutgoingEvent> equivalentEvents(ConfigurableApplicationContext app, List<String> agencyIds) {
        Deliveries deliveries = app.getBean(Deliveries.class);
        Document campaign = TestStack.campaignScheduled("cmp-raw", agencyIds, TestStack.CHANNELS, Instant.now(),
                Instant.now().plus(30, ChronoUnit.DAYS));
        Map<String, Document> directory = agencyIds.stream().map(TestStack::replicaEntry)
                .collect(Collectors.toMap(d -> d.getString("_id"), Function.identity()));
        return deliveries.plan(campaign, Rendering.forNotice(campaign.get("notice", Document.class)),
                campaign.getList("targets", Document.class), directory, Instant.now()).stream()
                .map(Deliveries.Planned::event).toList();
    }

    private static double rawProduce(String bootstrap, String compression, List<OutgoingEvent> events) throws InterruptedException {
        Map<String, Object> config = BulkDispatcher.throughputConfig(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.partitionsFor("delivery.requests.portal"); // metadata outside the timing
            CountDownLatch acked = new CountDownLatch(events.size());
            long start = System.nanoTime();
            for (OutgoingEvent event : events) {
                producer.send(EventPublisher.toRecord(event), (m, e) -> acked.countDown());
            }
            if (!acked.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("raw produce did not finish");
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static Document awaitExpanded(MongoTemplate store, String id, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            // progress fields only: the poll must not compete with the fan-out it measures
            Document publication = store.getCollection("publications").find(new Document("_id", id))
                    .projection(new Document("state", 1).append("publishAt", 1).append("firstDispatchAt", 1)
                            .append("lastDispatchAt", 1).append("dispatched", 1)).first();
            if (publication != null && "EXPANDED".equals(publication.getString("state"))) {
                return publication;
            }
            TimeUnit.MILLISECONDS.sleep(20); // a harness polling a store, not a test
        }
        throw new IllegalStateException(id + " was not expanded within " + timeout);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<String, Double> phases(MeterRegistry meters) {
        return List.of("lookup", "plan", "send", "insert", "progress").stream().collect(Collectors.toMap(p -> p, p -> {
            Timer timer = meters.find("govcomm.fanout.batch").tag("phase", p).timer();
            return timer == null ? 0.0 : timer.totalTime(TimeUnit.SECONDS);
        }));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String row(int round, String what, int records, double seconds) {
        return String.format("| %d | %s | %d | %.2f | %,.0f |%n", round, what, records, seconds, records / seconds);
    }
}
