package vn.govcomm.reporting.projections;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumed topics come from the contracts: every channel's request and status topics, and notification.events. */
class ReportingTopicsUnitTests {

    @Test
    void consumesTheRequestAndStatusTopicsOfEveryChannelOfTheContractsAndTheNotificationEvents() {
        assertThat(ReportingTopics.consumed()).hasSize(3 + 2 * Channels.ALL.size())
                .contains("campaign.events", "directory.agencies", "notification.events")
                .contains("delivery.requests.manual", "delivery.requests.email")
                .contains("delivery.status.manual", "delivery.status.email");
        // Every topic consumed here is a topic of the AsyncAPI document.
        assertThat(Contracts.get().topics().keySet()).containsAll(ReportingTopics.consumed());
    }
}
