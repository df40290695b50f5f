package vn.govcomm.publishing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.events.CampaignScheduled;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.publishing.publications.Publications;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One embedded broker and one mongo-java-server for all test classes of this module (each class uses its own
 * database), plus builders of the events this service consumes, made from the contracts' examples.
 */
public final class TestStack {

    public static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    public static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    public static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    public static final List<String> CHANNELS = List.of("portal", "facebook", "zalo", "led");
    /** The audience of this service's caller tokens (its spring.application.name). */
    public static final String AUDIENCE = "notice-publishing-service";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static KafkaProducer<String, byte[]> producer;

    private TestStack() {
    }

    /** {@code Bearer <caller token>} for this service, as the gateway would mint it for the user. */
    public static String bearer(String user, String agency, String... roles) {
        return TestCallers.bearer(AUDIENCE, user, agency, roles);
    }

    /** The property a separately started instance needs to trust the test callers' tokens ({@code name=value}). */
    public static String callerKeysProperty() {
        return TestCallers.PUBLIC_KEYS_PROPERTY + "=" + TestCallers.publicKeys();
    }

    public static synchronized void send(String topic, String key, String type, String subject, String json) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        try {
            producer.send(EventPublisher.toRecord(new OutgoingEvent(UUID.randomUUID().toString(), topic, key, type,
                    "/tests", subject, null, Instant.now(), json))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until consumer group {@code group} has committed everything now on {@code topic}: the events sent
     * before this call have all been processed (applied or rejected).
     */
    public static void awaitConsumed(String group, String topic, java.time.Duration timeout) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            var ends = admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p,
                    p -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
            org.awaitility.Awaitility.await().atMost(timeout).until(() -> {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                return partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                        || (committed.get(p) != null && committed.get(p).offset() >= ends.get(p).offset()));
            });
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of {@code topic} matching {@code filter}, read from the start until nothing new came for {@code idle}. */
    public static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> readAll(String topic,
            java.util.function.Predicate<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> filter,
            java.time.Duration idle) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(), "group.id", "probe-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"), new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant lastNew = Instant.now();
            while (Instant.now().isBefore(lastNew.plus(idle))) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    lastNew = Instant.now();
                    if (filter.test(record)) {
                        matched.add(record);
                    }
                }
            }
        }
        return matched;
    }

    /** The contracts' CampaignScheduled example, for another campaign, targets and times (in +07:00). */
    public static Document campaignScheduled(String campaignId, List<String> agencyIds, List<String> channels,
                                             Instant publishAt, Instant windowEndsAt) {
        Document campaign = Document.parse(Contracts.get().example("vn.govcomm.campaign.scheduled.v1"));
        campaign.put("campaignId", campaignId);
        List<Document> targets = new ArrayList<>();
        for (String agencyId : agencyIds) {
            targets.add(new Document("agencyId", agencyId).append("channels", channels));
        }
        campaign.put("targets", targets);
        campaign.put("publishAt", vietnamTime(publishAt));
        campaign.put("window", new Document("startsAt", vietnamTime(publishAt.minus(1, ChronoUnit.DAYS)))
                .append("endsAt", vietnamTime(windowEndsAt)).append("timeZone", "Asia/Ho_Chi_Minh"));
        campaign.put("deadline", vietnamTime(windowEndsAt));
        return campaign;
    }

    /** Schedules {@code campaign} (a CampaignScheduled's data) as the listener does: decoded into the record. */
    public static void schedule(Publications publications, Document campaign, String eventId) {
        publications.schedule(JSON.readValue(campaign.toJson(), CampaignScheduled.class), eventId);
    }

    public static String vietnamTime(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), VIETNAM).toString();
    }

    /**
     * A province-wide oversight agency of Hà Nội, not the home province (province-wide in {@link PublishingTestContext};
     * in the replica through {@link #replicaEntryIn}).
     */
    public static final String PROVINCE_WIDE_ELSEWHERE = "ubnd-tp-ha-noi";

    /** The contracts' AgencyChanged example for another agency: one endpoint per channel. */
    public static Document agencyChanged(String agencyId) {
        Document agency = Document.parse(Contracts.get().example("vn.govcomm.directory.agency-changed.v1"));
        agency.put("agencyId", agencyId);
        List<Document> endpoints = new ArrayList<>();
        for (Document endpoint : agency.getList("endpoints", Document.class)) {
            String channel = endpoint.getString("channel");
            endpoints.add(new Document(endpoint).append("endpointId", agencyId + "." + channel)
                    .append("externalId", channel + "-" + agencyId));
        }
        agency.put("endpoints", endpoints);
        return agency;
    }

    /** A directory replica entry as AgencyReplica stores it (for seeding many agencies without Kafka). */
    /** {@link #replicaEntry} of an agency of {@code provinceId}. */
    public static Document replicaEntryIn(String agencyId, String provinceId) {
        return replicaEntry(agencyId).append("provinceId", provinceId);
    }

    public static Document replicaEntry(String agencyId) {
        Document agency = agencyChanged(agencyId);
        agency.put("_id", agencyId);
        agency.put("snapshotAt", new java.util.Date());
        return agency;
    }
}
