package vn.govcomm.gateway.console;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.gateway.TestGateway;
import vn.govcomm.identity.Caller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admins' dead-letter pages over HTTP (no browser), against a fake of the services' dead-letter API: every
 * service's DLTs on one page (one service down shows as such), a DLT's records with what they hold escaped, one
 * record in full, replay / discard / filtered replay through the service with the admin's caller token for that
 * service, audited; other roles get a 403 page and no service is asked; cross-site posts refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class DeadLetterConsoleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TOPIC = "campaign.events.DLT";
    static final FakeServices SERVICES = new FakeServices();
    static final String DEAD_URL = "http://127.0.0.1:" + freePort();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        for (String variable : List.of("CAMPAIGN_SERVICE_URL", "PUBLISHING_SERVICE_URL", "PORTAL_ADAPTER_URL",
                "FACEBOOK_ADAPTER_URL", "LED_ADAPTER_URL", "REPORTING_SERVICE_URL", "MANUAL_ADAPTER_URL",
                "EMAIL_ADAPTER_URL", "NOTIFICATION_SERVICE_URL")) {
            registry.add(variable, SERVICES::url);
        }
        registry.add("ZALO_ADAPTER_URL", () -> DEAD_URL); // a service that is down
    }

    @AfterAll
    static void stop() {
        SERVICES.close();
    }

    @Value("${local.server.port}")
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    // ---- the pages --------------------------------------------------------------------------------------------

    @Test
    void anAdminSeesTheDeadLetterTopicsOfEveryServiceAndWhichOneCouldNotBeRead() throws Exception {
        String session = signIn("hoang.quoc.bao");
        int before = SERVICES.received.size();

        HttpResponse<String> page = get("/console/dead-letters", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Bản ghi lỗi").contains("id=\"nav-dead-letters\"")
                .contains("/console/dead-letters/campaign-service/campaign.events.DLT")
                .contains("/console/dead-letters/reporting-service/campaign.events.DLT")
                .contains("Không đọc được").contains("zalo-adapter");
        List<FakeServices.Request> asked = SERVICES.received.subList(before, SERVICES.received.size());
        assertThat(asked).extracting(FakeServices.Request::path).containsOnly("/api/dead-letters/topics");
        assertThat(asked.stream().map(r -> r.audienceOf(FakeServices.AUDIENCES)).toList()).containsExactlyInAnyOrder(
                "campaign-service", "notice-publishing-service", "portal-adapter", "facebook-adapter", "led-adapter",
                "reporting-service", "manual-adapter", "email-adapter", "notification-service");
        assertThat(asked).allSatisfy(r -> {
            Caller caller = TestGateway.callerFor(r.audienceOf(FakeServices.AUDIENCES), r.authorization());
            assertThat(caller.userId()).isEqualTo("hoang.quoc.bao");
            assertThat(caller.roles()).containsExactly("admin");
        });
        assertThat(get("/console/dead-letters?lang=en", session).body()).contains("Dead letters")
                .contains("Could not be read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tran.thi.lan", "nguyen.van.minh", "vo.thi.mai"})
    void otherRolesGetAForbiddenPageAndNoServiceIsAsked(String user) throws Exception {
        String session = signIn(user);
        int before = SERVICES.received.size();

        HttpResponse<String> overview = get("/console/dead-letters", session);
        HttpResponse<String> topic = get("/console/dead-letters/campaign-service/" + TOPIC, session);
        HttpResponse<String> record = get("/console/dead-letters/campaign-service/" + TOPIC + "/0-7", session);
        HttpResponse<String> replay = post("/console/dead-letters/campaign-service/" + TOPIC + "/0-7/replay", session, "");
        HttpResponse<String> discard = post("/console/dead-letters/campaign-service/" + TOPIC + "/0-7/discard", session,
                "reason=x");
        HttpResponse<String> bulk = post("/console/dead-letters/campaign-service/" + TOPIC + "/replay", session,
                "exceptionClass=X");

        for (HttpResponse<String> refused : List.of(overview, topic, record, replay, discard, bulk)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("Only administrators");
        }
        assertThat(SERVICES.received).hasSize(before);
        assertThat(get("/console", session).body()).doesNotContain("nav-dead-letters");
    }

    @Test
    void listsARecordsErrorAndValueEscapedWithReplayAndDiscardForms() throws Exception {
        String session = signIn("hoang.quoc.bao");

        HttpResponse<String> page = get("/console/dead-letters/campaign-service/" + TOPIC + "?status=pending&exceptionClass=PoisonEventException", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("0-7").contains("vn.govcomm.kit.events.PoisonEventException")
                .contains("Bad &lt;b&gt;data&lt;/b&gt;").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)")
                .contains("action=\"/console/dead-letters/campaign-service/campaign.events.DLT/0-7/replay\"")
                .contains("action=\"/console/dead-letters/campaign-service/campaign.events.DLT/0-7/discard\"")
                .contains("id=\"bulk-replay\"")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=");
        FakeServices.Request asked = SERVICES.last();
        assertThat(asked.path()).isEqualTo("/api/dead-letters/topics/campaign.events.DLT/records");
        assertThat(asked.query()).contains("status=pending").contains("exceptionClass=PoisonEventException");
        assertThat(asked.audienceOf(FakeServices.AUDIENCES)).isEqualTo("campaign-service");
    }

    @Test
    void showsOneRecordInFull() throws Exception {
        String session = signIn("hoang.quoc.bao");

        HttpResponse<String> page = get("/console/dead-letters/reporting-service/" + TOPIC + "/0-7", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"dead-letter-value\"").contains("{&quot;campaignId&quot;:&quot;cmp-1&quot;}")
                .contains("kafka_dlt-original-offset").contains("at vn.govcomm.Example");
        assertThat(SERVICES.last().audienceOf(FakeServices.AUDIENCES)).isEqualTo("reporting-service");
        assertThat(get("/console/dead-letters/reporting-service/" + TOPIC + "/9-404", session).statusCode()).isEqualTo(404);
        assertThat(get("/console/dead-letters/no-such-service/" + TOPIC, session).statusCode()).isEqualTo(404);
        assertThat(get("/console/dead-letters/reporting-service/" + TOPIC + "/not-an-id", session).statusCode())
                .isEqualTo(404);
    }

    @Test
    void saysWhoReplayedOrDiscardedARecordByNameAndByIdOnlyForOlderActions() throws Exception {
        String session = signIn("hoang.quoc.bao");

        String replayed = get("/console/dead-letters/campaign-service/" + TOPIC + "/0-9", session).body();
        String facts = replayed.substring(replayed.indexOf("id=\"dead-letter-facts\""));
        assertThat(facts.substring(0, facts.indexOf("</dl>"))).contains("Đặng Thu Hà · 02/03/2026 10:00")
                .doesNotContain("admin.cntt");
        String discarded = get("/console/dead-letters/campaign-service/" + TOPIC + "/1-4", session).body();
        assertThat(discarded).contains("admin.cu · 02/03/2026 10:00 · Bản tin thử");   // recorded before names were kept
    }

    // ---- actions -------------------------------------------------------------------------------------------

    @Test
    void replaysThroughTheServiceWithTheAdminsCallerTokenAndAuditsIt() throws Exception {
        String session = signIn("hoang.quoc.bao");

        HttpResponse<String> replay = post("/console/dead-letters/campaign-service/" + TOPIC + "/0-7/replay", session, "");

        assertThat(replay.statusCode()).isEqualTo(302);
        assertThat(replay.headers().firstValue("Location").orElseThrow())
                .endsWith("/console/dead-letters/campaign-service/campaign.events.DLT");
        FakeServices.Request asked = SERVICES.last();
        assertThat(asked.method()).isEqualTo("POST");
        assertThat(asked.path()).isEqualTo("/api/dead-letters/topics/campaign.events.DLT/records/0-7/replay");
        Caller caller = TestGateway.callerFor("campaign-service", asked.authorization());
        assertThat(caller.userId()).isEqualTo("hoang.quoc.bao");
        assertThat(follow(replay, session)).contains("Đã gửi lại bản ghi 0-7");

        HttpResponse<String> twice = post("/console/dead-letters/campaign-service/" + TOPIC + "/0-8/replay", session, "");
        assertThat(follow(twice, session)).contains("Dead letter 0-8 was already replayed");

        String token = adminToken(port);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(self() + "/api/audit/gateway?action=dead-letter-replay"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .path("entries")).anySatisfy(e -> {
            assertThat(e.path("path").asString())
                    .isEqualTo("/api/dead-letters/campaign-service/topics/campaign.events.DLT/records/0-7/replay");
            assertThat(e.path("actor").asString()).isEqualTo("hoang.quoc.bao");
            assertThat(e.path("via").asString()).isEqualTo("console");
            assertThat(e.path("status").asInt()).isEqualTo(200);
        }));
    }

    @Test
    void aDiscardNeedsAReasonAndSendsIt() throws Exception {
        String session = signIn("hoang.quoc.bao");
        int before = SERVICES.received.size();

        HttpResponse<String> noReason = post("/console/dead-letters/led-adapter/" + TOPIC + "/1-3/discard", session, "reason=+");

        assertThat(follow(noReason, session)).contains("A reason is required");
        assertThat(SERVICES.received.subList(before, SERVICES.received.size()))
                .noneMatch(r -> r.method().equals("POST"));

        HttpResponse<String> discard = post("/console/dead-letters/led-adapter/" + TOPIC + "/1-3/discard", session,
                "reason=" + URLEncoder.encode("Bản thử nghiệm, không phải thông báo thật", StandardCharsets.UTF_8));

        assertThat(discard.statusCode()).isEqualTo(302);
        FakeServices.Request asked = SERVICES.last();
        assertThat(asked.path()).isEqualTo("/api/dead-letters/topics/campaign.events.DLT/records/1-3/discard");
        assertThat(JSON.readTree(asked.body()).path("reason").asString()).isEqualTo("Bản thử nghiệm, không phải thông báo thật");
        assertThat(asked.audienceOf(FakeServices.AUDIENCES)).isEqualTo("led-adapter");
        assertThat(follow(discard, session)).contains("Đã bỏ bản ghi 1-3");
    }

    @Test
    void aFilteredReplayIsCheckedThenRunByTheService() throws Exception {
        String session = signIn("hoang.quoc.bao");

        HttpResponse<String> check = post("/console/dead-letters/notice-publishing-service/" + TOPIC + "/replay", session,
                "exceptionClass=PoisonEventException&eventType=&from=2026-03-01&to=&dryRun=true");

        JsonNode request = JSON.readTree(SERVICES.last().body());
        assertThat(request.path("exceptionClass").asString()).isEqualTo("PoisonEventException");
        assertThat(request.path("from").asString()).isEqualTo("2026-03-01");
        assertThat(request.has("eventType")).isFalse();
        assertThat(request.path("dryRun").asBoolean()).isTrue();
        assertThat(follow(check, session)).contains("Có 3 bản ghi chờ khớp bộ lọc").contains("0-1, 0-2");

        HttpResponse<String> run = post("/console/dead-letters/notice-publishing-service/" + TOPIC + "/replay", session,
                "exceptionClass=PoisonEventException&dryRun=false");
        assertThat(JSON.readTree(SERVICES.last().body()).path("dryRun").asBoolean()).isFalse();
        assertThat(follow(run, session)).contains("Đã gửi lại 2 bản ghi");
    }

    @Test
    void refusesACrossSiteActionAndNeverAsksTheService() throws Exception {
        String session = signIn("hoang.quoc.bao");
        int before = SERVICES.received.size();

        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(uri("/console/dead-letters/campaign-service/"
                        + TOPIC + "/0-7/replay")).header("Cookie", session).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(SERVICES.received).hasSize(before);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    URI uri(String path) {
        return URI.create(self() + path);
    }

    String self() {
        return "http://127.0.0.1:" + port;
    }

    String signIn(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/console/login")).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElseThrow();
    }

    static String adminToken(int port) {
        String body = org.springframework.web.client.RestClient.create("http://127.0.0.1:" + port).post()
                .uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=hoang.quoc.bao&client_secret=demo")
                .retrieve().body(String.class);
        return JSON.readTree(body).path("access_token").asString();
    }

    HttpResponse<String> get(String path, String session) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String session, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", session).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The page a redirect after an action leads to, with the flash message; the servlet session rides along. */
    String follow(HttpResponse<String> redirect, String session) throws Exception {
        assertThat(redirect.statusCode()).isEqualTo(302);
        String cookies = session;
        for (String set : redirect.headers().allValues("Set-Cookie")) {
            cookies += "; " + set.split(";")[0];
        }
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return get(location.startsWith("http") ? URI.create(location).getRawPath() : location.replaceAll(";jsessionid=[^?]*", ""), cookies).body();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dead-letter API of the services, canned: which service was asked is in its caller token's audience. */
    static final class FakeServices implements AutoCloseable {

        static final List<String> AUDIENCES = List.of("campaign-service", "notice-publishing-service", "portal-adapter",
                "facebook-adapter", "zalo-adapter", "led-adapter", "reporting-service", "manual-adapter", "email-adapter",
                "notification-service");

        record Request(String method, String path, String query, String authorization, String body) {
            String audienceOf(List<String> candidates) {
                for (String audience : candidates) {
                    try {
                        TestGateway.callerFor(audience, authorization);
                        return audience;
                    } catch (Exception notThisOne) {
                        // try the next
                    }
                }
                return null;
            }
        }

        final List<Request> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        FakeServices() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                try (exchange) {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    String path = exchange.getRequestURI().getRawPath();
                    if (path.equals("/api/agencies")) {   // the directory the pages name agencies from: not a relay
                        byte[] agencies = Directory.AGENCIES.getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().add("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, agencies.length);
                        exchange.getResponseBody().write(agencies);
                        return;
                    }
                    received.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                            exchange.getRequestHeaders().getFirst("Authorization"), body));
                    int status = 200;
                    String answer;
                    String base = "/api/dead-letters/topics";
                    if (path.equals(base)) {
                        answer = """
                                {"topics":[{"topic":"campaign.events.DLT","sourceTopic":"campaign.events","partitions":6,
                                "total":3,"pending":2,"replayed":1,"discarded":0,"oldestPendingAt":"2026-03-01T01:00:00Z"}]}""";
                    } else if (path.equals(base + "/" + TOPIC + "/records")) {
                        answer = """
                                {"topic":"campaign.events.DLT","matching":1,"hasNext":false,"records":[{"id":"0-7",
                                "deadLetteredAt":"2026-03-01T01:00:00Z","key":"cmp-1","originalTopic":"campaign.events",
                                "originalPartition":0,"originalOffset":41,"eventType":"vn.govcomm.campaign.approved.v1",
                                "eventId":"e-1","exceptionClass":"org.springframework.kafka.listener.ListenerExecutionFailedException",
                                "causeClass":"vn.govcomm.kit.events.PoisonEventException","exceptionMessage":"Bad <b>data</b>",
                                "valuePreview":"<script>alert(1)</script>","valueBytes":25,"status":"pending","action":null}]}""";
                    } else if (path.equals(base + "/" + TOPIC + "/records/0-7")) {
                        answer = """
                                {"id":"0-7","deadLetteredAt":"2026-03-01T01:00:00Z","key":"cmp-1","originalTopic":"campaign.events",
                                "originalPartition":0,"originalOffset":41,"exceptionClass":"x.Boom","exceptionMessage":"boom",
                                "status":"pending","action":null,"value":"{\\"campaignId\\":\\"cmp-1\\"}","valueEncoding":"utf-8",
                                "valueBytes":22,"valueTruncated":false,"headers":[{"name":"kafka_dlt-original-offset","value":"41"}],
                                "stacktrace":"x.Boom: boom\\n\\tat vn.govcomm.Example"}""";
                    } else if (path.equals(base + "/" + TOPIC + "/records/0-9")) {
                        answer = """
                                {"id":"0-9","deadLetteredAt":"2026-03-01T01:00:00Z","status":"replayed","value":"{}",
                                "action":{"id":"0-9","action":"replayed","by":"admin.cntt","byName":"Đặng Thu Hà",
                                "at":"2026-03-02T03:00:00Z"},"headers":[],"stacktrace":""}""";
                    } else if (path.equals(base + "/" + TOPIC + "/records/1-4")) {
                        answer = """
                                {"id":"1-4","deadLetteredAt":"2026-03-01T01:00:00Z","status":"discarded","value":"{}",
                                "action":{"id":"1-4","action":"discarded","by":"admin.cu","at":"2026-03-02T03:00:00Z",
                                "reason":"Bản tin thử"},"headers":[],"stacktrace":""}""";
                    } else if (path.endsWith("/0-8/replay")) {
                        status = 409;
                        answer = """
                                {"type":"https://govcomm.vn/problems/dead-letter-already-replayed","status":409,
                                "code":"dead-letter-already-replayed","detail":"Bản ghi 0-8 đã được gửi lại. / Dead letter 0-8 was already replayed by someone."}""";
                    } else if (path.endsWith("/replay") && path.contains("/records/")) {
                        answer = "{\"id\":\"0-7\",\"action\":\"replayed\"}";
                    } else if (path.endsWith("/discard")) {
                        answer = "{\"id\":\"1-3\",\"action\":\"discarded\"}";
                    } else if (path.equals(base + "/" + TOPIC + "/replay")) {
                        answer = body.contains("\"dryRun\":true")
                                ? "{\"dryRun\":true,\"matched\":3,\"selected\":[\"0-1\",\"0-2\"],\"replayed\":[],\"skipped\":[],\"failed\":[],\"remaining\":1}"
                                : "{\"dryRun\":false,\"matched\":3,\"replayed\":[{\"id\":\"0-1\"},{\"id\":\"0-2\"}],\"skipped\":[{\"id\":\"0-3\"}],\"failed\":[],\"notAttempted\":0,\"remaining\":0}";
                    } else {
                        status = 404;
                        answer = "{\"status\":404,\"code\":\"dead-letter-not-found\",\"detail\":\"Không tìm thấy. / Not found.\"}";
                    }
                    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        Request last() {
            return received.getLast();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
