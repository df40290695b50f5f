package vn.govcomm.publishing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;

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
    private static KafkaProducer<String, byte[]> producer;

    private TestStack() {
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
        return campaign;
    }

    public static String vietnamTime(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), VIETNAM).toString();
    }

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
    public static Document replicaEntry(String agencyId) {
        Document agency = agencyChanged(agencyId);
        agency.put("_id", agencyId);
        agency.put("snapshotAt", new java.util.Date());
        return agency;
    }
}
