package vn.govcomm.facebook.credentials;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.facebook.graph.GraphFailure;
import vn.govcomm.kit.secrets.CredentialCipher;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18: a Page's credentials are reused in memory instead of read per delivery. Two {@link PageCredentials} on
 * one store stand for two instances of the adapter, each with its own client whose commands are counted: a poll's
 * Pages cost one read, a rotation, a disconnect or an attention mark made by one instance reaches the other within
 * check-every, and the writer itself never answers from before its own write.
 */
class PageCredentialsReuseTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final CredentialCipher CIPHER = new CredentialCipher(Base64.getEncoder().encodeToString(new byte[32]), "k1");
    static final Duration CHECK_EVERY = Duration.ofMillis(300);

    /** Counts the finds of one client on {@code page_credentials} and on the version document. */
    static final class Finds implements CommandListener {
        final AtomicInteger pages = new AtomicInteger();
        final AtomicInteger versions = new AtomicInteger();

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("find")) {
                String collection = event.getCommand().getString("find").getValue();
                if (collection.equals(PageCredentials.COLLECTION)) {
                    pages.incrementAndGet();
                } else if (collection.equals(PageCredentials.CHANGES)) {
                    versions.incrementAndGet();
                }
            }
        }
    }

    String database;
    MongoClient clientA;
    MongoClient clientB;
    Finds findsB = new Finds();

    @BeforeEach
    void clients() {
        database = "fb_reuse_" + UUID.randomUUID().toString().substring(0, 8);
        clientA = MongoClients.create(MONGO.uri(database));
        clientB = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(MONGO.uri(database))).addCommandListener(findsB).build());
    }

    @AfterEach
    void close() {
        clientA.close();
        clientB.close();
    }

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    PageCredentials instance(MongoClient client, Duration reuseFor) {
        return instance(client, reuseFor, CHECK_EVERY);
    }

    PageCredentials instance(MongoClient client, Duration reuseFor, Duration checkEvery) {
        return new PageCredentials(new MongoTemplate(client, database), CIPHER, new SimpleMeterRegistry(), reuseFor,
                checkEvery);
    }

    static String token(PageAccess access) {
        return ((PageAccess.Usable) access).token().value();
    }

    @Test
    void aPollsPagesAreReadOnceAndTheirTurnsReadNothing() {
        PageCredentials a = instance(clientA, Duration.ofMinutes(5));
        PageCredentials b = instance(clientB, Duration.ofMinutes(5), Duration.ofMinutes(1));
        List<String> pages = IntStream.range(0, 40).mapToObj(i -> "5100" + i).toList();
        pages.forEach(p -> a.connect(p, null, "tok-" + p, "admin"));
        findsB.pages.set(0);
        findsB.versions.set(0);

        b.prefetch(pages);
        b.prefetch(pages); // all at hand: not read again
        pages.forEach(p -> assertThat(token(b.access(p))).isEqualTo("tok-" + p));

        assertThat(findsB.pages).as("reads of page_credentials").hasValue(1);
        assertThat(findsB.versions).as("version reads within one check period").hasValue(1);
        // An unknown Page is answered "not connected" from the same read.
        b.prefetch(List.of("5199"));
        assertThat(b.access("5199")).isInstanceOfSatisfying(PageAccess.Blocked.class,
                blocked -> assertThat(blocked.reasonCode()).isEqualTo("FB_PAGE_NOT_CONNECTED"));
        assertThat(findsB.pages).hasValue(2);
    }

    @Test
    void aRotationADisconnectAndAMarkMadeByAnotherInstanceReachThisOneWithinCheckEvery() {
        PageCredentials a = instance(clientA, Duration.ofMinutes(5));
        PageCredentials b = instance(clientB, Duration.ofMinutes(5));
        a.connect("5201", null, "tok-1", "admin");
        a.connect("5202", null, "tok-x", "admin");
        a.connect("5203", null, "tok-y", "admin");
        b.prefetch(List.of("5201", "5202", "5203"));
        assertThat(token(b.access("5201"))).isEqualTo("tok-1");

        a.connect("5201", null, "tok-2", "admin"); // rotated on instance A
        assertThat(token(a.access("5201"))).as("the writer, at once").isEqualTo("tok-2");
        await().atMost(CHECK_EVERY.multipliedBy(4)).pollInterval(Duration.ofMillis(20))
                .until(() -> token(b.access("5201")), "tok-2"::equals);

        assertThat(b.access("5202")).isInstanceOf(PageAccess.Usable.class);
        a.disconnect("5202", "admin");
        assertThat(a.access("5202")).isInstanceOf(PageAccess.Blocked.class);
        await().atMost(CHECK_EVERY.multipliedBy(4)).pollInterval(Duration.ofMillis(20))
                .until(() -> b.access("5202") instanceof PageAccess.Blocked blocked
                        && blocked.reasonCode().equals("FB_PAGE_NOT_CONNECTED"));

        PageAccess.Usable used = (PageAccess.Usable) a.access("5203");
        assertThat(a.needsAttention(used, new GraphFailure(GraphFailure.Kind.PERMANENT, 200, null, false, "permission")))
                .isEqualTo(PageCredentials.Marking.MARKED);
        await().atMost(CHECK_EVERY.multipliedBy(4)).pollInterval(Duration.ofMillis(20))
                .until(() -> b.access("5203") instanceof PageAccess.Blocked blocked
                        && blocked.reasonCode().equals("FB_PERMISSION"));
    }

    @Test
    void aTokenReplacedOnAnotherInstanceIsForgottenHereWhenItsCallFails() {
        PageCredentials a = instance(clientA, Duration.ofMinutes(5));
        PageCredentials b = instance(clientB, Duration.ofMinutes(5));
        a.connect("5301", null, "tok-old", "admin");
        PageAccess.Usable old = (PageAccess.Usable) b.access("5301");
        a.connect("5301", null, "tok-new", "admin");

        // B's call with the old token fails before B's next version check: the rotation is seen, and B reads again.
        assertThat(b.needsAttention(old, new GraphFailure(GraphFailure.Kind.PERMANENT, 190, 460, false, "expired")))
                .isEqualTo(PageCredentials.Marking.TOKEN_REPLACED);
        assertThat(token(b.access("5301"))).isEqualTo("tok-new");
    }

    @Test
    void reuseForZeroReadsThePageEveryTimeAndAnAnswerIsReusedNoLongerThanReuseFor() {
        PageCredentials a = instance(clientA, Duration.ofMinutes(5));
        a.connect("5401", null, "tok", "admin");
        PageCredentials never = instance(clientB, Duration.ZERO);
        findsB.pages.set(0);
        never.prefetch(List.of("5401"));
        for (int i = 0; i < 3; i++) {
            assertThat(token(never.access("5401"))).isEqualTo("tok");
        }
        assertThat(findsB.pages).hasValue(3);
        assertThat(findsB.versions).as("no version reads without reuse").hasValue(0);

        PageCredentials brief = instance(clientB, Duration.ofMillis(200));
        findsB.pages.set(0);
        brief.access("5401");
        brief.access("5401");
        assertThat(findsB.pages).hasValue(1);
        await().pollDelay(Duration.ofMillis(250)).atMost(Duration.ofSeconds(2)).until(() -> {
            brief.access("5401");
            return findsB.pages.get() == 2;
        });
    }
}
