package vn.govcomm.reporting;

import org.bson.Document;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.reporting.projections.ReadModels;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scorecard scenario, published once per test JVM and shared by the scorecard tests (their periods, 2019 and
 * 2099, hold exactly these campaigns):
 * <ul>
 *   <li>{@code q1}: issued by {@link Callers#ISSUING}, due 31/03/2019 23:30 (Asia/Ho_Chi_Minh): ubnd-cam-ranh portal
 *       published exactly at the due time (on time), Facebook one second after it (late); so-y-te ({@link
 *       Callers#TARGET}) LED expired after the due time and its proof of play, dated an hour before it, arrived
 *       afterwards (on time), Zalo nothing (missing), reminded twice (one event duplicated) and escalated once;
 *       ubnd-dien-khanh portal fetched after the due time but published two days before it (the FETCHED event first:
 *       on time), manual evidence accepted a day late (late), e-mail retracted (not counted);</li>
 *   <li>{@code q1Start}: same issuer, due 01/01/2019 05:00 local (still 2018 in UTC): ubnd-cam-ranh e-mail on time;</li>
 *   <li>{@code q2}: same issuer, due 01/04/2019 00:30 local (still 31 March in UTC): so-y-te portal, nothing;</li>
 *   <li>{@code cancelled}: same issuer, due 15/02/2019, cancelled: ubnd-dien-khanh portal, nothing (left out);</li>
 *   <li>{@code foreign}: issued by {@link Callers#OTHER}, due 10/02/2019: so-y-te portal on time;</li>
 *   <li>{@code future}: same issuer as q1, due 30/06/2099: ubnd-cam-ranh portal, not due yet.</li>
 * </ul>
 */
abstract class ScorecardContext extends ReportingServiceContext {

    static final Instant Q1_DUE = Instant.parse("2019-03-31T16:30:00Z"); // 23:30 in Asia/Ho_Chi_Minh
    static final String CAM_RANH = "ubnd-cam-ranh";
    static final String DIEN_KHANH = "ubnd-dien-khanh";
    static final String Y_TE = Callers.TARGET;
    static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(CAM_RANH, "UBND thành phố Cam Ranh");
        NAMES.put(Y_TE, "Sở Y tế tỉnh Khánh Hòa");
        NAMES.put(DIEN_KHANH, "UBND huyện Diên Khánh");
    }

    record Campaigns(String q1, String q1Start, String q2, String cancelled, String foreign, String future) {
    }

    private static Campaigns campaigns;

    Campaigns campaigns() {
        synchronized (ScorecardContext.class) {
            if (campaigns == null) {
                campaigns = publish();
            }
            return campaigns;
        }
    }

    private Campaigns publish() {
        Campaigns ids = new Campaigns(Scenario.randomCampaignId(), Scenario.randomCampaignId(), Scenario.randomCampaignId(),
                Scenario.randomCampaignId(), Scenario.randomCampaignId(), Scenario.randomCampaignId());
        Scenario q1 = new Scenario(kafka, ids.q1());
        q1.agency(Callers.ISSUING, "Sở Tư pháp tỉnh Khánh Hòa");
        NAMES.forEach(q1::agency);
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put(CAM_RANH, List.of("portal", "facebook"));
        targets.put(Y_TE, List.of("led", "zalo"));
        targets.put(DIEN_KHANH, List.of("portal", "manual", "email"));
        q1.scheduled(Callers.ISSUING, "STP-2019-Q1", "2019-03-31T23:30:00+07:00", List.of(), targets);
        q1.request(CAM_RANH, "portal");
        q1.status(CAM_RANH, "portal", "PUBLISHED", Q1_DUE);
        q1.request(CAM_RANH, "facebook");
        q1.status(CAM_RANH, "facebook", "PUBLISHED", Q1_DUE.plusSeconds(1));
        q1.request(Y_TE, "led");
        q1.status(Y_TE, "led", "EXPIRED", Q1_DUE.plusSeconds(3600));
        q1.status(Y_TE, "led", "DISPLAYED", Q1_DUE.minusSeconds(3600));
        q1.request(DIEN_KHANH, "portal");
        q1.status(DIEN_KHANH, "portal", "FETCHED", Q1_DUE.plus(Duration.ofDays(1)));
        q1.status(DIEN_KHANH, "portal", "PUBLISHED", Q1_DUE.minus(Duration.ofDays(2)));
        q1.request(DIEN_KHANH, "manual");
        q1.status(DIEN_KHANH, "manual", "ACCEPTED", Q1_DUE.minus(Duration.ofDays(3)));
        q1.status(DIEN_KHANH, "manual", "PUBLISHED", Q1_DUE.plus(Duration.ofDays(1)));
        q1.request(DIEN_KHANH, "email");
        q1.status(DIEN_KHANH, "email", "CANCELLED", Q1_DUE.minus(Duration.ofDays(5)));
        q1.notification("REMINDER", Y_TE, "SENT", Instant.parse("2019-03-25T01:00:00Z"), null);
        q1.notification("REMINDER", Y_TE, "SENT", Instant.parse("2019-03-29T01:00:00Z"), null);
        q1.notification("REMINDER", Y_TE, "SENT", Instant.parse("2019-03-25T01:00:00Z"), null); // duplicate (new ce_id)
        q1.notification("ESCALATION", Y_TE, "SENT", Instant.parse("2019-04-02T01:00:00Z"), null);

        Scenario q1Start = new Scenario(kafka, ids.q1Start());
        q1Start.scheduled(Callers.ISSUING, "STP-2019-01", "2019-01-01T05:00:00+07:00", List.of(), Map.of(CAM_RANH, List.of("email")));
        q1Start.request(CAM_RANH, "email");
        q1Start.status(CAM_RANH, "email", "PUBLISHED", Instant.parse("2018-12-30T02:00:00Z"));
        new Scenario(kafka, ids.q2()).scheduled(Callers.ISSUING, "STP-2019-Q2", "2019-04-01T00:30:00+07:00", List.of(),
                Map.of(Y_TE, List.of("portal")));
        Scenario cancelled = new Scenario(kafka, ids.cancelled());
        cancelled.scheduled(Callers.ISSUING, "STP-2019-HUY", "2019-02-15T17:00:00+07:00", List.of(), Map.of(DIEN_KHANH, List.of("portal")));
        ObjectNode cancel = Scenario.example("vn.govcomm.campaign.cancelled.v1");
        cancel.put("campaignId", ids.cancelled()).put("issuingAgencyId", Callers.ISSUING).put("fromStatus", "SCHEDULED")
                .put("toStatus", "CANCELLED").put("occurredAt", Instant.now().toString());
        cancelled.send("campaign.events", ids.cancelled(), "vn.govcomm.campaign.cancelled.v1", cancel);
        Scenario foreign = new Scenario(kafka, ids.foreign());
        foreign.scheduled(Callers.OTHER, "SCT-2019-02", "2019-02-10T17:00:00+07:00", List.of(), Map.of(Y_TE, List.of("portal")));
        foreign.request(Y_TE, "portal");
        foreign.status(Y_TE, "portal", "PUBLISHED", Instant.parse("2019-02-09T03:00:00Z"));
        new Scenario(kafka, ids.future()).scheduled(Callers.ISSUING, "STP-2099-Q2", "2099-06-30T17:00:00+07:00", List.of(),
                Map.of(CAM_RANH, List.of("portal")));

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(row(q1.deliveryId(CAM_RANH, "facebook")).getString("status")).isEqualTo("PUBLISHED");
            assertThat(row(q1.deliveryId(Y_TE, "led")).getString("status")).isEqualTo("DISPLAYED");
            assertThat(row(q1.deliveryId(DIEN_KHANH, "portal")).getDate("achievedAt").toInstant()).isEqualTo(Q1_DUE.minus(Duration.ofDays(2)));
            assertThat(row(q1.deliveryId(DIEN_KHANH, "manual")).getString("status")).isEqualTo("PUBLISHED");
            assertThat(row(q1.deliveryId(DIEN_KHANH, "email")).getString("status")).isEqualTo("CANCELLED");
            assertThat(row(q1Start.deliveryId(CAM_RANH, "email")).getString("status")).isEqualTo("PUBLISHED");
            assertThat(row(foreign.deliveryId(Y_TE, "portal")).getString("status")).isEqualTo("PUBLISHED");
            Document notifications = mongo.findById(ReadModels.agencyKey(ids.q1(), Y_TE), Document.class, ReadModels.AGENCY_COUNTS)
                    .get("notifications", Document.class);
            assertThat(notifications).hasSize(3);
            assertThat(mongo.findById(ids.cancelled(), Document.class, ReadModels.CAMPAIGNS).getString("status")).isEqualTo("CANCELLED");
            for (String id : List.of(ids.q2(), ids.future())) {
                assertThat(mongo.findById(ReadModels.agencyKey(id, id.equals(ids.q2()) ? Y_TE : CAM_RANH), Document.class,
                        ReadModels.AGENCY_COUNTS).getList("required", String.class)).hasSize(1);
            }
            assertThat(mongo.findById(Callers.ISSUING, Document.class, ReadModels.AGENCIES)).isNotNull();
            assertThat(mongo.findById(DIEN_KHANH, Document.class, ReadModels.AGENCIES)).isNotNull();
        });
        return ids;
    }

    private Document row(String deliveryId) {
        return mongo.findById(deliveryId, Document.class, ReadModels.DELIVERIES);
    }
}
