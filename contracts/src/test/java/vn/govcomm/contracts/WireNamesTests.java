package vn.govcomm.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.govcomm.contracts.testing.WireNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WireNamesTests {

    @Test
    void findsTopicsEventTypesSchemasAndChannelsSpelledOutsideTheContracts(@TempDir Path sources) throws IOException {
        Files.createDirectories(sources.resolve("feature"));
        Files.writeString(sources.resolve("feature/Listener.java"), """
                @KafkaListener(topics = "delivery.requests.led", groupId = "led-adapter")
                static final String TYPE = "vn.govcomm.directory.agency-changed.v1";
                static final String SCHEMA = "https://govcomm.vn/contracts/schemas/agency-changed.v1.json";
                KitTopics.deadLetterOf("campaign.events", partitions, replicas);
                if ("zalo".equals(channel)) { }
                String topic = "delivery.status." + channel;
                """);

        assertThat(WireNames.spelledIn(sources)).containsExactly(
                "feature/Listener.java: \"delivery.requests.led\"",
                "feature/Listener.java: \"vn.govcomm.directory.agency-changed.v1\"",
                "feature/Listener.java: govcomm.vn/contracts/",
                "feature/Listener.java: \"campaign.events\"",
                "feature/Listener.java: \"zalo\"",
                "feature/Listener.java: \"delivery.status.");
    }

    @Test
    void acceptsNamesTakenFromTheContractsAndLookAlikes(@TempDir Path sources) throws IOException {
        Files.writeString(sources.resolve("Listener.java"), """
                @KafkaListener(topics = EventTypes.TOPIC_AGENCY_DIRECTORY, groupId = "led-adapter.directory")
                @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryStatusTopics()}")
                Counter.builder("govcomm.channel.retries").tag("channel", Channels.LED);
                @ConfigurationProperties("govcomm.led.playlists")
                """);

        assertThat(WireNames.spelledIn(sources)).isEmpty();
    }
}
