package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import vn.govcomm.gateway.security.Identity;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provinces named from the campaign service's list (read once, whoever reads first), and province targets kept
 * through the wizard's form (a campaign read back for editing posts the same targets again).
 */
class ProvinceNamesUnitTests {

    /** Two provinces of the campaign service's {@code GET /api/agencies/provinces}. */
    static final String PROVINCES = """
            [{"provinceId":"ha-noi","name":"Thành phố Hà Nội"},{"provinceId":"khanh-hoa","name":"Tỉnh Khánh Hòa"}]""";
    static final Function<Identity, JsonNode> LIST = reader -> JsonMapper.builder().build().readTree(PROVINCES);

    @Test
    void aProvinceIsNamedFromTheServicesListReadOnceAndAnUnknownCodeIsSaidToBeUnnamed() {
        AtomicInteger reads = new AtomicInteger();
        StaticMessageSource bundles = new StaticMessageSource();
        bundles.addMessage("province.unnamed", Locale.getDefault(), "Tỉnh, thành phố chưa có tên (mã {0})");
        bundles.addMessage("province.whole", Locale.getDefault(), "Toàn {1}");
        ProvinceNames provinces = new ProvinceNames(null, new ConsolePages(bundles), reader -> {
            reads.incrementAndGet();
            return LIST.apply(reader);
        });
        Identity reader = new Identity("tran.thi.lan", "Trần Thị Lan", List.of("officer"), "so-noi-vu");

        assertThat(provinces.name(reader, "khanh-hoa")).isEqualTo("Tỉnh Khánh Hòa");
        assertThat(provinces.whole(reader, "ha-noi")).isEqualTo("Toàn thành phố Hà Nội");
        assertThat(provinces.name(reader, "quang-nam")).isEqualTo("Tỉnh, thành phố chưa có tên (mã quang-nam)");
        assertThat(reads).as("the list is read once").hasValue(1);
    }

    @Test
    void wholeProvinceAndGroupInAProvinceTargetsComeBackFromAStoredCampaignAsTheyWereSent() {
        CampaignForm form = CampaignForm.of(JsonMapper.builder().build().readTree("""
                {"code":"BYT-1","targets":[{"province":"ha-noi","channels":["portal","zalo"]},
                 {"group":"ubnd-cap-xa","province":"khanh-hoa","channels":["portal"]},{"group":"bao-chi","channels":["portal","zalo"]},
                 {"agencyId":"so-y-te","channels":["portal","zalo"]}]}"""));

        assertThat(form.provinceTargets()).containsExactly("ha-noi");
        assertThat(form.provinceGroups()).containsExactly("ubnd-cap-xa@khanh-hoa");
        assertThat(form.groupTargets()).containsExactly("bao-chi");
        assertThat(form.targetChannels()).containsExactly("groupin:ubnd-cap-xa@khanh-hoa:portal");
        assertThat(JsonMapper.builder().build().writeValueAsString(form.toRequest("bo-y-te").get("targets"))).isEqualTo("""
                [{"agencyId":"so-y-te","channels":["portal","zalo"]},{"group":"bao-chi","channels":["portal","zalo"]},\
                {"province":"ha-noi","channels":["portal","zalo"]},{"group":"ubnd-cap-xa","province":"khanh-hoa","channels":["portal"]}]""");
    }
}
