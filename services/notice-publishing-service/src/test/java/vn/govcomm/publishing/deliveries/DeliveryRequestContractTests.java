package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher builds DeliveryRequested as the contracts' {@link DeliveryRequested}, the record the adapters decode it
 * into: what it sends passes the contract (no property the schema does not list, none null) and decodes into the very
 * record it was built from, whether the campaign uses every optional field or none.
 */
class DeliveryRequestContractTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Arguments> campaignsAndChannels() {
        return Stream.of("every optional field", "no optional field")
                .flatMap(campaign -> Channels.ALL.stream().map(channel -> Arguments.of(campaign, channel)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("campaignsAndChannels")
    void whatThePublisherSendsMatchesTheContractAndDecodesIntoTheSameRecord(String variant, String channel) {
        Document campaign = Document.parse(Contracts.get().example(EventTypes.CAMPAIGN_SCHEDULED));
        if (variant.equals("no optional field")) {
            campaign.keySet().removeAll(List.of("code", "deadline", "ledSchedule", "observers", "reminders"));
            campaign.put("issuingAgencyId", " "); // blank: left out like a missing one
            campaign.get("notice", Document.class).keySet()
                    .removeAll(List.of("summary", "ledText", "facebookText", "zaloArticle", "attachments"));
            campaign.get("window", Document.class).remove("timeZone");
        }
        Document endpoint = new Document("channel", channel).append("endpointId", "so-y-te." + channel)
                .append("externalId", "ext-" + channel).append("screen", new Document("charsPerLine", 24));
        Instant now = Instant.parse("2023-09-05T01:00:00.120Z");

        DeliveryFactory factory = new DeliveryFactory(JSON);
        DeliveryRequested request = factory.request(campaign, Rendering.forNotice(campaign.get("notice", Document.class)),
                "so-y-te", channel, endpoint, 1, now);
        OutgoingEvent event = factory.requested(request, now);

        assertThat(Contracts.get().validate(EventTypes.DELIVERY_REQUESTED, event.data())).as(event.data()).isEmpty();
        assertThat(JSON.readValue(event.data(), DeliveryRequested.class)).isEqualTo(request);
        assertThat(event.data()).doesNotContain("null");
        assertThat(event.key()).isEqualTo(request.endpointId());
        assertThat(event.topic()).isEqualTo(EventTypes.deliveryRequestsTopic(channel));
    }
}
