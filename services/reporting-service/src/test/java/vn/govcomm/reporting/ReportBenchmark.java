package vn.govcomm.reporting;

import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.web.client.RestClient;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.reporting.projections.DeliveryProjection;
import vn.govcomm.reporting.projections.ReadModels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How fast the report answers for a campaign of 40,000 deliveries (README, "Benchmark"; results in
 * docs/benchmarks-reporting.md). Starts the service on an embedded broker and MongoDB-wire store, loads the
 * deliveries (bulk rows + recount; the live projection path is timed separately on 1,000), then times HTTP requests
 * side by side: the counters document (what the API serves) against the aggregation over the rows it replaced.
 *
 * <pre>./mvnw -q -pl services/reporting-service test-compile exec:java \
 *     -Dexec.mainClass=vn.govcomm.reporting.ReportBenchmark -Dexec.classpathScope=test [-Dexec.args="40000 200"]</pre>
 */
public final class ReportBenchmark {

    public static void main(String[] args) {
        int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMongo mongo = EmbeddedMongo.inMemory();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(ReportingApplication.class).run(
                     "--spring.config.name=reporting-service", "--server.port=0", "--spring.main.banner-mode=off",
                     "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                     "--spring.mongodb.uri=" + mongo.uri(""), "--logging.level.root=WARN")) {
            DeliveryProjection projection = app.getBean(DeliveryProjection.class);
            MongoTemplate template = app.getBean(MongoTemplate.class);
            String campaignId = "cmp-bench";
            // Live-path throughput, measured on a small campaign (see the benchmark doc for why not 40,000 here).
            int live = Math.min(1000, deliveries);
            long liveStart = System.nanoTime();
            load(projection, "cmp-live", live);
            double liveSeconds = (System.nanoTime() - liveStart) / 1e9;
            // The 40,000 rows are bulk-inserted as the projection would leave them, then counted by recount().
            long loadStart = System.nanoTime();
            bulk(template, campaignId, deliveries);
            bulk(template, "cmp-other", deliveries / 4); // another campaign's rows in the same collection
            projection.recount(campaignId);
            projection.recount("cmp-other");
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            RestClient http = RestClient.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
            String base = "/api/reports/campaigns/" + campaignId;

            System.out.printf(Locale.ROOT, "%nlive path: %d deliveries (2 events each) through the projection in %.1f s (%.0f events/s)%n",
                    live, liveSeconds, live * 2 / liveSeconds);
            System.out.printf(Locale.ROOT, "bulk: %d + %d rows inserted and recounted in %.1f s%n%n", deliveries, deliveries / 4, loadSeconds);
            System.out.println("| what | iterations | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            row("GET /counts (counters document)", iterations, () -> http.get().uri(base + "/counts").retrieve().body(String.class));
            row("GET /{id} (counters + first page of 100 deliveries)", iterations,
                    () -> http.get().uri(base).retrieve().body(String.class));
            row("aggregation $group by channel,status over the rows (the replaced approach, in-process)", Math.max(5, iterations / 10),
                    () -> template.aggregate(Aggregation.newAggregation(
                            Aggregation.match(Criteria.where("campaignId").is(campaignId)),
                            Aggregation.group("channel", "status").count().as("count")), ReadModels.DELIVERIES, Document.class)
                            .getMappedResults());
            row("GET /compliance (agency × channel grid from the rows)", Math.max(5, iterations / 20),
                    () -> http.get().uri(base + "/compliance").retrieve().body(String.class));
            row("GET /export/report.xlsx (3 sheets, every delivery)", 3,
                    () -> http.get().uri(base + "/export/report.xlsx").retrieve().body(byte[].class));
        }
        System.exit(0);
    }

    /** deliveries/4 agencies × 4 channels; each delivery DISPATCHED then ACCEPTED then PUBLISHED, FAILED or left. */
    static void load(DeliveryProjection projection, String campaignId, int deliveries) {
        Instant t = Instant.parse("2025-02-03T01:00:00Z");
        List<String> channels = ReadModels.CHANNELS;
        for (int i = 0; i < deliveries; i++) {
            String channel = channels.get(i % 4);
            Document data = new Document("deliveryId", campaignId + "-dlv-" + i).append("campaignId", campaignId)
                    .append("agencyId", "agency-" + (i / 4)).append("channel", channel)
                    .append("endpointId", "agency-" + (i / 4) + "." + channel).append("attempt", 1);
            projection.record(data, DeliveryStatus.DISPATCHED, t);
            DeliveryStatus end = i % 10 == 0 ? DeliveryStatus.FAILED : i % 10 == 1 ? DeliveryStatus.ACCEPTED
                    : channel.equals("led") ? DeliveryStatus.DISPLAYED : DeliveryStatus.PUBLISHED;
            projection.record(data, end, t.plusSeconds(5));
        }
    }

    static void bulk(MongoTemplate template, String campaignId, int deliveries) {
        List<Document> rows = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            String channel = ReadModels.CHANNELS.get(i % 4);
            String status = (i % 10 == 0 ? DeliveryStatus.FAILED : i % 10 == 1 ? DeliveryStatus.ACCEPTED
                    : channel.equals("led") ? DeliveryStatus.DISPLAYED : DeliveryStatus.PUBLISHED).name();
            rows.add(new Document("_id", campaignId + "-dlv-" + String.format("%06d", i)).append("campaignId", campaignId)
                    .append("agencyId", "agency-" + (i / 4)).append("channel", channel)
                    .append("endpointId", "agency-" + (i / 4) + "." + channel).append("status", status)
                    .append("attempt", 1).append("statusAt", new java.util.Date()).append("counted", status));
            if (rows.size() == 5000) {
                template.insert(rows, ReadModels.DELIVERIES);
                rows = new ArrayList<>();
            }
        }
        template.insert(rows, ReadModels.DELIVERIES);
        Document campaign = new Document("_id", campaignId).append("title", "Khảo sát mức độ hài lòng").append("version", 1)
                .append("publishAt", "2025-02-03T08:00:00+07:00")
                .append("window", new Document("startsAt", "2025-02-01T00:00:00+07:00").append("endsAt", "2025-03-01T00:00:00+07:00"))
                .append("targets", java.util.stream.IntStream.range(0, (deliveries + 3) / 4)
                        .mapToObj(a -> new Document("agencyId", "agency-" + a).append("channels", ReadModels.CHANNELS)).toList());
        template.save(campaign, ReadModels.CAMPAIGNS);
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
}
