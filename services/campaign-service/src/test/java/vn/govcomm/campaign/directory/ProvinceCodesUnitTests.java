package vn.govcomm.campaign.directory;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The province codes the directory accepts are exactly those the AgencyChanged schema lets it publish, in order. */
class ProvinceCodesUnitTests {

    @Test
    void theDirectorysProvincesAreTheAgencyChangedSchemasProvinceEnum() {
        JsonNode schema = JsonMapper.builder().build().readTree(Contracts.read("contracts/"
                + Contracts.get().contract(EventTypes.AGENCY_CHANGED).schemaFile()));
        List<String> codes = new ArrayList<>();
        schema.at("/properties/provinceId/enum").forEach(c -> codes.add(c.asString()));

        assertThat(codes).containsExactlyElementsOf(Provinces.ALL.keySet());
    }
}
