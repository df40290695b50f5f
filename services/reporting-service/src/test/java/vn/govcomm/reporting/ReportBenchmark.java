package vn.govcomm.reporting;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.web.client.RestClient;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.Caller;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.contracts.events.CampaignScheduled;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.reporting.compliance.ComplianceSettings;
import vn.govcomm.reporting.compliance.ComplianceView;
import vn.govcomm.reporting.compliance.LegacyComplianceView;
import vn.govcomm.reporting.projections.CampaignProjection;
import vn.govcomm.reporting.projections.Decoded;
import vn.govcomm.reporting.projections.DeliveryProjection;
import vn.govcomm.reporting.projections.DeliveryProjection.Observed;
import vn.govcomm.reporting.projections.LegacyDeliveryProjection;
import vn.govcomm.reporting.projections.ReadModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * How fast reporting works for a campaign of 40,000 deliveries (10,000 agencies × 4 channels), the new read models
 * side by side with the approaches they replaced, in one run (README, "Benchmark"; results in
 * docs/benchmarks-reporting.md). Starts the service on an embedded broker and MongoDB-wire store, then:
 * <ol>
 *   <li>live projection path ({@code record}, the code the Kafka listeners call) with 1,000 rows already in the
 *       collection (the warm-up of each path), new against old ({@link LegacyDeliveryProjection}, in a database of
 *       its own);</li>
 *   <li>the directory (10,000 agency snapshots) and the plan (one CampaignScheduled with 10,000 targets) through
 *       the projections; 40,000 + 10,000 rows bulk-inserted and {@code recount}ed (which builds the per-agency
 *       documents the live path maintains incrementally; equality of the two is tested);</li>
 *   <li>live path again with 52,000 rows in the collection, new against old (the old one time-bounded);</li>
 *   <li>HTTP answers of the running service, each beside the old way of answering it where there was one
 *       (in-process, no HTTP), after up to 20 warm-up calls.</li>
 * </ol>
 *
 * <pre>./mvnw -q -pl services/reporting-service test-compile exec:java \
 *     -Dexec.mainClass=vn.govcomm.reporting.ReportBenchmark -Dexec.classpathScope=test [-Dexec.args="40000 200"]</pre>
 */
public final class ReportBenchmark {

    interface Recorder {
        void record(Observed event, DeliveryStatus status, Instant at);
    }

    public static void main(String[] args) throws Exception {
        int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int agencies = (deliveries + 3) / 4;
        System.out.println("load average at start: " + loadAverage());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMongo mongo = EmbeddedMongo.inMemory();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(ReportingApplication.class).run(
                     "--spring.config.name=reporting-service", "--server.port=0", "--spring.main.banner-mode=off",
                     "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                     "--spring.mongodb.uri=" + mongo.uri(""), "--logging.level.root=WARN",
                     "--" + TestCallers.PUBLIC_KEYS_PROPERTY + "=" + TestCallers.publicKeys());
             MongoClient client = MongoClients.create(mongo.uri(""))) {
            DeliveryProjection projection = app.getBean(DeliveryProjection.class);
            CampaignProjection campaigns = app.getBean(CampaignProjection.class);
            MongoTemplate template = app.getBean(MongoTemplate.class);
            MongoTemplate legacyStore = new MongoTemplate(client, "govcomm_reporting_legacy");
            LegacyDeliveryProjection legacy = new LegacyDeliveryProjection(legacyStore);
            String campaignId = "cmp-bench";
            List<String> out = new ArrayList<>();

            // 1. Live path with 1,000 rows in the collection: they are the warm-up (JIT) of each path, 1,000 deliveries.
            live("warm-up", projection::record, "cmp-warm", 1000, Duration.ofMinutes(5));
            live("warm-up", legacy::record, "cmp-warm", 1000, Duration.ofMinutes(5));
            out.add(live("live path, new (2,000 rows in the collection: 1,000 before, 1,000 during)", projection::record, "cmp-live-a", 1000, Duration.ofMinutes(5)));
            out.add(live("live path, old (2,000 rows in the collection: 1,000 before, 1,000 during)", legacy::record, "cmp-live-a", 1000, Duration.ofMinutes(3)));

            // 2. Directory, plan and the 40,000 rows.
            long start = System.nanoTime();
            Instant t = Instant.parse("2025-01-01T00:00:00Z");
            for (int a = 0; a < agencies; a++) {
                campaigns.onAgencyChanged(Decoded.as(AgencyChanged.class, agency(a)), t);
            }
            out.add(String.format(Locale.ROOT, "directory, new: %d agency snapshots in %.1f s (%.0f events/s)", agencies,
                    seconds(start), agencies / seconds(start)));
            out.add(legacyDirectory(legacyStore, agencies, t, Duration.ofSeconds(90)));
            start = System.nanoTime();
            campaigns.onScheduled(Decoded.as(CampaignScheduled.class, plan(campaignId, agencies)), t);
            out.add(String.format(Locale.ROOT, "plan: CampaignScheduled with %d targets projected in %.1f s", agencies, seconds(start)));
            start = System.nanoTime();
            bulk(template, campaignId, deliveries);
            bulk(template, "cmp-other", deliveries / 4); // another campaign's rows in the same collection
            projection.recount(campaignId);
            projection.recount("cmp-other");
            out.add(String.format(Locale.ROOT, "bulk: %d + %d rows inserted and recounted (counters, per-agency documents) in %.1f s",
                    deliveries, deliveries / 4, seconds(start)));
            bulk(legacyStore, campaignId, deliveries);
            bulk(legacyStore, "cmp-other", deliveries / 4);

            // 3. Live path, 51,000 rows in the collection.
            out.add(live("live path, new (" + (deliveries + deliveries / 4 + 2000) + " rows in the collection)", projection::record,
                    "cmp-live-b", 1000, Duration.ofMinutes(5)));
            out.add(live("live path, old (" + (deliveries + deliveries / 4 + 2000) + " rows in the collection, time-bounded)",
                    legacy::record, "cmp-live-b", 1000, Duration.ofSeconds(90)));
            out.forEach(System.out::println);

            // 4. Answers.
            // An admin's caller token, fresh for every request (they live 60 s): one ES256 signature per call.
            RestClient http = RestClient.builder().baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port"))
                    .requestInterceptor(Callers.as("so-noi-vu", Caller.ADMIN)).build();
            String base = "/api/reports/campaigns/" + campaignId;
            String middleAgency = "agency-" + agencies / 2;
            String middleDelivery = campaignId + "-dlv-" + String.format("%06d", deliveries / 2);
            LegacyComplianceView oldGrid = new LegacyComplianceView(template, new ComplianceSettings(null));
            System.out.println();
            System.out.println("| what | iterations | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            row("GET /counts (counters document)", iterations, () -> http.get().uri(base + "/counts").retrieve().body(String.class));
            row("old: aggregation $group by channel,status over the rows (in-process)", Math.max(5, iterations / 10),
                    () -> template.aggregate(Aggregation.newAggregation(
                            Aggregation.match(Criteria.where("campaignId").is(campaignId)),
                            Aggregation.group("channel", "status").count().as("count")), ReadModels.DELIVERIES, Document.class)
                            .getMappedResults());
            row("GET /agencies?size=100 (per-agency counts, first page)", iterations,
                    () -> http.get().uri(base + "/agencies?size=100").retrieve().body(String.class));
            row("GET /agencies?size=100&after=" + middleAgency + " (a middle page)", iterations,
                    () -> http.get().uri(base + "/agencies?size=100&after=" + middleAgency).retrieve().body(String.class));
            row("old, in-process: per-agency counts = the grid from the targets and every row (LegacyComplianceView)", Math.max(5, iterations / 20),
                    () -> oldGrid.of(campaignId, Instant.now()));
            row("GET /{id} (counters + first page of 100 deliveries)", iterations,
                    () -> http.get().uri(base).retrieve().body(String.class));
            row("GET /{id}?after=" + middleDelivery + " (a middle page)", iterations,
                    () -> http.get().uri(base + "?after=" + middleDelivery).retrieve().body(String.class));
            row("old: first page = find campaignId sort _id limit 101 (in-process, without counters)", Math.max(5, iterations / 10),
                    () -> template.find(Query.query(Criteria.where("campaignId").is(campaignId)).with(Sort.by("_id")).limit(101),
                            Document.class, ReadModels.DELIVERIES));
            row("in-process: ComplianceView.of (the grid from the per-agency documents)", Math.max(5, iterations / 20),
                    () -> app.getBean(ComplianceView.class).of(campaignId, Instant.now()));
            row("GET /compliance (agency × channel grid, " + agencies + " agencies)", Math.max(5, iterations / 20),
                    () -> http.get().uri(base + "/compliance").retrieve().body(String.class));
            row("GET /export/report.xlsx (3 sheets, every delivery)", 3,
                    () -> http.get().uri(base + "/export/report.xlsx").retrieve().body(byte[].class));
        }
        System.out.println("load average at end: " + loadAverage());
        System.exit(0);
    }

    /** Deliveries through a projection: each DISPATCHED then PUBLISHED/DISPLAYED, FAILED or ACCEPTED. */
    static String live(String what, Recorder projection, String campaignId, int deliveries, Duration budget) {
        Instant t = Instant.parse("2025-02-03T01:00:00Z");
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        int events = 0;
        for (int i = 0; i < deliveries && System.nanoTime() < deadline; i++) {
            String channel = vn.govcomm.contracts.Channels.ALL.get(i % 4);
            Observed data = new Observed(campaignId + "-dlv-" + i, campaignId, "agency-" + (i / 4), channel,
                    "agency-" + (i / 4) + "." + channel, 1, null, null, null, null, null);
            projection.record(data, DeliveryStatus.DISPATCHED, t);
            DeliveryStatus end = i % 10 == 0 ? DeliveryStatus.FAILED : i % 10 == 1 ? DeliveryStatus.ACCEPTED
                    : channel.equals("led") ? DeliveryStatus.DISPLAYED : DeliveryStatus.PUBLISHED;
            projection.record(data, end, t.plusSeconds(5));
            events += 2;
        }
        double seconds = seconds(start);
        return String.format(Locale.ROOT, "%s: %d events in %.1f s (%.0f events/s)", what, events, seconds, events / seconds);
    }

    /** The directory projection as it was (guarded upsert with $or: a scan on the embedded store), time-bounded. */
    static String legacyDirectory(MongoTemplate mongo, int agencies, Instant t, Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        int n = 0;
        for (; n < agencies && System.nanoTime() < deadline; n++) {
            Document data = agency(n);
            Update update = new Update().set("name", data.getString("name")).set("type", data.getString("type"))
                    .set("groups", List.of()).set("active", true).set("occurredAt", Date.from(t));
            Query guard = Query.query(Criteria.where("_id").is(data.getString("agencyId")).orOperator(
                    Criteria.where("occurredAt").exists(false), Criteria.where("occurredAt").lt(Date.from(t))));
            try {
                mongo.upsert(guard, update, ReadModels.AGENCIES);
            } catch (DuplicateKeyException newerKept) {
                // as the old code
            }
        }
        return String.format(Locale.ROOT, "directory, old: %d agency snapshots in %.1f s (%.0f events/s, time-bounded)",
                n, seconds(start), n / seconds(start));
    }

    static Document agency(int a) {
        return new Document("agencyId", "agency-" + a).append("name", "Ủy ban nhân dân xã " + a).append("type", "COMMUNE")
                .append("endpoints", vn.govcomm.contracts.Channels.ALL.subList(0, 4).stream().map(c -> new Document("channel", c)).toList());
    }

    static Document plan(String campaignId, int agencies) {
        return new Document("campaignId", campaignId).append("code", "KH-BENCH").append("version", 1)
                .append("notice", new Document("title", "Khảo sát mức độ hài lòng"))
                .append("publishAt", "2025-02-03T08:00:00+07:00")
                .append("window", new Document("startsAt", "2025-02-01T00:00:00+07:00").append("endsAt", "2025-03-01T00:00:00+07:00"))
                .append("targets", IntStream.range(0, agencies)
                        .mapToObj(a -> new Document("agencyId", "agency-" + a).append("channels", vn.govcomm.contracts.Channels.ALL.subList(0, 4))).toList());
    }

    /** Rows as the projection leaves them (counted): deliveries/4 agencies × 4 channels; 80% achieved, 10% failed, 10% accepted. */
    static void bulk(MongoTemplate template, String campaignId, int deliveries) {
        List<Document> rows = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            String channel = vn.govcomm.contracts.Channels.ALL.get(i % 4);
            String status = (i % 10 == 0 ? DeliveryStatus.FAILED : i % 10 == 1 ? DeliveryStatus.ACCEPTED
                    : channel.equals("led") ? DeliveryStatus.DISPLAYED : DeliveryStatus.PUBLISHED).name();
            Document row = new Document("_id", campaignId + "-dlv-" + String.format("%06d", i)).append("campaignId", campaignId)
                    .append("agencyId", "agency-" + (i / 4)).append("channel", channel)
                    .append("endpointId", "agency-" + (i / 4) + "." + channel).append("status", status)
                    .append("attempt", 1).append("statusAt", new Date()).append("counted", status).append("countedAttempt", 1);
            if (status.equals("FAILED")) {
                row.append("reasonCode", "FB_TOKEN_EXPIRED").append("reason", "Mã truy cập đã hết hạn");
            }
            rows.add(row);
            if (rows.size() == 5000) {
                template.insert(rows, ReadModels.DELIVERIES);
                rows = new ArrayList<>();
            }
        }
        if (!rows.isEmpty()) {
            template.insert(rows, ReadModels.DELIVERIES);
        }
    }

    static void row(String what, int iterations, Supplier<Object> call) {
        for (int i = 0; i < Math.min(20, iterations); i++) {
            call.get(); // warm-up
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            call.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |%n", what, iterations,
                millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.95) - 1), millis.get(millis.size() - 1));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
