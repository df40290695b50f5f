package vn.govcomm.portal.bench;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.portal.PortalAdapterApplication;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Starts the portal adapter on an embedded broker and store with one portal holding {@code ITEMS} deliveries,
 * for docs/benchmarks-feeds.md. Writes {@code target/bench.env} (URL, token, ETag) and runs until killed.
 * Run: see services/portal-adapter/README.md, "Benchmark".
 */
public final class FeedBenchmarkServer {

    static final String PORTAL = "portal-bench";

    public static void main(String[] args) throws Exception {
        int items = Integer.parseInt(System.getProperty("items", "20"));
        EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedMongo mongo = EmbeddedMongo.inMemory();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PortalAdapterApplication.class).run(
                "--spring.config.name=portal-adapter", "--server.port=" + System.getProperty("port", "18083"),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.mongodb.uri=" + mongo.uri("govcomm_portal"),
                "--logging.level.root=WARN", "--spring.main.banner-mode=off",
                "--" + TestCallers.PUBLIC_KEYS_PROPERTY + "=" + TestCallers.publicKeys(),
                "--govcomm.portal.render-cache-size=" + System.getProperty("renderCache", "512"));
        String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        JsonMapper json = JsonMapper.builder().build();
        EventPublisher publisher = context.getBean(EventPublisher.class);
        for (int i = 0; i < items; i++) {
            ObjectNode d = (ObjectNode) json.readTree(Contracts.get().example("vn.govcomm.delivery.requested.v1"));
            d.put("deliveryId", "dlv-bench-" + i).put("campaignId", "cmp-bench-" + i).put("channel", "portal")
                    .put("endpointId", "so-y-te.portal").put("externalId", PORTAL);
            ((ObjectNode) d.get("content")).put("html", "<p>Thông báo số " + i + " về khảo sát mức độ hài lòng năm 2023 "
                    + "tại tỉnh Khánh Hòa. Lực lượng khảo sát viên sẽ lấy ý kiến người dân từ tháng 9 đến tháng 11.</p>");
            publisher.send(OutgoingEvent.of("delivery.requests.portal", "so-y-te.portal",
                    "vn.govcomm.delivery.requested.v1", "/bench", "dlv-bench-" + i, null, Instant.now(), d.toString())).get();
        }
        HttpClient http = HttpClient.newHttpClient();
        String admin = TestCallers.bearer("portal-adapter", "bench", null, "admin"); // a caller token, as the gateway sends
        String token = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/portal/portals/" + PORTAL
                        + "/feed-token")).header("Authorization", admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("token").asString();
        HttpResponse<String> feed;
        int count;
        do { // wait until every item is in the feed
            feed = http.send(HttpRequest.newBuilder(URI.create(base + "/feeds/" + PORTAL + "/atom.xml"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            count = feed.body().split("<entry>", -1).length - 1;
        } while (count < items);
        String etag = feed.headers().firstValue("ETag").orElseThrow();
        Files.writeString(Path.of("target/bench.env"), "URL=" + base + "/feeds/" + PORTAL + "/atom.xml\nTOKEN=" + token
                + "\nETAG='" + etag + "'\nBYTES=" + feed.body().getBytes().length + "\n");
        System.out.println("READY " + base + " items=" + count + " bytes=" + feed.body().length());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            mongo.close();
            kafka.close();
        }));
    }
}
