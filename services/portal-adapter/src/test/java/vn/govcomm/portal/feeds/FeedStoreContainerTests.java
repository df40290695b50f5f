package vn.govcomm.portal.feeds;

import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.events.DeliveryRequested;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed store and version counter against a real MongoDB replica set (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
class FeedStoreContainerTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    static com.mongodb.client.MongoClient client;
    static MongoTemplate mongo;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(MONGO.getReplicaSetUrl());
        mongo = new MongoTemplate(client, "govcomm_portal_it");
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void concurrentBumpsGiveDistinctVersionsAndStrictlyIncreasingLastModified() throws Exception {
        FeedVersions versions = new FeedVersions(mongo, Clock.systemUTC(), FeedRenderingUnitTests.PROPERTIES);
        List<Future<FeedVersions.FeedState>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> versions.bump("portal-concurrent")));
            }
        }
        List<FeedVersions.FeedState> states = new ArrayList<>();
        for (Future<FeedVersions.FeedState> f : results) {
            states.add(f.get());
        }
        assertThat(states).extracting(FeedVersions.FeedState::version).doesNotHaveDuplicates().hasSize(20);
        assertThat(states).extracting(FeedVersions.FeedState::lastModified).doesNotHaveDuplicates();
        assertThat(versions.current("portal-concurrent").version()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void upsertTombstoneAndFetchMarksAreSingleDocumentWrites() {
        FeedItems items = new FeedItems(mongo);
        String example = Contracts.get().example("vn.govcomm.delivery.requested.v1")
                .replace("\"channel\": \"led\"", "\"channel\": \"portal\"");
        DeliveryRequested request = JsonMapper.builder().build().readValue(example, DeliveryRequested.class);
        FeedItem item = items.upsert(request, Instant.now());
        assertThat(item.fetchedThisAttempt()).isFalse();
        assertThat(items.markFetched(item, Instant.now())).isTrue();
        assertThat(items.markFetched(item, Instant.now())).isFalse();
        assertThat(items.tombstone(request.deliveryId(), "WINDOW_ENDED", Instant.now())).hasValueSatisfying(t ->
                assertThat(t.tombstone()).isTrue());
        assertThat(items.list(FeedSelector.portal(request.externalId()), 10)).singleElement()
                .satisfies(i -> assertThat(i.retractReason()).isEqualTo("WINDOW_ENDED"));
    }
}
