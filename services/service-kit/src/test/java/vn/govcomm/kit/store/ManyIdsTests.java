package vn.govcomm.kit.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.embedded.EmbeddedMongo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Many-id writes go in bounded commands, touch exactly the listed documents that meet the extra condition. */
class ManyIdsTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();

    final List<Document> updates = new ArrayList<>();
    MongoClient client;
    MongoTemplate mongo;

    @BeforeEach
    void setUp() {
        String db = "many-ids-" + System.nanoTime();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(MONGO.uri(db)))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        if (event.getCommandName().equals("update")) {
                            updates.add(Document.parse(event.getCommand().toJson()));
                        }
                    }
                }).build());
        mongo = new MongoTemplate(client, db);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    @Test
    void updatesTheListedDocumentsThatMeetTheConditionInCommandsOfAtMostFiveHundredIds() {
        // 1,300 documents; every third one is held by another owner; 1,201 of them are listed, plus one unknown id.
        mongo.insert(IntStream.range(0, 1300).mapToObj(i -> new Document("_id", "d-" + i)
                .append("owner", i % 3 == 0 ? "other" : "me").append("n", 0)).toList(), "work");
        List<String> listed = new ArrayList<>(IntStream.range(0, 1201).mapToObj(i -> "d-" + i).toList());
        listed.add("d-missing");
        updates.clear();

        long modified = ManyIds.updateMulti(mongo, "work", listed, Criteria.where("owner").is("me"),
                new Update().inc("n", 1));

        long expected = IntStream.range(0, 1201).filter(i -> i % 3 != 0).count();
        assertThat(modified).isEqualTo(expected);
        assertThat(updates).hasSize(3);
        assertThat(updates).allSatisfy(command -> {
            Document filter = command.getList("updates", Document.class).getFirst().get("q", Document.class);
            assertThat(filter.get("_id", Document.class).getList("$in", String.class)).hasSizeLessThanOrEqualTo(
                    ManyIds.PER_COMMAND);
            assertThat(filter.getString("owner")).isEqualTo("me");
        });
        assertThat(mongo.count(Query.query(Criteria.where("n").is(1)), "work")).isEqualTo(expected);
        assertThat(mongo.count(Query.query(Criteria.where("n").is(1).and("owner").is("other")), "work")).isZero();
        assertThat(mongo.count(Query.query(Criteria.where("_id").is("d-1201").and("n").is(1)), "work"))
                .as("not listed").isZero();
    }

    @Test
    void sendsNothingForNoIds() {
        assertThat(ManyIds.updateMulti(mongo, "work", List.of(), null, new Update().set("x", 1))).isZero();
        assertThat(updates).isEmpty();
    }
}
