package vn.govcomm.system;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.fakes.facebook.FakeFacebookGraph;
import vn.govcomm.local.DemoUsers;
import vn.govcomm.local.PlatformService;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ScaleHarness} runs its campaign against: the process platform (every service its own JVM) or the
 * one-JVM launcher started as a child process the README's way. Both answer the same questions: the publisher's
 * progress, the report's counts, each service's Prometheus page, the processes to measure, the Facebook fake's posts.
 */
interface BenchPlatform extends AutoCloseable {

    JsonMapper JSON = JsonMapper.builder().build();

    /** A post on the Facebook fake: its message (carrying the adapter's {@code #dlv-...} marker) and whether it was deleted. */
    record Post(String message, boolean deleted) {
    }

    /** An article on the Zalo fake: its body's text (carrying the adapter's {@code GC-...} reference) and whether it was removed. */
    record Article(String text, boolean removed) {
    }

    String kafkaBootstrapServers();

    String mongoUri();

    /** Which store the services used, for the report. */
    String storeDescription();

    /** Agencies in the directory the platform was seeded with (the records {@code directory.agencies} gets). */
    int directorySize();

    /** Creates, submits and approves one campaign to the generated agencies (group {@code bench}); answers its id. */
    String startCampaign(List<String> channels);

    /** The publisher's progress of the campaign, null while it does not answer (no publication yet). */
    JsonNode progress(String campaignId);

    /** The report's counts of the campaign ({@code total}, {@code byStatus}), null while it does not answer. */
    JsonNode counts(String campaignId);

    /** Each service's {@code /actuator/prometheus} page; a service that does not answer is left out. */
    Map<String, String> metricsPages();

    /** The operating-system processes of the platform by name, in the order of the report. */
    Map<String, ChildJvm> processes();

    /** Every article ever created on the Zalo fake. */
    List<Article> zaloArticles();

    /** What else runs in the harness's own JVM (measured as the harness's process), for the report. */
    String harnessJvmHolds();

    List<Post> facebookPosts();

    @Override
    void close();

    static Map<String, Object> campaign(String issuingAgencyId, List<String> channels) {
        LocalDate today = LocalDate.now();
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("title", "Thông báo thử tải");
        notice.put("bodyHtml", "<p>Khảo sát mức độ hài lòng.</p>");
        notice.put("ledText", "Khảo sát mức độ hài lòng năm 2023");
        Map<String, Object> campaign = new LinkedHashMap<>();
        campaign.put("code", "SCALE-TEST");
        campaign.put("issuingAgencyId", issuingAgencyId);
        campaign.put("notice", notice);
        campaign.put("targets", List.of(Map.of("group", "bench", "channels", channels)));
        campaign.put("window", Map.of("startDate", today.toString(), "endDate", today.plusMonths(1).toString()));
        return campaign;
    }

    /** Creates, submits and approves; {@code bearer} gives the officer's and the approver's authorisation. */
    static String createSubmitApprove(RestClient campaigns, Map<String, Object> campaign, String officer, String approver) {
        String id = JSON.readTree(campaigns.post().uri("/api/campaigns").header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(campaign))
                .retrieve().body(String.class)).path("id").asString();
        campaigns.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer).retrieve().toBodilessEntity();
        campaigns.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", approver)
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toBodilessEntity();
        return id;
    }

    static JsonNode getOrNull(RestClient client, String uri, String bearer, Object... variables) {
        try {
            return JSON.readTree(client.get().uri(uri, variables).header("Authorization", bearer).retrieve().body(String.class));
        } catch (RuntimeException notYet) {
            return null;
        }
    }

    static String pageOrNull(String url) {
        try {
            return RestClient.create(url).get().uri("/actuator/prometheus").retrieve().body(String.class);
        } catch (RuntimeException notAnswering) {
            return null;
        }
    }

    // ---------------------------------------------------------------- every service its own JVM

    /**
     * {@link ProcessPlatform}: broker, store and the seven services as processes; the channel fakes in this JVM. The
     * store as {@code -Dstore} chooses it (a MongoDB container is not one of the measured processes).
     */
    final class Processes implements BenchPlatform {

        private final ProcessPlatform platform;
        private final int agencies;

        Processes(Path work, Path seed, Path tokens, int agencies) {
            this(work, seed, tokens, agencies, ProcessPlatform.Store.fromSystemProperty());
        }

        Processes(Path work, Path seed, Path tokens, int agencies, ProcessPlatform.Store store) {
            this.agencies = agencies;
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("govcomm.directory.seed", "file:" + seed);
            extra.put("spring.config.additional-location", "optional:file:" + tokens);
            platform = ProcessPlatform.start(work, extra, store);
            platform.channels().facebook().registerPages(java.util.stream.IntStream.range(0, agencies)
                    .mapToObj(i -> new FakeFacebookGraph.PageRegistration(ScaleHarness.pageId(i), "Bench page " + i,
                            "bench-token-" + i)).toList());
        }

        @Override
        public String kafkaBootstrapServers() {
            return platform.kafkaBootstrapServers();
        }

        @Override
        public String mongoUri() {
            return platform.mongoUri();
        }

        @Override
        public String storeDescription() {
            return platform.storeDescription();
        }

        /** The process platform itself (tests call its services with their own caller tokens). */
        ProcessPlatform platform() {
            return platform;
        }

        @Override
        public int directorySize() {
            return agencies;
        }

        @Override
        public String startCampaign(List<String> channels) {
            return createSubmitApprove(platform.client(PlatformService.CAMPAIGN), campaign("bench-0", channels),
                    platform.bearer(PlatformService.CAMPAIGN, "bench.officer", "bench-0", "officer"),
                    platform.bearer(PlatformService.CAMPAIGN, "bench.approver", "bench-0", "approver"));
        }

        @Override
        public JsonNode progress(String campaignId) {
            return getOrNull(platform.client(PlatformService.PUBLISHING), "/api/publications/{id}",
                    platform.bearer(PlatformService.PUBLISHING, "bench.approver", "bench-0", "approver"), campaignId);
        }

        @Override
        public JsonNode counts(String campaignId) {
            return getOrNull(platform.client(PlatformService.REPORTING), "/api/reports/campaigns/{id}/counts",
                    platform.bearer(PlatformService.REPORTING, "bench.approver", "bench-0", "approver"), campaignId);
        }

        @Override
        public Map<String, String> metricsPages() {
            Map<String, String> pages = new LinkedHashMap<>();
            for (PlatformService service : ProcessPlatform.SERVICES) {
                String page = pageOrNull(platform.url(service));
                if (page != null) {
                    pages.put(service.serviceName(), page);
                }
            }
            return pages;
        }

        @Override
        public Map<String, ChildJvm> processes() {
            Map<String, ChildJvm> processes = new LinkedHashMap<>();
            ProcessPlatform.SERVICES.forEach(s -> processes.put(s.serviceName(), platform.jvm(s)));
            processes.put("kafka broker", platform.brokerJvm());
            if (platform.store() != ProcessPlatform.Store.MONGODB) {
                processes.put("store (mongo-java-server)", platform.mongoJvm());
            }
            return processes;
        }

        @Override
        public String harnessJvmHolds() {
            return "harness + channel fakes";
        }

        @Override
        public List<Post> facebookPosts() {
            return platform.channels().facebook().allPosts().stream().map(p -> new Post(p.message(), p.deleted())).toList();
        }

        @Override
        public List<Article> zaloArticles() {
            List<Article> articles = new ArrayList<>();
            for (var article : platform.channels().zalo().articles()) {
                StringBuilder text = new StringBuilder();
                for (JsonNode item : article.request().path("body")) {
                    if ("text".equals(item.path("type").asString(null))) {
                        text.append(item.path("content").asString("")).append('\n');
                    }
                }
                articles.add(new Article(text.toString(), article.removed()));
            }
            return articles;
        }

        @Override
        public void close() {
            platform.close();
        }
    }

    // ---------------------------------------------------------------- the one-JVM launcher

    /**
     * {@code vn.govcomm.local.LocalPlatform}'s main in a child JVM as the README starts it: data under
     * {@code <work>/data} ({@code GOVCOMM_DATA_DIR}: the durable broker, the store's H2 file, the fakes' state), no
     * demo campaign, a free port offset. The generated agencies reach it as the launcher's own configuration would:
     * the directory seed ({@code GOVCOMM_DIRECTORY_SEED}: the demo directory plus the generated agencies, so the demo
     * users' agency still exists), their Page tokens in an additional configuration file, and their Pages registered
     * on the Facebook fake through its state directory before the first start (the fake loads its Pages from there).
     * Calls go through the gateway as the demo officer and approver; the Prometheus pages straight to each service's port.
     * With {@code -Dstore=mongodb} the launcher gets a MongoDB container's URI ({@code MONGODB_URI}, as a deployment
     * would) instead of starting its embedded store; {@code -Dstore=memory} does not apply (the launcher persists).
     */
    final class OneJvm implements BenchPlatform {

        static final String READY = "GovComm platform is running";
        /** Fixed ports of the launcher besides the services' own, all moved by the offset. */
        static final int[] OTHER_PORTS = {9092, 9101, 9102, 9103, 3025, 3143, 27017};

        private final ChildJvm launcher;
        private final int offset;
        private final RestClient gateway;
        private final String officer;
        private final String approver;
        private final Duration ready;
        private final int directorySize;
        /** The MongoDB container with {@code -Dstore=mongodb}, else null (the launcher's embedded store). */
        private final MongoReplicaSet replicaSet;

        OneJvm(Path work, Path seed, Path tokens, int agencies, String heap) {
            Path data = work.resolve("data");
            registerPages(data.resolve("channel-fakes").resolve("facebook"), agencies);
            Path launcherSeed = work.resolve("launcher-seed.json");
            directorySize = writeLauncherSeed(seed, launcherSeed);
            List<Integer> ports = new ArrayList<>();
            for (PlatformService s : PlatformService.values()) {
                ports.add(s.defaultPort());
            }
            for (int p : OTHER_PORTS) {
                ports.add(p);
            }
            offset = Ports.freeOffset(ports.stream().mapToInt(Integer::intValue).toArray());
            replicaSet = ProcessPlatform.Store.fromSystemProperty() == ProcessPlatform.Store.MONGODB ? MongoReplicaSet.start() : null;
            launcher = new ChildJvm("launcher", "vn.govcomm.local.LocalPlatform", List.of(), work, heap)
                    .environment("GOVCOMM_DATA_DIR", data.toString())
                    .environment("GOVCOMM_DEMO_DATA", "false")
                    .environment("GOVCOMM_PORT_OFFSET", String.valueOf(offset))
                    .environment("GOVCOMM_DIRECTORY_SEED", "file:" + launcherSeed)
                    .environment("SPRING_CONFIG_ADDITIONALLOCATION", "optional:file:" + tokens)
                    .environment("KAFKA_BOOTSTRAP_SERVERS", null)
                    .environment("MONGODB_URI", replicaSet == null ? null : replicaSet.uri());
            Instant t0 = Instant.now();
            try {
                launcher.start();
                awaitReady(Duration.ofMinutes(6));
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            ready = Duration.between(t0, Instant.now());
            String gatewayUrl = "http://localhost:" + (PlatformService.GATEWAY.defaultPort() + offset);
            gateway = RestClient.create(gatewayUrl);
            officer = DemoUsers.bearer(gatewayUrl, DemoUsers.OFFICER);
            approver = DemoUsers.bearer(gatewayUrl, DemoUsers.APPROVER);
        }

        /** From the start of the child to the launcher's "is running" line. */
        Duration readyAfter() {
            return ready;
        }

        private static void registerPages(Path stateDirectory, int agencies) {
            new FakeFacebookGraph().persistTo(stateDirectory).registerPages(java.util.stream.IntStream.range(0, agencies)
                    .mapToObj(i -> new FakeFacebookGraph.PageRegistration(ScaleHarness.pageId(i), "Bench page " + i,
                            "bench-token-" + i)).toList());
        }

        /** Writes the demo directory and the generated agencies to {@code target}; answers how many agencies. */
        private static int writeLauncherSeed(Path benchSeed, Path target) {
            try (InputStream demo = OneJvm.class.getClassLoader().getResourceAsStream("seed/agencies.json")) {
                List<JsonNode> rows = new ArrayList<>();
                JSON.readTree(demo).forEach(rows::add);
                JSON.readTree(benchSeed.toFile()).forEach(rows::add);
                Files.writeString(target, JSON.writeValueAsString(rows));
                return rows.size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void awaitReady(Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                if (!launcher.isAlive()) {
                    throw new IllegalStateException("The launcher exited during start-up: " + launcher.exitReport());
                }
                try {
                    if (Files.exists(launcher.logFile())
                            && Files.readAllLines(launcher.logFile()).stream().anyMatch(l -> l.contains(READY))) {
                        return;
                    }
                } catch (IOException | UncheckedIOException stillWriting) {
                    // a line half-written in another charset: read again at the next poll
                }
                java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
            }
            throw new IllegalStateException("The launcher was not ready after " + timeout + "; see " + launcher.logFile());
        }

        private String local(int defaultPort) {
            return "http://127.0.0.1:" + (defaultPort + offset);
        }

        @Override
        public String kafkaBootstrapServers() {
            return "127.0.0.1:" + (9092 + offset);
        }

        @Override
        public String mongoUri() {
            return replicaSet != null ? replicaSet.uri() : "mongodb://127.0.0.1:" + (27017 + offset);
        }

        @Override
        public String storeDescription() {
            return replicaSet != null ? replicaSet.describe() : "the launcher's embedded store (mongo-java-server in its JVM, H2 file)";
        }

        @Override
        public int directorySize() {
            return directorySize;
        }

        @Override
        public String startCampaign(List<String> channels) {
            return createSubmitApprove(gateway, campaign("so-noi-vu", channels), officer, approver);
        }

        @Override
        public JsonNode progress(String campaignId) {
            return getOrNull(gateway, "/api/publications/{id}", approver, campaignId);
        }

        @Override
        public JsonNode counts(String campaignId) {
            return getOrNull(gateway, "/api/reports/campaigns/{id}/counts", approver, campaignId);
        }

        @Override
        public Map<String, String> metricsPages() {
            Map<String, String> pages = new LinkedHashMap<>();
            for (PlatformService service : PlatformService.values()) {
                if (service != PlatformService.GATEWAY) {
                    String page = pageOrNull(local(service.defaultPort()));
                    if (page != null) {
                        pages.put(service.serviceName(), page);
                    }
                }
            }
            return pages;
        }

        @Override
        public Map<String, ChildJvm> processes() {
            return Map.of("launcher (the whole platform)", launcher);
        }

        @Override
        public String harnessJvmHolds() {
            return "harness only";
        }

        @Override
        public List<Post> facebookPosts() {
            List<Post> posts = new ArrayList<>();
            for (JsonNode p : JSON.readTree(RestClient.create(local(9101)).get().uri("/_fake/posts").retrieve().body(String.class))) {
                posts.add(new Post(p.path("message").asString(null), p.path("deleted").asBoolean()));
            }
            return posts;
        }

        @Override
        public List<Article> zaloArticles() {
            List<Article> articles = new ArrayList<>();
            for (JsonNode a : JSON.readTree(RestClient.create(local(9102)).get().uri("/_fake/articles").retrieve().body(String.class))) {
                articles.add(new Article(a.path("text").asString(""), "removed".equals(a.path("status").asString())));
            }
            return articles;
        }

        @Override
        public void close() {
            launcher.kill();
            if (replicaSet != null) {
                replicaSet.close();
            }
        }
    }
}
