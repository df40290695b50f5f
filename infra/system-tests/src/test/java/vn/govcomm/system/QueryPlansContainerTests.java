package vn.govcomm.system;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CreateCollectionOptions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.testcontainers.junit.jupiter.Testcontainers;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.local.PlatformService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 item 4: the same code path uses proper indexes on a real MongoDB replica set. The process platform (every
 * service its own JVM, as {@link ScaleHarness} runs it) on MongoDB 8.0 in a container ({@code Store.MONGODB}); the
 * profiler records every operation of every service database (level 2) while one campaign to generated agencies × the
 * 4 channels goes out, settles and its report is read as the console reads it. Fails on any query, update, delete,
 * findAndModify, aggregate, count or distinct on a service collection whose plan is a collection scan ({@code COLLSCAN}),
 * listing each by database, collection, command and filter; and unless the campaign settled with no lost or duplicate
 * delivery (the harness's own checks). Needs Docker: skipped where there is none (as on the development machine).
 * <p>
 * {@code -DqueryPlans.agencies=N} (30) sizes the campaign.
 */
@Testcontainers(disabledWithoutDocker = true)
class QueryPlansContainerTests {

    static final int AGENCIES = Integer.getInteger("queryPlans.agencies", 30);
    static final List<String> CHANNELS = List.of("portal", "facebook", "zalo", "led");
    /** Room for every profiled operation of the run (the default profile collection is a 1 MB capped collection). */
    static final long PROFILE_BYTES = 256L * 1024 * 1024;
    /** Operations that choose a plan; inserts have none, getMores repeat their query's. */
    static final Set<String> PLANNED_COMMANDS = Set.of("find", "update", "delete", "findAndModify", "aggregate", "count",
            "distinct");

    /**
     * Collections allowed a collection scan, {@code <database>.<collection>} → why (keep it as small as possible; a
     * reason must say why the collection stays a handful of documents, or why the scan is bounded). None so far.
     */
    static final Map<String, String> ALLOWED_SCANS = Map.of();

    @Test
    void everyQueryOfACampaignUsesAnIndexAndTheCampaignSettlesOnce() throws Exception {
        Path work = Path.of("target", "query-plans", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        Files.createDirectories(work);
        Path seed = work.resolve("agencies.json");
        Path tokens = work.resolve("page-tokens.yml");
        ScaleHarness.writeDirectory(AGENCIES, seed, tokens);
        long expected = (long) AGENCIES * CHANNELS.size();

        try (BenchPlatform.Processes platform = new BenchPlatform.Processes(work, seed, tokens, AGENCIES,
                ProcessPlatform.Store.MONGODB);
             MongoClient mongo = MongoClients.create(platform.mongoUri())) {
            System.out.println("Store: " + platform.storeDescription() + "; process logs: " + work);
            // As the harness: the directory reaches its readers before the campaign (the publisher gives up otherwise).
            ScaleHarness.awaitRecords(platform.kafkaBootstrapServers(), EventTypes.TOPIC_AGENCY_DIRECTORY, AGENCIES,
                    Duration.ofMinutes(5));
            ScaleHarness.awaitConsumed(platform.kafkaBootstrapServers(), EventTypes.TOPIC_AGENCY_DIRECTORY,
                    List.of("notice-publishing-service.directory", "led-adapter.directory"), Duration.ofMinutes(5));

            Set<String> databases = serviceDatabases();
            databases.forEach(db -> profileEverything(mongo.getDatabase(db)));

            Instant approved = Instant.now();
            String campaignId = platform.startCampaign(CHANNELS);
            Duration settled = ScaleHarness.awaitSettled(platform, campaignId, expected, approved, Duration.ofMinutes(10));
            if (settled != null) {
                readTheReportAsTheConsoleDoes(platform, campaignId);
            }
            databases.forEach(db -> mongo.getDatabase(db).runCommand(new Document("profile", 0)));

            Map<String, Long> profiled = new TreeMap<>();
            Map<String, Long> plans = new TreeMap<>();
            List<String> scans = new ArrayList<>();
            for (String db : databases) {
                profiled.put(db, readProfile(mongo.getDatabase(db), plans, scans));
            }
            Set<String> unprofiled = new TreeSet<>();
            mongo.listDatabaseNames().forEach(unprofiled::add);
            unprofiled.removeAll(Set.of("admin", "config", "local"));
            unprofiled.removeAll(databases);
            System.out.println("Operations profiled per database: " + profiled + "\nPlans (operation | plan → count): " + plans);

            assertThat(settled).as("the campaign settled (%d deliveries; publisher = report, nothing in flight)", expected)
                    .isNotNull();
            ScaleHarness.Correctness correctness = ScaleHarness.Correctness.check(platform, campaignId, expected, CHANNELS);
            assertThat(correctness.ok()).as("no lost or duplicate delivery: %s", correctness.describe()).isTrue();
            assertThat(unprofiled).as("databases written during the run that were not profiled (their queries unchecked)")
                    .isEmpty();
            assertThat(profiled).as("every service database recorded operations during the campaign")
                    .allSatisfy((db, operations) -> assertThat(operations).as(db).isPositive());
            assertThat(scans).as("operations on service collections planned as a collection scan (database.collection "
                    + "command × times: filter, sort, plan)").isEmpty();
        }
    }

    /** The databases of the platform's services, each from its own configuration ({@code govcomm.database}). */
    static Set<String> serviceDatabases() {
        Set<String> databases = new LinkedHashSet<>();
        for (PlatformService service : ProcessPlatform.SERVICES) {
            try {
                String database = null;
                for (PropertySource<?> source : new YamlPropertySourceLoader().load(service.serviceName(),
                        new ClassPathResource(service.serviceName() + ".yml"))) {
                    if (database == null && source.getProperty("govcomm.database") != null) {
                        database = String.valueOf(source.getProperty("govcomm.database"));
                    }
                }
                assertThat(database).as("govcomm.database of " + service.serviceName()).isNotBlank();
                databases.add(database);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return databases;
    }

    /** Profiling level 2 (every operation) into a profile collection large enough for the run. */
    static void profileEverything(MongoDatabase database) {
        database.runCommand(new Document("profile", 0)); // the profile collection can only be replaced while off
        database.getCollection("system.profile").drop();
        database.createCollection("system.profile", new CreateCollectionOptions().capped(true).sizeInBytes(PROFILE_BYTES));
        database.runCommand(new Document("profile", 2));
    }

    /**
     * Reads one database's profile: counts the plans of the planned operations on service collections into
     * {@code plans}, adds every collection scan not allowed to {@code scans} (one line per database, collection,
     * command and filter shape, with how often); answers how many operations were profiled.
     */
    static long readProfile(MongoDatabase database, Map<String, Long> plans, List<String> scans) {
        Map<String, Long> scanCounts = new LinkedHashMap<>();
        Map<String, String> scanExamples = new LinkedHashMap<>();
        long operations = 0;
        for (Document entry : database.getCollection("system.profile").find()) {
            operations++;
            String ns = entry.getString("ns");
            if (ns == null || !ns.contains(".")) {
                continue;
            }
            String collection = ns.substring(ns.indexOf('.') + 1);
            Document command = entry.get("command", Document.class);
            String name = commandName(entry.getString("op"), command);
            if (collection.startsWith("system.") || command == null || !PLANNED_COMMANDS.contains(name)) {
                continue;
            }
            String plan = entry.getString("planSummary");
            plans.merge(database.getName() + " " + name + " | " + (plan == null ? "-" : plan.replaceAll(" \\{.*", "")),
                    1L, Long::sum);
            if (plan == null || !plan.contains("COLLSCAN") || ALLOWED_SCANS.containsKey(ns)) {
                continue;
            }
            Object filter = filterOf(name, command);
            String key = ns + " " + name + ": " + json(shape(filter))
                    + (command.get("sort") == null ? "" : ", sort " + json(shape(command.get("sort"))));
            scanCounts.merge(key, 1L, Long::sum);
            scanExamples.putIfAbsent(key, "filter " + json(filter) + (command.get("sort") == null ? ""
                    : ", sort " + json(command.get("sort"))) + ", plan " + plan);
        }
        scanCounts.forEach((key, times) -> scans.add(key + " × " + times + " (e.g. " + scanExamples.get(key) + ")"));
        return operations;
    }

    /** The command of a profile entry: {@code find} for a query, the op for update/remove, else the command's first key. */
    static String commandName(String op, Document command) {
        return switch (op == null ? "" : op) {
            case "query" -> "find";
            case "update" -> "update";
            case "remove" -> "delete";
            case "command" -> command == null || command.isEmpty() ? ""
                    : PLANNED_COMMANDS.stream().filter(command.keySet().iterator().next()::equalsIgnoreCase).findFirst()
                    .orElse(command.keySet().iterator().next()); // findandmodify as some drivers spell it
            default -> op;
        };
    }

    /** What selects the documents: the filter of a find, the {@code q} of an update or delete, and so on. */
    static Object filterOf(String name, Document command) {
        return switch (name) {
            case "find" -> command.get("filter");
            case "update", "delete" -> command.get("q");
            case "findAndModify", "count", "distinct" -> command.get("query");
            case "aggregate" -> command.get("pipeline");
            default -> null;
        };
    }

    /** The filter with its values blanked out ({@code ?}), so that the same query with other values groups together. */
    static Object shape(Object value) {
        if (value instanceof Document document) {
            Document out = new Document();
            document.forEach((BiConsumer<String, Object>) (k, v) -> out.put(k, shape(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(QueryPlansContainerTests::shape).distinct().toList();
        }
        return value == null ? new Document() : "?";
    }

    static String json(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(QueryPlansContainerTests::json).toList().toString();
        }
        return value instanceof Document d ? d.toJson() : String.valueOf(value);
    }

    /**
     * After the campaign, the reads an officer's console makes of its result (the report page, per-agency counts,
     * the compliance grid, the timeline, the publisher's delivery list), so their plans are checked too.
     */
    static void readTheReportAsTheConsoleDoes(BenchPlatform.Processes platform, String campaignId) {
        ProcessPlatform processes = platform.platform();
        String reports = processes.bearer(PlatformService.REPORTING, "bench.approver", "bench-0", "approver");
        for (String uri : List.of("/api/reports/campaigns/{id}?size=100", "/api/reports/campaigns/{id}/agencies?size=100",
                "/api/reports/campaigns/{id}/compliance", "/api/reports/campaigns/{id}/timeline")) {
            processes.client(PlatformService.REPORTING).get().uri(uri, campaignId).header("Authorization", reports)
                    .retrieve().toBodilessEntity();
        }
        processes.client(PlatformService.PUBLISHING).get().uri("/api/publications/{id}/deliveries?limit=5000", campaignId)
                .header("Authorization", processes.bearer(PlatformService.PUBLISHING, "bench.approver", "bench-0", "approver"))
                .retrieve().toBodilessEntity();
    }
}
