package vn.govcomm.reporting.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.contracts.events.NotificationSent;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The notification projection on its own: reminders per campaign × agency, whatever the order and duplicates. */
class NotificationProjectionTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final MongoClient CLIENT = MongoClients.create(MONGO.uri(""));

    @AfterAll
    static void close() {
        CLIENT.close();
        MONGO.close();
    }

    record Sent(String id, String kind, String agency, String outcome, Instant at, String reason) {
        Document data() {
            Document d = new Document("notificationId", id).append("campaignId", "cmp-1").append("kind", kind)
                    .append("recipientAgencyId", agency).append("transport", "email").append("outcome", outcome)
                    .append("dueAt", "2023-09-15T08:00:00+07:00").append("occurredAt", at.toString());
            return reason == null ? d : d.append("reason", reason);
        }
    }

    /** so-y-te: reminded 12/09 and 15/09, escalated 22/09, one reminder failed twice; nha-trang: failed, then sent. */
    static List<Sent> history() {
        return List.of(
                new Sent("ntf-r1-so-y-te", "REMINDER", "so-y-te", "SENT", Instant.parse("2023-09-12T01:00:02Z"), null),
                new Sent("ntf-r2-so-y-te", "REMINDER", "so-y-te", "SENT", Instant.parse("2023-09-15T01:00:00Z"), null),
                new Sent("ntf-e1-so-y-te", "ESCALATION", "so-y-te", "SENT", Instant.parse("2023-09-22T01:00:00Z"), null),
                new Sent("ntf-r3-so-y-te", "REMINDER", "so-y-te", "FAILED", Instant.parse("2023-09-17T01:00:00Z"), "SMTP 451"),
                new Sent("ntf-r3-so-y-te", "REMINDER", "so-y-te", "FAILED", Instant.parse("2023-09-17T01:05:00Z"),
                        "Máy chủ thư từ chối kết nối"),
                new Sent("ntf-r1-nha-trang", "REMINDER", "ubnd-nha-trang", "FAILED", Instant.parse("2023-09-12T01:00:00Z"), "SMTP 451"),
                new Sent("ntf-r1-nha-trang", "REMINDER", "ubnd-nha-trang", "SENT", Instant.parse("2023-09-12T01:10:00Z"), null),
                new Sent("ntf-submitted", "SUBMITTED", "so-tu-phap", "SENT", Instant.parse("2023-09-01T01:00:00Z"), null));
    }

    static void apply(NotificationProjection projection, Sent sent) {
        projection.onNotificationSent(Decoded.as(NotificationSent.class, sent.data()), sent.at());
    }

    static Reminders reminders(MongoTemplate mongo, String agency) {
        return Reminders.of(mongo.findById(ReadModels.agencyKey("cmp-1", agency), Document.class, ReadModels.AGENCY_COUNTS));
    }

    @Test
    void remindersEscalationsAndFailuresAreCountedPerAgencyWithTheirDaysInVietnam() {
        MongoTemplate mongo = new MongoTemplate(CLIENT, "counted");
        NotificationProjection projection = new NotificationProjection(mongo);
        history().forEach(s -> apply(projection, s));

        Reminders soYTe = reminders(mongo, "so-y-te");
        assertThat(soYTe.reminded()).isEqualTo(2);
        assertThat(soYTe.remindedAt()).containsExactly(Instant.parse("2023-09-12T01:00:02Z"), Instant.parse("2023-09-15T01:00:00Z"));
        assertThat(soYTe.escalated()).isEqualTo(1);
        assertThat(soYTe.failed()).isEqualTo(1);
        assertThat(soYTe.lastFailure()).isEqualTo("Máy chủ thư từ chối kết nối");
        assertThat(soYTe.text()).isEqualTo("nhắc 2 lần — 12/09, 15/09; đôn đốc sau hạn 1 lần — 22/09; "
                + "1 lần gửi không thành công (Máy chủ thư từ chối kết nối)");
        assertThat(soYTe.textEn()).startsWith("reminded 2× — 12/09, 15/09; escalated 1× after the deadline — 22/09");

        Reminders nhaTrang = reminders(mongo, "ubnd-nha-trang");
        assertThat(nhaTrang.reminded()).as("failed, then sent on retry: sent").isEqualTo(1);
        assertThat(nhaTrang.failed()).isZero();
        assertThat(nhaTrang.text()).isEqualTo("nhắc 1 lần — 12/09");

        assertThat(mongo.findById(ReadModels.agencyKey("cmp-1", "so-tu-phap"), Document.class, ReadModels.AGENCY_COUNTS))
                .as("approval news are not reminders").isNull();
        assertThat(Reminders.NONE.text()).isEqualTo("chưa nhắc");
    }

    @Test
    void aDayIsTheDayInHoChiMinhCityNotInUtc() {
        MongoTemplate mongo = new MongoTemplate(CLIENT, "days");
        NotificationProjection projection = new NotificationProjection(mongo);
        apply(projection, new Sent("ntf-late", "REMINDER", "so-y-te", "SENT", Instant.parse("2023-09-11T18:30:00Z"), null));
        assertThat(reminders(mongo, "so-y-te").text()).isEqualTo("nhắc 1 lần — 12/09");
    }

    @Test
    void duplicatesAndAnyOrderGiveTheSameDocumentsAndCountEachNotificationOnce() {
        MongoTemplate inOrder = new MongoTemplate(CLIENT, "in-order");
        history().forEach(s -> apply(new NotificationProjection(inOrder), s));
        List<Document> expected = documents(inOrder);
        for (int seed = 0; seed < 5; seed++) {
            MongoTemplate mongo = new MongoTemplate(CLIENT, "shuffled-" + seed);
            NotificationProjection projection = new NotificationProjection(mongo);
            List<Sent> events = new ArrayList<>(history());
            events.addAll(history()); // every event delivered twice
            events.add(history().getFirst()); // and one a third time
            Collections.shuffle(events, new Random(seed));
            events.forEach(s -> apply(projection, s));

            assertThat(documents(mongo)).as("seed %d", seed).isEqualTo(expected);
            assertThat(reminders(mongo, "so-y-te").reminded()).isEqualTo(2);
            assertThat(reminders(mongo, "ubnd-nha-trang").reminded()).isEqualTo(1);
        }
    }

    @Test
    void anAgencyRemindedBeforeItsPlanArrivesIsInTheCampaignsAgencyIndex() {
        MongoTemplate mongo = new MongoTemplate(CLIENT, "index");
        apply(new NotificationProjection(mongo), history().getFirst());
        assertThat(CampaignAgencies.ids(mongo, "cmp-1")).containsExactly("so-y-te");
        // The plan arriving later keeps what was sent.
        CampaignProjectionTests.schedule(new CampaignProjection(mongo), new Document("campaignId", "cmp-1")
                .append("code", "KH-1").append("version", 1).append("notice", new Document("title", "T"))
                .append("targets", List.of(new Document("agencyId", "so-y-te").append("channels", List.of("manual", "email")))),
                Instant.parse("2023-09-01T00:00:00Z"));
        Document agency = mongo.findById(ReadModels.agencyKey("cmp-1", "so-y-te"), Document.class, ReadModels.AGENCY_COUNTS);
        assertThat(agency.getList("required", String.class)).containsExactly("manual", "email");
        assertThat(Reminders.of(agency).reminded()).isEqualTo(1);
    }

    @Test
    void anEventWithoutItsIdsOrWithAnUnknownKindOrOutcomeIsPoison() {
        NotificationProjection projection = new NotificationProjection(new MongoTemplate(CLIENT, "poison"));
        Document good = history().getFirst().data();
        for (String field : List.of("notificationId", "campaignId", "recipientAgencyId")) {
            Document bad = new Document(good);
            bad.remove(field);
            assertThatThrownBy(() -> projection.onNotificationSent(Decoded.as(NotificationSent.class, bad), Instant.now())).as(field)
                    .isInstanceOf(PoisonEventException.class);
        }
        for (String field : List.of("kind", "outcome")) {
            Document bad = new Document(good);
            bad.remove(field);
            assertThatThrownBy(() -> projection.onNotificationSent(Decoded.as(NotificationSent.class, bad), Instant.now())).as(field)
                    .isInstanceOf(PoisonEventException.class);
        }
        // Values the contract does not list are unreadable for the kit's decoding, as the listener gets them.
        assertThatThrownBy(() -> Decoded.as(NotificationSent.class, new Document(good).append("kind", "GOSSIP")))
                .isInstanceOf(PoisonEventException.class);
        assertThatThrownBy(() -> Decoded.as(NotificationSent.class, new Document(good).append("outcome", "MAYBE")))
                .isInstanceOf(PoisonEventException.class);
    }

    private static List<Document> documents(MongoTemplate mongo) {
        return mongo.findAll(Document.class, ReadModels.AGENCY_COUNTS).stream()
                .sorted(java.util.Comparator.comparing(d -> d.getString("_id"))).toList();
    }
}
