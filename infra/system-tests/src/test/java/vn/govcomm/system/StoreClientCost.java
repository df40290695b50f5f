package vn.govcomm.system;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.embedded.EmbeddedMongo;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * What one compare-and-set update of a delivery document costs the caller's JVM in CPU, per way of sending it: Spring
 * Data's {@code MongoTemplate.updateFirst(Query, Update, collection)} (the services' way: the kit's status moves, the
 * Zalo plan's writes) and the driver's {@code MongoCollection.updateOne} with the same filter and {@code $set} as plain documents, each
 * with and without Micrometer's command listener (the services have it: Boot's Mongo metrics). Not a test:
 * {@code main}, run as below. The store is the embedded one (in memory, in this JVM); its threads ({@code
 * mongo-server-*}, {@code nioEventLoopGroup-*}) are taken off with {@link ThreadCpu}, so the figure is the client's:
 * its callers and the driver's threads. {@code threads} callers update their own documents {@code updates} times
 * each, per way, in rounds that alternate the ways ({@link ClientCpu}). Run it with the services' JIT ({@code -XX:TieredStopAtLevel=1}):
 * <pre>
 * ./mvnw -o -q -pl infra/system-tests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "infra/system-tests/target/test-classes:infra/system-tests/target/classes:$(cat infra/system-tests/target/test-cp.txt)" vn.govcomm.system.StoreClientCost [threads] [updates] [rounds]
 * </pre>
 */
public final class StoreClientCost {

    private static final String COLLECTION = "deliveries";
    private static final int DOCUMENTS_PER_CALLER = 500;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int updates = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (EmbeddedMongo store = EmbeddedMongo.inMemory();
             MongoClient plain = MongoClients.create(store.uri("bench"));
             MongoClient metered = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                     .applyConnectionString(new com.mongodb.ConnectionString(store.uri("bench")))
                     .addCommandListener(new MongoMetricsCommandListener(new SimpleMeterRegistry())).build())) {
            MongoTemplate plainTemplate = new MongoTemplate(plain, "bench");
            MongoTemplate meteredTemplate = new MongoTemplate(metered, "bench");
            seed(plain.getDatabase("bench").getCollection(COLLECTION), threads);

            Map<String, BiPredicate<String, Integer>> ways = new LinkedHashMap<>();
            ways.put("MongoTemplate.updateFirst, metered (the services)", template(meteredTemplate));
            ways.put("MongoTemplate.updateFirst", template(plainTemplate));
            ways.put("driver updateOne (Documents), metered", driver(metered.getDatabase("bench").getCollection(COLLECTION)));
            ways.put("driver updateOne (Documents)", driver(plain.getDatabase("bench").getCollection(COLLECTION)));

            // each caller updates its own documents in turn; its call count is the value set, new at every visit
            ClientCpu.measureAndPrint("updates", ways, threads, updates, rounds,
                    group -> group.startsWith("mongo-server") || group.startsWith("nioEventLoop"),
                    (way, caller, sequence) -> way.test(id(caller, (int) (sequence % DOCUMENTS_PER_CALLER)), (int) sequence));
        }
        System.exit(0);
    }

    /** Delivery-shaped documents (the kit's record with its request and a Zalo plan), {@value #DOCUMENTS_PER_CALLER} per caller. */
    private static void seed(MongoCollection<Document> deliveries, int threads) {
        List<Document> documents = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < DOCUMENTS_PER_CALLER; i++) {
                Document request = new Document("deliveryId", id(t, i)).append("campaignId", "c-1").append("agencyId", "a-" + i)
                        .append("endpointId", "zalo-" + i).append("channel", "zalo").append("attempt", 1)
                        .append("content", new Document("title", "Thông báo khảo sát mức độ hài lòng")
                                .append("bodyHtml", "<p>Khảo sát mức độ hài lòng của người dân năm 2023.</p>"))
                        .append("windowStart", new Date()).append("windowEnd", new Date());
                documents.add(new Document("_id", id(t, i)).append("campaignId", "c-1").append("agencyId", "a-" + i)
                        .append("endpointId", "zalo-" + i).append("externalId", "x-" + i).append("attempt", 1)
                        .append("status", "ACCEPTED").append("request", request).append("receivedAt", new Date())
                        .append("updatedAt", new Date())
                        .append("zalo", new Document("attempt", 1).append("phase", "VERIFYING").append("owner", "worker-" + t)
                                .append("leaseUntil", new Date()).append("dueAt", new Date()).append("wakes", 0)
                                .append("token", "tok-" + i).append("polls", 0)));
            }
        }
        deliveries.insertMany(documents);
    }

    private static String id(int caller, int i) {
        return "d-" + caller + "-" + i;
    }

    /** The Zalo plan's fenced move: {@code _id} + owner, three fields set (as {@code PlanStore.move}). */
    private static BiPredicate<String, Integer> template(MongoTemplate mongo) {
        return (id, n) -> mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("zalo.owner").is(owner(id))),
                new Update().set("zalo.polls", n).set("zalo.leaseUntil", new Date()).set("updatedAt", new Date()),
                COLLECTION).getModifiedCount() == 1;
    }

    private static BiPredicate<String, Integer> driver(MongoCollection<Document> deliveries) {
        return (id, n) -> deliveries.updateOne(new Document("_id", id).append("zalo.owner", owner(id)),
                new Document("$set", new Document("zalo.polls", n).append("zalo.leaseUntil", new Date())
                        .append("updatedAt", new Date()))).getModifiedCount() == 1;
    }

    private static String owner(String id) {
        return "worker-" + id.split("-")[1];
    }
}
