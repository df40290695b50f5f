package vn.govcomm.publishing;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.testing.WireNames;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The contracts are the one home of the wire: main code here spells no topic, ce_type, dataschema or channel. */
class WireNamesUnitTests {

    @Test
    void topicsEventTypesSchemasAndChannelNamesComeFromTheContractsOnly() {
        assertThat(WireNames.spelledIn(Path.of("src/main/java/vn/govcomm/publishing"))).isEmpty();
    }
}
