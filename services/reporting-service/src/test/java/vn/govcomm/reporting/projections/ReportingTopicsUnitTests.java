package vn.govcomm.reporting.projections;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumed topics come from the contracts: every channel's request and status topics, and notification.events. */
class ReportingTopicsUnitTests {

    @Test
    void consumesTheRequestAndStatusTopicsOfEveryChannelOfTheContractsAndTheNotificationEvents() {
        assertThat(ReportingTopics.requestTopics()).hasSize(Channels.ALL.size())
                .contains("delivery.requests.manual", "delivery.requests.email");
        assertThat(ReportingTopics.statusTopics()).hasSize(Channels.ALL.size())
                .contains("delivery.status.manual", "delivery.status.email");
        assertThat(ReportingTopics.consumed()).contains("campaign.events", "directory.agencies", "notification.events");
        // Every topic consumed here is a topic of the AsyncAPI document.
        assertThat(Contracts.get().topics().keySet()).containsAll(ReportingTopics.consumed());
    }
}
