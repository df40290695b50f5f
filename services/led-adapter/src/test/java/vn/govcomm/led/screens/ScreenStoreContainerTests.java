package vn.govcomm.led.screens;

import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.web.ApiProblem;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The screen store against a real MongoDB replica set: the unique secret-hash index, credential rotation, and
 * the compare-and-set that flips a silent screen OFFLINE exactly once. Skipped without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class ScreenStoreContainerTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    static MongoTemplate mongo;
    final List<Object> published = new ArrayList<>();
    final ApplicationEventPublisher events = published::add;

    @BeforeAll
    static void connect() {
        mongo = new MongoTemplate(MongoClients.create(MONGO.getReplicaSetUrl()), "govcomm_led_it");
    }

    @AfterAll
    static void drop() {
        if (mongo != null) {
            mongo.getDb().drop();
        }
    }

    @Test
    void aRotatedSecretStopsWorkingAndAnotherScreensSecretIsForbidden() {
        ScreenCredentials credentials = new ScreenCredentials(mongo);
        String first = credentials.issue("scr-a");
        String other = credentials.issue("scr-b");
        String rotated = credentials.issue("scr-a");

        credentials.authenticate("scr-a", "Bearer " + rotated);
        assertThatThrownBy(() -> credentials.authenticate("scr-a", "Bearer " + first)).isInstanceOf(ApiProblem.class)
                .extracting(e -> ((ApiProblem) e).status().value()).isEqualTo(401);
        assertThatThrownBy(() -> credentials.authenticate("scr-a", "Bearer " + other)).isInstanceOf(ApiProblem.class)
                .extracting(e -> ((ApiProblem) e).status().value()).isEqualTo(403);
        assertThat(credentials.revoke("scr-a")).isTrue();
        assertThat(credentials.revoke("scr-b")).as("two revoked screens coexist under the unique index").isTrue();
    }

    @Test
    void aSilentScreenFlipsOfflineOnceAndComesBackOnItsNextHeartbeat() {
        ScreenRegistry registry = new ScreenRegistry(mongo, new ScreenProperties(java.time.Duration.ofSeconds(1), 2, 4, 40),
                events, JsonMapper.builder().build(), new AgencyTenancy(mongo, "khanh-hoa"));
        registry.heartbeat("scr-c", "v1", null, 10L);

        List<org.bson.Document> flipped = registry.markSilentScreensOffline(new Date(System.currentTimeMillis() + 1000));
        List<org.bson.Document> again = registry.markSilentScreensOffline(new Date(System.currentTimeMillis() + 1000));

        assertThat(flipped).extracting(d -> d.getString("_id")).contains("scr-c");
        assertThat(again).extracting(d -> d.getString("_id")).doesNotContain("scr-c");
        assertThat(registry.status("scr-c")).isEqualTo(ScreenStatus.OFFLINE);
        registry.heartbeat("scr-c", "v2", null, 12L);
        assertThat(registry.status("scr-c")).isEqualTo(ScreenStatus.ONLINE);
        assertThat(published).contains(new ScreenCameBack("scr-c"));
    }
}
