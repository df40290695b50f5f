package vn.govcomm.kit.delivery;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The DeliveryStatusChanged an adapter emits: the contracts' record, the same JSON as before it was one. */
class StatusReportsUnitTests {

    static final StatusReports REPORTS = new StatusReports("facebook", JsonMapper.builder().build());
    static final StatusReports.DeliveryRef REF = new StatusReports.DeliveryRef("dlv-1", "cmp-1", "so-y-te",
            "so-y-te.facebook", 2);

    @Test
    void writesEveryFieldItIsGivenInTheContractsOrder() {
        OutgoingEvent event = REPORTS.report(REF, DeliveryStatus.PUBLISHED, "FB_SLOW", "Chậm", "104_111",
                "https://www.facebook.com/104/posts/111", Instant.parse("2023-09-05T01:00:02.480Z"));

        assertThat(event.data()).isEqualTo("{\"deliveryId\":\"dlv-1\",\"campaignId\":\"cmp-1\",\"agencyId\":\"so-y-te\","
                + "\"channel\":\"facebook\",\"endpointId\":\"so-y-te.facebook\",\"status\":\"PUBLISHED\",\"attempt\":2,"
                + "\"reasonCode\":\"FB_SLOW\",\"reason\":\"Chậm\",\"externalRef\":\"104_111\","
                + "\"permalink\":\"https://www.facebook.com/104/posts/111\",\"occurredAt\":\"2023-09-05T01:00:02.480Z\"}");
        assertThat(Contracts.get().validate(EventTypes.DELIVERY_STATUS_CHANGED, event.data())).isEmpty();
        assertThat(event.topic()).isEqualTo(EventTypes.deliveryStatusTopic("facebook"));
        assertThat(event.key()).isEqualTo("dlv-1");
        assertThat(event.dataschema()).isEqualTo(Contracts.get().contract(EventTypes.DELIVERY_STATUS_CHANGED).dataschema());
    }

    @Test
    void leavesOutWhatIsNotGiven() {
        OutgoingEvent event = REPORTS.report(REF, DeliveryStatus.ACCEPTED, null, null, null, null,
                Instant.parse("2023-09-05T01:00:00Z"));

        assertThat(event.data()).isEqualTo("{\"deliveryId\":\"dlv-1\",\"campaignId\":\"cmp-1\",\"agencyId\":\"so-y-te\","
                + "\"channel\":\"facebook\",\"endpointId\":\"so-y-te.facebook\",\"status\":\"ACCEPTED\",\"attempt\":2,"
                + "\"occurredAt\":\"2023-09-05T01:00:00Z\"}");
        assertThat(Contracts.get().validate(EventTypes.DELIVERY_STATUS_CHANGED, event.data())).isEmpty();
    }
}
